// Socket address text -> numbers for the filter matcher. Decoders print IPv4 and
// IPv4-mapped addresses as dotted quads and IPv6 per RFC 5952; parsing 100k of them
// with split/regex dominated the re-check, so the common forms are parsed by hand.
import { parseIpv6 } from '../../wire/ip-address.js';

// One socket address as the matcher compares it.
export interface AddressKey {
  // The IPv4 address as an unsigned 32-bit number, or -1 when there is none.
  v4: number;
  // True when the address is IPv4 (printed plainly) or IPv4-mapped IPv6.
  mapped: boolean;
  // Sixteen bytes; IPv4 text becomes ::ffff:a.b.c.d, as the kernel stores it in IPv6 sockets.
  v6: Uint8Array | null;
}

const NO_ADDRESS: AddressKey = { v4: -1, mapped: false, v6: null };

// Parsed socket addresses by their text, for the rarer IPv6 forms.
export class AddressCache {
  private readonly map = new Map<string, AddressKey>();

  get(text: string): AddressKey {
    let key = this.map.get(text);
    if (key === undefined) {
      key = parseAddressKey(text);
      // Bounded: a listing with more distinct peers than this just re-parses.
      if (this.map.size >= 200_000) this.map.clear();
      this.map.set(text, key);
    }
    return key;
  }
}

function parseAddressKey(text: string): AddressKey {
  const v4 = parseDottedQuad(text);
  if (v4 >= 0) {
    const v6 = new Uint8Array(16);
    v6[10] = 0xff;
    v6[11] = 0xff;
    new DataView(v6.buffer).setUint32(12, v4);
    return { v4, mapped: true, v6 };
  }
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v6 = parseHexIpv6(bare) ?? parseIpv6(bare);
  if (v6 === null) return NO_ADDRESS;
  const mapped = v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return { v4: mapped ? readU32(v6, 12) : -1, mapped, v6 };
}

// Plain hex-group IPv6 text (no embedded IPv4) to bytes without allocating strings;
// null for anything else, which the general parser then handles.
function parseHexIpv6(text: string): Uint8Array | null {
  const words = new Uint16Array(8);
  let count = 0;
  let gap = -1;
  let i = 0;
  const n = text.length;
  if (n < 2) return null;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return null;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    let value = 0;
    let digits = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (d < 0) break;
      value = value * 16 + d;
      if (++digits > 4) return null;
    }
    if (digits === 0 || count === 8) return null;
    words[count++] = value;
    if (i === n) break;
    if (text.charCodeAt(i) !== 58) return null; // '.' (embedded IPv4) or junk
    i++;
    if (i < n && text.charCodeAt(i) === 58) {
      if (gap >= 0) return null;
      gap = count;
      i++;
    } else if (i === n) {
      return null;
    }
  }
  if (gap < 0 ? count !== 8 : count > 7) return null;
  const bytes = new Uint8Array(16);
  const tail = gap < 0 ? 0 : count - gap;
  for (let w = 0; w < count; w++) {
    const at = gap >= 0 && w >= gap ? 8 - tail + (w - gap) : w;
    bytes[2 * at] = (words[w] ?? 0) >> 8;
    bytes[2 * at + 1] = (words[w] ?? 0) & 0xff;
  }
  return bytes;
}

// A dotted quad as an unsigned 32-bit number, or -1; a hand-rolled loop because
// decoders hand us 100k addresses and split/regex parsing dominated the re-check.
export function parseDottedQuad(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + part;
}

// Four bytes in network order as an unsigned number.
export function readU32(bytes: Uint8Array, offset: number): number {
  return (((bytes[offset] ?? 0) << 24) | ((bytes[offset + 1] ?? 0) << 16) | ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0)) >>> 0;
}
