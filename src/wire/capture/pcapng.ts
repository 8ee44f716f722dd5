// pcapng files (draft-ietf-opsawg-pcapng): sections of blocks, each section with its own byte
// order and interfaces. Every block: type 0..4, total length 4..8, body, total length again.
import { decodeFrame } from './decode-frame.js';
import { copyTail, joinChunks, MAX_RECORD_BYTES, type BinaryReaderOptions, type CaptureReader, type CaptureSink } from './capture-reader.js';
import { FrameContext } from './frame-context.js';
import { isSupportedLinkType } from './link.js';

// Block types (draft-ietf-opsawg-pcapng section 4 and 10.1).
export const BLOCK = {
  SHB: 0x0a0d0d0a,
  IDB: 0x00000001,
  PB: 0x00000002, // obsolete Packet Block
  SPB: 0x00000003,
  NRB: 0x00000004,
  ISB: 0x00000005,
  EPB: 0x00000006,
  DSB: 0x0000000a,
} as const;
const BLOCK_TYPE = 0;
const BLOCK_LENGTH = 4;
const BLOCK_BODY = 8;
const BLOCK_OVERHEAD = 12; // type + length + trailing length
// Interfaces one section may describe: real captures have a handful; a file with millions of 20-byte
// interface blocks would otherwise make memory grow with its size.
export const MAX_INTERFACES = 65536;
// SHB body (section 4.1): byte-order magic 0..4, major 4..6, minor 6..8, section length 8..16, options 16..
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const SHB_MAJOR = 4;
const SHB_OPTIONS = 16;
// IDB body (4.2): link type 0..2, reserved 2..4, snaplen 4..8, options 8..
const IDB_LINKTYPE = 0;
const IDB_SNAPLEN = 4;
const IDB_OPTIONS = 8;
const IF_NAME = 2;
const IF_TSRESOL = 9;
const IF_FCSLEN = 13;
const IF_TSOFFSET = 14;
// EPB body (4.3): interface 0..4, timestamp high 4..8, low 8..12, captured 12..16, original 16..20, data 20..
const EPB_INTERFACE = 0;
const EPB_TS_HIGH = 4;
const EPB_TS_LOW = 8;
const EPB_CAPTURED = 12;
const EPB_ORIGINAL = 16;
const EPB_DATA = 20;
const EPB_FLAGS = 2; // option: u32, bits 0-1 direction (1 inbound, 2 outbound)
// Obsolete PB body (appendix): interface u16 0..2, drops u16 2..4, then as EPB from 4.
const PB_INTERFACE = 0;
// SPB body (4.4): original length 0..4, data 4..
const SPB_ORIGINAL = 0;
const SPB_DATA = 4;
// ISB body (4.6): interface 0..4, timestamp 4..12, options 12..; isb_ifdrop 5 and isb_osdrop 7 are u64.
const ISB_INTERFACE = 0;
const ISB_OPTIONS = 12;
const ISB_IFDROP = 5;
const ISB_OSDROP = 7;
const OPT_END = 0;

