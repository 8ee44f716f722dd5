// Byte-level line scanner for /proc/net/tcp and tcp6: fills one reusable row per line.
// No regex, no string splits: 100k lines (15 MB) must decode in well under 200 ms.
//
// Line formats (Linux net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c):
//   full socket  get_tcp4_sock:
//     "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %pK %lu %lu %u %u %d"
//     sl local rem st tx:rx tr:when retrnsmt uid timeout(probes_out) inode
//     refcnt ptr rto ato (quick<<1|pingpong) cwnd ssthresh(-1 in initial slow start)
//   TIME_WAIT    get_timewait4_sock: the same first twelve columns (tr 3; uid, timeout, inode 0), refcnt ptr
//   SYN_RECV     get_openreq4:       the same first twelve columns (tr 1; inode 0), refcnt ptr
//   IPv6 prints each address as four 32-bit words, each in host byte order ("%08X%08X%08X%08X").
import { formatIpv6 } from './ip-address.js';

// Every column of one /proc/net/tcp line, as printed; full-socket-only columns are null on short lines.
export interface ProcTcpRow {
  slot: number;
  family: 4 | 6;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  // Kernel state number (1..11).
  st: number;
  txQueue: number;
  rxQueue: number;
  // 0 none, 1 retransmit/RACK/loss probe, 2 sk_timer (keepalive, FIN_WAIT2), 3 TIME_WAIT, 4 zero-window probe.
  timerCode: number;
  // Clock ticks (USER_HZ) until the timer fires.
  timerTicks: number;
  retransmits: number;
  uid: number;
  // icsk_probes_out: keepalive or zero-window probes sent without an answer.
  probes: number;
  inode: number;
  refcount: number | null;
  // Kernel address of the socket (zeros when kptr_restrict hides it).
  pointer: string | null;
  // Retransmission and delayed-ACK timeouts in clock ticks (full sockets only).
  rtoTicks: number | null;
  atoTicks: number | null;
  // (quick ack count << 1) | pingpong.
  quickAckPingpong: number | null;
  cwnd: number | null;
  // -1 while still in initial slow start.
  ssthresh: number | null;
}

export interface ScanResult {
  // Lines that were neither the header, blank, nor accepted.
  unparsed: number;
  headerSeen: boolean;
}

export interface ScanOptions {
  // Byte order of the machine that printed the text (addresses are host-order words); default little-endian.
  bigEndian?: boolean;
  // Also read the columns after inode (refcount, pointer, rto, ato, quick/pingpong, cwnd, ssthresh).
  withTail?: boolean;
}

const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const MINUS = 0x2d;

// Hex digit value per byte, -1 for anything else.
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c;
for (let c = 0; c < 6; c++) {
  HEX[0x41 + c] = 10 + c;
  HEX[0x61 + c] = 10 + c;
}

const encoder = new TextEncoder();
const latin1 = new TextDecoder('latin1');

// Walks every line, handing each decodable one to accept (the row is reused: copy what you keep).
// accept returns false to count the line as unparsed.
export function scanProcNetTcp(input: string | Uint8Array, options: ScanOptions, accept: (row: ProcTcpRow) => boolean): ScanResult {
  const scanner = new LineScanner(typeof input === 'string' ? encoder.encode(input) : input, options);
  return scanner.run(accept);
}

class LineScanner {
  private readonly buf: Uint8Array;
  private readonly bigEndian: boolean;
  private readonly withTail: boolean;
  private readonly v4Cache = new Map<number, string>();
  private readonly v6Bytes = new Uint8Array(16);
  private pos = 0;
  private lineEnd = 0;
  // Digits consumed by the last readHex/readDecimal (0: no number there).
  private digits = 0;
  readonly row: ProcTcpRow = {
    slot: 0, family: 4, localAddress: '', localPort: 0, remoteAddress: '', remotePort: 0, st: 0,
    txQueue: 0, rxQueue: 0, timerCode: 0, timerTicks: 0, retransmits: 0, uid: 0, probes: 0, inode: 0,
    refcount: null, pointer: null, rtoTicks: null, atoTicks: null, quickAckPingpong: null, cwnd: null, ssthresh: null,
  };

