// The connection tracker: feeds each segment to its connection, runs the analysis, and releases finished
// connections as summaries so memory stays bounded on captures of any size.
import { TCP_FLAGS, type IcmpError, type Segment } from '../../model/segment.js';
import { seqGt } from '../../tcp/seq.js';
import { stepEndpoint, type EndpointState } from '../../tcp/state-machine.js';
import { analyzeSequence } from './analyze-sequence.js';
import { Connection, MAX_ICMP, MAX_STATES } from './connection.js';
import { EXPERT } from './expert.js';
import { Flow } from './flow.js';
import { HISTORY_BIT, historyBitsFor, historyLetters, stepZeekPeer, stepZeekSender } from './zeek.js';

const { FIN, SYN, RST, ACK } = TCP_FLAGS;

export interface TrackerOptions {
  // Capture seconds a closed connection is kept for late segments (retransmitted FINs, final ACKs) before release.
  closeGrace?: number;
  // Capture seconds without a segment after which an open connection is released as it stands.
  idleTimeout?: number;
  // Live connections above which the oldest are released early (a hard memory bound).
  maxLive?: number;
  // Called once per connection when it is released (closed + grace, idle, evicted, or at finish()).
  onRelease: (conn: Connection) => void;
}

// What the tracker learnt about the last segment pushed; one object reused for every packet.
export interface SegmentResult {
  conn: Connection | null;
  fromClient: boolean;
  relSeq: number;
  relAck: number;
  // Window in bytes after scaling (when both SYNs carried window scale), else the raw field.
  window: number;
  expert: number;
  dupAckNum: number;
  clientState: EndpointState;
  serverState: EndpointState;
}

const SWEEP_EVERY = 8192;

// Tracks connections across a stream of segments; pure (time comes from the segments).
export class Tracker {
  readonly live = new Map<string, Connection>();
  readonly last: SegmentResult = { conn: null, fromClient: true, relSeq: 0, relAck: 0, window: 0, expert: 0, dupAckNum: 0, clientState: 'CLOSED', serverState: 'CLOSED' };
  packets = 0;
  connections = 0;
  icmpErrors = 0;
  icmpUnattached = 0;
  private readonly closeGrace: number;
  private readonly idleTimeout: number;
  private readonly maxLive: number;
  private readonly onRelease: (conn: Connection) => void;
  private closedQueue: Connection[] = [];
  private closedHead = 0;
  private now = 0;
  private lastIdleSweep = 0;
  private sinceSweep = 0;

  constructor(options: TrackerOptions) {
    this.closeGrace = options.closeGrace ?? 60;
    this.idleTimeout = options.idleTimeout ?? 900;
    this.maxLive = options.maxLive ?? 500_000;
    this.onRelease = options.onRelease;
  }