// One interface of the current section.
export interface PcapngInterface {
  linkType: number;
  snaplen: number;
  // Timestamp units per second (if_tsresol: 10^n or 2^n; default 10^6).
  unitsPerSecond: number;
  // Seconds added to every timestamp (if_tsoffset).
  offsetSeconds: number;
  fcsLength: number;
  name: string;
  reportedDrops: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

function pad4(n: number): number {
  return (n + 3) & ~3;
}

// Seconds from a 64-bit timestamp in 1/unitsPerSecond units. 2^64 nanoseconds do not fit a double,
// so the division runs exactly on 16-bit limbs (every intermediate stays below 2^53).
export function convertTimestamp(high: number, low: number, unitsPerSecond: number): number {
  if (high < 0x200000) {
    // Below 2^53 the 64-bit value is an exact double (microsecond timestamps always are).
    const units = high * 4294967296 + low;
    const seconds = Math.floor(units / unitsPerSecond);
    return seconds + (units - seconds * unitsPerSecond) / unitsPerSecond;
  }
  if (unitsPerSecond > 2 ** 36 || !Number.isInteger(unitsPerSecond)) return (high * 4294967296 + low) / unitsPerSecond;
  // Long division by 16-bit limbs, unrolled: no allocation on the per-packet path.
  let current = high >>> 16;
  let seconds = Math.floor(current / unitsPerSecond);
  let rest = current - seconds * unitsPerSecond;
  current = rest * 65536 + (high & 0xffff);
  let digit = Math.floor(current / unitsPerSecond);
  rest = current - digit * unitsPerSecond;
  seconds = seconds * 65536 + digit;
  current = rest * 65536 + (low >>> 16);
  digit = Math.floor(current / unitsPerSecond);
  rest = current - digit * unitsPerSecond;
  seconds = seconds * 65536 + digit;
  current = rest * 65536 + (low & 0xffff);
  digit = Math.floor(current / unitsPerSecond);
  rest = current - digit * unitsPerSecond;
  seconds = seconds * 65536 + digit;
  return seconds + rest / unitsPerSecond;
}

// Streaming pcapng reader: push chunks, records arrive at the sink.
export class PcapngReader implements CaptureReader {
  readonly format = 'pcapng' as const;
  frames = 0;
  fatal: string | null = null;
  sections = 0;
  interfaces: PcapngInterface[] = [];
  private littleEndian = true;
  private tail: Uint8Array | null = null;
  private lastTime = 0;
  private truncatedFrames = 0;
  private readonly ctx = new FrameContext();
  private readonly sink: CaptureSink;

  constructor(sink: CaptureSink, options: BinaryReaderOptions = {}) {
    this.sink = sink;
    this.ctx.reuse = options.reuseRecords === true;
  }

  push(chunk: Uint8Array): void {
    if (this.fatal !== null || chunk.length === 0) return;
    const buffer = joinChunks(this.tail, chunk);
    const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    const length = buffer.length;
    let pos = 0;
    while (pos + BLOCK_OVERHEAD <= length) {
      const type = view.getUint32(pos + BLOCK_TYPE, this.littleEndian);
      if (type === BLOCK.SHB) {
        // The section's byte order comes from its own magic, read both ways.
        const magic = view.getUint32(pos + BLOCK_BODY, true);
        if (magic === BYTE_ORDER_MAGIC) this.littleEndian = true;
        else if (magic === 0x4d3c2b1a) this.littleEndian = false;
        else return this.fail(`bad pcapng byte-order magic 0x${magic.toString(16)} at byte ${pos}`);
      } else if (this.sections === 0) {
        return this.fail('not a pcapng file (no section header block first)');
      }
      const total = view.getUint32(pos + BLOCK_LENGTH, this.littleEndian);
      if (total < BLOCK_OVERHEAD || total % 4 !== 0 || total > MAX_RECORD_BYTES) {
        // A packet block that cannot be framed still counts as a frame, as pcap's oversized records do.
        if (type === BLOCK.EPB || type === BLOCK.SPB || type === BLOCK.PB) {
          this.frames++;
          this.unparsed(`packet block with impossible length ${total}`);
        }
        return this.fail(`pcapng block at byte ${pos} has an impossible length ${total}; the rest of the file cannot be followed`);
      }
      if (pos + total > length) break;
      if (view.getUint32(pos + total - 4, this.littleEndian) !== total) {
        return this.fail(`pcapng block at byte ${pos}: trailing length does not match ${total}`);
      }
      this.readBlock(type, buffer, view, pos + BLOCK_BODY, pos + total - 4);
      if (this.fatal !== null) return;
      pos += total;
    }
    this.tail = copyTail(buffer, pos);
  }

  end(): void {
    if (this.truncatedFrames > 0) {
      this.sink.note({ kind: 'truncated', message: `${this.truncatedFrames} packets were cut short by the snapshot length; their payload lengths come from the IP headers` });
    }
    if (this.fatal === null && this.sections === 0) this.fail('file shorter than a pcapng section header');
    else if (this.fatal === null && this.tail !== null) {
      this.sink.note({ kind: 'truncated', message: `the file ends in the middle of a block (${this.tail.length} bytes left over)` });
    }
    this.tail = null;
  }