  constructor(buf: Uint8Array, options: ScanOptions) {
    this.buf = buf;
    this.bigEndian = options.bigEndian === true;
    this.withTail = options.withTail === true;
  }

  run(accept: (row: ProcTcpRow) => boolean): ScanResult {
    const buf = this.buf;
    const end = buf.length;
    let unparsed = 0;
    let headerSeen = false;
    let lineStart = 0;
    while (lineStart < end) {
      let lineEnd = buf.indexOf(NEWLINE, lineStart);
      if (lineEnd < 0) lineEnd = end;
      this.lineEnd = lineEnd;
      this.pos = lineStart;
      this.skipBlanks();
      const first = this.pos;
      const blank = first >= lineEnd || (buf[first] === CR && first + 1 === lineEnd);
      if (!blank) {
        // The header starts with "sl" (then local_address ...).
        if (buf[first] === 0x73 && buf[first + 1] === 0x6c) headerSeen = true;
        else if (!this.parseLine() || !accept(this.row)) unparsed++;
      }
      lineStart = lineEnd + 1;
    }
    return { unparsed, headerSeen };
  }

  private skipBlanks(): void {
    const buf = this.buf;
    let pos = this.pos;
    while (pos < this.lineEnd && (buf[pos] === SPACE || buf[pos] === TAB)) pos++;
    this.pos = pos;
  }

  // Hex digits up to a non-hex byte. Doubles keep 16-digit values approximately.
  private readHex(): number {
    const buf = this.buf;
    const lineEnd = this.lineEnd;
    const start = this.pos;
    let pos = start;
    let value = 0;
    while (pos < lineEnd) {
      const d = HEX[buf[pos] as number] as number;
      if (d < 0) break;
      value = value * 16 + d;
      pos++;
    }
    this.digits = pos - start;
    this.pos = pos;
    return value;
  }

  // Optional minus sign, then decimal digits.
  private readDecimal(): number {
    const buf = this.buf;
    const lineEnd = this.lineEnd;
    let pos = this.pos;
    let negative = false;
    if (pos < lineEnd && buf[pos] === MINUS) {
      negative = true;
      pos++;
    }
    const start = pos;
    let value = 0;
    while (pos < lineEnd) {
      const c = (buf[pos] as number) - 0x30;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
      pos++;
    }
    this.digits = pos - start;
    this.pos = pos;
    return negative ? -value : value;
  }

  private atFieldEnd(): boolean {
    const pos = this.pos;
    return pos >= this.lineEnd || this.buf[pos] === SPACE || this.buf[pos] === TAB || this.buf[pos] === CR;
  }

  // A number that must be followed by a blank or the end of the line; -1 digits-wise when not.
  private fieldOk(): boolean {
    return this.digits > 0 && this.atFieldEnd();
  }

  private expect(byte: number): boolean {
    if (this.pos < this.lineEnd && this.buf[this.pos] === byte) {
      this.pos++;
      return true;
    }
    return false;
  }

  // One host-order 32-bit word of an address as four network-order bytes.
  private putWord(word: number, at: number): void {
    const out = this.v6Bytes;
    if (this.bigEndian) {
      out[at] = word >>> 24;
      out[at + 1] = (word >>> 16) & 0xff;
      out[at + 2] = (word >>> 8) & 0xff;
      out[at + 3] = word & 0xff;
    } else {
      out[at] = word & 0xff;
      out[at + 1] = (word >>> 8) & 0xff;
      out[at + 2] = (word >>> 16) & 0xff;
      out[at + 3] = word >>> 24;
    }
  }

