// TCP header and options (RFC 9293 section 3.1; options RFC 9293, RFC 7323, RFC 2018).
import type { CaptureRecord, Segment, TcpOptions } from '../../model/segment.js';
import { buildUnparsed, type FrameContext } from './frame-context.js';

// Offsets inside the TCP header (RFC 9293 3.1, figure 1).
const SRC_PORT = 0; // ..2
const DST_PORT = 2; // ..4
const SEQ_NUM = 4; // ..8
const ACK_NUM = 8; // ..12
const DATA_OFFSET = 12; // high nibble, in 32-bit words
const FLAGS = 13; // CWR ECE URG ACK PSH RST SYN FIN
const WINDOW = 14; // ..16
const MIN_HEADER = 20;
// Option kinds (IANA "TCP Option Kind Numbers").
const OPT_EOL = 0;
const OPT_NOP = 1;
const OPT_MSS = 2; // length 4 (RFC 9293)
const OPT_WSCALE = 3; // length 3 (RFC 7323)
const OPT_SACK_PERMITTED = 4; // length 2 (RFC 2018)
const OPT_SACK = 5; // length 2 + 8n (RFC 2018)
const OPT_TIMESTAMPS = 8; // length 10 (RFC 7323)

// The caller's knowledge of the IP layer around this TCP header.
export interface IpFacts {
  family: 4 | 6;
  src: string;
  dst: string;
  ttl: number;
}

// Decodes the TCP header at offset; wireLength is the TCP length the IP header claims
// (header + payload), so payloadLength is right even when the capture cut the packet short.
export function decodeTcp(
  ctx: FrameContext,
  view: DataView,
  offset: number,
  capturedEnd: number,
  wireLength: number,
  family: 4 | 6,
  src: string,
  dst: string,
  ttl: number,
  // IPv4 addresses as int32s (0 for IPv6), for the reused record only.
  srcIpv4 = 0,
  dstIpv4 = 0,
): CaptureRecord {
  if (capturedEnd - offset < MIN_HEADER) return buildUnparsed(ctx, 'truncated TCP header');
  const headerLength = (view.getUint8(offset + DATA_OFFSET) >> 4) * 4;
  if (headerLength < MIN_HEADER) return buildUnparsed(ctx, 'bad TCP header length');
  if (headerLength > wireLength) return buildUnparsed(ctx, 'TCP header longer than the IP payload');
  const optionsEnd = Math.min(offset + headerLength, capturedEnd);
  if (ctx.reuse) return fillScratchSegment(ctx, view, offset, headerLength, optionsEnd, wireLength, family, src, dst, ttl, srcIpv4, dstIpv4);
  const segment: Segment = {
    frame: ctx.frame,
    time: ctx.time,
    family,
    src,
    dst,
    srcPort: view.getUint16(offset + SRC_PORT),
    dstPort: view.getUint16(offset + DST_PORT),
    seq: view.getUint32(offset + SEQ_NUM),
    ack: view.getUint32(offset + ACK_NUM),
    flags: view.getUint8(offset + FLAGS),
    window: view.getUint16(offset + WINDOW),
    payloadLength: wireLength - headerLength,
    options: headerLength > MIN_HEADER ? decodeTcpOptions(view, offset + MIN_HEADER, optionsEnd) : {},
    frameLength: ctx.originalLength,
    ttl,
    interface: ctx.interfaceName,
  };
  if (ctx.direction !== null) segment.direction = ctx.direction;
  return { kind: 'tcp', segment };
}

// The reuse path of decodeTcp: the same fields written into the context's scratch segment and options.
function fillScratchSegment(
  ctx: FrameContext,
  view: DataView,
  offset: number,
  headerLength: number,
  optionsEnd: number,
  wireLength: number,
  family: 4 | 6,
  src: string,
  dst: string,
  ttl: number,
  srcIpv4: number,
  dstIpv4: number,
): CaptureRecord {
  const segment = ctx.segment;
  segment.srcIpv4 = srcIpv4;
  segment.dstIpv4 = dstIpv4;
  segment.frame = ctx.frame;
  segment.time = ctx.time;
  segment.family = family;
  segment.src = src;
  segment.dst = dst;
  segment.srcPort = view.getUint16(offset + SRC_PORT);
  segment.dstPort = view.getUint16(offset + DST_PORT);
  segment.seq = view.getUint32(offset + SEQ_NUM);
  segment.ack = view.getUint32(offset + ACK_NUM);
  segment.flags = view.getUint8(offset + FLAGS);
  segment.window = view.getUint16(offset + WINDOW);
  segment.payloadLength = wireLength - headerLength;
  const options = ctx.options;
  options.mss = undefined;
  options.windowScale = undefined;
  options.sackPermitted = undefined;
  options.sack = undefined;
  options.tsVal = undefined;
  options.tsEcr = undefined;
  if (headerLength > MIN_HEADER) readTcpOptions(view, offset + MIN_HEADER, optionsEnd, options);
  segment.frameLength = ctx.originalLength;
  segment.ttl = ttl;
  segment.interface = ctx.interfaceName;
  segment.direction = ctx.direction ?? undefined;
  return ctx.tcpRecord;
}

// Decodes the option list in [offset, end); stops quietly at a malformed or truncated option.
export function decodeTcpOptions(view: DataView, offset: number, end: number): TcpOptions {
  const options: TcpOptions = {};
  readTcpOptions(view, offset, end, options);
  return options;
}

// Writes the options found in [offset, end) into `options`.
function readTcpOptions(view: DataView, offset: number, end: number, options: TcpOptions): void {
  let p = offset;
  while (p < end) {
    const kind = view.getUint8(p);
    if (kind === OPT_EOL) break;
    if (kind === OPT_NOP) {
      p++;
      continue;
    }
    if (p + 2 > end) break;
    const length = view.getUint8(p + 1);
    if (length < 2 || p + length > end) break;
    switch (kind) {
      case OPT_MSS:
        if (length === 4) options.mss = view.getUint16(p + 2);
        break;
      case OPT_WSCALE:
        if (length === 3) options.windowScale = view.getUint8(p + 2);
        break;
      case OPT_SACK_PERMITTED:
        if (length === 2) options.sackPermitted = true;
        break;
      case OPT_SACK: {
        const blocks: [number, number][] = [];
        for (let b = p + 2; b + 8 <= p + length; b += 8) blocks.push([view.getUint32(b), view.getUint32(b + 4)]);
        options.sack = blocks;
        break;
      }
      case OPT_TIMESTAMPS:
        if (length === 10) {
          options.tsVal = view.getUint32(p + 2);
          options.tsEcr = view.getUint32(p + 6);
        }
        break;
      default:
        break;
    }
    p += length;
  }
}
