// The released form of a connection: plain data for tables, ladders and JSON (schema tcpdoc.trace/1).
import type { EndpointState } from '../../tcp/state-machine.js';
import type { Connection } from './connection.js';
import { directionIndex, type FlowTable } from './flow.js';
import { EXPERT_NAMES, type ExpertName } from './expert.js';
import { computeConnState, type ConnState } from './zeek.js';
import { diagnoseConnection, type Diagnosis, type DiagnosisFacts } from './diagnose.js';

export interface EndpointSummary {
  address: string;
  port: number;
}

export interface IcmpSummary {
  time: number;
  frame: number;
  reporter: string;
  type: number;
  code: number;
  family: 4 | 6;
  mtu: number | null;
}

export interface ConnectionSummary {
  id: number;
  family: 4 | 6;
  client: EndpointSummary;
  server: EndpointSummary;
  // True when no SYN was seen and client/server were guessed from the ports.
  roleInferred: boolean;
  outcome: ConnState;
  history: string;
  // Wireshark's tcp.completeness bits.
  completeness: number;
  firstFrame: number;
  packets: { toServer: number; toClient: number };
  // TCP payload bytes each way.
  bytes: { toServer: number; toClient: number };
  // Frame bytes each way, as tshark's conversation table counts them (0 for text input).
  frameBytes: { toServer: number; toClient: number };
  start: number;
  end: number;
  duration: number;
  // Handshake round-trip time (Wireshark's iRTT) in seconds, or null.
  rtt: number | null;
  synAttempts: number;
  states: { client: EndpointState[]; server: EndpointState[] };
  closedBy: 'client' | 'server' | null;
  closeKind: 'fin' | 'rst' | null;
  // Expert flags that occurred, with counts (flags that did not occur are left out).
  flags: Partial<Record<ExpertName, number>>;
  // Longest zero-window period each side advertised, in seconds.
  zeroWindow: { client: number; server: number };
  icmp: IcmpSummary[];
  diagnosis: Diagnosis[];
}

// Shared by reused summaries that have no flags or ICMP errors; frozen, since a reused summary is only read.
const NO_FLAGS: Partial<Record<ExpertName, number>> = Object.freeze({});
const NO_ICMP: IcmpSummary[] = Object.freeze([]) as unknown as IcmpSummary[];

// The flags that occurred, or null when none did.
function collectFlags(conn: Connection): Partial<Record<ExpertName, number>> | null {
  if (conn.expert === null) return null;
  let flags: Partial<Record<ExpertName, number>> | null = null;
  for (let i = 0; i < EXPERT_NAMES.length; i++) {
    const n = conn.expert[i] ?? 0;
    if (n > 0) (flags ??= {})[EXPERT_NAMES[i] as ExpertName] = n;
  }
  return flags;
}

function copyIcmp(conn: Connection): IcmpSummary[] | null {
  return conn.icmp === null ? null : conn.icmp.map((e) => ({ time: e.time, frame: e.frame, reporter: e.reporter, type: e.type, code: e.code, family: e.family, mtu: e.mtu }));
}

// Longest zero-window period of direction d, counting one still open at the end.
function longestZeroWindow(t: FlowTable, d: number, end: number): number {
  return roundToNanoseconds(Math.max(t.zeroLongest[d]!, t.zeroSince[d]! >= 0 ? end - t.zeroSince[d]! : 0));
}

// An empty summary to pass to summarizeConnection as `into`.
export function makeSummaryScratch(): ConnectionSummary {
  return {
    id: 0,
    family: 4,
    client: { address: '', port: 0 },
    server: { address: '', port: 0 },
    roleInferred: false,
    outcome: 'OTH',
    history: '',
    completeness: 0,
    firstFrame: 0,
    packets: { toServer: 0, toClient: 0 },
    bytes: { toServer: 0, toClient: 0 },
    frameBytes: { toServer: 0, toClient: 0 },
    start: 0.5,
    end: 0.5,
    duration: 0.5,
    rtt: null,
    synAttempts: 0,
    states: { client: [], server: [] },
    closedBy: null,
    closeKind: null,
    flags: NO_FLAGS,
    zeroWindow: { client: 0.5, server: 0.5 },
    icmp: NO_ICMP,
    diagnosis: [],
  };
}

