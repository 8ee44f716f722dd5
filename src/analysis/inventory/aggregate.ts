// Turns a list of sockets into the tables of `tcpdoc status`: states, listeners, ports, peers, processes.
import type { SocketRecord } from '../../model/socket.js';
import { makeStateCounts, type TcpState } from '../../model/tcp-state.js';
import type { AggregateOptions, Inventory, StateCounts } from './inventory-types.js';
import { InventoryBuilder } from './inventory-builder.js';

export type { AggregateOptions, GroupRow, Inventory, ListenerRow, PortRow, ProcessRow, RemoteHostRow, RemoteRow, StateCounts } from './inventory-types.js';
export { formatEndpointKey, InventoryBuilder } from './inventory-builder.js';
export { selectTop } from './select-top.js';

// Builds every table of the status view from one list of sockets.
export function aggregateSockets(sockets: readonly SocketRecord[], options: AggregateOptions): Inventory {
  const builder = new InventoryBuilder(
    sockets.filter((s) => s.state === 'LISTEN'),
    options,
  );
  for (const s of sockets) builder.add(s);
  return builder.finish();
}

// State counts of current minus previous, for --watch deltas.
export function diffStateCounts(current: StateCounts, previous: StateCounts): StateCounts {
  const out = makeStateCounts();
  for (const key of Object.keys(out) as TcpState[]) out[key] = current[key] - previous[key];
  return out;
}