  // Analyses one TCP segment; the result is in `this.last` until the next call.
  push(s: Segment): SegmentResult {
    this.packets++;
    const time = s.time;
    if (time > this.now) this.now = time;
    const src = s.src;
    const dst = s.dst;
    const flags = s.flags;
    const ordered = src < dst || (src === dst && s.srcPort < s.dstPort);
    const key = ordered ? src + ' ' + s.srcPort + ' ' + dst + ' ' + s.dstPort : dst + ' ' + s.dstPort + ' ' + src + ' ' + s.srcPort;
    let conn = this.live.get(key);
    let reused = false;
    if (conn !== undefined) {
      const fwdIsA = conn.a.port === s.srcPort && conn.a.address === src;
      const fwd = fwdIsA ? conn.a : conn.b;
      // A new SYN with a different ISN on a known 4-tuple starts a new connection (Wireshark's "reused ports").
      if ((flags & (SYN | ACK)) === SYN && fwd.baseSet && s.seq !== fwd.baseSeq) {
        this.release(conn);
        conn = undefined;
        reused = true;
      }
    }
    if (conn === undefined) conn = this.open(key, s);
    const fromA = conn.a.port === s.srcPort && conn.a.address === src;
    const fwd = fromA ? conn.a : conn.b;
    const rev = fromA ? conn.b : conn.a;
    const fromClient = fromA === conn.clientIsA;
    conn.lastTime = time;

    // Base sequence numbers (packet-tcp.c): the SYN's ISN, else seq-1; the peer's from the first ACK.
    if (!fwd.baseSet) {
      fwd.baseSeq = (flags & SYN) !== 0 ? s.seq : (s.seq - 1) >>> 0;
      fwd.baseSet = true;
    }
    if (!rev.baseSet && (flags & ACK) !== 0) {
      rev.baseSeq = (s.ack - 1) >>> 0;
      rev.baseSet = true;
    }
    const seq = (s.seq - fwd.baseSeq) >>> 0;
    const ack = (flags & ACK) !== 0 ? (s.ack - rev.baseSeq) >>> 0 : s.ack;
    const seglen = s.payloadLength;

    // Window scaling applies only when both SYNs carried the option.
    if ((flags & SYN) !== 0) {
      const ws = s.options.windowScale;
      if ((flags & ACK) !== 0) {
        fwd.winScale = ws !== undefined && rev.winScale >= 0 ? ws : -2;
        if (fwd.winScale === -2 && rev.winScale !== -1) rev.winScale = -2;
      } else {
        fwd.winScale = ws !== undefined ? ws : -2;
      }
    }

    // iRTT: first segment with ACK and no SYN after the most recent SYN.
    if ((flags & SYN) !== 0 && (flags & ACK) === 0) conn.mruSynTime = time;
    else if ((flags & (SYN | ACK)) === ACK && conn.mruSynTime >= 0 && conn.irtt < 0) conn.irtt = time - conn.mruSynTime;

    let expert = analyzeSequence(fwd, rev, seq, ack, seglen, flags, s.window, time, conn.irtt);
    fwd.windowFromSyn = (flags & SYN) !== 0;
    if (reused) expert |= EXPERT.reusedPorts;
    if ((flags & RST) !== 0) expert |= EXPERT.rst;
    if (expert !== 0) {
      for (let m = expert, i = 0; m !== 0; m >>>= 1, i++) if ((m & 1) !== 0) conn.expert[i]!++;
    }

    // Counters and completeness bits (1 SYN, 2 SYN-ACK, 4 ACK, 8 data, 16 FIN, 32 RST).
    fwd.packets++;
    fwd.payloadBytes += seglen;
    fwd.frameBytes += s.frameLength ?? 0;
    if ((flags & SYN) !== 0) {
      conn.completeness |= (flags & ACK) !== 0 ? 2 : 1;
      fwd.synCount++;
      if (fwd.firstSynTime < 0) fwd.firstSynTime = time;
      fwd.lastSynTime = time;
      if ((flags & ACK) !== 0) {
        fwd.sawSynAck = true;
        if (!fromClient) conn.serverAnsweredSyn = true;
      } else fwd.sawSyn = true;
    } else if ((flags & ACK) !== 0) conn.completeness |= 4;
    if (seglen > 0) {
      conn.completeness |= 8;
      fwd.lastDataTime = time;
      if (fromClient) conn.lastClientDataTime = time;
    }
    if ((flags & FIN) !== 0) {
      conn.completeness |= 16;
      if (fwd.finTime < 0) {
        fwd.finTime = time;
        fwd.finSeq = (seq + seglen) >>> 0;
        if (conn.firstCloser === null) {
          conn.firstCloser = fromClient ? 'client' : 'server';
          conn.closeKind = 'fin';
        }
        if (rev.finTime >= 0 && conn.closedAt < 0) this.markClosed(conn, time);
      }
    }
    if ((flags & RST) !== 0) {
      conn.completeness |= 32;
      if (fwd.rstTime < 0) fwd.rstTime = time;
      if (conn.firstCloser === null || conn.closeKind === 'fin') {
        if (conn.firstCloser === null) conn.firstCloser = fromClient ? 'client' : 'server';
        if (conn.firstCloser === (fromClient ? 'client' : 'server') || conn.closeKind === null) conn.closeKind = 'rst';
      }
      if (conn.closedAt < 0) this.markClosed(conn, time);
    }
    if (s.window === 0 && (flags & (SYN | FIN | RST)) === 0) {
      if (fwd.zeroSince < 0) fwd.zeroSince = time;
      fwd.zeroWindows++;
    } else if (fwd.zeroSince >= 0 && s.window !== 0) {
      const d = time - fwd.zeroSince;
      if (d > fwd.zeroLongest) fwd.zeroLongest = d;
      fwd.zeroSince = -1;
    }
    if ((expert & (EXPERT.retransmission | EXPERT.fastRetransmission | EXPERT.spuriousRetransmission)) !== 0) fwd.retransmits++;

    this.updateStates(conn, rev, fromClient, flags, ack);
    this.updateHistory(conn, fwd, rev, fromClient, flags, seglen, expert, s.window === 0 && (flags & (SYN | FIN | RST)) === 0);

    const r = this.last;
    r.conn = conn;
    r.fromClient = fromClient;
    r.relSeq = seq;
    r.relAck = (flags & ACK) !== 0 ? ack : 0;
    r.window = (flags & SYN) === 0 && fwd.winScale >= 0 ? s.window * 2 ** fwd.winScale : s.window;
    r.expert = expert;
    r.dupAckNum = (expert & EXPERT.duplicateAck) !== 0 ? fwd.dupAckNum : 0;
    r.clientState = conn.clientState;
    r.serverState = conn.serverState;

    if (++this.sinceSweep >= SWEEP_EVERY) this.sweep();
    return r;
  }

