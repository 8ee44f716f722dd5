// The connection tracker: feeds each segment to its connection, runs the analysis, and releases finished
// connections so memory stays bounded on captures of any size.
import { TCP_FLAGS, type IcmpError, type Segment } from '../../model/segment.js';
import type { EndpointState } from '../../tcp/state-machine.js';
import { analyzeSequence } from './analyze-sequence.js';
import { Connection, MAX_ICMP } from './connection.js';
import { AddressIds } from './address-ids.js';
import { ConnectionTable } from './connection-table.js';
import { RETRANSMITS, updateHistory, updateStates } from './connection-steps.js';
import { EXPERT } from './expert.js';
import { FlowTable, directionIndex } from './flow.js';

const { FIN, SYN, RST, ACK } = TCP_FLAGS;

export interface TrackerOptions {
  // Capture seconds a closed connection is kept for late segments (retransmitted FINs, final ACKs) before release.
  closeGrace?: number;
  // Capture seconds without a segment after which an open connection is released as it stands.
  idleTimeout?: number;
  // Live connections above which the oldest are released early (a hard memory bound).
  maxLive?: number;
  // Address ids kept before they are renumbered from the live connections only (a bound on memory when
  // connections keep coming from new addresses, as in a SYN flood from random sources).
  maxAddressIds?: number;
  // Called once per connection when it is released (closed + grace, idle, evicted, or at finish()); the
  // connection's slot in the table is valid during the call only.
  onRelease: (conn: Connection, table: FlowTable) => void;
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
  readonly last: SegmentResult = { conn: null, fromClient: true, relSeq: 0, relAck: 0, window: 0, expert: 0, dupAckNum: 0, clientState: 'CLOSED', serverState: 'CLOSED' };
  packets = 0;
  connections = 0;
  icmpErrors = 0;
  icmpUnattached = 0;
  private readonly table = new ConnectionTable();
  private readonly addresses = new AddressIds();
  private readonly flows = new FlowTable();
  private liveCount = 0;
  private readonly closeGrace: number;
  private readonly idleTimeout: number;
  private readonly maxLive: number;
  private readonly maxAddressIds: number;
  // Address ids at which the next compaction happens (grows when live connections alone need more).
  private compactAt: number;
  private readonly onRelease: (conn: Connection, table: FlowTable) => void;
  private closedQueue: Connection[] = [];
  private closedHead = 0;
  private now = 0;
  private lastIdleSweep = 0;
  private sinceSweep = 0;

  constructor(options: TrackerOptions) {
    this.closeGrace = options.closeGrace ?? 4;
    this.idleTimeout = options.idleTimeout ?? 900;
    this.maxLive = options.maxLive ?? 200_000;
    this.maxAddressIds = options.maxAddressIds ?? 1 << 20;
    this.compactAt = this.maxAddressIds;
    this.onRelease = options.onRelease;
  }

  // Moves the tracker's clock forward (never back); live captures call this when no packet arrives.
  advanceTo(now: number): void {
    if (now > this.now) this.now = now;
  }

  // Addresses that have an id now (bounded by maxAddressIds unless live connections need more).
  get knownAddresses(): number {
    return this.addresses.size;
  }

  // Number of connections not yet released.
  get live(): number {
    return this.liveCount;
  }

