// Link-layer headers: which network protocol a frame carries and where its header starts.
// Link type numbers and layouts: tcpdump.org "Link-layer header types" (LINKTYPE_*).
import type { FrameContext } from './frame-context.js';

// LINKTYPE_* values this decoder understands.
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

// Network protocols as EtherType values; the link decoder maps every link type onto these.
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_ARP = 0x0806;
const ETHERTYPE_VLAN = 0x8100; // IEEE 802.1Q
const ETHERTYPE_QINQ = 0x88a8; // IEEE 802.1ad
const ETHERTYPE_QINQ_OLD = 0x9100; // pre-standard double tagging
// Link decode failures, returned instead of an EtherType.
export const LINK_TRUNCATED = -1;
export const LINK_UNSUPPORTED = -2;

// Ethernet II (IEEE 802.3): dst 0..6, src 6..12, type 12..14; an 802.1Q/802.1ad tag adds
// TPID(2) + TCI(2) before the real type.
const ETH_TYPE = 12;
const ETH_HEADER = 14;
const VLAN_TAG = 4;
const MAX_VLAN_TAGS = 4;
// LINUX_SLL: packet type 0..2, ARPHRD 2..4, address length 4..6, address 6..14, protocol 14..16.
const SLL_PACKET_TYPE = 0;
const SLL_PROTOCOL = 14;
const SLL_HEADER = 16;
// LINUX_SLL2: protocol 0..2, reserved 2..4, ifindex 4..8, ARPHRD 8..10, packet type 10, address length 11, address 12..20.
const SLL2_PROTOCOL = 0;
const SLL2_PACKET_TYPE = 10;
const SLL2_HEADER = 20;
// SLL packet types (linux/if_packet.h): 0 host, 1 broadcast, 2 multicast, 3 other host, 4 outgoing.
const PACKET_OUTGOING = 4;
// NULL/LOOP: a 4-byte address family (host order for NULL, big-endian for LOOP).
const NULL_HEADER = 4;

// Whether this decoder knows the link type.
export function isSupportedLinkType(linkType: number): boolean {
  switch (linkType) {
    case LINKTYPE.NULL:
    case LINKTYPE.ETHERNET:
    case LINKTYPE.RAW:
    case 12: // DLT_RAW on some BSDs, written as-is by old tools
    case 14:
    case LINKTYPE.LOOP:
    case LINKTYPE.LINUX_SLL:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
    case LINKTYPE.LINUX_SLL2:
      return true;
    default:
      return false;
  }
}

// Decodes the link header of the frame [start, end): returns the EtherType of the payload (or
// LINK_TRUNCATED / LINK_UNSUPPORTED) and sets ctx.networkOffset (and ctx.direction for SLL).
export function decodeLinkLayer(ctx: FrameContext, linkType: number, view: DataView, start: number, end: number): number {
  const length = end - start;
  switch (linkType) {
    case LINKTYPE.ETHERNET: {
      if (length < ETH_HEADER) return LINK_TRUNCATED;
      let type = view.getUint16(start + ETH_TYPE);
      let offset = start + ETH_HEADER;
      for (let tags = 0; (type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD) && tags < MAX_VLAN_TAGS; tags++) {
        if (offset + VLAN_TAG > end) return LINK_TRUNCATED;
        type = view.getUint16(offset + 2);
        offset += VLAN_TAG;
      }
      ctx.networkOffset = offset;
      return type;
    }
    case LINKTYPE.LINUX_SLL: {
      if (length < SLL_HEADER) return LINK_TRUNCATED;
      ctx.direction = view.getUint16(start + SLL_PACKET_TYPE) === PACKET_OUTGOING ? 'out' : 'in';
      ctx.networkOffset = start + SLL_HEADER;
      return view.getUint16(start + SLL_PROTOCOL);
    }
    case LINKTYPE.LINUX_SLL2: {
      if (length < SLL2_HEADER) return LINK_TRUNCATED;
      ctx.direction = view.getUint8(start + SLL2_PACKET_TYPE) === PACKET_OUTGOING ? 'out' : 'in';
      ctx.networkOffset = start + SLL2_HEADER;
      return view.getUint16(start + SLL2_PROTOCOL);
    }
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (length < NULL_HEADER) return LINK_TRUNCATED;
      // NULL uses the capturing host's byte order: a value below 2^16 read big-endian means big-endian.
      let family = view.getUint32(start, false);
      if (linkType === LINKTYPE.NULL && (family & 0xffff) === 0) family = view.getUint32(start, true);
      ctx.networkOffset = start + NULL_HEADER;
      return familyToEthertype(family);
    }
    case LINKTYPE.RAW:
    case 12:
    case 14:
      if (length < 1) return LINK_TRUNCATED;
      ctx.networkOffset = start;
      return versionToEthertype(view.getUint8(start) >> 4);
    case LINKTYPE.IPV4:
      ctx.networkOffset = start;
      return ETHERTYPE_IPV4;
    case LINKTYPE.IPV6:
      ctx.networkOffset = start;
      return ETHERTYPE_IPV6;
    default:
      return LINK_UNSUPPORTED;
  }
}

// BSD address families: AF_INET 2; AF_INET6 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS), 10 (Linux).
function familyToEthertype(family: number): number {
  if (family === 2) return ETHERTYPE_IPV4;
  if (family === 24 || family === 28 || family === 30 || family === 10) return ETHERTYPE_IPV6;
  return 0;
}

function versionToEthertype(version: number): number {
  if (version === 4) return ETHERTYPE_IPV4;
  if (version === 6) return ETHERTYPE_IPV6;
  return 0;
}
