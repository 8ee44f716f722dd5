// Everything the doctor's rules look at, gathered once by the api and passed in (rules do no I/O).
import type { SocketRecord, SnapshotSource } from '../../model/socket.js';
import type { TcpState } from '../../model/tcp-state.js';
import type { Inventory } from '../inventory/aggregate.js';
import type { KernelLogMatch } from './match-kernel-log.js';

// One reading of /proc/net/{netstat,snmp,sockstat}: group -> counter -> value.
export interface CounterSample {
  groups: Record<string, Record<string, number>>;
  // sockstat and sockstat6 merged: TCP -> {inuse, orphan, tw, alloc, mem}, TCP6 -> {inuse}.
  sockstat: Record<string, Record<string, number>>;
}

// Two readings `windowMs` apart; second and windowMs are null when sampled once (--window 0).
export interface CounterWindow {
  first: CounterSample;
  second: CounterSample | null;
  windowMs: number | null;
}

// Open files of one process that holds sockets, and its RLIMIT_NOFILE (null: unlimited or unreadable).
export interface ProcessFdUse {
  pid: number;
  command: string;
  openFds: number | null;
  softLimit: number | null;
  hardLimit: number | null;
  // Sockets of this process in the snapshot.
  sockets: number;
}

export interface KernelLogInputs {
  available: boolean;
  // Why not, e.g. "permission denied reading /dev/kmsg".
  reason: string | null;
  matches: KernelLogMatch[];
}

export interface DoctorInputs {
  // Milliseconds since the epoch when the inputs were gathered.
  now: number;
  source: SnapshotSource;
  // Network namespace looked at, null for the caller's own.
  namespace: string | null;
  // Every TCP socket, with owning processes when processesScanned.
  sockets: SocketRecord[];
  processesScanned: boolean;
  // States whose sockets were asked for tcp_info (others have tcpInfo null by request).
  tcpInfoStates: readonly TcpState[];
  // The status tables over the same sockets (all rows kept).
  inventory: Inventory;
  counters: CounterWindow;
  // Dotted sysctl key -> value with single spaces; null when absent (e.g. tcp_tw_recycle on >= 4.12).
  sysctls: Record<string, string | null>;
  kernelRelease: string;
  processes: ProcessFdUse[];
  kernelLog: KernelLogInputs;
}
