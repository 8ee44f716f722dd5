// Per-connection numbers in typed arrays, one array per field (structure of arrays), not in objects: a JS
// object per direction carries a dozen boxed doubles, and copying those through the young generation cost
// more than the analysis. Connection `slot` k owns index k of the connection arrays and indexes 2k (direction
// A, the first sender) and 2k+1 (direction B) of the direction arrays.

// Direction index of a connection slot's A or B side.
export function directionIndex(slot: number, isA: boolean): number {
  return isA ? slot * 2 : slot * 2 + 1;
}

// Field arrays for every live connection, with a free list of slots; grows by doubling.
export class FlowTable {
  capacity: number;
  // Capture time of the segment being analysed (a field, not an argument: see analyzeSequence). It starts
  // fractional so that V8 stores it unboxed from the first write.
  clock = 0.5;
  // Connection fields.
  start: Float64Array;
  lastTime: Float64Array;
  // Time of the most recent SYN (Wireshark's ts_mru_syn), -1 none.
  mruSynTime: Float64Array;
  // Handshake RTT (Wireshark's iRTT), -1 unknown.
  irtt: Float64Array;
  // When the connection ended (both FINs or a RST), -1 while open.
  closedAt: Float64Array;
  lastClientData: Float64Array;
  // Wireshark tcp.completeness bits.
  completeness: Int32Array;
  // Direction fields. Sequence numbers are relative, as Wireshark analyses them.
  baseSeq: Float64Array;
  baseSet: Uint8Array;
  sawSyn: Uint8Array;
  // Next expected relative sequence number; 0 means "not known yet", as in Wireshark.
  nextSeq: Float64Array;
  nextSeqTime: Float64Array;
  maxSeqToBeAcked: Float64Array;
  lastAck: Float64Array;
  lastAckTime: Float64Array;
  // Raw (unscaled) window last advertised; starts at 0xffffffff so the first segment is never a window update.
  window: Float64Array;
  // Window scale shift: -1 unknown (no SYN seen), -2 not in use, else the shift.
  winScale: Int8Array;
  windowFromSyn: Uint8Array;
  // Duplicate ACKs in a row with the same ACK number (-1 after an "ACKed unseen segment", as Wireshark does).
  dupAckNum: Int32Array;
  // Expert flags of the last segment in this direction.
  lastSegFlags: Int32Array;
  packets: Float64Array;
  payloadBytes: Float64Array;
  frameBytes: Float64Array;
  finTime: Float64Array;
  finSeq: Float64Array;
  rstTime: Float64Array;
  synCount: Int32Array;
  firstSynTime: Float64Array;
  lastSynTime: Float64Array;
  // Start of the current zero-window period (-1 none) and the longest one so far.
  zeroSince: Float64Array;
  zeroLongest: Float64Array;
  lastDataTime: Float64Array;
  // Zeek endpoint state (zeek.ts) and the history letters already recorded (bit per letter).
  zeekState: Uint8Array;
  historyMask: Int32Array;
  // Flags and data/zero-window bits of the last segment from this side (-1 none), to skip repeats.
  lastKind: Int32Array;
  retransmits: Int32Array;
  zeroWindows: Int32Array;
  private free: number[] = [];
  private used = 0;

  constructor(capacity = 1024) {
    this.capacity = capacity;
    const n = capacity;
    const d = capacity * 2;
    this.start = new Float64Array(n);
    this.lastTime = new Float64Array(n);
    this.mruSynTime = new Float64Array(n);
    this.irtt = new Float64Array(n);
    this.closedAt = new Float64Array(n);
    this.lastClientData = new Float64Array(n);
    this.completeness = new Int32Array(n);
    this.baseSeq = new Float64Array(d);
    this.baseSet = new Uint8Array(d);
    this.sawSyn = new Uint8Array(d);
    this.nextSeq = new Float64Array(d);
    this.nextSeqTime = new Float64Array(d);
    this.maxSeqToBeAcked = new Float64Array(d);
    this.lastAck = new Float64Array(d);
    this.lastAckTime = new Float64Array(d);
    this.window = new Float64Array(d);
    this.winScale = new Int8Array(d);
    this.windowFromSyn = new Uint8Array(d);
    this.dupAckNum = new Int32Array(d);
    this.lastSegFlags = new Int32Array(d);
    this.packets = new Float64Array(d);
    this.payloadBytes = new Float64Array(d);
    this.frameBytes = new Float64Array(d);
    this.finTime = new Float64Array(d);
    this.finSeq = new Float64Array(d);
    this.rstTime = new Float64Array(d);
    this.synCount = new Int32Array(d);
    this.firstSynTime = new Float64Array(d);
    this.lastSynTime = new Float64Array(d);
    this.zeroSince = new Float64Array(d);
    this.zeroLongest = new Float64Array(d);
    this.lastDataTime = new Float64Array(d);
    this.zeekState = new Uint8Array(d);
    this.historyMask = new Int32Array(d);
    this.lastKind = new Int32Array(d);
    this.retransmits = new Int32Array(d);
    this.zeroWindows = new Int32Array(d);
  }

  // A slot with every field at its initial value.
  allocate(): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      if (this.used === this.capacity) this.grow();
      slot = this.used++;
    }
    this.start[slot] = 0;
    this.lastTime[slot] = 0;
    this.mruSynTime[slot] = -1;
    this.irtt[slot] = -1;
    this.closedAt[slot] = -1;
    this.lastClientData[slot] = -1;
    this.completeness[slot] = 0;
    this.resetDirection(slot * 2);
    this.resetDirection(slot * 2 + 1);
    return slot;
  }

  // Returns a slot to the free list.
  release(slot: number): void {
    this.free.push(slot);
  }

  private resetDirection(d: number): void {
    this.baseSeq[d] = 0;
    this.baseSet[d] = 0;
    this.sawSyn[d] = 0;
    this.nextSeq[d] = 0;
    this.nextSeqTime[d] = 0;
    this.maxSeqToBeAcked[d] = 0;
    this.lastAck[d] = 0;
    this.lastAckTime[d] = 0;
    this.window[d] = 0xffffffff;
    this.winScale[d] = -1;
    this.windowFromSyn[d] = 0;
    this.dupAckNum[d] = 0;
    this.lastSegFlags[d] = 0;
    this.packets[d] = 0;
    this.payloadBytes[d] = 0;
    this.frameBytes[d] = 0;
    this.finTime[d] = -1;
    this.finSeq[d] = 0;
    this.rstTime[d] = -1;
    this.synCount[d] = 0;
    this.firstSynTime[d] = -1;
    this.lastSynTime[d] = -1;
    this.zeroSince[d] = -1;
    this.zeroLongest[d] = 0;
    this.lastDataTime[d] = -1;
    this.zeekState[d] = 0;
    this.historyMask[d] = 0;
    this.lastKind[d] = -1;
    this.retransmits[d] = 0;
    this.zeroWindows[d] = 0;
  }

  private grow(): void {
    const next = new FlowTable(this.capacity * 2);
    for (const key of Object.keys(this) as (keyof this)[]) {
      const value = this[key];
      if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
        const target = next[key as keyof FlowTable] as unknown as { set: (src: ArrayLike<number>) => void };
        target.set(value as unknown as ArrayLike<number>);
        (this as Record<string, unknown>)[key as string] = target;
      }
    }
    this.capacity = next.capacity;
  }
}
