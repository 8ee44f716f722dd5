// IPv6 fixed header (RFC 8200 section 3) and its extension headers, then TCP / ICMPv6.
import type { CaptureRecord } from '../../model/segment.js';
import { buildOther, buildUnparsed, type FrameContext } from './frame-context.js';
import { decodeIcmpv6 } from './icmp.js';
import { walkIpv6Extensions, type Ipv6Walk } from './ipv6-extensions.js';
import { decodeTcp } from './tcp.js';

// Offsets inside the IPv6 fixed header (RFC 8200 3).
const VERSION = 0; // high nibble
const PAYLOAD_LENGTH = 4; // ..6, everything after the fixed header
const NEXT_HEADER = 6;
const HOP_LIMIT = 7;
const SRC = 8; // ..24
const DST = 24; // ..40
const HEADER = 40;
const PROTO_TCP = 6;
const PROTO_UDP = 17;
const PROTO_ICMPV6 = 58;
const PROTO_NO_NEXT = 59;

const walk: Ipv6Walk = { protocol: 0, offset: 0, laterFragment: false, truncated: false };

// Decodes the IPv6 packet at offset (captured bytes end at end).
export function decodeIpv6(ctx: FrameContext, bytes: Uint8Array, view: DataView, offset: number, end: number): CaptureRecord {
  if (end - offset < HEADER) return buildUnparsed(ctx, 'truncated IPv6 header');
  if (view.getUint8(offset + VERSION) >> 4 !== 6) return buildUnparsed(ctx, 'not IPv6 (version field)');
  let payloadLength = view.getUint16(offset + PAYLOAD_LENGTH);
  // Zero: a jumbogram or an offload super-packet; take the length from the frame.
  if (payloadLength === 0) payloadLength = end - offset - HEADER + (ctx.originalLength - ctx.capturedLength);
  const packetEnd = Math.min(end, offset + HEADER + payloadLength);
  walkIpv6Extensions(view, view.getUint8(offset + NEXT_HEADER), offset + HEADER, packetEnd, walk);
  if (walk.laterFragment) return buildOther(ctx, 'ipv6-fragment');
  if (walk.truncated) return buildUnparsed(ctx, 'truncated IPv6 extension headers');
  const protocol = walk.protocol;
  const upper = walk.offset;
  const upperLength = offset + HEADER + payloadLength - upper;
  if (upperLength < 0) return buildUnparsed(ctx, 'IPv6 extension headers longer than the payload');
  if (protocol === PROTO_TCP) {
    const cache = ctx.addresses;
    return decodeTcp(
      ctx,
      view,
      upper,
      packetEnd,
      upperLength,
      6,
      cache.ipv6(bytes, view, offset + SRC),
      cache.ipv6(bytes, view, offset + DST),
      view.getUint8(offset + HOP_LIMIT),
    );
  }
  if (protocol === PROTO_ICMPV6) return decodeIcmpv6(ctx, bytes, view, upper, packetEnd, ctx.addresses.ipv6(bytes, view, offset + SRC));
  if (protocol === PROTO_UDP) return buildOther(ctx, 'udp');
  if (protocol === PROTO_NO_NEXT) return buildOther(ctx, 'ipv6-no-next-header');
  return buildOther(ctx, `ip-proto-${protocol}`);
}
