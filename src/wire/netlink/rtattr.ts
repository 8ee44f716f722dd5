// Route attributes (include/uapi/linux/rtnetlink.h, struct rtattr): the type-length-value
// records that follow an inet_diag message or request.
//
// struct rtattr {        4 bytes, host byte order
//   unsigned short rta_len;    0  header + payload, not counting padding
//   unsigned short rta_type;   2
// };                     payload follows at 4; the next attribute is at RTA_ALIGN(rta_len).
import { HOST_LITTLE_ENDIAN, alignNetlink } from './nlmsg.js';

export const RTA_HDRLEN = 4;

// Length of the attribute at offset if it is well formed within [offset, end), else -1.
// Callers loop `for (let at = start; (len = checkRtattr(view, at, end)) >= 0; at += alignNetlink(len))`.
export function checkRtattr(view: DataView, offset: number, end: number): number {
  if (end - offset < RTA_HDRLEN) return -1;
  const length = view.getUint16(offset, HOST_LITTLE_ENDIAN);
  if (length < RTA_HDRLEN || length > end - offset) return -1;
  return length;
}

// Attribute type at offset, without the NLA_F_NESTED / NLA_F_NET_BYTEORDER flag bits.
export function readRtattrType(view: DataView, offset: number): number {
  return view.getUint16(offset + 2, HOST_LITTLE_ENDIAN) & 0x3fff;
}

export interface RtattrEntry {
  type: number;
  // Payload position in the bytes the view covers.
  payloadOffset: number;
  payloadLength: number;
}

// Every well-formed attribute in [start, end); stops at the first malformed one and says so.
export function listRtattrs(view: DataView, start: number, end: number): { attributes: RtattrEntry[]; malformed: boolean } {
  const attributes: RtattrEntry[] = [];
  let at = start;
  while (at < end) {
    const length = checkRtattr(view, at, end);
    if (length < 0) return { attributes, malformed: true };
    attributes.push({ type: readRtattrType(view, at), payloadOffset: at + RTA_HDRLEN, payloadLength: length - RTA_HDRLEN });
    at += alignNetlink(length);
  }
  return { attributes, malformed: false };
}

// One attribute with its payload, padded to 4 bytes.
export function encodeRtattr(type: number, payload: Uint8Array): Uint8Array {
  const length = RTA_HDRLEN + payload.length;
  const out = new Uint8Array(alignNetlink(length));
  const view = new DataView(out.buffer);
  view.setUint16(0, length, HOST_LITTLE_ENDIAN);
  view.setUint16(2, type, HOST_LITTLE_ENDIAN);
  out.set(payload, RTA_HDRLEN);
  return out;
}
