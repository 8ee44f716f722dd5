// Address text for IPv4/IPv6 bytes, cached so the per-packet path rarely builds strings.
import { formatIpv4, formatIpv6 } from '../ip-address.js';

// Direct-mapped: a collision just re-formats, so memory stays fixed whatever the capture holds.
// 16384 slots: a busy server's capture easily holds several thousand client addresses.
const SLOTS = 16384;
const SHIFT = 18; // 32 - log2(SLOTS)

// Formats addresses read from a DataView, remembering recent ones by their bytes.
export class AddressCache {
  private readonly v4Keys = new Int32Array(SLOTS);
  private readonly v4Text: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  private readonly v6Keys = new Int32Array(SLOTS * 4);
  private readonly v6Text: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

  // The IPv4 address at offset as a dotted quad.
  ipv4(bytes: Uint8Array, view: DataView, offset: number): string {
    const key = view.getInt32(offset);
    const slot = Math.imul(key, 0x9e3779b1) >>> SHIFT;
    const cached = this.v4Text[slot];
    if (cached !== undefined && this.v4Keys[slot] === key) return cached;
    const text = formatIpv4(bytes, offset);
    this.v4Keys[slot] = key;
    this.v4Text[slot] = text;
    return text;
  }

  // The IPv6 address at offset in RFC 5952 text.
  ipv6(bytes: Uint8Array, view: DataView, offset: number): string {
    const a = view.getInt32(offset);
    const b = view.getInt32(offset + 4);
    const c = view.getInt32(offset + 8);
    const d = view.getInt32(offset + 12);
    const slot = Math.imul(a ^ Math.imul(b, 31) ^ Math.imul(c, 961) ^ Math.imul(d, 0x9e3779b1), 0x85ebca6b) >>> SHIFT;
    const cached = this.v6Text[slot];
    const k = slot * 4;
    const keys = this.v6Keys;
    if (cached !== undefined && keys[k] === a && keys[k + 1] === b && keys[k + 2] === c && keys[k + 3] === d) return cached;
    const text = formatIpv6(bytes, offset);
    keys[k] = a;
    keys[k + 1] = b;
    keys[k + 2] = c;
    keys[k + 3] = d;
    this.v6Text[slot] = text;
    return text;
  }
}
