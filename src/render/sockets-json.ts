// The tcpdoc.sockets/1 document (docs/json.md).
import type { Snapshot, SocketRecord } from '../model/socket.js';
import type { TcpInfo } from '../model/tcp-info.js';

export const SOCKETS_SCHEMA = 'tcpdoc.sockets/1';

// The kernel's ~0 ("no pacing limit") read as a double is 2^64, which no 64-bit integer parser accepts.
const UNLIMITED = 2 ** 63;

// tcp_info with the pacing rates that mean "no limit" written as null.
function withUnlimitedAsNull(info: TcpInfo): Record<string, unknown> {
  const out: Record<string, unknown> = { ...info };
  for (const key of ['pacingRate', 'maxPacingRate'] as const) {
    const v = info[key];
    if (v !== undefined && v >= UNLIMITED) out[key] = null;
  }
  return out;
}

// The whole document for a socket listing.
export function buildSocketsDocument(snap: Snapshot, sockets: readonly SocketRecord[], filter: string | null): Record<string, unknown> {
  return {
    schema: SOCKETS_SCHEMA,
    source: snap.source,
    namespace: snap.namespace,
    takenAt: new Date(snap.takenAt).toISOString(),
    filter,
    count: sockets.length,
    sockets: sockets.map((s) => ({
      family: s.family,
      state: s.state,
      local: s.local,
      remote: s.remote,
      recvQ: s.recvQ,
      sendQ: s.sendQ,
      timer: s.timer === null || s.timer.kind === 'off' ? null : s.timer,
      uid: s.uid,
      inode: s.inode,
      cookie: s.cookie,
      interfaceIndex: s.interfaceIndex,
      process: s.process,
      processes: s.processes,
      tcpInfo: s.tcpInfo === null ? null : withUnlimitedAsNull(s.tcpInfo),
      memory: s.memory,
      congestion: s.congestion,
      shutdown: s.shutdown,
    })),
    skips: snap.skips,
    notes: snap.notes,
  };
}
