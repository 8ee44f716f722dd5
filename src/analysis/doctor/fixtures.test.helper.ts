// Builders for recorded doctor inputs: sockets, counters and sysctls as a real host reports them,
// small enough to read in a test.
import { makeSocketRecord, type SocketRecord, type SocketTimer } from '../../model/socket.js';
import type { TcpInfo } from '../../model/tcp-info.js';
import type { TcpState } from '../../model/tcp-state.js';
import { aggregateSockets } from '../inventory/aggregate.js';
import type { CounterSample, DoctorInputs, ProcessFdUse } from './inputs.js';
import type { KernelLogMatch } from './match-kernel-log.js';

// Defaults of a 6.x kernel as /proc/sys prints them.
export const DEFAULT_SYSCTLS: Record<string, string | null> = {
  'net.ipv4.ip_local_port_range': '32768 60999',
  'net.ipv4.ip_local_reserved_ports': '',
  'net.ipv4.tcp_max_orphans': '65536',
  'net.ipv4.tcp_max_tw_buckets': '65536',
  'net.ipv4.tcp_mem': '94401 125868 188802',
  'net.ipv4.tcp_syncookies': '1',
  'net.ipv4.tcp_max_syn_backlog': '1024',
  'net.ipv4.tcp_tw_reuse': '2',
  'net.ipv4.tcp_tw_recycle': null,
  'net.ipv4.tcp_timestamps': '1',
  'net.ipv4.tcp_fin_timeout': '60',
  'net.ipv4.tcp_keepalive_time': '7200',
  'net.ipv4.tcp_keepalive_intvl': '75',
  'net.ipv4.tcp_keepalive_probes': '9',
  'net.core.somaxconn': '4096',
  'net.core.netdev_max_backlog': '1000',
};

export interface SockSpec {
  state: TcpState;
  local?: string;
  remote?: string;
  pid?: number;
  command?: string;
  recvQ?: number;
  sendQ?: number;
  timer?: Partial<SocketTimer> & { kind: SocketTimer['kind'] };
  info?: Partial<TcpInfo>;
  family?: 4 | 6;
}

function endpoint(text: string): { address: string; port: number } {
  const colon = text.lastIndexOf(':');
  return { address: text.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(text.slice(colon + 1)) };
}

// A tcp_info with quiet values; override what the test is about.
export function makeTcpInfo(fields: Partial<TcpInfo> = {}): TcpInfo {
  return {
    length: 248, state: 1, caState: 0, retransmits: 0, probes: 0, backoff: 0, options: 7, sndWscale: 7, rcvWscale: 7,
    deliveryRateAppLimited: false, rtoUs: 204_000, atoUs: 40_000, sndMss: 1448, rcvMss: 1448, unacked: 0, sacked: 0,
    lost: 0, retrans: 0, lastDataSentMs: 10, lastDataRecvMs: 10, lastAckRecvMs: 10, pmtu: 1500, rcvSsthresh: 64_000,
    rttUs: 100, rttVarUs: 50, sndSsthresh: 2_147_483_647, sndCwnd: 10, advmss: 1448, reordering: 3, rcvRttUs: 0,
    rcvSpace: 14_480, totalRetrans: 0, ...fields,
  };
}

// One socket from a compact spec ("10.0.0.1:8080" style endpoints).
export function sock(spec: SockSpec): SocketRecord {
  const local = endpoint(spec.local ?? '10.0.0.1:8080');
  const remote = endpoint(spec.remote ?? '10.0.0.2:40000');
  const process = spec.pid !== undefined ? { pid: spec.pid, command: spec.command ?? 'node', fd: 10 } : null;
  return makeSocketRecord({
    family: spec.family ?? (local.address.includes(':') ? 6 : 4),
    state: spec.state,
    local,
    remote,
    recvQ: spec.recvQ ?? 0,
    sendQ: spec.sendQ ?? 0,
    timer: spec.timer !== undefined ? { expiresMs: 200, retransmits: 0, ...spec.timer } : null,
    inode: spec.state === 'TIME_WAIT' || spec.state === 'SYN_RECV' ? 0 : 1000,
    tcpInfo: spec.info !== undefined ? makeTcpInfo(spec.info) : null,
    process,
    processes: process !== null ? [process] : [],
  });
}

// n copies of a spec, with distinct remote (or, for outgoing specs, local) ports counting up from base.
export function many(n: number, spec: SockSpec, vary: 'remote' | 'local' = 'remote', base = 40000): SocketRecord[] {
  const out: SocketRecord[] = [];
  for (let i = 0; i < n; i++) {
    const which = vary === 'remote' ? spec.remote ?? '10.0.0.2:40000' : spec.local ?? '10.0.0.1:40000';
    const moved = `${which.slice(0, which.lastIndexOf(':'))}:${base + i}`;
    out.push(sock(vary === 'remote' ? { ...spec, remote: moved } : { ...spec, local: moved }));
  }
  return out;
}

// Counters of a quiet host; pass changes for the second sample as `after`.
export function counterSample(groups: Record<string, Record<string, number>> = {}, sockstat: Record<string, Record<string, number>> = {}): CounterSample {
  return {
    groups: {
      Tcp: { ActiveOpens: 1000, PassiveOpens: 1000, AttemptFails: 10, EstabResets: 10, CurrEstab: 5, InSegs: 100_000, OutSegs: 100_000, RetransSegs: 50, OutRsts: 20, ...groups.Tcp },
      TcpExt: { ListenOverflows: 0, ListenDrops: 0, TCPReqQFullDrop: 0, TCPReqQFullDoCookies: 0, SyncookiesSent: 0, TCPTimeWaitOverflow: 0, TCPAbortOnMemory: 0, ...groups.TcpExt },
    },
    sockstat: { TCP: { inuse: 10, orphan: 0, tw: 0, alloc: 12, mem: 5, ...sockstat.TCP } },
  };
}

export interface InputSpec {
  sockets?: SocketRecord[];
  sysctls?: Record<string, string | null>;
  first?: CounterSample;
  second?: CounterSample | null;
  windowMs?: number | null;
  processes?: ProcessFdUse[];
  logMatches?: KernelLogMatch[];
  kernelRelease?: string;
}

// Doctor inputs around a list of sockets, with defaults for the rest.
export function makeInputs(spec: InputSpec = {}): DoctorInputs {
  const sockets = spec.sockets ?? [];
  const first = spec.first ?? counterSample();
  const second = spec.second === undefined ? first : spec.second;
  return {
    now: 1_700_000_000_000,
    source: 'netlink',
    namespace: null,
    sockets,
    processesScanned: true,
    tcpInfoStates: ['ESTABLISHED', 'CLOSE_WAIT', 'FIN_WAIT1', 'FIN_WAIT2', 'LAST_ACK', 'CLOSING', 'SYN_SENT'],
    inventory: aggregateSockets(sockets, { top: Number.MAX_SAFE_INTEGER, withProcesses: true, backlogKnown: true }),
    counters: { first, second, windowMs: second === null ? null : (spec.windowMs ?? 2000) },
    sysctls: { ...DEFAULT_SYSCTLS, ...spec.sysctls },
    kernelRelease: spec.kernelRelease ?? '6.18.0',
    processes: spec.processes ?? [],
    kernelLog: { available: true, reason: null, matches: spec.logMatches ?? [] },
  };
}
