// Walks the IPv6 extension header chain to the upper-layer protocol (RFC 8200 section 4).

// Extension header numbers (RFC 8200 4.1; AH RFC 4302).
const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const AUTHENTICATION = 51;
const DESTINATION_OPTIONS = 60;
// Generic layout: next header 0, header extension length 1 (8-octet units beyond the first 8).
const EXT_NEXT_HEADER = 0;
const EXT_LENGTH = 1;
// Fragment header (RFC 8200 4.5): next 0, reserved 1, fragment offset << 3 | flags 2..4, id 4..8.
const FRAG_OFFSET = 2;
const FRAG_HEADER = 8;
const MAX_EXTENSIONS = 16;

// Result of a walk: reused between calls, so copy the fields out before walking again.
export interface Ipv6Walk {
  protocol: number;
  // Offset of the upper-layer header.
  offset: number;
  // A fragment other than the first: no upper-layer header here.
  laterFragment: boolean;
  // The chain ran past the captured bytes.
  truncated: boolean;
}

// Follows next-header values from the fixed header's next header at offset until an upper layer.
export function walkIpv6Extensions(view: DataView, nextHeader: number, offset: number, end: number, out: Ipv6Walk): void {
  out.laterFragment = false;
  out.truncated = false;
  let protocol = nextHeader;
  let p = offset;
  for (let i = 0; i < MAX_EXTENSIONS; i++) {
    if (protocol === HOP_BY_HOP || protocol === ROUTING || protocol === DESTINATION_OPTIONS) {
      if (p + 8 > end) break;
      const length = (view.getUint8(p + EXT_LENGTH) + 1) * 8;
      protocol = view.getUint8(p + EXT_NEXT_HEADER);
      p += length;
    } else if (protocol === AUTHENTICATION) {
      if (p + 8 > end) break;
      const length = (view.getUint8(p + EXT_LENGTH) + 2) * 4;
      protocol = view.getUint8(p + EXT_NEXT_HEADER);
      p += length;
    } else if (protocol === FRAGMENT) {
      if (p + FRAG_HEADER > end) break;
      if (view.getUint16(p + FRAG_OFFSET) >> 3 !== 0) out.laterFragment = true;
      protocol = view.getUint8(p + EXT_NEXT_HEADER);
      p += FRAG_HEADER;
    } else {
      out.protocol = protocol;
      out.offset = p;
      return;
    }
  }
  out.protocol = protocol;
  out.offset = p;
  out.truncated = true;
}
