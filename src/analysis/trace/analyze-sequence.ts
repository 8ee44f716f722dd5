// Wireshark's TCP sequence analysis for one segment, check for check in the order of
// epan/dissectors/packet-tcp.c tcp_analyze_sequence_number(). Works on relative numbers, as Wireshark does.
import { TCP_FLAGS } from '../../model/segment.js';
import { seqGt, seqLe, seqLt } from '../../tcp/seq.js';
import { EXPERT } from './expert.js';
import type { Flow } from './flow.js';

const { FIN, SYN, RST, ACK } = TCP_FLAGS;
const SFR = SYN | FIN | RST;

// Analyses one segment sent on `fwd` (the peer's direction is `rev`) and updates both; returns the expert flag bits.
// `irtt` is the connection's handshake RTT in seconds (-1 unknown); `time` in seconds.
export function analyzeSequence(fwd: Flow, rev: Flow, seq: number, ack: number, seglen: number, flags: number, window: number, time: number, irtt: number): number {
  let ta = 0;
  let skipToFinished = false;

  // Zero window probe: exactly one byte at the next expected sequence number while the peer's window is zero.
  if (seglen === 1 && seq === fwd.nextSeq && rev.window === 0) {
    ta |= EXPERT.zeroWindowProbe;
    skipToFinished = true;
  }
  if (!skipToFinished) {
    // Zero window: this side advertises no room (SYN/FIN/RST excluded).
    if (window === 0 && (flags & SFR) === 0) ta |= EXPERT.zeroWindow;
    // Previous segment not captured: the segment starts beyond what we expected.
    if (fwd.nextSeq !== 0 && seqGt(seq, fwd.nextSeq) && (flags & RST) === 0) ta |= EXPERT.lostSegment;
    // Keep-alive: 0 or 1 byte starting one byte before the next expected sequence number.
    if ((seglen === 0 || seglen === 1) && seq === ((fwd.nextSeq - 1) >>> 0) && (flags & SFR) === 0) ta |= EXPERT.keepAlive;
    // Window update: nothing but a new non-zero window.
    if (seglen === 0 && window !== 0 && window !== fwd.window && seq === fwd.nextSeq && ack === fwd.lastAck && (flags & SFR) === 0) {
      ta |= EXPERT.windowUpdate;
    }
    // Window full: the data reaches exactly the right edge of the peer's advertised window (scale known).
    if (seglen > 0 && rev.winScale !== -1 && (flags & SFR) === 0) {
      const shift = rev.windowFromSyn || rev.winScale === -2 ? 0 : rev.winScale;
      if (((seq + seglen) >>> 0) === ((rev.lastAck + rev.window * 2 ** shift) >>> 0)) ta |= EXPERT.windowFull;
    }
    const repeatsAck = seglen === 0 && window === fwd.window && seq === fwd.nextSeq && ack === fwd.lastAck && (flags & SFR) === 0;
    if (repeatsAck && window !== 0 && (rev.lastSegmentFlags & EXPERT.keepAlive) !== 0) {
      ta |= EXPERT.keepAliveAck;
      skipToFinished = true;
    } else if (repeatsAck && window === 0 && (rev.lastSegmentFlags & EXPERT.zeroWindowProbe) !== 0) {
      ta |= EXPERT.zeroWindowProbeAck;
      skipToFinished = true;
    } else if (repeatsAck && window !== 0) {
      // Duplicate ACK; a previous "ACKed unseen segment" left -1, which counts as the first duplicate.
      fwd.dupAckNum = fwd.dupAckNum === -1 ? 1 : fwd.dupAckNum + 1;
      ta |= EXPERT.duplicateAck;
    }
  }

  // finished_fwd: a new ACK value resets the duplicate counter.
  if (ack !== fwd.lastAck) fwd.dupAckNum = 0;

  // ACKed unseen segment: the ACK covers data we never saw from the peer.
  if (rev.maxSeqToBeAcked !== 0 && seqGt(ack, rev.maxSeqToBeAcked) && (flags & ACK) !== 0) {
    if (seqGt(rev.maxSeqToBeAcked, rev.nextSeq)) {
      rev.maxSeqToBeAcked = rev.nextSeq;
      ta |= EXPERT.ackedUnseen;
    } else {
      if (rev.dupAckNum === 0) ta |= EXPERT.ackedUnseen;
      rev.dupAckNum = -1;
    }
  }

  // Retransmission family, for segments that carry data, SYN or FIN (keep-alives excepted).
  if ((seglen > 0 || (flags & (SYN | FIN)) !== 0) && (ta & EXPERT.keepAlive) === 0) {
    let seqNotAdvanced = fwd.nextSeq !== 0 && seqLt(seq, fwd.nextSeq);
    // New data right after a zero-window probe byte is not a retransmission.
    if (seglen > 1 && ((fwd.nextSeq - 1) >>> 0) === seq) seqNotAdvanced = false;
    if (seglen > 0 && rev.lastAck !== 0 && seqLe((seq + seglen) >>> 0, rev.lastAck)) {
      ta |= EXPERT.spuriousRetransmission;
    } else if (seqNotAdvanced && rev.dupAckNum >= 2 && rev.lastAck === seq && time - rev.lastAckTime < 0.02) {
      ta |= EXPERT.fastRetransmission;
    } else if (
      seqNotAdvanced &&
      time - fwd.nextSeqTime < (irtt > 0 ? irtt : 0.003) &&
      fwd.nextSeq !== ((seq + seglen + ((flags & (SYN | FIN)) !== 0 ? 1 : 0)) >>> 0)
    ) {
      ta |= EXPERT.outOfOrder;
    } else if (seqNotAdvanced) {
      ta |= EXPERT.retransmission;
    }
  }

  // finished_checking_retransmission_type: advance nextseq (zero-window probes do not).
  let nextSeq = (seq + seglen) >>> 0;
  if ((flags & (SYN | FIN)) !== 0) nextSeq = (nextSeq + 1) >>> 0;
  const isProbe = (ta & EXPERT.zeroWindowProbe) !== 0;
  if ((seqGt(nextSeq, fwd.nextSeq) || fwd.nextSeq === 0) && !isProbe) {
    fwd.nextSeq = nextSeq;
    fwd.nextSeqTime = time;
  }
  if ((seq === fwd.maxSeqToBeAcked || fwd.maxSeqToBeAcked === 0) && !isProbe) fwd.maxSeqToBeAcked = fwd.nextSeq;

  fwd.window = window;
  fwd.lastAck = ack;
  fwd.lastAckTime = time;
  fwd.lastSegmentFlags = ta;
  return ta;
}
