// One lab run's resources: it makes namespaces, links, rules and processes, records each one
// before making it, and tears all of it down (idempotently) however the run ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { TcpdocError } from '../model/errors.js';
import { buildLinkName, buildRunPrefix } from './names.js';
import { killProcess, listNamespacePids, runCommand, runInNamespace } from './run-command.js';
import type { LabBuilder, LabBuilt, LabProgram, LabProgramHandle } from './types.js';

const READY_TIMEOUT_MS = 15_000;
const EXIT_WAIT_MS = 3_000;

export interface LabSession {
  builder: LabBuilder;
  built: LabBuilt;
  // Kills every process and removes every namespace of the run; safe to call twice.
  teardown: () => Promise<string[]>;
}

let serial = 0;

// A fresh session for a scenario; lifetimeMs bounds how long its programs live even if tcpdoc is killed.
export function createLabSession(scenario: string, options: { lifetimeMs: number; signal?: AbortSignal }): LabSession {
  const ownerPid = process.pid;
  const runSerial = ++serial;
  const prefix = buildRunPrefix(ownerPid, runSerial, scenario);
  let linkCount = 0;
  const children = new Set<ChildProcess>();
  const namespaces: string[] = [];
  const built: LabBuilt = { scenario, namespaces: [], links: [], processes: [], rules: [], sysctls: [], ports: [], doctorNetns: '', observed: {}, expect: '', look: [], removed: [] };

  const checkAborted = (): void => {
    if (options.signal?.aborted === true) throw new TcpdocError('USAGE', 'lab: interrupted while building');
  };

  const killNamespace = async (netns: string): Promise<void> => {
    const deadline = Date.now() + EXIT_WAIT_MS;
    for (;;) {
      const pids = await listNamespacePids(netns);
      if (pids.length === 0 || Date.now() > deadline) return;
      pids.forEach(killProcess);
      await sleep(20);
    }
  };

  const builder: LabBuilder = {
    prefix,
    addNamespace: async (role) => {
      checkAborted();
      const name = `${prefix}-${role}`;
      namespaces.push(name);
      await runCommand('ip', ['netns', 'add', name]);
      await runCommand('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
      built.namespaces.push({ name, role, addresses: ['127.0.0.1/8'] });
      return name;
    },
    linkNamespaces: async (a, addressA, b, addressB) => {
      checkAborted();
      linkCount++;
      const linkA = buildLinkName(ownerPid, runSerial * 10 + linkCount, 'a');
      const linkB = buildLinkName(ownerPid, runSerial * 10 + linkCount, 'b');
      // Both ends are created straight inside the namespaces: nothing ever appears on the host.
      await runCommand('ip', ['link', 'add', linkA, 'netns', a, 'type', 'veth', 'peer', 'name', linkB, 'netns', b]);
      built.links.push({ name: linkA, netns: a, peer: linkB, peerNetns: b });
      await runCommand('ip', ['-n', a, 'addr', 'add', `${addressA}/24`, 'dev', linkA]);
      await runCommand('ip', ['-n', b, 'addr', 'add', `${addressB}/24`, 'dev', linkB]);
      await runCommand('ip', ['-n', a, 'link', 'set', linkA, 'up']);
      await runCommand('ip', ['-n', b, 'link', 'set', linkB, 'up']);
      built.namespaces.find((n) => n.name === a)?.addresses.push(`${addressA}/24`);
      built.namespaces.find((n) => n.name === b)?.addresses.push(`${addressB}/24`);
      return { linkA, linkB };
    },
    setSysctl: async (netns, key, value) => {
      checkAborted();
      await runInNamespace(netns, 'sysctl', ['-qw', `${key}=${value}`]);
      built.sysctls.push({ netns, key, value });
    },
    addRule: async (netns, chain, args, why) => {
      checkAborted();
      await runInNamespace(netns, 'iptables', ['-w', '-A', chain, ...args]);
      built.rules.push({ netns, rule: ['-A', chain, ...args].join(' '), why });
    },
    startProgram: async (netns, program, config, role) => {
      checkAborted();
      const handle = await startProgram(netns, program, { ...config, lifetimeMs: options.lifetimeMs }, children);
      built.processes.push({ pid: handle.pid, netns, command: 'node', role, program: program.name });
      return handle;
    },
    addPort: (port) => {
      built.ports.push(port);
    },
    observe: (name, value) => {
      built.observed[name] = value;
    },
    look: (command) => {
      built.look.push(command);
    },
    setDoctorNetns: (netns, expect) => {
      built.doctorNetns = netns;
      built.expect = expect;
    },
    removeNamespace: async (netns) => {
      for (const link of built.links.filter((l) => l.netns === netns || l.peerNetns === netns)) {
        await runCommand('ip', ['-n', link.netns, 'link', 'del', link.name]).catch(() => undefined);
      }
      await killNamespace(netns);
      await runCommand('ip', ['netns', 'del', netns]);
      built.removed.push(netns);
    },
    deleteLink: async (netns, link) => {
      await runCommand('ip', ['-n', netns, 'link', 'del', link]);
      built.removed.push(link);
    },
    sleep: async (ms) => {
      checkAborted();
      await sleep(ms);
      checkAborted();
    },
  };

  let tornDown = false;
  const teardown = async (): Promise<string[]> => {
    if (tornDown) return [];
    tornDown = true;
    const problems: string[] = [];
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const netns of namespaces) {
      // Processes first: a namespace outlives its name while anything runs inside it.
      await killNamespace(netns);
      try {
        await runCommand('ip', ['netns', 'del', netns]);
      } catch (error) {
        if (!built.removed.includes(netns)) problems.push((error as Error).message);
      }
    }
    return problems;
  };

  return { builder, built, teardown };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Where koffi lives, for programs that call libc (the raw listener).
function resolveKoffi(): string {
  return createRequire(import.meta.url).resolve('koffi');
}

// Spawns `ip netns exec NETNS node -e SOURCE NAME CONFIG` (ip execs node, so the pid is node's)
// and waits for its "ready" line.
function startProgram(netns: string, program: LabProgram, config: Record<string, unknown>, children: Set<ChildProcess>): Promise<LabProgramHandle> {
  const env = { ...process.env, ...(program.needsKoffi === true ? { TCPDOC_LAB_KOFFI: resolveKoffi() } : {}) };
  const child = spawn('ip', ['netns', 'exec', netns, process.execPath, '-e', program.source, program.name, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'], env });
  children.add(child);
  let latest: Record<string, number> = {};
  let stderr = '';
  let pending = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not get ready within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      const detail = stderr.trim().split('\n').slice(-3).join(' | ');
      reject(new TcpdocError('UNSUPPORTED_KERNEL', `lab program ${program.name} in ${netns} ${why}${detail !== '' ? `: ${detail}` : ''}`));
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-4000);
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      pending += text;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
        const message = parseProgramLine(line);
        if (message === null) continue;
        latest = message.numbers;
        if (message.event === 'ready' && !settled) {
          settled = true;
          clearTimeout(timer);
          resolve({ pid: child.pid ?? -1, ready: message.numbers, latest: () => latest, kill: () => child.kill('SIGKILL') });
        }
      }
      if (pending.length > 65536) pending = '';
    });
    child.on('error', (error) => fail(`could not start (${error.message})`));
    child.on('exit', (code, signal) => {
      children.delete(child);
      fail(`exited early (${signal ?? `code ${code}`})`);
    });
  });
}

// A program's JSON line: {"event": "ready" | "stats", ...numbers}; null for anything else.
export function parseProgramLine(line: string): { event: string; numbers: Record<string, number> } | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.event !== 'string') return null;
  const numbers: Record<string, number> = {};
  for (const [key, v] of Object.entries(record)) if (typeof v === 'number' && Number.isFinite(v)) numbers[key] = v;
  return { event: record.event, numbers };
}