  private formatV4Word(word: number): string {
    let text = this.v4Cache.get(word);
    if (text === undefined) {
      this.putWord(word, 0);
      const b = this.v6Bytes;
      text = `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
      // Bounded: a flood of distinct peers must not grow memory without limit.
      if (this.v4Cache.size < 65536) this.v4Cache.set(word, text);
    }
    return text;
  }

  // "ADDR:PORT", ADDR being 8 (IPv4) or 32 (IPv6) hex digits; the family, or 0 when malformed.
  private readEndpoint(isLocal: boolean): 0 | 4 | 6 {
    const buf = this.buf;
    const start = this.pos;
    let address: string;
    let family: 4 | 6;
    const word = this.readHex();
    if (this.digits === 8) {
      address = this.formatV4Word(word);
      family = 4;
    } else if (this.digits === 32) {
      let pos = start;
      for (let w = 0; w < 4; w++) {
        let value = 0;
        for (let i = 0; i < 8; i++) value = value * 16 + (HEX[buf[pos++] as number] as number);
        this.putWord(value, w * 4);
      }
      address = formatV6(this.v6Bytes);
      family = 6;
    } else {
      return 0;
    }
    if (!this.expect(COLON)) return 0;
    const port = this.readHex();
    const portDigits: number = this.digits;
    if (portDigits === 0 || portDigits > 4 || !this.atFieldEnd()) return 0;
    const row = this.row;
    if (isLocal) {
      row.localAddress = address;
      row.localPort = port;
    } else {
      row.remoteAddress = address;
      row.remotePort = port;
    }
    return family;
  }

  // Parses the current line into row; false when it is not a socket line.
  private parseLine(): boolean {
    const row = this.row;
    row.slot = this.readDecimal();
    if (this.digits === 0 || !this.expect(COLON)) return false;
    this.skipBlanks();
    const family = this.readEndpoint(true);
    if (family === 0) return false;
    this.skipBlanks();
    if (this.readEndpoint(false) !== family) return false;
    row.family = family;
    this.skipBlanks();
    row.st = this.readHex();
    if (!this.fieldOk()) return false;
    this.skipBlanks();
    row.txQueue = this.readHex();
    if (this.digits === 0 || !this.expect(COLON)) return false;
    row.rxQueue = this.readHex();
    if (!this.fieldOk()) return false;
    this.skipBlanks();
    row.timerCode = this.readHex();
    if (this.digits === 0 || !this.expect(COLON)) return false;
    const ticksStart = this.pos;
    let ticks = this.readHex();
    if (!this.fieldOk()) return false;
    // Kernels before jiffies_delta_to_clock_t (which clamps at 0) printed overdue timers as a wrapped
    // unsigned long; doubles cannot hold 64 bits, so take the low 48 bits as a signed value.
    if (this.digits === 16 && (HEX[this.buf[ticksStart] as number] as number) >= 8) {
      ticks = 0;
      for (let i = ticksStart + 4; i < ticksStart + 16; i++) ticks = ticks * 16 + (HEX[this.buf[i] as number] as number);
      ticks -= 2 ** 48;
    }
    row.timerTicks = ticks;
    this.skipBlanks();
    row.retransmits = this.readHex();
    if (!this.fieldOk()) return false;
    this.skipBlanks();
    row.uid = this.readDecimal();
    if (!this.fieldOk()) return false;
    this.skipBlanks();
    row.probes = this.readDecimal();
    if (!this.fieldOk()) return false;
    this.skipBlanks();
    row.inode = this.readDecimal();
    if (!this.fieldOk()) return false;
    row.refcount = null;
    row.pointer = null;
    row.rtoTicks = null;
    row.atoTicks = null;
    row.quickAckPingpong = null;
    row.cwnd = null;
    row.ssthresh = null;
    if (this.withTail) this.parseTail();
    return true;
  }

  // Columns after inode; short lines (TIME_WAIT, SYN_RECV) stop after the pointer.
  private parseTail(): void {
    const row = this.row;
    this.skipBlanks();
    const refcount = this.readDecimal();
    if (!this.fieldOk()) return;
    row.refcount = refcount;
    this.skipBlanks();
    const pointerStart = this.pos;
    this.readHex();
    if (!this.fieldOk()) return;
    row.pointer = latin1.decode(this.buf.subarray(pointerStart, this.pos));
    const values: number[] = [];
    for (let i = 0; i < 5; i++) {
      this.skipBlanks();
      const value = this.readDecimal();
      if (!this.fieldOk()) return;
      values.push(value);
    }
    [row.rtoTicks = null, row.atoTicks = null, row.quickAckPingpong = null, row.cwnd = null, row.ssthresh = null] = values;
  }
}

// RFC 5952 text, with a shortcut for the all-zero address that every listener has.
function formatV6(bytes: Uint8Array): string {
  for (let i = 0; i < 16; i++) if (bytes[i] !== 0) return formatIpv6(bytes);
  return '::';
}
