// Classic pcap files (draft-ietf-opsawg-pcap): a 24-byte file header, then 16-byte record headers.
import { decodeFrame } from './decode-frame.js';
import { copyTail, joinChunks, MAX_RECORD_BYTES, type BinaryReaderOptions, type CaptureReader, type CaptureSink } from './capture-reader.js';
import { FrameContext } from './frame-context.js';
import { isSupportedLinkType } from './link.js';

// File header (draft-ietf-opsawg-pcap section 4).
const MAGIC = 0; // ..4
const VERSION_MAJOR = 4; // ..6
const SNAPLEN = 16; // ..20
const LINKTYPE_AND_FCS = 20; // ..24: link type in the low 16 bits; bit 26 F, bits 28-31 FCS length in 16-bit words
export const PCAP_FILE_HEADER = 24;
// Record header (section 5).
const TS_SEC = 0;
const TS_FRACTION = 4; // microseconds or nanoseconds, by magic
const INCL_LEN = 8; // bytes captured
const ORIG_LEN = 12; // bytes on the wire
export const PCAP_RECORD_HEADER = 16;
// Magic read as a little-endian u32: the first two mean a little-endian file.
const MAGIC_MICRO_LE = 0xa1b2c3d4;
const MAGIC_NANO_LE = 0xa1b23c4d;
const MAGIC_MICRO_BE = 0xd4c3b2a1;
const MAGIC_NANO_BE = 0x4d3cb2a1;
// libpcap's ceiling for a record when the snaplen is smaller (MAXIMUM_SNAPLEN).
const DEFAULT_MAX_RECORD = 262144;

// The parsed file header.
export interface PcapHeader {
  littleEndian: boolean;
  nanoseconds: boolean;
  versionMajor: number;
  snaplen: number;
  linkType: number;
  // Bytes of frame check sequence at the end of every frame (0 when absent).
  fcsLength: number;
}

// Parses the 24-byte file header; a string says why the bytes are not a pcap header.
export function parsePcapHeader(view: DataView, offset: number): PcapHeader | string {
  if (view.byteLength - offset < PCAP_FILE_HEADER) return 'file shorter than a pcap header';
  const magic = view.getUint32(offset + MAGIC, true);
  let littleEndian: boolean;
  let nanoseconds: boolean;
  if (magic === MAGIC_MICRO_LE || magic === MAGIC_NANO_LE) littleEndian = true;
  else if (magic === MAGIC_MICRO_BE || magic === MAGIC_NANO_BE) littleEndian = false;
  else return `not a pcap file (magic 0x${magic.toString(16).padStart(8, '0')})`;
  nanoseconds = magic === MAGIC_NANO_LE || magic === MAGIC_NANO_BE;
  const raw = view.getUint32(offset + LINKTYPE_AND_FCS, littleEndian);
  const fcsLength = (raw & 0x04000000) !== 0 ? ((raw >>> 28) & 0xf) * 2 : 0;
  return {
    littleEndian,
    nanoseconds,
    versionMajor: view.getUint16(offset + VERSION_MAJOR, littleEndian),
    snaplen: view.getUint32(offset + SNAPLEN, littleEndian),
    linkType: raw & 0xffff,
    fcsLength,
  };
}

// Streaming pcap reader: push chunks, records arrive at the sink.
export class PcapReader implements CaptureReader {
  readonly format = 'pcap' as const;
  frames = 0;
  fatal: string | null = null;
  header: PcapHeader | null = null;
  private tail: Uint8Array | null = null;
  private readonly ctx = new FrameContext();
  private maxRecord = DEFAULT_MAX_RECORD;
  private truncatedFrames = 0;
  private readonly sink: CaptureSink;

  constructor(sink: CaptureSink, options: BinaryReaderOptions = {}) {
    this.sink = sink;
    this.ctx.reuse = options.reuseRecords === true;
  }

