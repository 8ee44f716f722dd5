// Types of the status view: the tables built from one set of sockets.
import type { ProcessRef, ScanSkips, SnapshotSource } from '../../model/socket.js';
import type { TcpState } from '../../model/tcp-state.js';

export type StateCounts = Record<TcpState, number>;

export interface ListenerRow {
  family: 4 | 6;
  address: string;
  port: number;
  // Finished handshakes waiting for accept() now, and the queue's maximum.
  acceptQueue: number;
  backlog: number | null;
  // Half-open handshakes (SYN_RECV) towards this listener.
  synRecv: number;
  // Connections on this listener's port, by state (LISTEN itself not counted).
  states: StateCounts;
  process: ProcessRef | null;
}

export interface GroupRow {
  // "PORT" for ports, "ADDRESS:PORT" for remotes, "PID" for processes.
  key: string;
  total: number;
  states: StateCounts;
}

export interface PortRow extends GroupRow {
  port: number;
  listening: boolean;
}

export interface RemoteRow extends GroupRow {
  address: string;
  port: number;
}

// A peer address with all its ports folded together (a client's ephemeral ports, say).
export interface RemoteHostRow extends GroupRow {
  address: string;
}

export interface ProcessRow extends GroupRow {
  pid: number;
  command: string;
}

export interface Inventory {
  total: number;
  states: StateCounts;
  listeners: ListenerRow[];
  ports: PortRow[];
  remotes: RemoteRow[];
  remoteHosts: RemoteHostRow[];
  processes: ProcessRow[];
  // Sockets no visible process holds (TIME_WAIT and SYN_RECV have no owner by nature).
  unowned: StateCounts;
}

export interface AggregateOptions {
  // Keep only the busiest N ports, remotes and processes (listeners are always all kept).
  top: number;
  // False when the process scan was not done: the processes table is then empty.
  withProcesses: boolean;
  // Whether Send-Q of LISTEN sockets holds the backlog (netlink) or not (/proc).
  backlogKnown: boolean;
}

// The tables together with where they came from: what inventory() returns and status prints.
export interface InventoryResult {
  inventory: Inventory;
  source: SnapshotSource;
  takenAt: number;
  namespace: string | null;
  processesScanned: boolean;
  skips: ScanSkips;
  notes: string[];
}
