// runDoctor(): gathers the doctor's inputs (counters sampled twice over a window, the socket
// snapshot with processes and tcp_info, sysctls, fd use, kernel log) and runs the rules.
import type { SourceChoice } from './snapshot-options.js';
import { takeSnapshot } from './snapshot.js';
import { describeSkips } from '../analysis/inventory/describe-skips.js';
import { aggregateSockets } from '../analysis/inventory/aggregate.js';
import { runDoctorRules, type DoctorResult } from '../analysis/doctor/engine.js';
import type { CounterSample, DoctorInputs, ProcessFdUse } from '../analysis/doctor/inputs.js';
import type { DoctorRule } from '../analysis/doctor/rule.js';
import { matchKernelLog } from '../analysis/doctor/match-kernel-log.js';
import { AUDITED_KEYS, CONTEXT_KEYS, GLOBAL_KEYS } from '../analysis/sysctl/audit.js';
import { readKernelCounters } from '../sources/kernel/counters.js';
import { readSysctls, readKernelRelease, readUptimeMs, DOCTOR_SYSCTL_KEYS } from '../sources/kernel/sysctls.js';
import { readKernelLog } from '../sources/kernel/kernel-log.js';
import { readFdLimit, readOpenFdCount } from '../sources/kernel/process-limits.js';
import { runInNetns, type NetnsTarget } from '../sources/kernel/netns.js';
import type { SocketRecord } from '../model/socket.js';
import type { TcpState } from '../model/tcp-state.js';

export interface DoctorOptions {
  // Look inside a named network namespace (ip netns) ...
  netns?: string;
  // ... or the network namespace of a process (a container's pid).
  pidNs?: number;
  // Milliseconds between the two counter samples; 0 takes one sample and computes no rates. Default 2000.
  windowMs?: number;
  // Milliseconds since the epoch to stamp the report with; defaults to now.
  now?: number;
  source?: SourceChoice;
  // Read the kernel log (default true).
  kernelLog?: boolean;
  // Run only these rules (default: all).
  rules?: readonly DoctorRule[];
  // Keep the gathered inputs in the report (for recording fixtures and debugging).
  keepInputs?: boolean;
}

export interface DoctorReport extends DoctorResult {
  takenAt: number;
  namespace: string | null;
  source: 'netlink' | 'proc';
  // Real time between the two counter samples; null with one sample.
  windowMs: number | null;
  kernelRelease: string;
  kernelLog: { available: boolean; reason: string | null };
  // What could not be seen, in plain words.
  notes: string[];
  inputs?: DoctorInputs;
}

export const DEFAULT_WINDOW_MS = 2000;

