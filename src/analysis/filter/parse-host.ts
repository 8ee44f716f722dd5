// HOST and PORT operands of the ss filter language (parse_hostcond in
// iproute2 misc/ss.c), for TCP over IPv4/IPv6 only. Returns data or a reason;
// the parser turns reasons into BAD_FILTER errors with the token's position.
import { formatIpv4, formatIpv6Words, parseIpv4, parseIpv6 } from '../../wire/ip-address.js';
import { BUILTIN_TCP_SERVICES } from './service-ports.js';

export interface ParsedHost {
  family: 4 | 6 | null;
  address: string | null;
  prefixLength: number;
  port: number | null;
}

export type HostResult = { ok: true; host: ParsedHost } | { ok: false; reason: string };
export type PortResult = { ok: true; port: number | '*' } | { ok: false; reason: string };

// A port number, a TCP service name, or '*'; a leading ':' is optional, as in ss.
export function parsePortText(text: string, services?: ReadonlyMap<string, number>): PortResult {
  const t = text.startsWith(':') ? text.slice(1) : text;
  if (t === '*') return { ok: true, port: '*' };
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (t.length > 1 && t.startsWith('0')) return { ok: false, reason: 'ports are decimal; leading zeros are not allowed' };
    if (n > 65535) return { ok: false, reason: 'ports go from 0 to 65535' };
    return { ok: true, port: n };
  }
  const named = services?.get(t) ?? BUILTIN_TCP_SERVICES.get(t.toLowerCase());
  if (named !== undefined) return { ok: true, port: named };
  if (t === '') return { ok: false, reason: 'the port is missing' };
  return { ok: false, reason: 'not a port number or a known TCP service name' };
}

// `*`, `*:PORT`, `A.B.C.D[/LEN][:PORT]`, `[V6][/LEN][:PORT]`, `V6/LEN[:PORT]`.
export function parseHostText(text: string, services?: ReadonlyMap<string, number>): HostResult {
  let addressText: string;
  let prefixText: string | null = null;
  let portText: string | null = null;
  if (text.startsWith('*')) {
    const rest = text.slice(1);
    if (rest !== '' && !rest.startsWith(':')) return { ok: false, reason: "expected '*' or '*:PORT'" };
    return withPort({ family: null, address: null, prefixLength: 0, port: null }, rest === '' ? null : rest, services);
  }
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return { ok: false, reason: "missing ']' after the IPv6 address" };
    addressText = text.slice(1, close);
    let rest = text.slice(close + 1);
    if (rest.startsWith('/')) {
      const colon = rest.indexOf(':');
      prefixText = colon < 0 ? rest.slice(1) : rest.slice(1, colon);
      rest = colon < 0 ? '' : rest.slice(colon);
    }
    if (rest !== '') {
      if (!rest.startsWith(':')) return { ok: false, reason: "expected ':PORT' or '/LENGTH' after ']'" };
      portText = rest;
    }
  } else {
    const slash = text.indexOf('/');
    if (slash >= 0) {
      // As ss: the port is after the last ':' that follows the '/'.
      addressText = text.slice(0, slash);
      const after = text.slice(slash + 1);
      const colon = after.lastIndexOf(':');
      prefixText = colon < 0 ? after : after.slice(0, colon);
      portText = colon < 0 ? null : after.slice(colon);
    } else {
      const colons = text.split(':').length - 1;
      if (colons > 1) {
        return { ok: false, reason: 'an IPv6 address needs brackets, as in [2001:db8::1] or [2001:db8::1]:443' };
      }
      const colon = text.indexOf(':');
      addressText = colon < 0 ? text : text.slice(0, colon);
      portText = colon < 0 ? null : text.slice(colon);
    }
  }
  const v4 = parseIpv4(addressText);
  const v6 = v4 === null ? parseIpv6(addressText) : null;
  if (v4 === null && v6 === null) {
    if (addressText === '') return { ok: false, reason: 'the address is missing' };
    if (/[a-z]/i.test(addressText) && !/^[0-9a-f:.]+$/i.test(addressText)) {
      return { ok: false, reason: 'host names are not resolved; give an IP address' };
    }
    return { ok: false, reason: 'not an IPv4 or IPv6 address' };
  }
  const family = v4 !== null ? 4 : 6;
  const maxPrefix = family === 4 ? 32 : 128;
  let prefixLength = maxPrefix;
  if (prefixText !== null) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > maxPrefix) {
      return { ok: false, reason: `the prefix length must be 0 to ${maxPrefix}` };
    }
    prefixLength = Number(prefixText);
  }
  const address = v4 !== null ? formatIpv4(v4) : formatIpv6Text(v6 ?? new Uint8Array(16));
  return withPort({ family, address, prefixLength, port: null }, portText, services);
}

function withPort(host: ParsedHost, portText: string | null, services?: ReadonlyMap<string, number>): HostResult {
  if (portText === null) return { ok: true, host };
  const port = parsePortText(portText, services);
  if (!port.ok) return port;
  return { ok: true, host: { ...host, port: port.port === '*' ? null : port.port } };
}

// RFC 5952 text that keeps IPv4-mapped addresses recognisable as IPv6 (::ffff:a.b.c.d).
export function formatIpv6Text(bytes: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0));
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) return `::ffff:${formatIpv4(bytes, 12)}`;
  return formatIpv6Words(words);
}
