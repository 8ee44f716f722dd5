// The per-segment bookkeeping of a connection: both endpoints' states and Zeek's state and
// history, driven by the tracker after the sequence analysis.
import { TCP_FLAGS } from '../../model/segment.js';
import { seqGt } from '../../tcp/seq.js';
import { stepEndpoint, type EndpointState } from '../../tcp/state-machine.js';
import { MAX_STATES, type Connection } from './connection.js';
import { EXPERT } from './expert.js';
import type { FlowTable } from './flow.js';
import { HISTORY_BIT, historyBitsFor, historyLetters, stepZeekPeer, stepZeekSender } from './zeek.js';

const { FIN, SYN, RST, ACK } = TCP_FLAGS;
export const RETRANSMITS = EXPERT.retransmission | EXPERT.fastRetransmission | EXPERT.spuriousRetransmission;

// Moves both endpoints' RFC 9293 states for one segment, with the capture-specific fix-ups
// (simultaneous open and close, a RST from a port nobody listened on).
export function updateStates(conn: Connection, t: FlowTable, rev: number, fromClient: boolean, flags: number, ack: number): void {
  const senderState = fromClient ? conn.clientState : conn.serverState;
  const receiverState = fromClient ? conn.serverState : conn.clientState;
  // Most segments are plain data and ACKs: sending one never moves the sender, and receiving one moves the
  // receiver only while it waits for its SYN or FIN to be acknowledged.
  if (
    (flags & (SYN | FIN | RST)) === 0 &&
    receiverState !== 'SYN_RECV' &&
    receiverState !== 'FIN_WAIT1' &&
    receiverState !== 'CLOSING' &&
    receiverState !== 'LAST_ACK'
  ) {
    return;
  }
  let nextSender = stepEndpoint(senderState, { direction: 'send', flags, acksOurFin: false });
  const revFin = t.finTime[rev]! >= 0;
  const acksFin = (flags & ACK) !== 0 && revFin && seqGt(ack, t.finSeq[rev]!);
  const nextReceiver = stepEndpoint(receiverState, { direction: 'recv', flags, acksOurFin: acksFin });
  const senderStates = fromClient ? conn.clientStates : conn.serverStates;
  // FINs that crossed: the sender's FIN does not ACK the peer's FIN, so it closed before it saw the peer's
  // FIN (simultaneous close) - it went FIN_WAIT1 then CLOSING, not CLOSE_WAIT.
  if ((flags & FIN) !== 0 && senderState === 'CLOSE_WAIT' && revFin && !acksFin) {
    senderStates[senderStates.length - 1] = 'FIN_WAIT1';
    nextSender = 'CLOSING';
  }
  // A SYN from the side that was thought to be listening: simultaneous open (it was never listening).
  if (!fromClient && (flags & (SYN | ACK)) === SYN && senderState === 'LISTEN' && t.sawSyn[rev] === 1) {
    senderStates.length = 0;
    senderStates.push('CLOSED', 'SYN_SENT');
    nextSender = 'SYN_RECV';
  }
  // A RST answering a SYN that was never accepted: nobody was listening.
  if (!fromClient && (flags & RST) !== 0 && senderState === 'LISTEN' && !conn.serverAnsweredSyn) {
    senderStates.length = 0;
    senderStates.push('CLOSED');
  }
  if (nextSender !== senderState) pushState(senderStates, nextSender);
  if (nextReceiver !== receiverState) pushState(fromClient ? conn.serverStates : conn.clientStates, nextReceiver);
  if (fromClient) {
    conn.clientState = nextSender;
    conn.serverState = nextReceiver;
  } else {
    conn.serverState = nextSender;
    conn.clientState = nextReceiver;
  }
}

// Advances Zeek's conn_state and appends history letters for one segment.
export function updateHistory(conn: Connection, t: FlowTable, fwd: number, rev: number, fromClient: boolean, flags: number, seglen: number, expert: number, zero: boolean): void {
  // A segment like the previous one from this side (same flags, data or not, no expert flag) adds nothing.
  const kind = flags | (seglen > 0 ? 0x100 : 0) | (zero ? 0x200 : 0);
  if (expert === 0 && t.lastKind[fwd] === kind) return;
  t.lastKind[fwd] = kind;
  const before = t.zeekState[fwd]!;
  const after = stepZeekSender(before, t.zeekState[rev]!, flags);
  if (after !== before) {
    t.zeekState[fwd] = after;
    t.zeekState[rev] = stepZeekPeer(t.zeekState[rev]!, after);
  }
  const retrans = (expert & RETRANSMITS) !== 0;
  const bits = historyBitsFor(flags, seglen, retrans, zero, (expert & EXPERT.lostSegment) !== 0);
  const seen = t.historyMask[fwd]!;
  // Zeek repeats t and w at 10, 100, 1000 occurrences; other letters appear once per direction.
  const r = t.retransmits[fwd]!;
  const w = t.zeroWindows[fwd]!;
  const repeat = (retrans && (r === 10 || r === 100 || r === 1000) ? 1 << HISTORY_BIT.t : 0) | (zero && (w === 10 || w === 100 || w === 1000) ? 1 << HISTORY_BIT.w : 0);
  const fresh = (bits & ~seen) | repeat;
  if (fresh !== 0) {
    t.historyMask[fwd] = seen | bits;
    if (conn.history.length < 64) conn.history += historyLetters(fresh, fromClient);
  }
}

function pushState(list: EndpointState[], state: EndpointState): void {
  if (list.length < MAX_STATES && list[list.length - 1] !== state) list.push(state);
}
