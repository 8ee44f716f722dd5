// The released form of a connection: plain data for tables, ladders and JSON (schema tcpdoc.trace/1).
import type { EndpointState } from '../../tcp/state-machine.js';
import type { Connection } from './connection.js';
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

// Builds the summary of a connection (called when the tracker releases it).
export function summarizeConnection(conn: Connection): ConnectionSummary {
  const c = conn.client;
  const s = conn.server;
  const flags: Partial<Record<ExpertName, number>> = {};
  for (let i = 0; i < EXPERT_NAMES.length; i++) {
    const n = conn.expert[i] ?? 0;
    if (n > 0) flags[EXPERT_NAMES[i] as ExpertName] = n;
  }
  const zero = (f: typeof c) => Math.max(f.zeroLongest, f.zeroSince >= 0 ? conn.lastTime - f.zeroSince : 0);
  const summary: ConnectionSummary = {
    id: conn.id,
    family: conn.family,
    client: { address: c.address, port: c.port },
    server: { address: s.address, port: s.port },
    roleInferred: conn.roleInferred,
    outcome: computeConnState(c.zeekState, s.zeekState, c.payloadBytes, s.payloadBytes),
    history: conn.history,
    completeness: conn.completeness,
    firstFrame: conn.firstFrame,
    packets: { toServer: c.packets, toClient: s.packets },
    bytes: { toServer: c.payloadBytes, toClient: s.payloadBytes },
    frameBytes: { toServer: c.frameBytes, toClient: s.frameBytes },
    start: conn.start,
    end: conn.lastTime,
    duration: conn.lastTime - conn.start,
    rtt: conn.irtt >= 0 ? conn.irtt : null,
    synAttempts: c.synCount,
    states: { client: [...conn.clientStates], server: [...conn.serverStates] },
    closedBy: conn.firstCloser,
    closeKind: conn.closeKind,
    flags,
    zeroWindow: { client: zero(c), server: zero(s) },
    icmp: conn.icmp.map((e) => ({ time: e.time, frame: e.frame, reporter: e.reporter, type: e.type, code: e.code, family: e.family, mtu: e.mtu })),
    diagnosis: [],
  };
  summary.diagnosis = diagnoseConnection(summary, {
    clientSynTimes: { first: c.firstSynTime, last: c.lastSynTime },
    lastClientDataTime: conn.lastClientDataTime,
    serverLastDataTime: s.lastDataTime,
    serverRstTime: s.rstTime,
    clientRstTime: c.rstTime,
    serverAnsweredSyn: conn.serverAnsweredSyn,
  });
  return summary;
}
