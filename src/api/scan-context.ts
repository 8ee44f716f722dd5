// What snapshot() and inventory() share: turning options into a kernel query, choosing
// a source with the /proc fallback, and running inside another network namespace.
import type { FilterExpr } from '../model/filter.js';
import type { TcpState } from '../model/tcp-state.js';
import { TcpdocError } from '../model/errors.js';
import type { SnapshotOptions } from './snapshot-options.js';
import type { SocketListing, SocketQuery } from '../sources/kernel/socket-source.js';
import { parseFilter } from '../analysis/filter/parse-filter.js';
import { statesOfFilter } from '../analysis/filter/match-filter.js';
import { netlinkSource } from '../sources/kernel/netlink.js';
import { makeProcSource } from '../sources/kernel/procfs.js';
import { runInNetns } from '../sources/kernel/netns.js';
import { isNetlinkUnavailable, netlinkFallbackNote } from './netlink-fallback.js';

export { isNetlinkUnavailable, netlinkFallbackNote } from './netlink-fallback.js';

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

export interface PreparedQuery {
  filter: FilterExpr | undefined;
  // undefined = all states; [] = nothing can match.
  states: TcpState[] | undefined;
  query: SocketQuery;
}

// The kernel query for the options: the state mask narrowed by what the filter can match.
export function prepareQuery(options: SnapshotOptions): PreparedQuery {
  const filter = resolveFilter(options.filter);
  const states = intersectStates(options.states, filter === undefined ? undefined : statesOfFilter(filter));
  const query: SocketQuery = {
    ...(states !== undefined ? { states } : {}),
    ...(options.families !== undefined ? { families: options.families } : {}),
    ...(filter !== undefined ? { filter } : {}),
    tcpInfo: options.tcpInfo ?? false,
    memory: options.memory === true,
  };
  return { filter, states, query };
}

// Lists sockets from the chosen source; 'auto' falls back from netlink to /proc with a note.
// procPid reads /proc/PID/net/tcp (another namespace without entering it).
export function listFromSource(options: SnapshotOptions, query: SocketQuery, procPid?: number): SocketListing {
  const choice = options.source ?? 'auto';
  const proc = makeProcSource(procPid !== undefined ? { pid: procPid } : {});
  if (choice === 'proc' || procPid !== undefined) return proc.listSockets(query);
  try {
    return netlinkSource.listSockets(query);
  } catch (error) {
    if (choice === 'netlink' || !isNetlinkUnavailable(error)) throw error;
    const listing = proc.listSockets(query);
    return { ...listing, notes: [netlinkFallbackNote(error), ...listing.notes] };
  }
}

export interface NamespaceRun<T> {
  value: T;
  // "netns web", "netns of pid 42", or null for our own namespace.
  namespace: string | null;
  notes: string[];
}

// Runs fn in the namespace the options name. fn gets a pid when the namespace must be read
// through /proc/PID/net instead of entered (asked for with --source proc, or entering needs root we lack).
export function runInTargetNamespace<T>(options: Pick<SnapshotOptions, 'netns' | 'pidNs' | 'source'>, fn: (procPid: number | undefined) => T): NamespaceRun<T> {
  if (options.pidNs !== undefined && options.netns === undefined && options.source === 'proc') {
    return { value: fn(options.pidNs), namespace: `netns of pid ${options.pidNs}`, notes: [] };
  }
  if (options.netns === undefined && options.pidNs === undefined) return { value: fn(undefined), namespace: null, notes: [] };
  const target = options.netns !== undefined ? { name: options.netns } : { pid: options.pidNs as number };
  try {
    const inside = runInNetns(target, () => fn(undefined));
    return { value: inside.value, namespace: inside.label, notes: [] };
  } catch (error) {
    const canReadProc = options.pidNs !== undefined && options.netns === undefined && (options.source ?? 'auto') === 'auto';
    if (!canReadProc || !(error instanceof TcpdocError) || error.code !== 'NO_PERMISSION') throw error;
    return {
      value: fn(options.pidNs),
      namespace: `netns of pid ${options.pidNs}`,
      notes: [`entering the namespace needs root (${error.message}); read /proc/${options.pidNs}/net/tcp instead`],
    };
  }
}
