// The released form of a connection: plain data for tables, ladders and JSON (schema tcpdoc.trace/1).
import type { EndpointState } from '../../tcp/state-machine.js';
import type { Connection } from './connection.js';
import { directionIndex, type FlowTable } from './flow.js';
import { EXPERT_NAMES, type ExpertName } from './expert.js';
import { computeConnState, type ConnState } from './zeek.js';
import { diagnoseConnection, type Diagnosis } from './diagnose.js';

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

// Builds the summary of a connection from its object and its table slot (called when the tracker releases it).
export function summarizeConnection(conn: Connection, t: FlowTable): ConnectionSummary {
  const slot = conn.slot;
  const c = directionIndex(slot, conn.clientIsA);
  const s = directionIndex(slot, !conn.clientIsA);
  const flags: Partial<Record<ExpertName, number>> = {};
  if (conn.expert !== null) {
    for (let i = 0; i < EXPERT_NAMES.length; i++) {
      const n = conn.expert[i] ?? 0;
      if (n > 0) flags[EXPERT_NAMES[i] as ExpertName] = n;
    }
  }
  const start = t.start[slot]!;
  const end = t.lastTime[slot]!;
  const zero = (d: number): number => Math.max(t.zeroLongest[d]!, t.zeroSince[d]! >= 0 ? end - t.zeroSince[d]! : 0);
  const irtt = t.irtt[slot]!;
  const clientIsA = conn.clientIsA;
  const summary: ConnectionSummary = {
    id: conn.id,
    family: conn.family,
    client: clientIsA ? { address: conn.aAddress, port: conn.aPort } : { address: conn.bAddress, port: conn.bPort },
    server: clientIsA ? { address: conn.bAddress, port: conn.bPort } : { address: conn.aAddress, port: conn.aPort },
    roleInferred: conn.roleInferred,
    outcome: computeConnState(t.zeekState[c]!, t.zeekState[s]!, t.payloadBytes[c]!, t.payloadBytes[s]!),
    history: conn.history,
    completeness: t.completeness[slot]!,
    firstFrame: conn.firstFrame,
    packets: { toServer: t.packets[c]!, toClient: t.packets[s]! },
    bytes: { toServer: t.payloadBytes[c]!, toClient: t.payloadBytes[s]! },
    frameBytes: { toServer: t.frameBytes[c]!, toClient: t.frameBytes[s]! },
    start,
    end,
    duration: roundToNanoseconds(end - start),
    rtt: irtt >= 0 ? roundToNanoseconds(irtt) : null,
    synAttempts: t.synCount[c]!,
    states: { client: conn.clientStates, server: conn.serverStates },
    closedBy: conn.firstCloser,
    closeKind: conn.closeKind,
    flags,
    zeroWindow: { client: roundToNanoseconds(zero(c)), server: roundToNanoseconds(zero(s)) },
    icmp: conn.icmp === null ? [] : conn.icmp.map((e) => ({ time: e.time, frame: e.frame, reporter: e.reporter, type: e.type, code: e.code, family: e.family, mtu: e.mtu })),
    diagnosis: [],
  };
  summary.diagnosis = diagnoseConnection(summary, {
    clientSynTimes: { first: t.firstSynTime[c]!, last: t.lastSynTime[c]! },
    lastClientDataTime: t.lastClientData[slot]!,
    serverLastDataTime: t.lastDataTime[s]!,
    serverRstTime: t.rstTime[s]!,
    clientRstTime: t.rstTime[c]!,
    serverAnsweredSyn: conn.serverAnsweredSyn,
  });
  return summary;
}

// Differences of two epoch times carry float noise (0.0026841163635253906); captures
// resolve nanoseconds at best, so nothing real is lost.
export function roundToNanoseconds(seconds: number): number {
  return Math.round(seconds * 1e9) / 1e9;
}
