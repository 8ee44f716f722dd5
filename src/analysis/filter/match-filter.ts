// Userspace filter matching with exactly the kernel's bytecode semantics
// (inet_diag_bc_run in net/ipv4/inet_diag.c), so re-checking what the kernel
// returned never disagrees with it:
// - sport/dport compare the local/remote port numbers;
// - a host condition first checks its port (when given), then its family: a
//   wildcard host (no address) matches any socket; an IPv4 condition matches an
//   IPv6 socket only through an IPv4-mapped address (::ffff:a.b.c.d), and an IPv6
//   condition never matches an IPv4 socket; a /0 prefix matches any address of
//   the same family.
// `state` nodes test the socket's state (the kernel does that with idiag_states).
import type { FilterExpr } from '../../model/filter.js';
import type { SocketRecord } from '../../model/socket.js';
import { TCP_STATES, type TcpState } from '../../model/tcp-state.js';
import { matchesPrefix, parseIpv4, parseIpv6 } from '../../wire/ip-address.js';

export type SocketMatcher = (socket: SocketRecord) => boolean;

// Whether one socket passes a filter. For many sockets, compile once with compileMatcher.
export function matchFilter(expr: FilterExpr, socket: SocketRecord): boolean {
  return compileMatcher(expr)(socket);
}

// Turns a filter into a closure; the tree is walked once, not once per socket.
export function compileMatcher(expr: FilterExpr): SocketMatcher {
  const cache = new AddressCache();
  return compileNode(expr, cache);
}

function compileNode(expr: FilterExpr, cache: AddressCache): SocketMatcher {
  switch (expr.kind) {
    case 'all':
      return () => true;
    case 'and': {
      const l = compileNode(expr.left, cache);
      const r = compileNode(expr.right, cache);
      return (s) => l(s) && r(s);
    }
    case 'or': {
      const l = compileNode(expr.left, cache);
      const r = compileNode(expr.right, cache);
      return (s) => l(s) || r(s);
    }
    case 'not': {
      const inner = compileNode(expr.expr, cache);
      return (s) => !inner(s);
    }
    case 'state': {
      const states = new Set<TcpState>(expr.states);
      return (s) => states.has(s.state);
    }
    case 'port': {
      const p = expr.port;
      const local = expr.side === 'src';
      const get = local ? (s: SocketRecord) => s.local.port : (s: SocketRecord) => s.remote.port;
      switch (expr.op) {
        case 'eq':
          return (s) => get(s) === p;
        case 'ne':
          return (s) => get(s) !== p;
        case 'lt':
          return (s) => get(s) < p;
        case 'le':
          return (s) => get(s) <= p;
        case 'gt':
          return (s) => get(s) > p;
        case 'ge':
          return (s) => get(s) >= p;
      }
      break;
    }
    case 'host':
      return compileHost(expr, cache);
  }
  throw new Error('unreachable filter node');
}

