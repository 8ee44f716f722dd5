// Options of snapshot(): where to look, what to ask the kernel for, and what to keep.
import type { FilterExpr } from '../model/filter.js';
import type { TcpState } from '../model/tcp-state.js';

export type SourceChoice = 'auto' | 'netlink' | 'proc';

export interface SnapshotOptions {
  // 'auto' tries netlink and falls back to /proc/net/tcp with a note.
  source?: SourceChoice;
  // Look into a network namespace by name (as `ip netns` lists it) ...
  netns?: string;
  // ... or the namespace of a process (a container's pid). Both need root.
  pidNs?: number;
  // An ss filter expression: a string, argv words, or a parsed tree.
  filter?: string | readonly string[] | FilterExpr;
  states?: readonly TcpState[];
  families?: readonly (4 | 6)[];
  // 'basic': only the base fields of tcp_info (state, timers, RTT, cwnd, ages), cheaper on huge hosts.
  tcpInfo?: boolean | 'basic';
  memory?: boolean;
  // Map sockets to owning processes through /proc/PID/fd.
  processes?: boolean;
  // Keep only sockets owned by these processes (implies processes).
  pids?: readonly number[];
  // Milliseconds since the epoch to stamp the snapshot with; defaults to now.
  now?: number;
}