  // Attaches an ICMP error to the connection it quotes; counts it when no such connection is live.
  pushIcmp(e: IcmpError): Connection | null {
    this.icmpErrors++;
    if (e.time > this.now) this.now = e.time;
    const q = e.quoted;
    const ordered = q.src < q.dst || (q.src === q.dst && q.srcPort < q.dstPort);
    const key = ordered ? q.src + ' ' + q.srcPort + ' ' + q.dst + ' ' + q.dstPort : q.dst + ' ' + q.dstPort + ' ' + q.src + ' ' + q.srcPort;
    const conn = this.live.get(key);
    if (conn === undefined) {
      this.icmpUnattached++;
      return null;
    }
    conn.icmpCount++;
    if (conn.icmp.length < MAX_ICMP) conn.icmp.push(e);
    conn.lastTime = e.time;
    return conn;
  }

  // Releases connections whose grace period or idle timeout has passed (capture time), and enforces maxLive.
  sweep(): void {
    this.sinceSweep = 0;
    const now = this.now;
    const q = this.closedQueue;
    while (this.closedHead < q.length) {
      const c = q[this.closedHead]!;
      if (!c.released && c.closedAt + this.closeGrace > now) break;
      this.closedHead++;
      if (!c.released) this.release(c);
    }
    if (this.closedHead > 4096 && this.closedHead * 2 > q.length) {
      this.closedQueue = q.slice(this.closedHead);
      this.closedHead = 0;
    }
    if (now - this.lastIdleSweep >= this.idleTimeout / 4) {
      this.lastIdleSweep = now;
      for (const c of this.live.values()) if (c.lastTime + this.idleTimeout < now) this.release(c);
    }
    if (this.live.size > this.maxLive) {
      // Map iteration is insertion order: the oldest connections go first.
      let excess = this.live.size - this.maxLive;
      for (const c of this.live.values()) {
        if (excess-- <= 0) break;
        this.release(c);
      }
    }
  }

  // Releases every live connection, in the order they started (end of capture).
  finish(): void {
    const all = [...this.live.values()].sort((x, y) => x.id - y.id);
    for (const c of all) this.release(c);
    this.closedQueue = [];
    this.closedHead = 0;
  }

