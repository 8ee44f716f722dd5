// A connection being tracked: identity, roles, states and attachments. Its numbers (timing, per-direction
// sequence analysis and counters) live in the tracker's FlowTable (flow.ts) at index `slot`.
import type { EndpointState } from '../../tcp/state-machine.js';
import type { IcmpError } from '../../model/segment.js';

// At most this many state changes are kept per side (a normal connection has under ten).
export const MAX_STATES = 24;
// At most this many ICMP errors are kept per connection (the rest are only counted).
export const MAX_ICMP = 8;

// Live per-connection state. Direction A is the side that sent the first segment seen.
export class Connection {
  readonly id: number;
  // The two endpoint keys (address id * 65536 + port): the tracker files the connection under keyLo, then keyHi.
  // Not readonly: the tracker renumbers addresses (and so these) when it compacts its address ids.
  keyLo: number;
  keyHi: number;
  // Whether direction A's endpoint is keyLo: a segment is from A exactly when its source key sorts the same way.
  aIsLo: boolean;
  readonly family: 4 | 6;
  readonly aAddress: string;
  readonly aPort: number;
  readonly bAddress: string;
  readonly bPort: number;
  // This connection's index in the FlowTable.
  readonly slot: number;
  // Whether direction A is the client (the SYN sender) - decided at the first SYN, or inferred from ports midstream.
  clientIsA = true;
  roleInferred = true;
  readonly firstFrame: number;
  // Expert flag counts, indexed by bit (expert.ts); allocated at the first flag.
  expert: number[] | null = null;
  // Endpoint states inferred per side and their sequences (changes only).
  clientState: EndpointState = 'CLOSED';
  serverState: EndpointState = 'LISTEN';
  clientStates: EndpointState[] = ['CLOSED'];
  serverStates: EndpointState[] = ['LISTEN'];
  serverAnsweredSyn = false;
  history = '';
  icmp: IcmpError[] | null = null;
  icmpCount = 0;
  // Who closed or reset first, and how.
  firstCloser: 'client' | 'server' | null = null;
  closeKind: 'fin' | 'rst' | null = null;
  released = false;

  constructor(id: number, keyLo: number, keyHi: number, aIsLo: boolean, family: 4 | 6, aAddress: string, aPort: number, bAddress: string, bPort: number, slot: number, frame: number) {
    this.id = id;
    this.keyLo = keyLo;
    this.keyHi = keyHi;
    this.aIsLo = aIsLo;
    this.family = family;
    this.aAddress = aAddress;
    this.aPort = aPort;
    this.bAddress = bAddress;
    this.bPort = bPort;
    this.slot = slot;
    this.firstFrame = frame;
  }
}
