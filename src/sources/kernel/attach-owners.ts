// Joins sockets with the processes holding them (pure: the owner map comes from scanSocketOwners).
import type { ProcessRef, SocketRecord } from '../../model/socket.js';

// Sets process (first owner) and processes (all) on each socket; returns how many sockets with
// an inode had no visible owner (held by processes we may not read, or closed meanwhile).
export function attachOwners(sockets: SocketRecord[], owners: ReadonlyMap<number, readonly ProcessRef[]>): number {
  let unattributed = 0;
  for (const socket of sockets) {
    if (socket.inode === 0) continue;
    const list = owners.get(socket.inode);
    if (list === undefined || list.length === 0) {
      unattributed++;
      continue;
    }
    // Shared, not copied: each scan builds a fresh map, and a list is only ever read.
    socket.processes = list as ProcessRef[];
    socket.process = list[0] ?? null;
  }
  return unattributed;
}
