// snapshot(): one consistent look at every TCP socket, assembled from the kernel sources,
// the filter, and (when asked) process attribution.
import type { Snapshot, SocketRecord } from '../model/socket.js';
import type { SnapshotOptions } from './snapshot-options.js';
import type { SocketListing } from '../sources/kernel/socket-source.js';
import { compileMatcher } from '../analysis/filter/match-filter.js';
import { attachOwners, buildOwnerScanOptions, formatMissingPidsNote, listMissingPids } from '../sources/kernel/processes.js';

export { buildOwnerScanOptions } from '../sources/kernel/processes.js';
import { startOwnerScan } from '../sources/kernel/parallel-owner-scan.js';
import { estimateTcpSockets } from '../sources/kernel/socket-estimate.js';
import { listFromSource, prepareQuery, runInTargetNamespace } from './scan-context.js';

export type { SnapshotOptions } from './snapshot-options.js';

// With at least this many sockets the process scan runs on a worker thread, in parallel
// with the dump; below it, starting a worker (~40 ms) costs more than it saves.
export const PARALLEL_SCAN_THRESHOLD = 5_000;
export { resolveFilter } from './scan-context.js';

// Takes a snapshot of TCP sockets. Filters run in the kernel where they can and are always re-checked here.
export async function snapshot(options: SnapshotOptions = {}): Promise<Snapshot> {
  return takeSnapshot(options);
}

// The synchronous core of snapshot(), for callers that need no promise.
export function takeSnapshot(options: SnapshotOptions = {}): Snapshot {
  const takenAt = options.now ?? Date.now();
  const { filter, states, query } = prepareQuery(options);
  const wantProcesses = options.processes === true || options.pids !== undefined;
  // The process scan overlaps the dump on a second thread when there is enough to scan.
  let ownerScan: ReturnType<typeof startOwnerScan> | null = null;
  const run = runInTargetNamespace(options, (procPid): SocketListing => {
    if (wantProcesses) {
      const estimate = estimateTcpSockets(procPid !== undefined ? `/proc/${procPid}/net` : undefined);
      ownerScan = startOwnerScan(buildOwnerScanOptions(options.pids, procPid), estimate !== null && estimate >= PARALLEL_SCAN_THRESHOLD);
    }
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
  const notes = [...run.notes, ...listing.notes];
  if (wantProcesses) {
    // Socket inodes are global, so the host's /proc/PID/fd links find owners inside any namespace.
    const pending = ownerScan as ReturnType<typeof startOwnerScan> | null;
    const owners = pending !== null ? pending.finish() : startOwnerScan(buildOwnerScanOptions(options.pids, undefined), false).finish();
    skips.unreadableProcesses = owners.unreadableProcesses;
    skips.unattributedSockets = attachOwners(sockets, owners.owners);
    if (options.pids !== undefined) {
      const pids = new Set(options.pids);
      sockets = sockets.filter((s) => s.processes.some((p) => pids.has(p.pid)));
      const missing = listMissingPids(options.pids);
      if (missing.length > 0) notes.push(formatMissingPidsNote(missing));
    }
  }
  return {
    source: listing.source,
    takenAt,
    namespace: run.namespace,
    sockets,
    processesScanned: wantProcesses,
    skips,
    notes,
  };
}