// Fills `into` (from makeSummaryScratch) in place: for consumers that use each summary before the next
// one is made (streaming JSON), which then allocates little per connection.
export function summarizeConnectionInto(conn: Connection, t: FlowTable, into: ConnectionSummary): ConnectionSummary {
  const slot = conn.slot;
  const c = directionIndex(slot, conn.clientIsA);
  const s = directionIndex(slot, !conn.clientIsA);
  const a = conn.clientIsA;
  const start = t.start[slot]!;
  const end = t.lastTime[slot]!;
  const irtt = t.irtt[slot]!;
  into.id = conn.id;
  into.family = conn.family;
  into.client.address = a ? conn.aAddress : conn.bAddress;
  into.client.port = a ? conn.aPort : conn.bPort;
  into.server.address = a ? conn.bAddress : conn.aAddress;
  into.server.port = a ? conn.bPort : conn.aPort;
  into.roleInferred = conn.roleInferred;
  into.outcome = computeConnState(t.zeekState[c]!, t.zeekState[s]!, t.payloadBytes[c]!, t.payloadBytes[s]!);
  into.history = conn.history;
  into.completeness = t.completeness[slot]!;
  into.firstFrame = conn.firstFrame;
  into.packets.toServer = t.packets[c]!;
  into.packets.toClient = t.packets[s]!;
  into.bytes.toServer = t.payloadBytes[c]!;
  into.bytes.toClient = t.payloadBytes[s]!;
  into.frameBytes.toServer = t.frameBytes[c]!;
  into.frameBytes.toClient = t.frameBytes[s]!;
  into.start = start;
  into.end = end;
  into.duration = roundToNanoseconds(end - start);
  into.rtt = irtt >= 0 ? roundToNanoseconds(irtt) : null;
  into.synAttempts = t.synCount[c]!;
  into.states.client = conn.clientStates;
  into.states.server = conn.serverStates;
  into.closedBy = conn.firstCloser;
  into.closeKind = conn.closeKind;
  into.flags = collectFlags(conn) ?? NO_FLAGS;
  into.zeroWindow.client = longestZeroWindow(t, c, end);
  into.zeroWindow.server = longestZeroWindow(t, s, end);
  into.icmp = copyIcmp(conn) ?? NO_ICMP;
  into.diagnosis = diagnoseConnection(into, fillFacts(conn, t, c, s, FACTS));
  return into;
}

// One facts object for every summary: diagnoseConnection reads it and keeps nothing of it.
const FACTS: DiagnosisFacts = { clientSynTimes: { first: 0.5, last: 0.5 }, lastClientDataTime: 0.5, serverLastDataTime: 0.5, serverRstTime: 0.5, clientRstTime: 0.5, serverAnsweredSyn: false };

function fillFacts(conn: Connection, t: FlowTable, c: number, s: number, into: DiagnosisFacts): DiagnosisFacts {
  into.clientSynTimes.first = t.firstSynTime[c]!;
  into.clientSynTimes.last = t.lastSynTime[c]!;
  into.lastClientDataTime = t.lastClientData[conn.slot]!;
  into.serverLastDataTime = t.lastDataTime[s]!;
  into.serverRstTime = t.rstTime[s]!;
  into.clientRstTime = t.rstTime[c]!;
  into.serverAnsweredSyn = conn.serverAnsweredSyn;
  return into;
}

// Builds the summary of a connection from its object and its table slot (called when the tracker releases it).
// The summary is the caller's to keep: nothing in it is shared with other summaries.
export function summarizeConnection(conn: Connection, t: FlowTable): ConnectionSummary {
  const summary = summarizeConnectionInto(conn, t, makeSummaryScratch());
  if (summary.flags === NO_FLAGS) summary.flags = {};
  if (summary.icmp === NO_ICMP) summary.icmp = [];
  return summary;
}

// Differences of two epoch times carry float noise (0.0026841163635253906); captures
// resolve nanoseconds at best, so nothing real is lost.
export function roundToNanoseconds(seconds: number): number {
  return Math.round(seconds * 1e9) / 1e9;
}
