// snapshot(): one consistent look at every TCP socket, assembled from the kernel sources,
// the filter, and (when asked) process attribution.
import type { Snapshot, SocketRecord } from '../model/socket.js';
import type { SnapshotOptions } from './snapshot-options.js';
import type { SocketListing } from '../sources/kernel/socket-source.js';
import { compileMatcher } from '../analysis/filter/match-filter.js';
import { scanSocketOwners, attachOwners } from '../sources/kernel/processes.js';
import { listFromSource, prepareQuery, runInTargetNamespace } from './scan-context.js';

export type { SnapshotOptions } from './snapshot-options.js';
export { resolveFilter } from './scan-context.js';

// Takes a snapshot of TCP sockets. Filters run in the kernel where they can and are always re-checked here.
export async function snapshot(options: SnapshotOptions = {}): Promise<Snapshot> {
  return takeSnapshot(options);
}

// The synchronous core of snapshot(), for callers that need no promise.
export function takeSnapshot(options: SnapshotOptions = {}): Snapshot {
  const takenAt = options.now ?? Date.now();
  const { filter, states, query } = prepareQuery(options);
  const run = runInTargetNamespace(options, (procPid): SocketListing => {
    if (states !== undefined && states.length === 0) return { source: options.source === 'proc' || procPid !== undefined ? 'proc' : 'netlink', sockets: [], unparsed: 0, notes: [] };
    return listFromSource(options, query, procPid);
  });
  const listing = run.value;
  let sockets: SocketRecord[] = listing.sockets;
  if (filter !== undefined) sockets = sockets.filter(compileMatcher(filter));
  if (options.families !== undefined) {
    const fams = new Set(options.families);
    sockets = sockets.filter((s) => fams.has(s.family));
  }
  const skips = { unparsed: listing.unparsed, unreadableProcesses: 0, unattributedSockets: 0 };
  const wantProcesses = options.processes === true || options.pids !== undefined;
  if (wantProcesses) {
    // Socket inodes are global, so the host's /proc/PID/fd links find owners inside any namespace.
    const owners = scanSocketOwners(options.pids !== undefined ? { pids: options.pids } : {});
    skips.unreadableProcesses = owners.unreadableProcesses;
    skips.unattributedSockets = attachOwners(sockets, owners.owners);
    if (options.pids !== undefined) {
      const pids = new Set(options.pids);
      sockets = sockets.filter((s) => s.processes.some((p) => pids.has(p.pid)));
    }
  }
  return {
    source: listing.source,
    takenAt,
    namespace: run.namespace,
    sockets,
    processesScanned: wantProcesses,
    skips,
    notes: [...run.notes, ...listing.notes],
  };
}
