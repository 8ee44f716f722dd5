// The tcpdoc library: the same data and analysis the CLI shows, as typed functions.
export { snapshot, takeSnapshot, resolveFilter } from './snapshot.js';
export type { SnapshotOptions, SourceChoice } from './snapshot-options.js';
export { aggregateSockets } from '../analysis/inventory/aggregate.js';
export type { Inventory, ListenerRow, PortRow, RemoteRow, ProcessRow, StateCounts } from '../analysis/inventory/aggregate.js';
export { parseFilter } from '../analysis/filter/parse-filter.js';
export * from '../model/index.js';
