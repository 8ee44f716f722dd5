// Builds the status tables one socket at a time without keeping the sockets: per-port and
// per-peer state counts live in typed arrays, so 100k sockets allocate almost nothing.
// Listeners must be known up front (the kernel dumps them first; callers pass them in).
import type { ProcessRef, SocketRecord } from '../../model/socket.js';
import { TCP_STATES, makeStateCounts, type TcpState } from '../../model/tcp-state.js';
import type { AggregateOptions, Inventory, ListenerRow, PortRow, ProcessRow, RemoteHostRow, RemoteRow, StateCounts } from './inventory-types.js';
import { selectTop } from './select-top.js';

const STATE_COUNT = TCP_STATES.length;
// Slot layout per port or peer: 11 state counters, then the total.
const SLOTS = STATE_COUNT + 1;
const STATE_INDEX = Object.fromEntries(TCP_STATES.map((s, i) => [s, i])) as Record<TcpState, number>;

const EMPTY_OWNERS: readonly ProcessRef[] = [];

function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// "ADDRESS:PORT", with IPv6 in brackets as ss and browsers print it.
export function formatEndpointKey(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function countsFromSlots(slots: Uint32Array, base: number): StateCounts {
  const out = makeStateCounts();
  for (let i = 0; i < STATE_COUNT; i++) out[TCP_STATES[i]!] = slots[base + i] ?? 0;
  return out;
}

export class InventoryBuilder {
  private readonly options: AggregateOptions;
  private readonly states = makeStateCounts();
  private readonly unowned = makeStateCounts();
  private total = 0;
  private readonly listeners: ListenerRow[];
  private readonly listenersByPort = new Map<number, ListenerRow[]>();
  private readonly ports = new Uint32Array(65536 * SLOTS);
  // Peer address -> port -> slot index into peerSlots.
  private readonly peers = new Map<string, Map<number, number>>();
  private peerSlots = new Uint32Array(1024 * SLOTS);
  private peerCount = 0;
  // Peer address alone -> slot index into hostSlots (client ports folded together).
  private readonly hosts = new Map<string, number>();
  private hostSlots = new Uint32Array(256 * SLOTS);
  private readonly processes = new Map<number, ProcessRow>();

  // listenerSockets: the LISTEN sockets of the same scan, with owners attached when scanned.
  constructor(listenerSockets: readonly SocketRecord[], options: AggregateOptions) {
    this.options = options;
    this.listeners = listenerSockets
      .filter((s) => s.state === 'LISTEN')
      .map((s) => ({
        family: s.family,
        address: s.local.address,
        port: s.local.port,
        acceptQueue: s.recvQ,
        backlog: options.backlogKnown ? s.sendQ : null,
        synRecv: 0,
        states: makeStateCounts(),
        process: s.process,
      }));
    for (const row of this.listeners) {
      const list = this.listenersByPort.get(row.port);
      if (list === undefined) this.listenersByPort.set(row.port, [row]);
      else list.push(row);
    }
  }

  // Counts one socket. The socket is not kept, so callers may reuse one scratch record.
  add(s: SocketRecord): void {
    const state = s.state;
    const index = STATE_INDEX[state];
    this.total++;
    this.states[state]++;
    if (this.options.withProcesses) this.countOwners(s.processes, state);
    if (state === 'LISTEN') return;
    const portBase = s.local.port * SLOTS;
    this.ports[portBase + index]!++;
    this.ports[portBase + STATE_COUNT]!++;
    if (!(s.remote.port === 0 && isWildcard(s.remote.address))) {
      const slot = this.peerSlot(s.remote.address, s.remote.port) * SLOTS;
      this.peerSlots[slot + index]!++;
      this.peerSlots[slot + STATE_COUNT]!++;
      const host = this.hostSlot(s.remote.address) * SLOTS;
      this.hostSlots[host + index]!++;
      this.hostSlots[host + STATE_COUNT]!++;
    }
    const candidates = this.listenersByPort.get(s.local.port);
    if (candidates !== undefined) {
      const row = pickListener(candidates, s);
      if (row !== undefined) {
        row.states[state]++;
        if (state === 'SYN_RECV') row.synRecv++;
      }
    }
  }

  private countOwners(owners: readonly ProcessRef[] = EMPTY_OWNERS, state: TcpState): void {
    if (owners.length === 0) {
      this.unowned[state]++;
      return;
    }
    // A socket shared by several processes counts once per distinct process.
    let previousPid = -1;
    for (const p of owners) {
      if (p.pid === previousPid) continue;
      previousPid = p.pid;
      let row = this.processes.get(p.pid);
      if (row === undefined) {
        row = { key: String(p.pid), pid: p.pid, command: p.command, total: 0, states: makeStateCounts() };
        this.processes.set(p.pid, row);
      }
      row.total++;
      row.states[state]++;
    }
  }

  private peerSlot(address: string, port: number): number {
    let byPort = this.peers.get(address);
    if (byPort === undefined) {
      byPort = new Map();
      this.peers.set(address, byPort);
    }
    let slot = byPort.get(port);
    if (slot === undefined) {
      slot = this.peerCount++;
      byPort.set(port, slot);
      if ((slot + 1) * SLOTS > this.peerSlots.length) {
        const grown = new Uint32Array(this.peerSlots.length * 2);
        grown.set(this.peerSlots);
        this.peerSlots = grown;
      }
    }
    return slot;
  }

  private hostSlot(address: string): number {
    let slot = this.hosts.get(address);
    if (slot === undefined) {
      slot = this.hosts.size;
      this.hosts.set(address, slot);
      if ((slot + 1) * SLOTS > this.hostSlots.length) {
        const grown = new Uint32Array(this.hostSlots.length * 2);
        grown.set(this.hostSlots);
        this.hostSlots = grown;
      }
    }
    return slot;
  }

  // The finished tables.
  finish(): Inventory {
    const top = this.options.top;
    const ports = this.ports;
    const portTotals = function* (): Generator<[number, number]> {
      for (let port = 0; port < 65536; port++) {
        const total = ports[port * SLOTS + STATE_COUNT] ?? 0;
        if (total > 0) yield [port, total];
      }
    };
    const listening = new Set(this.listeners.map((l) => l.port));
    const portRows: PortRow[] = selectTop(portTotals(), top, (a, b) => a - b).map(([port, total]) => ({
      key: String(port),
      port,
      listening: listening.has(port),
      total,
      states: countsFromSlots(ports, port * SLOTS),
    }));
    const peers = this.peers;
    const peerSlots = this.peerSlots;
    const peerTotals = function* (): Generator<[[string, number, number], number]> {
      for (const [address, byPort] of peers) for (const [port, slot] of byPort) yield [[address, port, slot], peerSlots[slot * SLOTS + STATE_COUNT] ?? 0];
    };
    const remoteRows: RemoteRow[] = selectTop(peerTotals(), top, (a, b) => compareStrings(a[0], b[0]) || a[1] - b[1]).map(([[address, port, slot], total]) => ({
      key: formatEndpointKey(address, port),
      address,
      port,
      total,
      states: countsFromSlots(peerSlots, slot * SLOTS),
    }));
    const hostSlots = this.hostSlots;
    const hostTotals = function* (hosts: Map<string, number>): Generator<[[string, number], number]> {
      for (const [address, slot] of hosts) yield [[address, slot], hostSlots[slot * SLOTS + STATE_COUNT] ?? 0];
    };
    const hostRows: RemoteHostRow[] = selectTop(hostTotals(this.hosts), top, (a, b) => compareStrings(a[0], b[0])).map(([[address, slot], total]) => ({
      key: address,
      address,
      total,
      states: countsFromSlots(hostSlots, slot * SLOTS),
    }));
    const processRows = selectTop(
      [...this.processes.values()].map((row): [ProcessRow, number] => [row, row.total]),
      top,
      (a, b) => a.pid - b.pid,
    ).map(([row]) => row);
    const listeners = [...this.listeners].sort((a, b) => a.port - b.port || a.family - b.family || compareStrings(a.address, b.address));
    return { total: this.total, states: { ...this.states }, listeners, ports: portRows, remotes: remoteRows, remoteHosts: hostRows, processes: processRows, unowned: { ...this.unowned } };
  }
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
