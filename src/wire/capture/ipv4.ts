// IPv4 header (RFC 791 section 3.1) and dispatch to TCP / ICMP.
import type { CaptureRecord } from '../../model/segment.js';
import { buildOther, buildUnparsed, type FrameContext } from './frame-context.js';
import { decodeIcmpv4 } from './icmp.js';
import { decodeTcp } from './tcp.js';

// Offsets inside the IPv4 header (RFC 791 3.1).
const VERSION_IHL = 0; // version high nibble, IHL low nibble (32-bit words)
const TOTAL_LENGTH = 2; // ..4, header + data
const FLAGS_FRAGMENT = 6; // ..8, flags 3 bits, fragment offset 13 bits
const TTL = 8;
const PROTOCOL = 9;
const SRC = 12; // ..16
const DST = 16; // ..20
const MIN_HEADER = 20;
// IANA protocol numbers.
const PROTO_ICMP = 1;
const PROTO_TCP = 6;
const PROTO_UDP = 17;

// Decodes the IPv4 packet at offset (captured bytes end at end).
export function decodeIpv4(ctx: FrameContext, bytes: Uint8Array, view: DataView, offset: number, end: number): CaptureRecord {
  if (end - offset < MIN_HEADER) return buildUnparsed(ctx, 'truncated IPv4 header');
  const versionIhl = view.getUint8(offset + VERSION_IHL);
  if (versionIhl >> 4 !== 4) return buildUnparsed(ctx, 'not IPv4 (version field)');
  const headerLength = (versionIhl & 0x0f) * 4;
  if (headerLength < MIN_HEADER) return buildUnparsed(ctx, 'bad IPv4 header length');
  if (end - offset < headerLength) return buildUnparsed(ctx, 'truncated IPv4 header');
  let totalLength = view.getUint16(offset + TOTAL_LENGTH);
  // Zero total length: a segmentation-offload super-packet captured before splitting; the frame says how long it is.
  if (totalLength === 0) totalLength = end - offset + (ctx.originalLength - ctx.capturedLength);
  if (totalLength < headerLength) return buildUnparsed(ctx, 'bad IPv4 total length');
  const protocol = view.getUint8(offset + PROTOCOL);
  if ((view.getUint16(offset + FLAGS_FRAGMENT) & 0x1fff) !== 0) return buildOther(ctx, 'ipv4-fragment');
  // Ethernet pads short frames: the IP length, not the frame, says where the packet ends.
  const packetEnd = Math.min(end, offset + totalLength);
  const payload = offset + headerLength;
  if (protocol === PROTO_TCP) {
    const cache = ctx.addresses;
    return decodeTcp(
      ctx,
      view,
      payload,
      packetEnd,
      totalLength - headerLength,
      4,
      cache.ipv4(bytes, view, offset + SRC),
      cache.ipv4(bytes, view, offset + DST),
      view.getUint8(offset + TTL),
      view.getInt32(offset + SRC),
      view.getInt32(offset + DST),
    );
  }
  if (protocol === PROTO_ICMP) return decodeIcmpv4(ctx, bytes, view, payload, packetEnd, ctx.addresses.ipv4(bytes, view, offset + SRC));
  if (protocol === PROTO_UDP) return buildOther(ctx, 'udp');
  return buildOther(ctx, `ip-proto-${protocol}`);
}
