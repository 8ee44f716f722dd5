// A connection being tracked: both directions, roles, timing, states and what was attached to it.
import type { EndpointState } from '../../tcp/state-machine.js';
import type { IcmpError } from '../../model/segment.js';
import { Flow } from './flow.js';

// At most this many state changes are kept per side (a normal connection has under ten).
export const MAX_STATES = 24;
// At most this many ICMP errors are kept per connection (the rest are only counted).
export const MAX_ICMP = 8;

// Live per-connection state. `a` is the side that sent the first segment seen; `client` points at one of the flows.
export class Connection {
  readonly id: number;
  readonly key: string;
  readonly family: 4 | 6;
  readonly a: Flow;
  readonly b: Flow;
  // Which flow is the client (the SYN sender) - decided at the first SYN, or inferred from ports midstream.
  clientIsA = true;
  roleInferred = true;
  firstFrame: number;
  start: number;
  lastTime: number;
  // iRTT as Wireshark computes it: first pure ACK after the most recent SYN; -1 until known.
  mruSynTime = -1;
  irtt = -1;
  // Wireshark tcp.completeness bits.
  completeness = 0;
  // Expert flag counts for this connection, indexed by bit (see expert.ts).
  readonly expert = new Uint32Array(16);
  // Endpoint states inferred per side (client, server) and their sequences (changes only).
  clientState: EndpointState = 'CLOSED';
  serverState: EndpointState = 'LISTEN';
  clientStates: EndpointState[] = ['CLOSED'];
  serverStates: EndpointState[] = ['LISTEN'];
  serverAnsweredSyn = false;
  history = '';
  icmp: IcmpError[] = [];
  icmpCount = 0;
  // Set when the connection is over (both FINs acknowledged or a RST); -1 while open.
  closedAt = -1;
  // Who closed or reset first: 'client' | 'server' | null.
  firstCloser: 'client' | 'server' | null = null;
  closeKind: 'fin' | 'rst' | null = null;
  // Time of the last client payload before the server's RST, for "reset N ms after the request".
  lastClientDataTime = -1;
  released = false;

  constructor(id: number, key: string, family: 4 | 6, a: Flow, b: Flow, frame: number, time: number) {
    this.id = id;
    this.key = key;
    this.family = family;
    this.a = a;
    this.b = b;
    this.firstFrame = frame;
    this.start = time;
    this.lastTime = time;
  }

  get client(): Flow {
    return this.clientIsA ? this.a : this.b;
  }

  get server(): Flow {
    return this.clientIsA ? this.b : this.a;
  }
}