// States whose sockets the rules read tcp_info from (ages and backoff); the others need none.
const TCP_INFO_STATES: readonly TcpState[] = ['ESTABLISHED', 'SYN_SENT', 'FIN_WAIT1', 'FIN_WAIT2', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSING'];

// Settings the global (host-wide) value applies to inside any namespace; they are not visible there.
const HOST_WIDE_KEYS = new Set([...GLOBAL_KEYS, 'net.ipv4.tcp_mem', 'net.ipv4.tcp_max_orphans', 'net.core.netdev_max_backlog']);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function targetOf(options: DoctorOptions): NetnsTarget | null {
  if (options.netns !== undefined) return { name: options.netns };
  if (options.pidNs !== undefined) return { pid: options.pidNs };
  return null;
}

function sampleCounters(target: NetnsTarget | null): CounterSample {
  // /proc/PID/net shows the namespace of PID without entering it (and without root).
  const read = target === null ? readKernelCounters() : 'pid' in target ? readKernelCounters({ pid: target.pid }) : runInNetns(target, () => readKernelCounters()).value;
  return { groups: read.groups, sockstat: read.sockstat };
}

function readAllSysctls(target: NetnsTarget | null, notes: string[]): Record<string, string | null> {
  const keys = [...new Set([...AUDITED_KEYS, ...CONTEXT_KEYS, ...DOCTOR_SYSCTL_KEYS])];
  if (target === null) return readSysctls(keys).values;
  const host = readSysctls(keys).values;
  let inside: Record<string, string | null>;
  try {
    inside = runInNetns(target, () => readSysctls(keys)).value.values;
  } catch (error) {
    notes.push(`could not read settings inside the namespace (${error instanceof Error ? error.message : String(error)}); showing the host's`);
    return host;
  }
  // Global settings are not visible inside a namespace but apply there: take the host's value.
  for (const key of keys) if ((inside[key] === null || inside[key] === undefined) && HOST_WIDE_KEYS.has(key)) inside[key] = host[key] ?? null;
  return inside;
}

function collectProcesses(sockets: readonly SocketRecord[]): ProcessFdUse[] {
  const byPid = new Map<number, { command: string; sockets: number }>();
  for (const s of sockets) {
    let previous = -1;
    for (const p of s.processes) {
      if (p.pid === previous) continue;
      previous = p.pid;
      const row = byPid.get(p.pid);
      if (row === undefined) byPid.set(p.pid, { command: p.command, sockets: 1 });
      else row.sockets++;
    }
  }
  const out: ProcessFdUse[] = [];
  for (const [pid, row] of byPid) {
    const limit = readFdLimit(pid);
    out.push({ pid, command: row.command, openFds: readOpenFdCount(pid), softLimit: limit?.soft ?? null, hardLimit: limit?.hard ?? null, sockets: row.sockets });
  }
  return out.sort((a, b) => a.pid - b.pid);
}

// Looks at the host (or a namespace) and says what is wrong with TCP, with the evidence.
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const target = targetOf(options);
  const notes: string[] = [];
  const first = sampleCounters(target);
  const started = performance.now();
  // Cheap reads go inside the window so the whole run takes little more than the window.
  const kernelRelease = readKernelRelease();
  const sysctls = readAllSysctls(target, notes);
  const log = options.kernelLog === false ? { available: false, via: null, reason: 'not read (disabled)', lines: [] } : readKernelLog();
  const uptimeMs = readUptimeMs();
  let second: CounterSample | null = null;
  let measuredWindow: number | null = null;
  if (windowMs > 0) {
    const left = windowMs - (performance.now() - started);
    if (left > 0) await sleep(left);
    second = sampleCounters(target);
    measuredWindow = Math.round(performance.now() - started);
  }
  // The snapshot comes last, so socket ages include the window (a close in progress is not a leak).
  const snap = takeSnapshot({
    ...(options.netns !== undefined ? { netns: options.netns } : {}),
    ...(options.pidNs !== undefined ? { pidNs: options.pidNs } : {}),
    ...(options.source !== undefined ? { source: options.source } : {}),
    processes: true,
    // The rules read timers, ages and backoff only: the base part of tcp_info is enough.
    tcpInfo: 'basic',
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  notes.push(...snap.notes);
  notes.push(...describeSkips(snap.skips, process.getuid?.() === 0));
  if (!log.available && log.reason !== null) notes.push(`kernel log not read: ${log.reason}`);
  // The rules read listeners, states and totals only, so the ranked tables stay short.
  const inventory = aggregateSockets(snap.sockets, { top: 10, withProcesses: snap.processesScanned, backlogKnown: snap.source === 'netlink' });
  const inputs: DoctorInputs = {
    now: snap.takenAt,
    source: snap.source,
    namespace: snap.namespace,
    sockets: snap.sockets,
    processesScanned: snap.processesScanned,
    tcpInfoStates: snap.source === 'netlink' ? TCP_INFO_STATES : [],
    inventory,
    counters: { first, second, windowMs: measuredWindow },
    sysctls,
    kernelRelease,
    processes: collectProcesses(snap.sockets),
    kernelLog: { available: log.available, reason: log.reason, matches: matchKernelLog(log.lines, uptimeMs) },
  };
  const result = runDoctorRules(inputs, options.rules);
  return {
    ...result,
    takenAt: snap.takenAt,
    namespace: snap.namespace,
    source: snap.source,
    windowMs: measuredWindow,
    kernelRelease,
    kernelLog: { available: log.available, reason: log.reason },
    notes,
    ...(options.keepInputs === true ? { inputs } : {}),
  };
}