  private readBlock(type: number, bytes: Uint8Array, view: DataView, body: number, bodyEnd: number): void {
    const le = this.littleEndian;
    switch (type) {
      case BLOCK.SHB:
        if (bodyEnd - body < SHB_OPTIONS) return this.fail('pcapng section header block too short');
        if (view.getUint16(body + SHB_MAJOR, le) !== 1) return this.fail(`unsupported pcapng version ${view.getUint16(body + SHB_MAJOR, le)}`);
        this.sections++;
        this.interfaces = [];
        return;
      case BLOCK.IDB:
        return this.readInterface(bytes, view, body, bodyEnd);
      case BLOCK.EPB:
      case BLOCK.PB: {
        this.ctx.frame = ++this.frames;
        if (bodyEnd - body < EPB_DATA) return this.unparsed('packet block too short');
        const id = type === BLOCK.EPB ? view.getUint32(body + EPB_INTERFACE, le) : view.getUint16(body + PB_INTERFACE, le);
        const captured = view.getUint32(body + EPB_CAPTURED, le);
        const original = view.getUint32(body + EPB_ORIGINAL, le);
        const data = body + EPB_DATA;
        if (captured > bodyEnd - data) return this.unparsed('packet block captured length exceeds the block');
        const iface = this.interfaces[id];
        if (iface === undefined) return this.unparsed(`packet refers to undefined interface ${id}`);
        this.lastTime = convertTimestamp(view.getUint32(body + EPB_TS_HIGH, le), view.getUint32(body + EPB_TS_LOW, le), iface.unitsPerSecond) + iface.offsetSeconds;
        this.ctx.direction = null;
        const optionsStart = data + pad4(captured);
        if (type === BLOCK.EPB && optionsStart + 4 <= bodyEnd) this.readPacketFlags(view, optionsStart, bodyEnd);
        return this.emitFrame(iface, bytes, view, data, captured, original);
      }
      case BLOCK.SPB: {
        this.ctx.frame = ++this.frames;
        if (bodyEnd - body < SPB_DATA) return this.unparsed('simple packet block too short');
        const iface = this.interfaces[0];
        if (iface === undefined) return this.unparsed('simple packet block without an interface');
        const original = view.getUint32(body + SPB_ORIGINAL, le);
        let captured = Math.min(original, bodyEnd - body - SPB_DATA);
        if (iface.snaplen > 0 && captured > iface.snaplen) captured = iface.snaplen;
        // SPBs carry no timestamp: keep the previous packet's time so the sequence stays ordered.
        this.ctx.direction = null;
        return this.emitFrame(iface, bytes, view, body + SPB_DATA, captured, original);
      }
      case BLOCK.ISB:
        return this.readStatistics(view, body, bodyEnd);
      default:
        // NRB, DSB, custom blocks and anything newer: skipped by length.
        return;
    }
  }

  private emitFrame(iface: PcapngInterface, bytes: Uint8Array, view: DataView, data: number, captured: number, original: number): void {
    const ctx = this.ctx;
    ctx.time = this.lastTime;
    ctx.capturedLength = captured;
    ctx.originalLength = original < captured ? captured : original;
    ctx.interfaceName = iface.name;
    if (captured < original) this.truncatedFrames++;
    const fcs = iface.fcsLength;
    const end = fcs > 0 && captured === original && captured >= fcs ? data + captured - fcs : data + captured;
    this.sink.record(decodeFrame(ctx, iface.linkType, bytes, view, data, end));
  }

  private unparsed(reason: string): void {
    this.sink.record({ kind: 'unparsed', frame: this.frames, reason });
  }

