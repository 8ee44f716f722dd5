// The one interface every socket source implements (netlink sock_diag, /proc/net/tcp).
import type { FilterExpr } from '../../model/filter.js';
import type { SocketRecord, SnapshotSource } from '../../model/socket.js';
import type { TcpState } from '../../model/tcp-state.js';

export interface SocketQuery {
  // States to ask the kernel for; all when undefined.
  states?: readonly TcpState[];
  // Address families; both when undefined.
  families?: readonly (4 | 6)[];
  // Filter compiled to kernel bytecode where the source can; results are re-checked in userspace by the caller.
  filter?: FilterExpr;
  // 'basic': only the first 104 bytes of tcp_info (fields every kernel sends).
  tcpInfo?: boolean | 'basic';
  memory?: boolean;
}

export interface SocketListing {
  source: SnapshotSource;
  sockets: SocketRecord[];
  // Records that could not be decoded (counted, not thrown).
  unparsed: number;
  notes: string[];
}

export interface SocketSource {
  name: SnapshotSource;
  // Lists sockets in the current network namespace; throws TcpdocError when the source is unavailable.
  listSockets: (query: SocketQuery) => SocketListing;
}