function compileHost(expr: Extract<FilterExpr, { kind: 'host' }>, cache: AddressCache): SocketMatcher {
  const port = expr.port;
  const local = expr.side === 'src';
  const portOk =
    port === null ? () => true : local ? (s: SocketRecord) => s.local.port === port : (s: SocketRecord) => s.remote.port === port;
  if (expr.address === null || expr.family === null) return portOk;
  const prefix = expr.prefixLength;
  const addressOf = local ? (s: SocketRecord) => s.local.address : (s: SocketRecord) => s.remote.address;
  if (expr.family === 4) {
    const net = parseIpv4(expr.address);
    if (net === null) return () => false;
    const netU32 = readU32(net, 0);
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return (s) => {
      if (!portOk(s)) return false;
      if (s.family === 4 && prefix === 0) return true;
      // Decoders print IPv4 and IPv4-mapped addresses as dotted quads: parse those directly.
      const text = addressOf(s);
      let v4 = parseDottedQuad(text);
      if (v4 < 0 && s.family === 6 && text.includes('.')) v4 = cache.get(text).v4;
      // An IPv6 socket can only match through an IPv4-mapped address, even for /0.
      return v4 >= 0 && ((v4 ^ netU32) & mask) === 0;
    };
  }
  const net6 = parseIpv6(expr.address);
  if (net6 === null) return () => false;
  const scratch = new Uint8Array(16);
  scratch[10] = 0xff;
  scratch[11] = 0xff;
  return (s) => {
    if (!portOk(s) || s.family !== 6) return false;
    if (prefix === 0) return true;
    const text = addressOf(s);
    // An IPv4-mapped socket is printed as a dotted quad; its bytes are ::ffff:a.b.c.d.
    const v4 = parseDottedQuad(text);
    if (v4 >= 0) {
      scratch[12] = v4 >>> 24;
      scratch[13] = (v4 >>> 16) & 0xff;
      scratch[14] = (v4 >>> 8) & 0xff;
      scratch[15] = v4 & 0xff;
      return matchesPrefix(scratch, net6, prefix);
    }
    const a = cache.get(text);
    return a.v6 !== null && matchesPrefix(a.v6, net6, prefix);
  };
}

interface AddressKey {
  // The IPv4 address as an unsigned 32-bit number, or -1 when there is none.
  v4: number;
  // True when the address is IPv4 (printed plainly) or IPv4-mapped IPv6.
  mapped: boolean;
  // Sixteen bytes; IPv4 text becomes ::ffff:a.b.c.d, as the kernel stores it in IPv6 sockets.
  v6: Uint8Array | null;
}

const NO_ADDRESS: AddressKey = { v4: -1, mapped: false, v6: null };

// Parsed socket addresses by their text; sockets share few distinct addresses.
class AddressCache {
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
function parseDottedQuad(text: string): number {
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

function readU32(bytes: Uint8Array, offset: number): number {
  return (((bytes[offset] ?? 0) << 24) | ((bytes[offset + 1] ?? 0) << 16) | ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0)) >>> 0;
}

// The states a filter can possibly match, in kernel order, so a dump can ask the
// kernel for only those (idiag_states). Exact for pure state expressions, a safe
// superset otherwise.
export function statesOfFilter(expr: FilterExpr): TcpState[] {
  const set = possibleStates(expr);
  return TCP_STATES.filter((s) => set.has(s));
}

function possibleStates(expr: FilterExpr): Set<TcpState> {
  const exact = exactStates(expr);
  if (exact !== null) return exact;
  switch (expr.kind) {
    case 'and': {
      const l = possibleStates(expr.left);
      const r = possibleStates(expr.right);
      return new Set([...l].filter((s) => r.has(s)));
    }
    case 'or':
      return new Set([...possibleStates(expr.left), ...possibleStates(expr.right)]);
    case 'not': {
      // not (A or B) = not A and not B: each side narrows when it is exact.
      const inner = expr.expr;
      if (inner.kind === 'or') {
        return possibleStates({ kind: 'and', left: { kind: 'not', expr: inner.left }, right: { kind: 'not', expr: inner.right } });
      }
      if (inner.kind === 'not') return possibleStates(inner.expr);
      return new Set(TCP_STATES);
    }
    default:
      return new Set(TCP_STATES);
  }
}

// The exact state set when the expression depends on the state alone, else null.
function exactStates(expr: FilterExpr): Set<TcpState> | null {
  switch (expr.kind) {
    case 'all':
      return new Set(TCP_STATES);
    case 'state':
      return new Set(expr.states);
    case 'not': {
      const inner = exactStates(expr.expr);
      return inner === null ? null : new Set(TCP_STATES.filter((s) => !inner.has(s)));
    }
    case 'and':
    case 'or': {
      const l = exactStates(expr.left);
      const r = exactStates(expr.right);
      if (l === null || r === null) return null;
      return expr.kind === 'and' ? new Set([...l].filter((s) => r.has(s))) : new Set([...l, ...r]);
    }
    default:
      return null;
  }
}