  private readInterface(bytes: Uint8Array, view: DataView, body: number, bodyEnd: number): void {
    const le = this.littleEndian;
    if (bodyEnd - body < IDB_OPTIONS) return this.fail('pcapng interface description block too short');
    if (this.interfaces.length >= MAX_INTERFACES) return this.fail(`pcapng section describes more than ${MAX_INTERFACES} interfaces; the rest of the file is not read`);
    const iface: PcapngInterface = {
      linkType: view.getUint16(body + IDB_LINKTYPE, le),
      snaplen: view.getUint32(body + IDB_SNAPLEN, le),
      unitsPerSecond: 1e6,
      offsetSeconds: 0,
      fcsLength: 0,
      name: String(this.interfaces.length),
      reportedDrops: 0,
    };
    for (let p = body + IDB_OPTIONS; p + 4 <= bodyEnd; ) {
      const code = view.getUint16(p, le);
      const length = view.getUint16(p + 2, le);
      const value = p + 4;
      if (code === OPT_END || value + length > bodyEnd) break;
      if (code === IF_NAME && length > 0) {
        let nameEnd = value + length;
        while (nameEnd > value && bytes[nameEnd - 1] === 0) nameEnd--;
        iface.name = utf8.decode(bytes.subarray(value, nameEnd));
      } else if (code === IF_TSRESOL && length >= 1) {
        const r = view.getUint8(value);
        // MSB clear: 10^-r seconds; set: 2^-(r & 0x7f).
        iface.unitsPerSecond = (r & 0x80) !== 0 ? 2 ** (r & 0x7f) : 10 ** r;
      } else if (code === IF_TSOFFSET && length >= 8) {
        const high = view.getInt32(value + (le ? 4 : 0), le);
        const low = view.getUint32(value + (le ? 0 : 4), le);
        iface.offsetSeconds = high * 4294967296 + low;
      } else if (code === IF_FCSLEN && length >= 1) {
        iface.fcsLength = view.getUint8(value);
      }
      p = value + pad4(length);
    }
    if (!isSupportedLinkType(iface.linkType)) {
      this.sink.note({ kind: 'link-type', message: `interface ${iface.name} has link type ${iface.linkType}, which is not supported; its frames are counted as unparsed` });
    }
    this.interfaces.push(iface);
  }

  private readPacketFlags(view: DataView, start: number, end: number): void {
    const le = this.littleEndian;
    for (let p = start; p + 4 <= end; ) {
      const code = view.getUint16(p, le);
      const length = view.getUint16(p + 2, le);
      if (code === OPT_END || p + 4 + length > end) return;
      if (code === EPB_FLAGS && length >= 4) {
        const direction = view.getUint32(p + 4, le) & 3;
        this.ctx.direction = direction === 1 ? 'in' : direction === 2 ? 'out' : null;
        return;
      }
      p += 4 + pad4(length);
    }
  }

  private readStatistics(view: DataView, body: number, bodyEnd: number): void {
    const le = this.littleEndian;
    if (bodyEnd - body < ISB_OPTIONS) return;
    const iface = this.interfaces[view.getUint32(body + ISB_INTERFACE, le)];
    if (iface === undefined) return;
    let drops = 0;
    for (let p = body + ISB_OPTIONS; p + 4 <= bodyEnd; ) {
      const code = view.getUint16(p, le);
      const length = view.getUint16(p + 2, le);
      if (code === OPT_END || p + 4 + length > bodyEnd) break;
      if ((code === ISB_IFDROP || code === ISB_OSDROP) && length >= 8) {
        const high = view.getUint32(p + 4 + (le ? 4 : 0), le);
        const low = view.getUint32(p + 4 + (le ? 0 : 4), le);
        drops += high * 4294967296 + low;
      }
      p += 4 + pad4(length);
    }
    // Statistics blocks are cumulative; warn once per increase.
    if (drops > iface.reportedDrops) {
      iface.reportedDrops = drops;
      this.sink.note({ kind: 'drops', message: `interface ${iface.name} dropped ${drops} packets during the capture (pcapng statistics); the trace may miss segments` });
    }
  }

  private fail(message: string): void {
    this.fatal = message;
    this.tail = null;
    this.sink.note({ kind: 'format', message });
  }
}