  // Analyses one TCP segment; the result is in `this.last` until the next call.
  push(s: Segment): SegmentResult {
    this.packets++;
    if (this.addresses.size >= this.compactAt) this.compactAddresses();
    const time = s.time;
    if (time > this.now) this.now = time;
    const flags = s.flags;
    const srcPort = s.srcPort;
    const dstPort = s.dstPort;
    // IPv4 from the binary decoders: ids found by the addresses' bits, without reading the strings.
    const v4 = s.family === 4 && s.srcIpv4 !== undefined;
    const epSrc = (v4 ? this.addresses.idOfIpv4(s.srcIpv4!, s.src) : this.addresses.idOf(s.src)) * 65536 + srcPort;
    const epDst = (v4 ? this.addresses.idOfIpv4(s.dstIpv4!, s.dst) : this.addresses.idOf(s.dst)) * 65536 + dstPort;
    const srcFirst = srcPort < dstPort || (srcPort === dstPort && epSrc < epDst);
    const keyLo = srcFirst ? epSrc : epDst;
    const keyHi = srcFirst ? epDst : epSrc;
    let conn = this.table.find(keyLo, keyHi);
    const t = this.flows;
    let reused = false;
    if (conn !== undefined && (flags & (SYN | ACK)) === SYN) {
      // A new SYN with a different ISN on a known 4-tuple starts a new connection (Wireshark's "reused ports").
      const fwd = directionIndex(conn.slot, conn.aIsLo === srcFirst);
      if (t.baseSet[fwd] === 1 && s.seq !== t.baseSeq[fwd]) {
        this.release(conn);
        conn = undefined;
        reused = true;
      }
    }
    if (conn === undefined) {
      conn = this.open(keyLo, keyHi, srcFirst, s);
    }
    const slot = conn.slot;
    // Same as comparing A's address and port with the source: ids map addresses one to one while A is live.
    const fromA = conn.aIsLo === srcFirst;
    const fwd = directionIndex(slot, fromA);
    const rev = directionIndex(slot, !fromA);
    const fromClient = fromA === conn.clientIsA;
    t.lastTime[slot] = time;

    // Base sequence numbers (packet-tcp.c): the SYN's ISN, else seq-1; the peer's from the first ACK.
    if (t.baseSet[fwd] === 0) {
      t.baseSeq[fwd] = (flags & SYN) !== 0 ? s.seq : (s.seq - 1) >>> 0;
      t.baseSet[fwd] = 1;
    }
    if ((flags & ACK) !== 0 && t.baseSet[rev] === 0) {
      t.baseSeq[rev] = (s.ack - 1) >>> 0;
      t.baseSet[rev] = 1;
    }
    const seq = (s.seq - t.baseSeq[fwd]!) >>> 0;
    const ack = (flags & ACK) !== 0 ? (s.ack - t.baseSeq[rev]!) >>> 0 : s.ack;
    const seglen = s.payloadLength;

    t.clock = time;
    if ((flags & SYN) !== 0) this.noteSyn(t, slot, fwd, rev, s, fromClient, conn);
    else if ((flags & ACK) !== 0) {
      t.completeness[slot] = t.completeness[slot]! | 4;
      // iRTT: the first segment with ACK and no SYN after the most recent SYN.
      if (t.irtt[slot]! < 0 && t.mruSynTime[slot]! >= 0) t.irtt[slot] = time - t.mruSynTime[slot]!;
    }

    let expert = analyzeSequence(t, slot, fwd, rev, seq, ack, seglen, flags, s.window);
    t.windowFromSyn[fwd] = (flags & SYN) !== 0 ? 1 : 0;
    if (reused) expert |= EXPERT.reusedPorts;
    if ((flags & RST) !== 0) expert |= EXPERT.rst;
    if (expert !== 0) {
      const counts = conn.expert ?? (conn.expert = new Array<number>(16).fill(0));
      for (let m = expert, i = 0; m !== 0; m >>>= 1, i++) if ((m & 1) !== 0) counts[i]!++;
      if ((expert & RETRANSMITS) !== 0) t.retransmits[fwd]!++;
    }

    t.packets[fwd]!++;
    t.payloadBytes[fwd]! += seglen;
    t.frameBytes[fwd]! += s.frameLength ?? 0;
    if (seglen > 0) {
      t.completeness[slot] = t.completeness[slot]! | 8;
      t.lastDataTime[fwd] = time;
      if (fromClient) t.lastClientData[slot] = time;
    }
    if ((flags & (FIN | RST)) !== 0) this.noteClose(t, slot, fwd, rev, flags, seq + seglen, fromClient, conn);
    const zero = s.window === 0 && (flags & (SYN | FIN | RST)) === 0;
    if (zero) {
      if (t.zeroSince[fwd]! < 0) t.zeroSince[fwd] = time;
      t.zeroWindows[fwd]!++;
    } else if (s.window !== 0 && t.zeroSince[fwd]! >= 0) {
      const d = time - t.zeroSince[fwd]!;
      if (d > t.zeroLongest[fwd]!) t.zeroLongest[fwd] = d;
      t.zeroSince[fwd] = -1;
    }

    updateStates(conn, t, rev, fromClient, flags, ack);
    updateHistory(conn, t, fwd, rev, fromClient, flags, seglen, expert, zero);

    const r = this.last;
    r.conn = conn;
    r.fromClient = fromClient;
    r.relSeq = seq;
    r.relAck = (flags & ACK) !== 0 ? ack : 0;
    const scale = t.winScale[fwd]!;
    // Shift counts above 14 are treated as 14 (RFC 7323 section 2.3); 65535 << 14 still fits 31 bits.
    r.window = (flags & SYN) === 0 && scale >= 0 ? s.window << (scale > 14 ? 14 : scale) : s.window;
    r.expert = expert;
    r.dupAckNum = (expert & EXPERT.duplicateAck) !== 0 ? t.dupAckNum[fwd]! : 0;
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
    const idSrc = this.addresses.find(q.src);
    const idDst = this.addresses.find(q.dst);
    let conn: Connection | undefined;
    if (idSrc !== undefined && idDst !== undefined) {
      const a = idSrc * 65536 + q.srcPort;
      const b = idDst * 65536 + q.dstPort;
      const aFirst = q.srcPort < q.dstPort || (q.srcPort === q.dstPort && a < b);
      conn = aFirst ? this.table.find(a, b) : this.table.find(b, a);
    }
    if (conn === undefined) {
      this.icmpUnattached++;
      return null;
    }
    conn.icmpCount++;
    const list = conn.icmp ?? (conn.icmp = []);
    if (list.length < MAX_ICMP) list.push(e);
    this.flows.lastTime[conn.slot] = e.time;
    return conn;
  }

