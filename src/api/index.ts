// The tcpdoc library: the same data and analysis the CLI shows, as typed functions.
// Heavier parts have their own entry points so that importing 'tcpdoc' stays light:
// 'tcpdoc/explain' (knowledge base), 'tcpdoc/trace' (captures), 'tcpdoc/doctor'.
export { snapshot, takeSnapshot, resolveFilter } from './snapshot.js';
export type { SnapshotOptions, SourceChoice } from './snapshot-options.js';
export { inventory, AUTO_PROCESS_SCAN_LIMIT } from './inventory.js';
export type { InventoryOptions, InventoryResult } from './inventory.js';
export { aggregateSockets, InventoryBuilder, diffStateCounts, formatEndpointKey } from '../analysis/inventory/aggregate.js';
export type { AggregateOptions, Inventory, ListenerRow, PortRow, RemoteRow, ProcessRow, StateCounts } from '../analysis/inventory/aggregate.js';
export { parseFilter } from '../analysis/filter/parse-filter.js';
export { formatFilter } from '../analysis/filter/format-filter.js';
export { compileMatcher, matchFilter } from '../analysis/filter/match-filter.js';
export * from '../model/index.js';
