// Wireshark's TCP sequence analysis for one segment, check for check in the order of
// epan/dissectors/packet-tcp.c tcp_analyze_sequence_number(). Works on relative numbers, as Wireshark does.
import { TCP_FLAGS } from '../../model/segment.js';
import { seqGt, seqLe, seqLt } from '../../tcp/seq.js';
import { EXPERT } from './expert.js';
import type { FlowTable } from './flow.js';

const { FIN, SYN, RST, ACK } = TCP_FLAGS;
const SFR = SYN | FIN | RST;

// Analyses one segment of connection `slot` sent on direction `fwd` (the peer's direction is `rev`; all
// index the table `t`) at time `t.clock`, and updates both directions; returns the expert flag bits.
// Times are read from the table rather than passed: a fractional number passed to a call that is not
// inlined is boxed, and that was most of the per-packet garbage.
export function analyzeSequence(t: FlowTable, slot: number, fwd: number, rev: number, seq: number, ack: number, seglen: number, flags: number, window: number): number {
  const time = t.clock;
  // Handshake RTT in seconds (-1 unknown).
  const irtt = t.irtt[slot]!;
  let ta = 0;
  let skipToFinished = false;
  const fwdNext = t.nextSeq[fwd]!;
  const fwdLastAck = t.lastAck[fwd]!;
  const fwdWindow = t.window[fwd]!;
  const revWindow = t.window[rev]!;
  const revLastAck = t.lastAck[rev]!;

  // Zero window probe: exactly one byte at the next expected sequence number while the peer's window is zero.
  if (seglen === 1 && seq === fwdNext && revWindow === 0) {
    ta |= EXPERT.zeroWindowProbe;
    skipToFinished = true;
  }
  if (!skipToFinished) {
    const noSfr = (flags & SFR) === 0;
    // Zero window: this side advertises no room (SYN/FIN/RST excluded).
    if (window === 0 && noSfr) ta |= EXPERT.zeroWindow;
    // Previous segment not captured: the segment starts beyond what we expected.
    if (fwdNext !== 0 && seqGt(seq, fwdNext) && (flags & RST) === 0) ta |= EXPERT.lostSegment;
    // Keep-alive: 0 or 1 byte starting one byte before the next expected sequence number.
    if (seglen <= 1 && seq === (fwdNext - 1) >>> 0 && noSfr) ta |= EXPERT.keepAlive;
    // Window update: nothing but a new non-zero window.
    if (seglen === 0 && window !== 0 && window !== fwdWindow && seq === fwdNext && ack === fwdLastAck && noSfr) ta |= EXPERT.windowUpdate;
    // Window full: the data reaches exactly the right edge of the peer's advertised window (scale known).
    const revScale = t.winScale[rev]!;
    if (seglen > 0 && revScale !== -1 && noSfr) {
      const shift = t.windowFromSyn[rev] === 1 || revScale === -2 ? 0 : revScale;
      if ((seq + seglen) >>> 0 === (revLastAck + (revWindow << (shift > 14 ? 14 : shift))) >>> 0) ta |= EXPERT.windowFull;
    }
    if (seglen === 0 && window === fwdWindow && seq === fwdNext && ack === fwdLastAck && noSfr) {
      const revLast = t.lastSegFlags[rev]!;
      if (window !== 0 && (revLast & EXPERT.keepAlive) !== 0) {
        ta |= EXPERT.keepAliveAck;
      } else if (window === 0 && (revLast & EXPERT.zeroWindowProbe) !== 0) {
        ta |= EXPERT.zeroWindowProbeAck;
      } else if (window !== 0) {
        // A counter parked at -1 by "ACKed unseen segment" restarts at 1.
        const d = t.dupAckNum[fwd]!;
        t.dupAckNum[fwd] = d === -1 ? 1 : d + 1;
        ta |= EXPERT.duplicateAck;
      }
    }
  }

  // finished_fwd: a new ACK value resets the duplicate counter.
  if (ack !== fwdLastAck) t.dupAckNum[fwd] = 0;

  // ACKed unseen segment: the ACK covers data we never saw from the peer. Repeats for the same gap are
  // suppressed while the peer sends nothing but data (its duplicate-ACK counter parks at -1), as upstream
  // Wireshark does.
  const revMax = t.maxSeqToBeAcked[rev]!;
  if (revMax !== 0 && (flags & ACK) !== 0 && seqGt(ack, revMax)) {
    if (revMax > t.nextSeq[rev]!) {
      t.maxSeqToBeAcked[rev] = t.nextSeq[rev]!;
      ta |= EXPERT.ackedUnseen;
    } else {
      if (t.dupAckNum[rev] === 0) ta |= EXPERT.ackedUnseen;
      t.dupAckNum[rev] = -1;
    }
  }

  // Retransmission family, for segments that carry data, SYN or FIN (keep-alives excepted).
  if ((seglen > 0 || (flags & (SYN | FIN)) !== 0) && (ta & EXPERT.keepAlive) === 0) {
    let seqNotAdvanced = fwdNext !== 0 && seqLt(seq, fwdNext);
    // New data right after a zero-window probe byte is not a retransmission.
    if (seglen > 1 && (fwdNext - 1) >>> 0 === seq) seqNotAdvanced = false;
    if (seglen > 0 && revLastAck !== 0 && seqLe((seq + seglen) >>> 0, revLastAck)) {
      ta |= EXPERT.spuriousRetransmission;
    } else if (seqNotAdvanced && t.dupAckNum[rev]! >= 2 && revLastAck === seq && time - t.lastAckTime[rev]! < 0.02) {
      ta |= EXPERT.fastRetransmission;
    } else if (
      seqNotAdvanced &&
      time - t.nextSeqTime[fwd]! < (irtt > 0 ? irtt : 0.003) &&
      fwdNext !== (seq + seglen + ((flags & (SYN | FIN)) !== 0 ? 1 : 0)) >>> 0
    ) {
      ta |= EXPERT.outOfOrder;
    } else if (seqNotAdvanced) {
      ta |= EXPERT.retransmission;
    }
  }

  // finished_checking_retransmission_type: advance nextseq (zero-window probes do not).
  let nextSeq = (seq + seglen) >>> 0;
  if ((flags & (SYN | FIN)) !== 0) nextSeq = (nextSeq + 1) >>> 0;
  const notProbe = (ta & EXPERT.zeroWindowProbe) === 0;
  if ((fwdNext === 0 || seqGt(nextSeq, fwdNext)) && notProbe) {
    t.nextSeq[fwd] = nextSeq;
    t.nextSeqTime[fwd] = time;
  }
  const fwdMax = t.maxSeqToBeAcked[fwd]!;
  if ((seq === fwdMax || fwdMax === 0) && notProbe) t.maxSeqToBeAcked[fwd] = t.nextSeq[fwd]!;

  t.window[fwd] = window;
  t.lastAck[fwd] = ack;
  t.lastAckTime[fwd] = time;
  t.lastSegFlags[fwd] = ta;
  return ta;
}
