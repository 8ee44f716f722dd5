// ICMP (RFC 792) and ICMPv6 (RFC 4443) errors that quote a TCP segment -> IcmpError.
import type { CaptureRecord, IcmpError } from '../../model/segment.js';
import { buildOther, buildUnparsed, type FrameContext } from './frame-context.js';
import { walkIpv6Extensions, type Ipv6Walk } from './ipv6-extensions.js';

// Common ICMP/ICMPv6 header: type 0, code 1, checksum 2..4, type-specific 4..8, quoted packet from 8.
const TYPE = 0;
const CODE = 1;
const NEXT_HOP_MTU = 6; // ICMPv4 type 3 code 4, ..8 (RFC 1191)
const MTU6 = 4; // ICMPv6 type 2, ..8 (RFC 4443 3.2)
const QUOTED = 8;
// ICMPv4 error types: 3 destination unreachable, 4 source quench, 5 redirect, 11 time exceeded, 12 parameter problem.
const V4_UNREACHABLE = 3;
const V4_FRAG_NEEDED = 4;
// ICMPv6: types below 128 are errors; 2 is packet too big.
const V6_PACKET_TOO_BIG = 2;
// Quoted IPv4 header: IHL 0 low nibble, protocol 9, src 12..16, dst 16..20 (RFC 791).
// Quoted IPv6 header: next header 6, src 8..24, dst 24..40 (RFC 8200).
// Quoted TCP: src port 0..2, dst port 2..4, seq 4..8 — the 8 bytes RFC 792 guarantees.
const PROTO_TCP = 6;

const walk: Ipv6Walk = { protocol: 0, offset: 0, laterFragment: false, truncated: false };

function isIcmpv4Error(type: number): boolean {
  return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
}

// Decodes an ICMPv4 message at offset; reporter is the outer source address.
export function decodeIcmpv4(ctx: FrameContext, bytes: Uint8Array, view: DataView, offset: number, end: number, reporter: string): CaptureRecord {
  if (end - offset < QUOTED) return buildUnparsed(ctx, 'truncated ICMP header');
  const type = view.getUint8(offset + TYPE);
  if (!isIcmpv4Error(type)) return buildOther(ctx, 'icmp');
  const code = view.getUint8(offset + CODE);
  const inner = offset + QUOTED;
  if (end - inner < 20 || view.getUint8(inner) >> 4 !== 4) return buildOther(ctx, 'icmp');
  const innerHeader = (view.getUint8(inner) & 0x0f) * 4;
  if (view.getUint8(inner + 9) !== PROTO_TCP || innerHeader < 20) return buildOther(ctx, 'icmp');
  const tcp = inner + innerHeader;
  if (end - tcp < 4) return buildOther(ctx, 'icmp');
  const cache = ctx.addresses;
  const error: IcmpError = {
    frame: ctx.frame,
    time: ctx.time,
    family: 4,
    reporter,
    type,
    code,
    quoted: {
      src: cache.ipv4(bytes, view, inner + 12),
      dst: cache.ipv4(bytes, view, inner + 16),
      srcPort: view.getUint16(tcp),
      dstPort: view.getUint16(tcp + 2),
      seq: end - tcp >= 8 ? view.getUint32(tcp + 4) : null,
    },
    mtu: type === V4_UNREACHABLE && code === V4_FRAG_NEEDED ? view.getUint16(offset + NEXT_HOP_MTU) : null,
  };
  return { kind: 'icmp', error };
}

// Decodes an ICMPv6 message at offset; reporter is the outer source address.
export function decodeIcmpv6(ctx: FrameContext, bytes: Uint8Array, view: DataView, offset: number, end: number, reporter: string): CaptureRecord {
  if (end - offset < QUOTED) return buildUnparsed(ctx, 'truncated ICMPv6 header');
  const type = view.getUint8(offset + TYPE);
  if (type >= 128 || type === 0) return buildOther(ctx, 'icmpv6');
  const code = view.getUint8(offset + CODE);
  const inner = offset + QUOTED;
  if (end - inner < 40 || view.getUint8(inner) >> 4 !== 6) return buildOther(ctx, 'icmpv6');
  walkIpv6Extensions(view, view.getUint8(inner + 6), inner + 40, end, walk);
  if (walk.truncated || walk.laterFragment || walk.protocol !== PROTO_TCP) return buildOther(ctx, 'icmpv6');
  const tcp = walk.offset;
  if (end - tcp < 4) return buildOther(ctx, 'icmpv6');
  const cache = ctx.addresses;
  const error: IcmpError = {
    frame: ctx.frame,
    time: ctx.time,
    family: 6,
    reporter,
    type,
    code,
    quoted: {
      src: cache.ipv6(bytes, view, inner + 8),
      dst: cache.ipv6(bytes, view, inner + 24),
      srcPort: view.getUint16(tcp),
      dstPort: view.getUint16(tcp + 2),
      seq: end - tcp >= 8 ? view.getUint32(tcp + 4) : null,
    },
    mtu: type === V6_PACKET_TOO_BIG ? view.getUint32(offset + MTU6) : null,
  };
  return { kind: 'icmp', error };
}
