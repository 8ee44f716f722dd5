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
import type { TcpState } from '../../model/tcp-state.js';
import { matchesPrefix, parseIpv4, parseIpv6 } from '../../wire/ip-address.js';
import { AddressCache, parseDottedQuad, readU32 } from './socket-address.js';

export { statesOfFilter } from './states-of-filter.js';

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
