// snapshot(): one consistent look at every TCP socket, assembled from the kernel sources,
// the filter, and (when asked) process attribution.
import type { Snapshot, SocketRecord } from '../model/socket.js';
import type { FilterExpr } from '../model/filter.js';
import { TCP_STATES, type TcpState } from '../model/tcp-state.js';
import { TcpdocError } from '../model/errors.js';
import type { SnapshotOptions } from './snapshot-options.js';
import type { SocketListing, SocketQuery } from '../sources/kernel/socket-source.js';
import { parseFilter } from '../analysis/filter/parse-filter.js';
import { compileMatcher, statesOfFilter } from '../analysis/filter/match-filter.js';
import { netlinkSource } from '../sources/kernel/netlink.js';
import { makeProcSource } from '../sources/kernel/procfs.js';
import { scanSocketOwners, attachOwners } from '../sources/kernel/processes.js';
import { runInNetns } from '../sources/kernel/netns.js';

export type { SnapshotOptions } from './snapshot-options.js';

// Turns a filter given as text, words or a tree into a tree (or undefined for "all").
export function resolveFilter(filter: SnapshotOptions['filter']): FilterExpr | undefined {
  if (filter === undefined) return undefined;
  if (typeof filter === 'string' || Array.isArray(filter)) {
    const words = filter as string | readonly string[];
    if ((typeof words === 'string' ? words.trim() : words.join('')).length === 0) return undefined;
    return parseFilter(words);
  }
  return filter as FilterExpr;
}

function intersectStates(a: readonly TcpState[] | undefined, b: readonly TcpState[] | undefined): TcpState[] | undefined {
  if (a === undefined) return b === undefined ? undefined : [...b];
  if (b === undefined) return [...a];
  const set = new Set(b);
  return a.filter((s) => set.has(s));
}

function listFrom(options: SnapshotOptions, query: SocketQuery, procPid: number | undefined): SocketListing {
  const choice = options.source ?? 'auto';
  const proc = makeProcSource(procPid !== undefined ? { pid: procPid } : {});
  if (choice === 'proc' || procPid !== undefined) return proc.listSockets(query);
  try {
    return netlinkSource.listSockets(query);
  } catch (error) {
    if (choice === 'netlink' || !(error instanceof TcpdocError) || error.code !== 'NETLINK') throw error;
    const listing = proc.listSockets(query);
    return { ...listing, notes: [`netlink sock_diag unavailable (${error.message}); read /proc/net/tcp instead: no backlog, tcp_info or memory`, ...listing.notes] };
  }
}

// Takes a snapshot of TCP sockets. Filters run in the kernel where they can and are always re-checked here.
export async function snapshot(options: SnapshotOptions = {}): Promise<Snapshot> {
  return takeSnapshot(options);
}

// The synchronous core of snapshot(), for callers that need no promise.
export function takeSnapshot(options: SnapshotOptions = {}): Snapshot {
  const takenAt = options.now ?? Date.now();
  const filter = resolveFilter(options.filter);
  const states = intersectStates(options.states, filter === undefined ? undefined : statesOfFilter(filter));
  const query: SocketQuery = {
    ...(states !== undefined ? { states } : {}),
    ...(options.families !== undefined ? { families: options.families } : {}),
    ...(filter !== undefined ? { filter } : {}),
    tcpInfo: options.tcpInfo === true,
    memory: options.memory === true,
  };
  const wantProcesses = options.processes === true || options.pids !== undefined;
  const run = (procPid?: number): { listing: SocketListing } => ({ listing: states !== undefined && states.length === 0 ? emptyListing(options) : listFrom(options, query, procPid) });
  let namespace: string | null = null;
  let result: { listing: SocketListing };
  if (options.pidNs !== undefined && options.netns === undefined && options.source === 'proc') {
    // /proc/PID/net/tcp shows the namespace of PID without entering it (and without root).
    result = run(options.pidNs);
    namespace = `netns of pid ${options.pidNs}`;
  } else if (options.netns !== undefined || options.pidNs !== undefined) {
    const target = options.netns !== undefined ? { name: options.netns } : { pid: options.pidNs as number };
    try {
      const inside = runInNetns(target, () => run());
      namespace = inside.label;
      result = inside.value;
    } catch (error) {
      const canReadProc = options.pidNs !== undefined && options.netns === undefined && (options.source ?? 'auto') === 'auto';
      if (!canReadProc || !(error instanceof TcpdocError) || error.code !== 'NO_PERMISSION') throw error;
      result = run(options.pidNs);
      namespace = `netns of pid ${options.pidNs}`;
      result.listing = { ...result.listing, notes: [`entering the namespace needs root (${error.message}); read /proc/${options.pidNs}/net/tcp instead`, ...result.listing.notes] };
    }
  } else {
    result = run();
  }
  let sockets: SocketRecord[] = result.listing.sockets;
  if (filter !== undefined) {
    const match = compileMatcher(filter);
    sockets = sockets.filter(match);
  }
  if (options.families !== undefined) {
    const fams = new Set(options.families);
    sockets = sockets.filter((s) => fams.has(s.family));
  }
  const skips = { unparsed: result.listing.unparsed, unreadableProcesses: 0, unattributedSockets: 0 };
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
    source: result.listing.source,
    takenAt,
    namespace,
    sockets,
    processesScanned: wantProcesses,
    skips,
    notes: result.listing.notes,
  };
}

function emptyListing(options: SnapshotOptions): SocketListing {
  return { source: options.source === 'proc' ? 'proc' : 'netlink', sockets: [], unparsed: 0, notes: [] };
}

// Every state name, for callers building state lists.
export const ALL_STATES: readonly TcpState[] = TCP_STATES;