  // Releases connections whose grace period or idle timeout has passed (capture time), and enforces maxLive.
  sweep(): void {
    this.sinceSweep = 0;
    const now = this.now;
    const q = this.closedQueue;
    while (this.closedHead < q.length) {
      const c = q[this.closedHead]!;
      if (!c.released && this.flows.closedAt[c.slot]! + this.closeGrace > now) break;
      this.closedHead++;
      if (!c.released) this.release(c);
    }
    if (this.closedHead > 4096 && this.closedHead * 2 > q.length) {
      this.closedQueue = q.slice(this.closedHead);
      this.closedHead = 0;
    }
    if (now - this.lastIdleSweep >= this.idleTimeout / 4) {
      this.lastIdleSweep = now;
      const t = this.flows;
      for (const c of this.connectionsAlive()) if (t.lastTime[c.slot]! + this.idleTimeout < now) this.release(c);
    }
    if (this.liveCount > this.maxLive) {
      // Oldest first, down to 90% so a capture that stays above the cap does not sort on every sweep.
      const all = this.connectionsAlive().sort((x, y) => x.id - y.id);
      for (let i = 0, excess = this.liveCount - Math.floor(this.maxLive * 0.9); i < excess; i++) this.release(all[i]!);
    }
    // Address ids are only referenced by live connections: forget them when none is left.
    if (this.liveCount === 0 && this.addresses.size > 65536) this.addresses.clear();
  }

  // Releases every live connection, in the order they started (end of capture).
  finish(): void {
    for (const c of this.connectionsAlive().sort((x, y) => x.id - y.id)) this.release(c);
    this.closedQueue = [];
    this.closedHead = 0;
  }

