// tcpdump's text output (`tcpdump -n`, optionally -S, -tt/-ttt/-tttt/-ttttt, -e, -v, -i any) -> CaptureRecords.
// Line layout (tcpdump(1) "TCP Packets", print-tcp.c):
//   TIME [IFACE DIR] IP|IP6 SRC.PORT > DST.PORT: Flags [FSRP.UEW], seq S[:E], ack A, win W, options [...], length L
// -e puts a link header where "IP " stands; -v adds "(tos ..., ttl N, ...)" after it, and for IPv4 moves the
// rest of the packet to the next, indented line.
import type { CaptureRecord, TcpOptions } from '../../model/segment.js';
import { TCP_FLAGS } from '../../model/segment.js';
import type { CaptureReader, CaptureSink } from './capture-reader.js';
import { parseIcmpLine } from './tcpdump-text-icmp.js';
import { parseTextOptions, readNumberAfter } from './tcpdump-text-options.js';
import { readNetworkStart, readVerboseIpHeader } from './tcpdump-text-headers.js';
import { TextClock, readDeltaSeconds } from './tcpdump-text-clock.js';
import { TextSequenceNumbers, isU32, type SequenceMode, type TcpLine } from './tcpdump-text-sequence.js';

export { MAX_TEXT_CONNECTIONS, type SequenceMode } from './tcpdump-text-sequence.js';

export { parseTextOptions } from './tcpdump-text-options.js';

export interface TextReaderOptions {
  sequenceNumbers?: SequenceMode;
}

// What a packet line says before its addresses; an IPv4 -v header line leaves it waiting for the packet line.
interface PacketContext {
  frame: number;
  time: number;
  interfaceName: string | null;
  direction: 'in' | 'out' | null;
  family: 4 | 6;
  ttl: number | null;
}

const MAX_LINE = 65536;
// tshark's and Wireshark's one-line summaries ("  1 0.000000 10.0.0.1 → 10.0.0.2 TCP 74 40000 → 443 [SYN] ..."):
// they start with white space, so without this check they would all pass for continuation lines, silently.
const TSHARK_SUMMARY = /^\s*\d+\s+-?\d+\.\d+\s+\S+\s+(?:→|->)\s+\S+\s+\S+\s+\d+\s/;
// Delta lines looked at before deciding between -ttt and -ttttt (a -ttt capture goes down well before this).
const DELTA_DECIDE_LINES = 64;
const ANY_PREFIX = /^(\S+)\s+(In|Out|B|M|P)\s+/;
const FLAG_LETTERS: Record<string, number> = {
  F: TCP_FLAGS.FIN,
  S: TCP_FLAGS.SYN,
  R: TCP_FLAGS.RST,
  P: TCP_FLAGS.PSH,
  '.': TCP_FLAGS.ACK,
  U: TCP_FLAGS.URG,
  E: TCP_FLAGS.ECE,
  W: TCP_FLAGS.CWR,
};
// Lines tcpdump or a shell adds around the packets.
const CHATTER = /^(reading from file|listening on|tcpdump: |\d+ packets? (captured|received|dropped)|Warning: )/;