  private open(key: string, s: Segment): Connection {
    const a = new Flow(s.src, s.srcPort);
    const b = new Flow(s.dst, s.dstPort);
    const conn = new Connection(++this.connections, key, s.family, a, b, s.frame, s.time);
    const f = s.flags;
    if ((f & (SYN | ACK)) === SYN) {
      conn.clientIsA = true;
      conn.roleInferred = false;
    } else if ((f & (SYN | ACK)) === (SYN | ACK)) {
      conn.clientIsA = false;
      conn.roleInferred = false;
      conn.clientState = 'SYN_SENT';
      conn.clientStates = ['SYN_SENT'];
    } else {
      // Midstream: the lower port is most likely the service; ties go to the first sender as client.
      conn.clientIsA = s.srcPort >= s.dstPort;
      conn.clientState = 'ESTABLISHED';
      conn.serverState = 'ESTABLISHED';
      conn.clientStates = ['ESTABLISHED'];
      conn.serverStates = ['ESTABLISHED'];
    }
    this.live.set(key, conn);
    return conn;
  }

  private markClosed(conn: Connection, time: number): void {
    conn.closedAt = time;
    this.closedQueue.push(conn);
  }

  private release(conn: Connection): void {
    if (conn.released) return;
    conn.released = true;
    if (this.live.get(conn.key) === conn) this.live.delete(conn.key);
    this.onRelease(conn);
  }

  private updateStates(conn: Connection, rev: Flow, fromClient: boolean, flags: number, ack: number): void {
    const senderState = fromClient ? conn.clientState : conn.serverState;
    const receiverState = fromClient ? conn.serverState : conn.clientState;
    let nextSender = stepEndpoint(senderState, { direction: 'send', flags, acksOurFin: false });
    const acksFin = (flags & ACK) !== 0 && rev.finTime >= 0 && seqGt(ack, rev.finSeq);
    const nextReceiver = stepEndpoint(receiverState, { direction: 'recv', flags, acksOurFin: acksFin });
    const senderStates = fromClient ? conn.clientStates : conn.serverStates;
    // FINs that crossed: the sender's FIN does not ACK the peer's FIN, so it closed before it saw the peer's
    // FIN (simultaneous close) - it went FIN_WAIT1 then CLOSING, not CLOSE_WAIT.
    if ((flags & FIN) !== 0 && senderState === 'CLOSE_WAIT' && rev.finTime >= 0 && !acksFin) {
      senderStates[senderStates.length - 1] = 'FIN_WAIT1';
      nextSender = 'CLOSING';
    }
    // A SYN from the side that was thought to be listening: simultaneous open (it was never listening).
    if (!fromClient && (flags & (SYN | ACK)) === SYN && senderState === 'LISTEN' && rev.sawSyn) {
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

  private updateHistory(conn: Connection, fwd: Flow, rev: Flow, fromClient: boolean, flags: number, seglen: number, expert: number, zero: boolean): void {
    const before = fwd.zeekState;
    fwd.zeekState = stepZeekSender(fwd.zeekState, rev.zeekState, flags);
    if (fwd.zeekState !== before) rev.zeekState = stepZeekPeer(rev.zeekState, fwd.zeekState);
    const retrans = (expert & (EXPERT.retransmission | EXPERT.fastRetransmission | EXPERT.spuriousRetransmission)) !== 0;
    const bits = historyBitsFor(flags, seglen, retrans, zero, (expert & EXPERT.lostSegment) !== 0);
    // Zeek repeats t and w at 10, 100, 1000... occurrences; other letters once per direction.
    const repeat = (fwd.retransmits === 10 || fwd.retransmits === 100 || fwd.retransmits === 1000) && retrans ? 1 << HISTORY_BIT.t : 0;
    const repeatW = zero && (fwd.zeroWindows === 10 || fwd.zeroWindows === 100 || fwd.zeroWindows === 1000) ? 1 << HISTORY_BIT.w : 0;
    const fresh = (bits & ~fwd.historyMask) | repeat | repeatW;
    if (fresh !== 0) {
      fwd.historyMask |= bits;
      if (conn.history.length < 64) conn.history += historyLetters(fresh, fromClient);
    }
  }
}

function pushState(list: EndpointState[], state: EndpointState): void {
  if (list.length < MAX_STATES && list[list.length - 1] !== state) list.push(state);
}
