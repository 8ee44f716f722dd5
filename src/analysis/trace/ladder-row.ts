// One row of a ladder diagram: a segment (or an ICMP error) of one connection, as the analysis saw it.
import type { EndpointState } from '../../tcp/state-machine.js';

export interface LadderRow {
  kind: 'tcp' | 'icmp';
  frame: number;
  time: number;
  fromClient: boolean;
  flags: number;
  relSeq: number;
  relAck: number;
  length: number;
  // Window in bytes (scaled when both SYNs carried window scale).
  window: number;
  expert: number;
  dupAckNum: number;
  clientState: EndpointState;
  serverState: EndpointState;
  mss: number | null;
  windowScale: number | null;
  sackPermitted: boolean;
  // For ICMP rows: type/code and who sent it.
  icmp: { type: number; code: number; reporter: string; family: 4 | 6 } | null;
}
