// The tcpdoc.status/1 document (docs/json.md).
import type { InventoryResult } from '../analysis/inventory/inventory-types.js';

export const STATUS_SCHEMA = 'tcpdoc.status/1';

export function buildStatusDocument(snap: InventoryResult, filter: string | null): Record<string, unknown> {
  const inv = snap.inventory;
  const withProcesses = snap.processesScanned;
  return {
    schema: STATUS_SCHEMA,
    source: snap.source,
    namespace: snap.namespace,
    takenAt: new Date(snap.takenAt).toISOString(),
    filter,
    total: inv.total,
    states: inv.states,
    listeners: inv.listeners.map((l) => ({
      family: l.family,
      address: l.address,
      port: l.port,
      acceptQueue: l.acceptQueue,
      backlog: l.backlog,
      synRecv: l.synRecv,
      states: l.states,
      process: l.process,
    })),
    ports: inv.ports.map((p) => ({ port: p.port, listening: p.listening, total: p.total, states: p.states })),
    remotes: inv.remotes.map((r) => ({ address: r.address, port: r.port, total: r.total, states: r.states })),
    remoteHosts: inv.remoteHosts.map((r) => ({ address: r.address, total: r.total, states: r.states })),
    processes: withProcesses ? inv.processes.map((p) => ({ pid: p.pid, command: p.command, total: p.total, states: p.states })) : null,
    unowned: withProcesses ? inv.unowned : null,
    skips: snap.skips,
    notes: snap.notes,
  };
}
