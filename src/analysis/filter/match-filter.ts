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
      const a = cache.get(addressOf(s));
      if (s.family === 4) return prefix === 0 || (a.v4 >= 0 && ((a.v4 ^ netU32) & mask) === 0);
      // IPv6 socket: only an IPv4-mapped address can match, even for /0.
      return a.mapped && ((a.v4 ^ netU32) & mask) === 0;
    };
  }
  const net6 = parseIpv6(expr.address);
  if (net6 === null) return () => false;
  return (s) => {
    if (!portOk(s) || s.family !== 6) return false;
    if (prefix === 0) return true;
    const a = cache.get(addressOf(s));
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
  const v4 = parseIpv4(text);
  if (v4 !== null) {
    const v6 = new Uint8Array(16);
    v6[10] = 0xff;
    v6[11] = 0xff;
    v6.set(v4, 12);
    return { v4: readU32(v4, 0), mapped: true, v6 };
  }
  const v6 = parseIpv6(text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text);
  if (v6 === null) return NO_ADDRESS;
  const mapped = v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return { v4: mapped ? readU32(v6, 12) : -1, mapped, v6 };
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