// Splits "ADDRESS.PORT" at the last dot.
function splitEndpoint(text: string): [string, number] | null {
  const dot = text.lastIndexOf('.');
  if (dot <= 0) return null;
  const port = Number(text.slice(dot + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535 || text.length - dot > 6) return null;
  return [text.slice(0, dot), port];
}

// Streaming reader for tcpdump text: lines in, CaptureRecords out.
export class TcpdumpTextReader implements CaptureReader {
  readonly format = 'text' as const;
  frames = 0;
  fatal: string | null = null;
  // Lines that looked like nothing tcpdump prints.
  unparsedLines = 0;
  private readonly numbers: TextSequenceNumbers;
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';
  private skippingLongLine = false;
  private readonly clock = new TextClock();
  private readonly sink: CaptureSink;
  private verbose: PacketContext | null = null;
  // Indented lines before any packet line: continuations of nothing (said at the end when no packet came).
  private strayLines = 0;
  private sawPacketLine = false;
  // Lines without a timestamp after packet lines (tcpdump -A payload, most likely).
  private untimedLines = 0;
  // Relative timestamps (-ttt or -ttttt): lines are held back until it is known which.
  private deltasKnown = false;
  private readonly heldLines: string[] = [];
  private heldDeltas = 0;
  private lastDelta = -1;

  constructor(sink: CaptureSink, options: TextReaderOptions = {}) {
    this.sink = sink;
    this.numbers = new TextSequenceNumbers(options.sequenceNumbers ?? 'auto');
  }

  // Resolved sequence-number mode (auto becomes one of the others once a connection shows it).
  get mode(): SequenceMode {
    return this.numbers.mode;
  }

  // Connections whose sequence bases are remembered now (bounded by MAX_TEXT_CONNECTIONS).
  get rememberedConnections(): number {
    return this.numbers.rememberedConnections;
  }

  push(chunk: Uint8Array): void {
    if (this.fatal !== null) return;
    this.consume(this.decoder.decode(chunk, { stream: true }), false);
  }

  end(): void {
    this.consume(this.decoder.decode(), true);
    if (this.heldLines.length > 0) this.decideDeltaMode('first');
    this.flushVerbose();
    if (this.untimedLines > 0) {
      this.sink.note({ kind: 'format', message: `${this.untimedLines} lines without a timestamp were skipped (payload printed by tcpdump -A or -x, or text that is not tcpdump's)` });
    }
    if (this.frames === 0 && this.strayLines > 0) {
      this.sink.note({ kind: 'format', message: `${this.strayLines} indented lines were skipped: tcpdump prints those under a packet line, and no packet line came` });
    }
  }

  private consume(text: string, final: boolean): void {
    let data = this.pending + text;
    let start = 0;
    for (;;) {
      const newline = data.indexOf('\n', start);
      if (newline < 0) break;
      if (this.skippingLongLine) this.skippingLongLine = false;
      else this.readLine(data.slice(start, newline));
      start = newline + 1;
    }
    data = data.slice(start);
    if (final) {
      if (!this.skippingLongLine && data.length > 0) this.readLine(data);
      data = '';
    } else if (data.length > MAX_LINE) {
      // A "line" this long is not tcpdump output: count it once and drop it up to its newline.
      if (!this.skippingLongLine) this.unparsed(`line longer than ${MAX_LINE} characters`);
      this.skippingLongLine = true;
      data = '';
    }
    this.pending = data;
  }

  // Parses one line (without its newline) and delivers what it holds.
  readLine(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || this.fatal !== null) return;
    if (this.frames === 0 && TSHARK_SUMMARY.test(line)) {
      this.fatal = "this is tshark or Wireshark text output, which tcpdoc does not read: give the capture file itself, or tcpdump's text (tcpdump -n -r FILE)";
      return;
    }
    // Relative timestamps start with their sign column, a space or '-'; most lines start with a digit.
    const first = line.charCodeAt(0);
    const delta = first === 0x20 || first === 0x2d ? readDeltaSeconds(line) : null;
    // -ttt/-ttttt print every packet that way from the first one; a later line that happens to look like one
    // (a -A payload line, say) does not switch the reader over.
    if (!this.deltasKnown && ((delta !== null && this.frames === 0) || this.heldLines.length > 0)) {
      this.holdDeltaLine(line, delta);
      return;
    }
    // Continuation lines (-v details, -X hex) start with white space; they belong to the previous packet,
    // and after an IPv4 -v header the first of them is the packet itself.
    if (delta === null && (line.startsWith(' ') || line.startsWith('\t'))) {
      const waiting = this.verbose;
      if (waiting !== null) {
        this.verbose = null;
        this.sink.record(this.parsePacket(waiting, line.trim()));
      } else if (this.frames === 0) this.strayLines++;
      return;
    }
    this.flushVerbose();
    if (CHATTER.test(line)) return;
    const record = this.parseLine(line);
    if (record !== null) this.sink.record(record);
  }

  // Holds delta-time lines until a value that goes down shows -ttt (or enough lines show -ttttt).
  private holdDeltaLine(line: string, value: number | null): void {
    this.heldLines.push(line);
    // Continuation lines are held too, but not without end: decide with what has been seen.
    if (this.heldLines.length >= 4 * DELTA_DECIDE_LINES) return this.decideDeltaMode('first');
    if (value === null) return;
    if (value < this.lastDelta) return this.decideDeltaMode('previous');
    this.lastDelta = value;
    if (++this.heldDeltas >= DELTA_DECIDE_LINES) this.decideDeltaMode('first');
  }

  private decideDeltaMode(mode: 'previous' | 'first'): void {
    this.deltasKnown = true;
    this.clock.deltas = mode;
    this.sink.note({
      kind: 'format',
      message: mode === 'previous' ? 'timestamps are tcpdump -ttt deltas (time since the previous packet), added up from 0' : 'timestamps are tcpdump -ttttt offsets (time since the first packet)',
    });
    for (const line of this.heldLines.splice(0)) this.readLine(line);
  }

  // An IPv4 -v header whose packet line never came.
  private flushVerbose(): void {
    const waiting = this.verbose;
    if (waiting === null) return;
    this.verbose = null;
    this.sink.record(this.unparsedFrame(waiting.frame, 'verbose IP header line without its packet line'));
  }

  private unparsed(reason: string): void {
    this.unparsedLines++;
    this.sink.record({ kind: 'unparsed', frame: ++this.frames, reason });
  }

  private parseLine(line: string): CaptureRecord | null {
    const time = this.clock.read(line);
    if (time === null) {
      // After a packet line, a line without a timestamp that does not look like a packet is most likely payload
      // that -A printed: skipped and counted (said at the end), not a frame that failed. Before any packet line,
      // or shaped like one (tcpdump -t), it is a frame that could not be read.
      const packetLike = line.startsWith('IP ') || line.startsWith('IP6 ') || ANY_PREFIX.test(line);
      if (this.sawPacketLine && !packetLike) this.untimedLines++;
      else this.unparsed('no timestamp at the start of the line');
      return null;
    }
    this.sawPacketLine = true;
    let rest = line.slice(time[1]);
    let interfaceName: string | null = null;
    let direction: 'in' | 'out' | null = null;
    if (!rest.startsWith('IP ') && !rest.startsWith('IP6 ')) {
      const any = ANY_PREFIX.exec(rest);
      if (any !== null) {
        interfaceName = any[1] ?? null;
        direction = any[2] === 'Out' ? 'out' : 'in';
        rest = rest.slice(any[0].length);
      }
    }
    const frame = ++this.frames;
    const start = readNetworkStart(rest);
    if ('other' in start) return { kind: 'other', frame, time: time[0], protocol: start.other };
    const header: PacketContext = { frame, time: time[0], interfaceName, direction, family: start.family, ttl: null };
    rest = start.rest;
    const verbose = readVerboseIpHeader(rest);
    if (verbose !== null) {
      header.ttl = verbose.ttl;
      // IPv4 -v: the addresses and the TCP part are on the next line.
      if (verbose.rest === '') {
        this.verbose = header;
        return null;
      }
      rest = verbose.rest;
    }
    return this.parsePacket(header, rest);
  }

  // "SRC > DST: body" of one packet, with what its line (or its -v header line) said before it.
  private parsePacket(h: PacketContext, rest: string): CaptureRecord {
    const { frame, family } = h;
    const arrow = rest.indexOf(' > ');
    const colon = rest.indexOf(': ', arrow);
    if (arrow < 0 || colon < 0) return this.unparsedFrame(frame, 'no "SRC > DST:" in an IP line');
    const srcText = rest.slice(0, arrow);
    const dstText = rest.slice(arrow + 3, colon);
    // -v puts a checksum verdict in front of an ICMPv6 message: "[icmp6 sum ok] ICMP6, ...".
    const verdictEnd = rest.startsWith('[', colon + 2) ? rest.indexOf('] ', colon) : -1;
    const body = rest.slice(verdictEnd >= 0 ? verdictEnd + 2 : colon + 2);
    if (body.startsWith('Flags [')) {
      const src = splitEndpoint(srcText);
      const dst = splitEndpoint(dstText);
      if (src === null || dst === null) return this.unparsedFrame(frame, 'TCP line without numeric ports (was -n used?)');
      const parsed = this.parseTcpBody(body);
      if (typeof parsed === 'string') return this.unparsedFrame(frame, parsed);
      const tcp: TcpLine = { time: h.time, interfaceName: h.interfaceName, direction: h.direction, family, src: src[0], dst: dst[0], srcPort: src[1], dstPort: dst[1], ttl: h.ttl, ...parsed };
      return { kind: 'tcp', segment: this.numbers.toSegment(frame, tcp) };
    }
    if (body.startsWith('ICMP')) return parseIcmpLine(frame, h.time, family, srcText, dstText, body);
    return { kind: 'other', frame, time: h.time, protocol: body.startsWith('UDP') ? 'udp' : 'ip' };
  }

  private unparsedFrame(frame: number, reason: string): CaptureRecord {
    this.unparsedLines++;
    return { kind: 'unparsed', frame, reason };
  }

  private parseTcpBody(body: string): Omit<TcpLine, 'time' | 'interfaceName' | 'direction' | 'family' | 'src' | 'dst' | 'srcPort' | 'dstPort' | 'ttl'> | string {
    const close = body.indexOf(']');
    if (close < 0) return 'unterminated Flags [...]';
    const letters = body.slice(7, close);
    let flags = 0;
    if (letters !== 'none') {
      for (const letter of letters) {
        const bit = FLAG_LETTERS[letter];
        if (bit === undefined) return `unknown TCP flag letter "${letter}"`;
        flags |= bit;
      }
    }
    let rest = body.slice(close + 1);
    let options: TcpOptions = {};
    const optionsAt = rest.indexOf('options [');
    if (optionsAt >= 0) {
      const optionsEnd = rest.indexOf(']', optionsAt);
      if (optionsEnd < 0) return 'unterminated options [...]';
      options = parseTextOptions(rest.slice(optionsAt + 9, optionsEnd));
      rest = rest.slice(0, optionsAt) + rest.slice(optionsEnd + 1);
    }
    const seq = readNumberAfter(rest, ', seq ');
    const ack = readNumberAfter(rest, ', ack ');
    const window = readNumberAfter(rest, ', win ') ?? -1;
    const length = readNumberAfter(rest, ', length ') ?? -1;
    if (!isU32(length)) return 'TCP line without "length N"';
    if (seq !== null && !isU32(seq)) return 'bad seq number';
    if (ack !== null && !isU32(ack)) return 'bad ack number';
    return { flags, seq, ack, window: isU32(window) ? window : 0, length, options };
  }
}
