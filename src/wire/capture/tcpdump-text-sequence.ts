// Sequence numbers in tcpdump's text: without -S, tcpdump prints them relative to bases it keeps per
// connection (print-tcp.c, tcp_seq_hash). This keeps the same bookkeeping to turn printed numbers back into
// absolute-looking ones, and tells -S from relative output when the reader is not told which.
import type { Segment, TcpOptions } from '../../model/segment.js';
import { TCP_FLAGS } from '../../model/segment.js';
import { parseIp } from '../ip-address.js';

// How seq/ack numbers in the text are to be read: tcpdump without -S prints them relative.
export type SequenceMode = 'auto' | 'absolute' | 'relative';

const TWO32 = 4294967296;
// Connections whose sequence bases are remembered. Past this the oldest quarter (by first appearance) is
// forgotten, so memory stays bounded on text of any length; a connection forgotten while still talking takes
// its next line as a new base, as tcpdump's own numbering would have started over.
export const MAX_TEXT_CONNECTIONS = 100_000;

// Per-connection bookkeeping that mirrors tcpdump's tcp_seq_hash, so relative numbers map back.
interface TextConnection {
  // Whether tcpdump would have an entry (made by the first ACK-carrying packet).
  tracked: boolean;
  // tcpdump's th->seq and th->ack: bases of the canonical and reverse direction.
  seqBase: number;
  ackBase: number;
  // Next sequence number expected from each direction (canonical 0, reverse 1), absolute; -1 unknown.
  next: [number, number];
}

// Parsed pieces of one line, before sequence reconstruction.
export interface TcpLine {
  time: number;
  interfaceName: string | null;
  direction: 'in' | 'out' | null;
  family: 4 | 6;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  flags: number;
  seq: number | null;
  ack: number | null;
  window: number;
  length: number;
  options: TcpOptions;
  // From -v ("ttl 64", "hlim 64"); null without it.
  ttl: number | null;
}

// n wrapped into 0..2^32-1, as sequence arithmetic does.
function toU32(n: number): number {
  return ((n % TWO32) + TWO32) % TWO32;
}

// Whether a printed number fits a 32-bit sequence, ack, window or length field.
export function isU32(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n < TWO32;
}

// Distance between two sequence numbers around the 32-bit circle.
function distance(a: number, b: number): number {
  const d = toU32(a - b);
  return Math.min(d, TWO32 - d);
}

// One reader's sequence-number bookkeeping, connection by connection.
export class TextSequenceNumbers {
  // Resolved mode (auto becomes one of the others once a connection shows it).
  mode: SequenceMode;
  private readonly connections = new Map<string, TextConnection>();

  constructor(mode: SequenceMode) {
    this.mode = mode;
  }

  // Turns printed numbers back into absolute-looking ones, following tcpdump's own bookkeeping:
  // the first ACK-carrying packet of a pair (or any SYN) prints raw numbers and sets the bases.
  toSegment(frame: number, tcp: TcpLine): Segment {
    const rev = tcp.srcPort > tcp.dstPort || (tcp.srcPort === tcp.dstPort && compareAddresses(tcp.src, tcp.dst) > 0);
    const key = rev ? `${tcp.dst}|${tcp.dstPort}|${tcp.src}|${tcp.srcPort}` : `${tcp.src}|${tcp.srcPort}|${tcp.dst}|${tcp.dstPort}`;
    const side = rev ? 1 : 0;
    let conn = this.connections.get(key);
    if (conn === undefined) {
      if (this.connections.size >= MAX_TEXT_CONNECTIONS) this.forgetOldestConnections();
      conn = { tracked: false, seqBase: 0, ackBase: 0, next: [-1, -1] };
      this.connections.set(key, conn);
    }
    const hasAck = (tcp.flags & TCP_FLAGS.ACK) !== 0;
    const setsBase = hasAck && (!conn.tracked || (tcp.flags & TCP_FLAGS.SYN) !== 0);
    let seq = tcp.seq;
    let ack = tcp.ack;
    if (hasAck && !setsBase && this.mode !== 'absolute') {
      const mySeqBase = rev ? conn.ackBase : conn.seqBase;
      const myAckBase = rev ? conn.seqBase : conn.ackBase;
      if (this.mode === 'auto') this.decideMode(seq, mySeqBase, ack, myAckBase);
      if (this.mode === 'relative') {
        if (seq !== null) seq = toU32(seq + mySeqBase);
        if (ack !== null) ack = toU32(ack + myAckBase);
      }
    }
    // Pure ACKs do not print seq: it is the next byte this side would send, as far as we know.
    const next = conn.next[side];
    const absoluteSeq = seq ?? (next >= 0 ? next : 0);
    if (setsBase) {
      // tcpdump records th->seq/th->ack here: this side's seq and the other side's (ack - 1).
      const mine = absoluteSeq;
      const theirs = toU32((ack ?? 0) - 1);
      conn.seqBase = rev ? theirs : mine;
      conn.ackBase = rev ? mine : theirs;
      conn.tracked = true;
    }
    // tcpdump prints SACK edges relative to the base of the acknowledged direction, even on the packet that set it.
    const sack = tcp.options.sack;
    if (sack !== undefined && this.mode === 'relative') {
      const base = rev ? conn.seqBase : conn.ackBase;
      tcp.options.sack = sack.map(([left, right]) => [toU32(left + base), toU32(right + base)]);
    }
    const advance = tcp.length + ((tcp.flags & TCP_FLAGS.SYN) !== 0 ? 1 : 0) + ((tcp.flags & TCP_FLAGS.FIN) !== 0 ? 1 : 0);
    conn.next[side] = toU32(absoluteSeq + advance);
    if (ack !== null && hasAck && conn.next[1 - side] === -1) conn.next[1 - side] = ack;
    const segment: Segment = {
      frame,
      time: tcp.time,
      family: tcp.family,
      src: tcp.src,
      dst: tcp.dst,
      srcPort: tcp.srcPort,
      dstPort: tcp.dstPort,
      seq: absoluteSeq,
      ack: ack ?? 0,
      flags: tcp.flags,
      window: tcp.window,
      payloadLength: tcp.length,
      options: tcp.options,
      frameLength: null,
      ttl: tcp.ttl,
      interface: tcp.interfaceName,
    };
    if (tcp.direction !== null) segment.direction = tcp.direction;
    return segment;
  }

  // Maps iterate in insertion order: the first keys are the connections seen longest ago.
  private forgetOldestConnections(): void {
    let n = Math.floor(MAX_TEXT_CONNECTIONS / 4);
    for (const key of this.connections.keys()) {
      if (n-- <= 0) break;
      this.connections.delete(key);
    }
  }

  // Connections whose sequence bases are remembered now (bounded by MAX_TEXT_CONNECTIONS).
  get rememberedConnections(): number {
    return this.connections.size;
  }

  // -S or not: relative numbers sit near 0, absolute ones near the base tcpdump would subtract.
  private decideMode(seq: number | null, seqBase: number, ack: number | null, ackBase: number): void {
    const value = seq ?? ack;
    const base = seq !== null ? seqBase : ackBase;
    if (value === null || base === 0) return;
    const asRelative = distance(value, 0);
    const asAbsolute = distance(value, base);
    if (asRelative !== asAbsolute) this.mode = asRelative < asAbsolute ? 'relative' : 'absolute';
  }
}

// memcmp order of the address bytes, as tcpdump uses when both ports are equal.
function compareAddresses(a: string, b: string): number {
  const x = parseIp(a)?.bytes;
  const y = parseIp(b)?.bytes;
  if (x === undefined || y === undefined) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
