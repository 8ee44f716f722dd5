// inventory(): the tables of `tcpdoc status`. On netlink it streams the socket table
// through the aggregator without keeping it, so a host with 100k sockets costs little
// memory; elsewhere it takes a snapshot and aggregates that.
import type { ProcessRef, ScanSkips, SnapshotSource, SocketRecord } from '../model/socket.js';
import type { Inventory, InventoryResult } from '../analysis/inventory/inventory-types.js';
import type { SnapshotOptions } from './snapshot-options.js';
import { TCP_STATES } from '../model/tcp-state.js';
import { InventoryBuilder } from '../analysis/inventory/inventory-builder.js';
import { aggregateSockets } from '../analysis/inventory/aggregate.js';
import { compileMatcher } from '../analysis/filter/match-filter.js';
import { listSocketsByNetlink, visitSocketsByNetlink } from '../sources/kernel/netlink.js';
import { scanSocketOwners, attachOwners } from '../sources/kernel/processes.js';
import { estimateTcpSockets } from '../sources/kernel/socket-estimate.js';
import { isNetlinkUnavailable, netlinkFallbackNote, prepareQuery, runInTargetNamespace } from './scan-context.js';
import { buildOwnerScanOptions, takeSnapshot } from './snapshot.js';

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

// Builds the status tables for the options (see InventoryOptions).
export async function inventory(options: InventoryOptions = {}): Promise<InventoryResult> {
  return takeInventory(options);
}

// The synchronous core of inventory().
export function takeInventory(options: InventoryOptions = {}): InventoryResult {
  const takenAt = options.now ?? Date.now();
  const top = options.top ?? 10;
  const run = runInTargetNamespace(options, (procPid) => {
    const decision = decideProcessScan(options);
    if (procPid === undefined && options.source !== 'proc') {
      try {
        return { ...streamInventory(options, top, decision.scan), extraNotes: decision.notes };
      } catch (error) {
        if (options.source === 'netlink' || !isNetlinkUnavailable(error)) throw error;
        const fallback = aggregateFromSnapshot({ ...options, source: 'proc' }, top, decision.scan, undefined);
        return { ...fallback, extraNotes: [netlinkFallbackNote(error), ...decision.notes] };
      }
    }
    return { ...aggregateFromSnapshot(options, top, decision.scan, procPid), extraNotes: decision.notes };
  });
  const v = run.value;
  return {
    inventory: v.inventory,
    source: v.source,
    takenAt,
    namespace: run.namespace,
    processesScanned: v.processesScanned,
    skips: v.skips,
    notes: [...run.notes, ...v.extraNotes, ...v.notes],
  };
}

function decideProcessScan(options: InventoryOptions): { scan: boolean; notes: string[] } {
  if (options.pids !== undefined || options.processes === true) return { scan: true, notes: [] };
  if (options.processes === false) return { scan: false, notes: [] };
  const estimate = estimateTcpSockets();
  if (estimate !== null && estimate > AUTO_PROCESS_SCAN_LIMIT) {
    return {
      scan: false,
      notes: [`process table skipped: about ${estimate} sockets here, and mapping them reads every fd in /proc; add -p (--processes) to map them anyway`],
    };
  }
  return { scan: true, notes: [] };
}

interface PartialInventory {
  inventory: Inventory;
  source: SnapshotSource;
  processesScanned: boolean;
  skips: ScanSkips;
  notes: string[];
}

function aggregateFromSnapshot(options: InventoryOptions, top: number, scan: boolean, procPid: number | undefined): PartialInventory {
  // Already inside the namespace (or reading /proc/PID/net): no second namespace switch.
  const { netns: _netns, pidNs: _pidNs, ...rest } = options;
  const snap = takeSnapshot({ ...rest, ...(procPid !== undefined ? { pidNs: procPid, source: 'proc' as const } : {}), processes: scan });
  const inv = aggregateSockets(snap.sockets, { top, withProcesses: snap.processesScanned, backlogKnown: snap.source === 'netlink' });
  return { inventory: inv, source: snap.source, processesScanned: snap.processesScanned, skips: snap.skips, notes: snap.notes };
}

// Listeners first (a small dump), then every other socket streamed into the builder.
function streamInventory(options: InventoryOptions, top: number, scan: boolean): PartialInventory {
  const { processes: _processes, ...queryOptions } = options;
  const { filter, states, query } = prepareQuery(queryOptions);
  const match = filter === undefined ? null : compileMatcher(filter);
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
  const owners = scan ? scanSocketOwners(buildOwnerScanOptions(options.pids, undefined)) : null;
  if (owners !== null) {
    skips.unreadableProcesses = owners.unreadableProcesses;
    skips.unattributedSockets = attachOwners(listeners, owners.owners);
    listeners = listeners.filter(owned);
  }
  const builder = new InventoryBuilder(listeners, { top, withProcesses: owners !== null, backlogKnown: true });
  for (const l of listeners) builder.add(l);
  const rest = wanted.filter((s) => s !== 'LISTEN');
  if (rest.length > 0) {
    // Only the fixed part of each message is decoded, into one reused record.
    const result = visitSocketsByNetlink({ ...query, tcpInfo: false, memory: false, states: rest }, (s) => {
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
    }, { core: true });
    skips.unparsed += result.unparsed;
    notes.push(...result.notes);
  }
  return { inventory: builder.finish(), source: 'netlink', processesScanned: owners !== null, skips, notes };
}
