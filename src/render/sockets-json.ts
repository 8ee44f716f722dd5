// The tcpdoc.sockets/1 document (docs/json.md).
import type { Snapshot, SocketRecord } from '../model/socket.js';

export const SOCKETS_SCHEMA = 'tcpdoc.sockets/1';

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
      tcpInfo: s.tcpInfo,
      memory: s.memory,
      congestion: s.congestion,
      shutdown: s.shutdown,
    })),
    skips: snap.skips,
    notes: snap.notes,
  };
}
