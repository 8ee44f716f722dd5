// Zeek's connection vocabulary: endpoint states, conn_state and history letters
// (zeek scripts/base/protocols/conn/main.zeek, conn_state(); TCP endpoint states of the TCP analyzer).
import { TCP_FLAGS } from '../../model/segment.js';

// Zeek TCP endpoint states.
export const ZEEK = { INACTIVE: 0, SYN_SENT: 1, SYN_ACK_SENT: 2, PARTIAL: 3, ESTABLISHED: 4, CLOSED: 5, RESET: 6 } as const;

// Zeek conn_state values.
export type ConnState = 'S0' | 'S1' | 'SF' | 'REJ' | 'S2' | 'S3' | 'RSTO' | 'RSTR' | 'RSTOS0' | 'RSTRH' | 'SH' | 'SHR' | 'OTH';

const { FIN, SYN, RST, ACK } = TCP_FLAGS;

// Next Zeek endpoint state for the sender of a segment, given the peer's state.
export function stepZeekSender(own: number, peer: number, flags: number): number {
  if ((flags & RST) !== 0) return ZEEK.RESET;
  if (own === ZEEK.RESET) return own;
  if ((flags & FIN) !== 0) return ZEEK.CLOSED;
  if (own === ZEEK.CLOSED) return own;
  if ((flags & SYN) !== 0) {
    if ((flags & ACK) !== 0) return own === ZEEK.INACTIVE || own === ZEEK.SYN_SENT ? ZEEK.SYN_ACK_SENT : own;
    return own === ZEEK.INACTIVE ? ZEEK.SYN_SENT : own;
  }
  if (own === ZEEK.INACTIVE) return ZEEK.PARTIAL;
  // The originator's ACK of a SYN-ACK completes the handshake for this side.
  if (own === ZEEK.SYN_SENT && (flags & ACK) !== 0 && peer === ZEEK.SYN_ACK_SENT) return ZEEK.ESTABLISHED;
  return own;
}

// The peer's Zeek state after it sees the sender's state change (a SYN-ACK sender becomes established once acked).
export function stepZeekPeer(peer: number, sender: number): number {
  if (peer === ZEEK.SYN_ACK_SENT && sender === ZEEK.ESTABLISHED) return ZEEK.ESTABLISHED;
  return peer;
}

// conn_state from both endpoints' final states and whether any payload flowed (Zeek's conn_state function).
export function computeConnState(orig: number, resp: number, origBytes: number, respBytes: number): ConnState {
  const oInactive = orig === ZEEK.INACTIVE || orig === ZEEK.PARTIAL;
  const rInactive = resp === ZEEK.INACTIVE || resp === ZEEK.PARTIAL;
  if (resp === ZEEK.RESET) {
    if (orig === ZEEK.SYN_SENT || orig === ZEEK.SYN_ACK_SENT || (orig === ZEEK.RESET && origBytes === 0 && respBytes === 0)) return 'REJ';
    return oInactive ? 'RSTRH' : 'RSTR';
  }
  if (orig === ZEEK.RESET) return rInactive ? 'RSTOS0' : 'RSTO';
  if (resp === ZEEK.CLOSED && orig === ZEEK.CLOSED) return 'SF';
  if (orig === ZEEK.CLOSED) return rInactive ? 'SH' : 'S2';
  if (resp === ZEEK.CLOSED) return oInactive ? 'SHR' : 'S3';
  if (orig === ZEEK.SYN_SENT && resp === ZEEK.INACTIVE) return 'S0';
  if (orig === ZEEK.ESTABLISHED && resp === ZEEK.ESTABLISHED) return 'S1';
  return 'OTH';
}

// History letters in the order of the bit used to remember them.
const LETTERS = 'shadfrtwgq';

// Index of a history letter in the per-direction bitmask.
export const HISTORY_BIT = { s: 0, h: 1, a: 2, d: 3, f: 4, r: 5, t: 6, w: 7, g: 8, q: 9 } as const;

// The history letters a segment adds (lower case; the caller upper-cases for the originator), as a bitmask.
export function historyBitsFor(flags: number, payloadLength: number, retransmitted: boolean, zeroWindow: boolean, gap: boolean): number {
  let bits = 0;
  const syn = (flags & SYN) !== 0;
  const fin = (flags & FIN) !== 0;
  const rst = (flags & RST) !== 0;
  const ack = (flags & ACK) !== 0;
  // A segment with more than one of SYN, FIN, RST is a "multi-flag" oddity.
  if ((syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0) > 1) bits |= 1 << HISTORY_BIT.q;
  else if (syn) bits |= 1 << (ack ? HISTORY_BIT.h : HISTORY_BIT.s);
  else if (fin) bits |= 1 << HISTORY_BIT.f;
  else if (rst) bits |= 1 << HISTORY_BIT.r;
  else if (ack && payloadLength === 0) bits |= 1 << HISTORY_BIT.a;
  if (payloadLength > 0) bits |= 1 << HISTORY_BIT.d;
  if (retransmitted && payloadLength > 0) bits |= 1 << HISTORY_BIT.t;
  if (zeroWindow) bits |= 1 << HISTORY_BIT.w;
  if (gap) bits |= 1 << HISTORY_BIT.g;
  return bits;
}

// Letters for the bits in a mask that are not yet in `seen`, in Zeek's usual order, upper case for the originator.
export function historyLetters(newBits: number, originator: boolean): string {
  let out = '';
  for (let i = 0; i < LETTERS.length; i++) {
    if ((newBits & (1 << i)) !== 0) {
      const letter = LETTERS[i] as string;
      out += originator ? letter.toUpperCase() : letter;
    }
  }
  return out;
}
