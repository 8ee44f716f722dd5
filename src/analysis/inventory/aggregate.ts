// Turns a socket snapshot into the tables of `tcpdoc status`: states, listeners, ports, peers, processes.
import type { ProcessRef, SocketRecord } from '../../model/socket.js';
import { makeStateCounts, type TcpState } from '../../model/tcp-state.js';

export type StateCounts = Record<TcpState, number>;

export interface ListenerRow {
  family: 4 | 6;
  address: string;
  port: number;
  // Finished handshakes waiting for accept() now, and the queue's maximum.
  acceptQueue: number;
  backlog: number | null;
  // Half-open handshakes (SYN_RECV) towards this listener.
  synRecv: number;
  // Connections on this listener's port, by state (LISTEN itself not counted).
  states: StateCounts;
  process: ProcessRef | null;
}

export interface GroupRow {
  // "PORT" for ports, "ADDRESS:PORT" for remotes, "PID" for processes.
  key: string;
  total: number;
  states: StateCounts;
}

export interface PortRow extends GroupRow {
  port: number;
  listening: boolean;
}

export interface RemoteRow extends GroupRow {
  address: string;
  port: number;
}

export interface ProcessRow extends GroupRow {
  pid: number;
  command: string;
}

export interface Inventory {
  total: number;
  states: StateCounts;
  listeners: ListenerRow[];
  ports: PortRow[];
  remotes: RemoteRow[];
  processes: ProcessRow[];
  // Sockets no visible process holds (TIME_WAIT and SYN_RECV have no owner by nature).
  unowned: StateCounts;
}

export interface AggregateOptions {
  // Keep only the busiest N ports, remotes and processes (listeners are always all kept).
  top: number;
  // False when the process scan was not done: the processes table is then empty.
  withProcesses: boolean;
  // Whether Send-Q of LISTEN sockets holds the backlog (netlink) or not (/proc).
  backlogKnown: boolean;
}

function bump(map: Map<string, { total: number; states: StateCounts }>, key: string, state: TcpState): { total: number; states: StateCounts } {
  let row = map.get(key);
  if (row === undefined) {
    row = { total: 0, states: makeStateCounts() };
    map.set(key, row);
  }
  row.total++;
  row.states[state]++;
  return row;
}

// Busiest first, then by key so output is stable.
function sortRows<T extends GroupRow>(rows: T[], top: number): T[] {
  rows.sort((a, b) => b.total - a.total || compareKeys(a.key, b.key));
  return rows.slice(0, top);
}

function compareKeys(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

// Builds every table of the status view from one list of sockets.
export function aggregateSockets(sockets: readonly SocketRecord[], options: AggregateOptions): Inventory {
  const states = makeStateCounts();
  const unowned = makeStateCounts();
  const ports = new Map<string, { total: number; states: StateCounts }>();
  const remotes = new Map<string, { total: number; states: StateCounts; address: string; port: number }>();
  const processes = new Map<string, { total: number; states: StateCounts; pid: number; command: string }>();
  const listenerSockets: SocketRecord[] = [];
  const listeningPorts = new Set<number>();
  for (const s of sockets) {
    states[s.state]++;
    if (s.state === 'LISTEN') {
      listenerSockets.push(s);
      listeningPorts.add(s.local.port);
    } else {
      bump(ports, String(s.local.port), s.state);
      if (!(isWildcard(s.remote.address) && s.remote.port === 0)) {
        const key = formatEndpointKey(s.remote.address, s.remote.port);
        let row = remotes.get(key);
        if (row === undefined) {
          row = { total: 0, states: makeStateCounts(), address: s.remote.address, port: s.remote.port };
          remotes.set(key, row);
        }
        row.total++;
        row.states[s.state]++;
      }
    }
    if (options.withProcesses) {
      if (s.processes.length === 0) unowned[s.state]++;
      // A socket shared by several processes counts once per distinct process.
      let previousPid = -1;
      for (const p of s.processes) {
        if (p.pid === previousPid) continue;
        previousPid = p.pid;
        const key = String(p.pid);
        let row = processes.get(key);
        if (row === undefined) {
          row = { total: 0, states: makeStateCounts(), pid: p.pid, command: p.command };
          processes.set(key, row);
        }
        row.total++;
        row.states[s.state]++;
      }
    }
  }
  const listeners = buildListeners(listenerSockets, sockets, options.backlogKnown);
  const portRows: PortRow[] = [...ports].map(([key, row]) => ({ key, port: Number(key), listening: listeningPorts.has(Number(key)), ...row }));
  const remoteRows: RemoteRow[] = [...remotes].map(([key, row]) => ({ key, ...row }));
  const processRows: ProcessRow[] = [...processes].map(([key, row]) => ({ key, ...row }));
  return {
    total: sockets.length,
    states,
    listeners,
    ports: sortRows(portRows, options.top),
    remotes: sortRows(remoteRows, options.top),
    processes: sortRows(processRows, options.top),
    unowned,
  };
}

// "ADDRESS:PORT", with IPv6 in brackets as ss and browsers print it.
export function formatEndpointKey(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function buildListeners(listenerSockets: readonly SocketRecord[], sockets: readonly SocketRecord[], backlogKnown: boolean): ListenerRow[] {
  // Connections are attributed to the listener on their local port; a specific address wins over a wildcard.
  const byPort = new Map<number, ListenerRow[]>();
  const rows: ListenerRow[] = listenerSockets.map((s) => {
    const row: ListenerRow = {
      family: s.family,
      address: s.local.address,
      port: s.local.port,
      acceptQueue: s.recvQ,
      backlog: backlogKnown ? s.sendQ : null,
      synRecv: 0,
      states: makeStateCounts(),
      process: s.process,
    };
    const list = byPort.get(row.port);
    if (list === undefined) byPort.set(row.port, [row]);
    else list.push(row);
    return row;
  });
  if (rows.length === 0) return rows;
  for (const s of sockets) {
    if (s.state === 'LISTEN') continue;
    const candidates = byPort.get(s.local.port);
    if (candidates === undefined) continue;
    const row = pickListener(candidates, s);
    if (row === undefined) continue;
    row.states[s.state]++;
    if (s.state === 'SYN_RECV') row.synRecv++;
  }
  rows.sort((a, b) => a.port - b.port || a.family - b.family || compareKeys(a.address, b.address));
  return rows;
}

// The listener a connection came in through: same address first, then a wildcard of the same family, then any wildcard (dual-stack ::).
function pickListener(candidates: readonly ListenerRow[], s: SocketRecord): ListenerRow | undefined {
  if (candidates.length === 1) {
    const only = candidates[0];
    return only !== undefined && (only.address === s.local.address || isWildcard(only.address)) ? only : undefined;
  }
  return (
    candidates.find((c) => c.address === s.local.address) ??
    candidates.find((c) => isWildcard(c.address) && c.family === s.family) ??
    candidates.find((c) => c.address === '::')
  );
}

// State counts of a after minus b, for --watch deltas.
export function diffStateCounts(current: StateCounts, previous: StateCounts): StateCounts {
  const out = makeStateCounts();
  for (const key of Object.keys(out) as TcpState[]) out[key] = current[key] - previous[key];
  return out;
}
