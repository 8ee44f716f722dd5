// IP address text <-> bytes, shared by every decoder. IPv6 text follows RFC 5952;
// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) print as plain IPv4, as users expect.

// Dotted quad from four bytes at offset.
export function formatIpv4(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

// RFC 5952 text from sixteen bytes at offset; IPv4-mapped addresses become IPv4.
export function formatIpv6(bytes: Uint8Array, offset = 0): string {
  const words: number[] = new Array(8);
  for (let i = 0; i < 8; i++) words[i] = ((bytes[offset + 2 * i] ?? 0) << 8) | (bytes[offset + 2 * i + 1] ?? 0);
  if (words[0] === 0 && words[1] === 0 && words[2] === 0 && words[3] === 0 && words[4] === 0 && words[5] === 0xffff) {
    return formatIpv4(bytes, offset + 12);
  }
  return formatIpv6Words(words);
}

// RFC 5952: lower-case hex, longest run (>= 2) of zero words becomes '::', first run wins ties.
export function formatIpv6Words(words: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (w: number | undefined) => (w ?? 0).toString(16);
  if (bestStart < 0) return words.map(hex).join(':');
  const head = words.slice(0, bestStart).map(hex).join(':');
  const tail = words.slice(bestStart + bestLength).map(hex).join(':');
  return `${head}::${tail}`;
}

export interface ParsedIp {
  family: 4 | 6;
  // 4 or 16 bytes in network order.
  bytes: Uint8Array;
}

// Parses IPv4 or IPv6 text (brackets allowed around IPv6); null when it is not an address.
export function parseIp(text: string): ParsedIp | null {
  const t = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseIpv4(t);
  if (v4 !== null) return { family: 4, bytes: v4 };
  const v6 = parseIpv6(t);
  if (v6 !== null) return { family: 6, bytes: v6 };
  return null;
}

export function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? '';
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

export function parseIpv6(text: string): Uint8Array | null {
  if (text.length === 0 || text.length > 45 || !/^[0-9a-fA-F:.]+$/.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseWords = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    const groups = s.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] ?? '';
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (v4 === null) return null;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseWords(halves[0] ?? '');
  const tail = halves.length === 2 ? parseWords(halves[1] ?? '') : [];
  if (head === null || tail === null) return null;
  const total = head.length + tail.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return null;
  const words = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  });
  return bytes;
}

// Whether the first prefixLength bits of two equal-length byte arrays agree.
export function matchesPrefix(address: Uint8Array, network: Uint8Array, prefixLength: number): boolean {
  if (address.length !== network.length) return false;
  const full = prefixLength >> 3;
  for (let i = 0; i < full; i++) if (address[i] !== network[i]) return false;
  const rest = prefixLength & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((address[full] ?? 0) & mask) === ((network[full] ?? 0) & mask);
}
