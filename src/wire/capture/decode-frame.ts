// One captured frame -> one CaptureRecord: link header, then IPv4/IPv6, then TCP/ICMP.
import type { CaptureRecord } from '../../model/segment.js';
import { buildOther, buildUnparsed, type FrameContext } from './frame-context.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeLinkLayer, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6, LINK_TRUNCATED, LINK_UNSUPPORTED } from './link.js';

// Decodes the frame [start, end) of bytes (view covers the same buffer); ctx holds frame number,
// time and lengths. Never throws: a decoder bug becomes an 'unparsed' record naming it.
export function decodeFrame(ctx: FrameContext, linkType: number, bytes: Uint8Array, view: DataView, start: number, end: number): CaptureRecord {
  try {
    const protocol = decodeLinkLayer(ctx, linkType, view, start, end);
    if (protocol === ETHERTYPE_IPV4) return decodeIpv4(ctx, bytes, view, ctx.networkOffset, end);
    if (protocol === ETHERTYPE_IPV6) return decodeIpv6(ctx, bytes, view, ctx.networkOffset, end);
    if (protocol === LINK_TRUNCATED) return buildUnparsed(ctx, 'truncated link-layer header');
    if (protocol === LINK_UNSUPPORTED) return buildUnparsed(ctx, `unsupported link type ${linkType}`);
    if (protocol === ETHERTYPE_ARP) return buildOther(ctx, 'arp');
    return buildOther(ctx, protocol < 0x600 ? 'llc' : 'ethertype');
  } catch (error) {
    return buildUnparsed(ctx, `internal decoder error: ${error instanceof Error ? error.message : String(error)}`);
  }
}
