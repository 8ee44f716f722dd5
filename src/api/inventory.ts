// inventory(): the tables of `tcpdoc status`. On netlink it streams the socket table
// through the aggregator without keeping it, so a host with 100k sockets costs little
// memory; elsewhere it takes a snapshot and aggregates that. What only some calls need
// (the filter parser, namespaces, the process scan, the /proc fallback) is imported on
// demand, so a plain `tcpdoc status` loads about half the modules.
import type { ProcessRef, ScanSkips, SocketRecord } from '../model/socket.js';
import type { FilterExpr } from '../model/filter.js';
import type { Inventory, InventoryResult } from '../analysis/inventory/inventory-types.js';
import type { SnapshotOptions } from './snapshot-options.js';
import type { SocketQuery } from '../sources/kernel/socket-source.js';
import type { SocketOwnerScan } from '../sources/kernel/processes.js';
import type { NamespaceRun } from './scan-context.js';
import { TCP_STATES, type TcpState } from '../model/tcp-state.js';
import { InventoryBuilder } from '../analysis/inventory/inventory-builder.js';
import { listSocketsByNetlink, visitSocketsByNetlink } from '../sources/kernel/netlink.js';
import { estimateTcpSockets } from '../sources/kernel/socket-estimate.js';
import { isNetlinkUnavailable, netlinkFallbackNote } from './netlink-fallback.js';

// Above this many sockets, 'auto' skips the process scan (~4 µs per socket fd in the kernel).
export const AUTO_PROCESS_SCAN_LIMIT = 20_000;

export interface InventoryOptions extends Omit<SnapshotOptions, 'processes' | 'tcpInfo' | 'memory'> {
  // Rows in the port, peer and process tables (default 10).
  top?: number;
  // true: always map processes; false: never; 'auto' (default): unless the host has more than AUTO_PROCESS_SCAN_LIMIT sockets.
  processes?: boolean | 'auto';
}

export type { InventoryResult };

const EMPTY_OWNERS: ProcessRef[] = [];

type InNamespace = <T>(fn: (procPid: number | undefined) => T) => NamespaceRun<T>;

interface Prepared {
  filter: FilterExpr | undefined;
  match: ((s: SocketRecord) => boolean) | null;
  states: TcpState[] | undefined;
  query: SocketQuery;
}

// Builds the status tables for the options (see InventoryOptions).
export async function inventory(options: InventoryOptions = {}): Promise<InventoryResult> {
  const takenAt = options.now ?? Date.now();
  const top = options.top ?? 10;
  const inNamespace = await loadNamespaceRunner(options);
  const prepared = await prepare(options);
  const notes: string[] = [];
  let scan = options.pids !== undefined || options.processes === true;
  if (!scan && options.processes !== false) {
    const estimate = inNamespace((procPid) => estimateTcpSockets(procPid !== undefined ? `/proc/${procPid}/net` : undefined)).value;
    scan = estimate === null || estimate <= AUTO_PROCESS_SCAN_LIMIT;
    if (!scan) notes.push(`process table skipped: about ${estimate} sockets here, and mapping them reads every fd in /proc; add -p (--processes) to map them anyway`);
  }
  const processes = scan ? await import('../sources/kernel/processes.js') : null;
  const streamable = options.source !== 'proc';
  if (streamable) {
    try {
      const run = inNamespace((procPid) => (procPid === undefined ? streamInventory(options, prepared, top, processes) : null));
      if (run.value !== null) {
        return { inventory: run.value.inventory, source: 'netlink', takenAt, namespace: run.namespace, processesScanned: run.value.scanned, skips: run.value.skips, notes: [...run.notes, ...notes, ...run.value.notes] };
      }
    } catch (error) {
      if (options.source === 'netlink' || !isNetlinkUnavailable(error)) throw error;
      notes.push(netlinkFallbackNote(error));
      return aggregateSnapshot({ ...options, source: 'proc' }, top, scan, takenAt, notes);
    }
  }
  return aggregateSnapshot(options, top, scan, takenAt, notes);
}