  push(chunk: Uint8Array): void {
    if (this.fatal !== null || chunk.length === 0) return;
    const tail = this.tail;
    // A record cut at the end of the last chunk: finish it from the start of this chunk, copying only the
    // bytes it can need rather than joining the whole (possibly many-megabyte) chunk to the tail.
    const stitch = this.maxRecord + PCAP_RECORD_HEADER;
    if (tail !== null && this.header !== null && chunk.length > stitch) {
      const joined = joinChunks(tail, chunk.subarray(0, stitch));
      const pos = this.decodeRecords(joined, new DataView(joined.buffer, joined.byteOffset, joined.byteLength), 0, tail.length);
      if (this.fatal !== null) return;
      if (pos >= tail.length) {
        this.tail = null;
        this.pushFrom(chunk, pos - tail.length);
        return;
      }
    }
    this.pushFrom(joinChunks(tail, chunk), 0);
  }

  // Decodes buffer from pos (the file header first, if not read yet) and keeps the unfinished tail.
  private pushFrom(buffer: Uint8Array, pos: number): void {
    const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    if (this.header === null) {
      if (buffer.length - pos < PCAP_FILE_HEADER) {
        this.tail = copyTail(buffer, pos);
        return;
      }
      const parsed = parsePcapHeader(view, pos);
      if (typeof parsed === 'string') return this.fail(parsed);
      this.header = parsed;
      this.maxRecord = Math.min(Math.max(parsed.snaplen, DEFAULT_MAX_RECORD), MAX_RECORD_BYTES);
      if (!isSupportedLinkType(parsed.linkType)) {
        this.sink.note({ kind: 'link-type', message: `link type ${parsed.linkType} is not supported; its frames are counted as unparsed` });
      }
      pos += PCAP_FILE_HEADER;
    }
    pos = this.decodeRecords(buffer, view, pos, buffer.length);
    if (this.fatal === null) this.tail = copyTail(buffer, pos);
  }

  // Decodes the complete records that start in [pos, stopAt); returns where the next record starts.
  private decodeRecords(buffer: Uint8Array, view: DataView, pos: number, stopAt: number): number {
    const header = this.header!;
    const length = buffer.length;
    const le = header.littleEndian;
    const divisor = header.nanoseconds ? 1e9 : 1e6;
    const linkType = header.linkType;
    const fcs = header.fcsLength;
    const ctx = this.ctx;
    const sink = this.sink;
    while (pos < stopAt && pos + PCAP_RECORD_HEADER <= length) {
      const capturedLength = view.getUint32(pos + INCL_LEN, le);
      if (capturedLength > this.maxRecord) {
        this.frames++;
        sink.record({ kind: 'unparsed', frame: this.frames, reason: `record claims ${capturedLength} captured bytes` });
        this.fail(`record ${this.frames} claims ${capturedLength} captured bytes (limit ${this.maxRecord}); the rest of the file cannot be followed`);
        return pos;
      }
      const dataStart = pos + PCAP_RECORD_HEADER;
      const dataEnd = dataStart + capturedLength;
      if (dataEnd > length) break;
      const originalLength = view.getUint32(pos + ORIG_LEN, le);
      ctx.frame = ++this.frames;
      ctx.time = view.getUint32(pos + TS_SEC, le) + view.getUint32(pos + TS_FRACTION, le) / divisor;
      ctx.capturedLength = capturedLength;
      ctx.originalLength = originalLength < capturedLength ? capturedLength : originalLength;
      ctx.direction = null;
      if (capturedLength < originalLength) this.truncatedFrames++;
      const frameEnd = fcs > 0 && capturedLength === originalLength && capturedLength >= fcs ? dataEnd - fcs : dataEnd;
      sink.record(decodeFrame(ctx, linkType, buffer, view, dataStart, frameEnd));
      pos = dataEnd;
    }
    return pos;
  }

  end(): void {
    if (this.truncatedFrames > 0) {
      this.sink.note({ kind: 'truncated', message: `${this.truncatedFrames} packets were cut short by the snapshot length (snaplen ${this.header?.snaplen ?? '?'}); their payload lengths come from the IP headers` });
    }
    if (this.fatal === null && this.header === null) this.fail('file shorter than a pcap header');
    else if (this.fatal === null && this.tail !== null) {
      this.sink.note({ kind: 'truncated', message: `the file ends in the middle of a packet (${this.tail.length} bytes left over)` });
    }
    this.tail = null;
  }

  private fail(message: string): void {
    this.fatal = message;
    this.tail = null;
    this.sink.note({ kind: 'format', message });
  }
}