  // Gives addresses new ids from the live connections alone and files those connections under their new keys;
  // ids of addresses no live connection uses are forgotten. The id order can change, so for equal ports the
  // low/high orientation is worked out again.
  private compactAddresses(): void {
    const live = this.connectionsAlive().sort((x, y) => x.id - y.id);
    this.addresses.clear();
    this.table.clear();
    for (const c of live) {
      const a = this.addresses.idOf(c.aAddress) * 65536 + c.aPort;
      const b = this.addresses.idOf(c.bAddress) * 65536 + c.bPort;
      const aIsLo = c.aPort < c.bPort || (c.aPort === c.bPort && a < b);
      c.keyLo = aIsLo ? a : b;
      c.keyHi = aIsLo ? b : a;
      c.aIsLo = aIsLo;
      this.table.add(c);
    }
    // Live connections alone may need many ids: do not compact again before there are twice as many.
    this.compactAt = Math.max(this.maxAddressIds, this.addresses.size * 2);
  }

  // Every live connection (order unspecified).
  connectionsAlive(): Connection[] {
    return this.table.list();
  }

  private open(keyLo: number, keyHi: number, srcIsLo: boolean, s: Segment): Connection {
    const slot = this.flows.allocate();
    const conn = new Connection(++this.connections, keyLo, keyHi, srcIsLo, s.family, s.src, s.srcPort, s.dst, s.dstPort, slot, s.frame);
    this.flows.start[slot] = s.time;
    this.flows.lastTime[slot] = s.time;
    const fl = s.flags & (SYN | ACK);
    if (fl === SYN) {
      conn.roleInferred = false;
    } else if (fl === (SYN | ACK)) {
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
    this.table.add(conn);
    this.liveCount++;
    return conn;
  }

  // Times come from t.clock (see analyzeSequence).
  private noteSyn(t: FlowTable, slot: number, fwd: number, rev: number, s: Segment, fromClient: boolean, conn: Connection): void {
    const time = t.clock;
    const synAck = (s.flags & ACK) !== 0;
    // Window scaling applies only when both SYNs carried the option.
    const ws = s.options.windowScale;
    if (synAck) {
      const revScale = t.winScale[rev]!;
      t.winScale[fwd] = ws !== undefined && revScale >= 0 ? ws : -2;
      if (t.winScale[fwd] === -2 && revScale !== -1) t.winScale[rev] = -2;
      
      if (!fromClient) conn.serverAnsweredSyn = true;
    } else {
      t.winScale[fwd] = ws !== undefined ? ws : -2;
      t.sawSyn[fwd] = 1;
      t.mruSynTime[slot] = time;
    }
    t.completeness[slot] = t.completeness[slot]! | (synAck ? 2 : 1);
    t.synCount[fwd]!++;
    if (t.firstSynTime[fwd]! < 0) t.firstSynTime[fwd] = time;
    t.lastSynTime[fwd] = time;
  }

  private noteClose(t: FlowTable, slot: number, fwd: number, rev: number, flags: number, finSeq: number, fromClient: boolean, conn: Connection): void {
    const time = t.clock;
    const side = fromClient ? 'client' : 'server';
    if ((flags & FIN) !== 0) {
      t.completeness[slot] = t.completeness[slot]! | 16;
      if (t.finTime[fwd]! < 0) {
        t.finTime[fwd] = time;
        t.finSeq[fwd] = finSeq >>> 0;
        if (conn.firstCloser === null) {
          conn.firstCloser = side;
          conn.closeKind = 'fin';
        }
        if (t.finTime[rev]! >= 0) this.markClosed(conn, time);
      }
    }
    if ((flags & RST) !== 0) {
      t.completeness[slot] = t.completeness[slot]! | 32;
      if (t.rstTime[fwd]! < 0) t.rstTime[fwd] = time;
      if (conn.firstCloser === null) conn.firstCloser = side;
      // A reset ends the connection abortively even after a FIN.
      conn.closeKind = 'rst';
      this.markClosed(conn, time);
    }
  }

  private markClosed(conn: Connection, time: number): void {
    const t = this.flows;
    if (t.closedAt[conn.slot]! >= 0) return;
    t.closedAt[conn.slot] = time;
    this.closedQueue.push(conn);
  }

  private release(conn: Connection): void {
    if (conn.released) return;
    conn.released = true;
    this.table.remove(conn);
    this.liveCount--;
    this.onRelease(conn, this.flows);
    this.flows.release(conn.slot);
  }
}