// Parsing a filter loads the parser and matcher; without one, neither is needed.
async function prepare(options: InventoryOptions): Promise<Prepared> {
  const base = { ...(options.families !== undefined ? { families: options.families } : {}), tcpInfo: false, memory: false };
  if (options.filter === undefined) return { filter: undefined, match: null, states: options.states === undefined ? undefined : [...options.states], query: { ...base, ...(options.states !== undefined ? { states: options.states } : {}) } };
  const { prepareQuery } = await import('./scan-context.js');
  const { compileMatcher } = await import('../analysis/filter/match-filter.js');
  const { processes: _processes, ...queryOptions } = options;
  const { filter, states, query } = prepareQuery(queryOptions);
  return { filter, match: filter === undefined ? null : compileMatcher(filter), states, query: { ...query, tcpInfo: false, memory: false } };
}

async function loadNamespaceRunner(options: InventoryOptions): Promise<InNamespace> {
  if (options.netns === undefined && options.pidNs === undefined) return (fn) => ({ value: fn(undefined), namespace: null, notes: [] });
  const { runInTargetNamespace } = await import('./scan-context.js');
  return (fn) => runInTargetNamespace(options, fn);
}

async function aggregateSnapshot(options: InventoryOptions, top: number, scan: boolean, takenAt: number, notes: string[]): Promise<InventoryResult> {
  const { takeSnapshot } = await import('./snapshot.js');
  const { aggregateSockets } = await import('../analysis/inventory/aggregate.js');
  const snap = takeSnapshot({ ...options, processes: scan, now: takenAt });
  const inv: Inventory = aggregateSockets(snap.sockets, { top, withProcesses: snap.processesScanned, backlogKnown: snap.source === 'netlink' });
  return { inventory: inv, source: snap.source, takenAt, namespace: snap.namespace, processesScanned: snap.processesScanned, skips: snap.skips, notes: [...notes, ...snap.notes] };
}

// Listeners first (a small dump), then every other socket streamed into the builder.
function streamInventory(
  options: InventoryOptions,
  prepared: Prepared,
  top: number,
  processes: typeof import('../sources/kernel/processes.js') | null,
): { inventory: Inventory; scanned: boolean; skips: ScanSkips; notes: string[] } {
  const { match, states, query } = prepared;
  const families = options.families === undefined ? null : new Set(options.families);
  const pids = options.pids === undefined ? null : new Set(options.pids);
  const wanted = states ?? [...TCP_STATES];
  const keep = (s: SocketRecord) => (match === null || match(s)) && (families === null || families.has(s.family));
  const owned = (s: SocketRecord) => pids === null || s.processes.some((p) => pids.has(p.pid));
  const skips: ScanSkips = { unparsed: 0, unreadableProcesses: 0, unattributedSockets: 0 };
  const notes: string[] = [];
  let listeners: SocketRecord[] = [];
  if (wanted.includes('LISTEN')) {
    const listing = listSocketsByNetlink({ ...query, states: ['LISTEN'] });
    listeners = listing.sockets.filter(keep);
    skips.unparsed += listing.unparsed;
    notes.push(...listing.notes);
  }
  let owners: SocketOwnerScan | null = null;
  if (processes !== null) {
    // Read on this thread, inside the namespace being listed.
    owners = processes.scanSocketOwners(processes.buildOwnerScanOptions(options.pids, undefined));
    skips.unreadableProcesses = owners.unreadableProcesses;
    skips.unattributedSockets = processes.attachOwners(listeners, owners.owners);
    listeners = listeners.filter(owned);
    const missing = options.pids === undefined ? [] : processes.listMissingPids(options.pids);
    if (missing.length > 0) notes.push(processes.formatMissingPidsNote(missing));
  }
  const builder = new InventoryBuilder(listeners, { top, withProcesses: owners !== null, backlogKnown: true });
  for (const l of listeners) builder.add(l);
  const rest = wanted.filter((s) => s !== 'LISTEN');
  if (rest.length > 0) {
    // Only the fixed part of each message is decoded, into one reused record.
    const result = visitSocketsByNetlink(
      { ...query, states: rest },
      (s) => {
        if (!keep(s)) return;
        if (owners !== null) {
          const list = s.inode === 0 ? undefined : owners.owners.get(s.inode);
          if (list === undefined && s.inode !== 0) skips.unattributedSockets++;
          // Not copied: the record dies right after the builder counts it.
          s.processes = (list as ProcessRef[] | undefined) ?? EMPTY_OWNERS;
          s.process = list?.[0] ?? null;
          if (!owned(s)) return;
        }
        builder.add(s);
      },
      { core: true },
    );
    skips.unparsed += result.unparsed;
    notes.push(...result.notes);
  }
  return { inventory: builder.finish(), scanned: owners !== null, skips, notes };
}
