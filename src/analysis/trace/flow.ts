// One direction of a connection: the per-direction facts Wireshark's sequence analysis keeps, plus counters.

// Per-direction analysis state. A class so every instance shares one shape (fast property access on the hot path).
export class Flow {
  // Address and port of the sender of this direction.
  readonly address: string;
  readonly port: number;
  // Initial sequence number (or the guess seq-1 when the capture starts midstream).
  baseSeq = 0;
  baseSet = false;
  sawSyn = false;
  sawSynAck = false;
  // Relative next expected sequence number; 0 means "not known yet", as in Wireshark.
  nextSeq = 0;
  nextSeqTime = 0;
  maxSeqToBeAcked = 0;
  // Last relative ACK this direction sent and when.
  lastAck = 0;
  lastAckTime = 0;
  // Raw (unscaled) window last advertised; starts at "no window seen" so the first segment is never a window update.
  window = 0xffffffff;
  // Window scale shift: -1 unknown (no SYN seen), -2 not in use, else the shift.
  winScale = -1;
  // Whether the last window came from a SYN (SYN windows are never scaled).
  windowFromSyn = false;
  // Duplicate ACK counter (-1 after an "ACKed unseen segment", as Wireshark does).
  dupAckNum = 0;
  // Expert flags of the last segment in this direction (keep-alive ACK and probe ACK look at them).
  lastSegmentFlags = 0;
  // Counters.
  packets = 0;
  payloadBytes = 0;
  frameBytes = 0;
  // Time and relative sequence of this side's FIN and RST; -1 when not seen.
  finTime = -1;
  finSeq = 0;
  rstTime = -1;
  synCount = 0;
  firstSynTime = -1;
  lastSynTime = -1;
  // Zero-window bookkeeping: when the current zero-window period began (-1 none) and the longest one.
  zeroSince = -1;
  zeroLongest = 0;
  lastDataTime = -1;
  // Zeek endpoint state (see zeek.ts) and history letters already recorded (bit per letter).
  zeekState = 0;
  historyMask = 0;
  retransmits = 0;
  zeroWindows = 0;

  constructor(address: string, port: number) {
    this.address = address;
    this.port = port;
  }
}
