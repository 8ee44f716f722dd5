// Shared socket records: what netlink sock_diag or /proc/net/tcp tell about one TCP socket.
import type { TcpState } from './tcp-state.js';
import type { TcpInfo } from './tcp-info.js';

export interface Endpoint {
  // Printable address; IPv4-mapped IPv6 addresses are printed as IPv4.
  address: string;
  port: number;
}

// idiag_timer / the "tr" column of /proc/net/tcp.
export type TimerKind = 'off' | 'on' | 'keepalive' | 'timewait' | 'probe0' | 'delack' | 'unknown';

export interface SocketTimer {
  kind: TimerKind;
  // Milliseconds until the timer fires (negative when overdue).
  expiresMs: number;
  // Retransmits (on), keepalive probes sent (keepalive) or unanswered zero-window probes (probe0).
  retransmits: number;
}

// Socket memory from INET_DIAG_SKMEMINFO (the "skmem:(...)" of ss -m), in bytes.
export interface SocketMemory {
  rmemAlloc: number;
  rcvBuf: number;
  wmemAlloc: number;
  sndBuf: number;
  fwdAlloc: number;
  wmemQueued: number;
  optMem: number;
  backlog: number;
  drops: number;
}

// One process holding a socket's file descriptor.
export interface ProcessRef {
  pid: number;
  command: string;
  fd: number;
}

export interface SocketRecord {
  family: 4 | 6;
  state: TcpState;
  local: Endpoint;
  remote: Endpoint;
  // For LISTEN: connections waiting in the accept queue; otherwise unread bytes.
  recvQ: number;
  // For LISTEN: the accept queue's maximum (backlog); otherwise unacknowledged bytes.
  sendQ: number;
  timer: SocketTimer | null;
  uid: number;
  // 0 for TIME_WAIT and SYN_RECV entries (they are not full sockets).
  inode: number;
  // Kernel socket cookie as a decimal string (netlink only).
  cookie: string | null;
  // Bound interface index (0 for none).
  interfaceIndex: number;
  tcpInfo: TcpInfo | null;
  memory: SocketMemory | null;
  congestion: string | null;
  // Shutdown bits seen by the kernel: 1 = no more receives, 2 = no more sends.
  shutdown: number | null;
  // First owner (as in the JSON contract) and every owner (a fork shares fds).
  process: ProcessRef | null;
  processes: ProcessRef[];
}

export type SnapshotSource = 'netlink' | 'proc';

// What a scan skipped or could not see, with counts rather than errors.
export interface ScanSkips {
  // Sockets that vanished between listing and decoding, or unparseable records.
  unparsed: number;
  // Processes whose fds could not be read (permission or exited mid-scan).
  unreadableProcesses: number;
  // Sockets with an inode that no readable process holds.
  unattributedSockets: number;
}

export interface Snapshot {
  source: SnapshotSource;
  // Milliseconds since the epoch when the scan started (passed in, not read here).
  takenAt: number;
  // Network namespace looked at: null for the caller's own.
  namespace: string | null;
  sockets: SocketRecord[];
  processesScanned: boolean;
  skips: ScanSkips;
  // Plain-language notes, e.g. "netlink unavailable (EPERM), read /proc/net/tcp instead".
  notes: string[];
}

// A socket record with every optional part empty; decoders fill what they know.
export function makeSocketRecord(fields: Pick<SocketRecord, 'family' | 'state' | 'local' | 'remote'> & Partial<SocketRecord>): SocketRecord {
  return {
    recvQ: 0,
    sendQ: 0,
    timer: null,
    uid: 0,
    inode: 0,
    cookie: null,
    interfaceIndex: 0,
    tcpInfo: null,
    memory: null,
    congestion: null,
    shutdown: null,
    process: null,
    processes: [],
    ...fields,
  };
}
