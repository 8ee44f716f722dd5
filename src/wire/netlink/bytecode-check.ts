// Userspace copies of the kernel's bytecode checker and interpreter
// (inet_diag_bc_audit, valid_cc and inet_diag_bc_run in net/ipv4/inet_diag.c), so
// tests can prove a compiled program is accepted and means what the filter means.
import { AF_INET, AF_INET6, AF_UNSPEC, BC } from './bytecode.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// Null when the kernel would accept the program; otherwise why it would answer EINVAL.
// netAdmin: whether the caller has CAP_NET_ADMIN (MARK_COND needs it: EPERM otherwise).
export function auditBytecode(bytes: Uint8Array, netAdmin = true): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4) return 'shorter than one op';
  let at = 0;
  let len = bytes.length;
  while (len > 0) {
    if (at + 4 > bytes.length) return `op at ${at} runs past the end`;
    const code = bytes[at] ?? 0;
    const yes = bytes[at + 1] ?? 0;
    const no = view.getUint16(at + 2, LITTLE_ENDIAN);
    let minLen = 4;
    switch (code) {
      case BC.S_COND:
      case BC.D_COND: {
        minLen += 8;
        if (len < minLen) return `hostcond at ${at} truncated`;
        const family = bytes[at + 4] ?? 0;
        const addrLen = family === AF_UNSPEC ? 0 : family === AF_INET ? 4 : family === AF_INET6 ? 16 : -1;
        if (addrLen < 0) return `hostcond at ${at} has unknown family ${family}`;
        minLen += addrLen;
        if (len < minLen) return `hostcond address at ${at} truncated`;
        if ((bytes[at + 5] ?? 0) > 8 * addrLen) return `hostcond at ${at} prefix longer than its address`;
        break;
      }
      case BC.DEV_COND:
        minLen += 4;
        if (len < minLen) return `devcond at ${at} truncated`;
        break;
      case BC.S_EQ:
      case BC.S_GE:
      case BC.S_LE:
      case BC.D_EQ:
      case BC.D_GE:
      case BC.D_LE:
        minLen += 4;
        if (len < minLen) return `port comparison at ${at} truncated`;
        break;
      case BC.MARK_COND:
        if (!netAdmin) return 'MARK_COND needs CAP_NET_ADMIN (EPERM)';
        minLen += 8;
        if (len < minLen) return `markcond at ${at} truncated`;
        break;
      case BC.AUTO:
      case BC.JMP:
      case BC.NOP:
        break;
      default:
        return `unknown op code ${code} at ${at}`;
    }
    if (code !== BC.NOP) {
      if (no < minLen || no > len + 4 || (no & 3) !== 0) return `op at ${at}: bad "no" jump ${no}`;
      if (no < len && !isValidTarget(bytes, len - no)) return `op at ${at}: "no" jump ${no} lands inside an op`;
    }
    if (yes < minLen || yes > len + 4 || (yes & 3) !== 0) return `op at ${at}: bad "yes" step ${yes}`;
    at += yes;
    len -= yes;
  }
  return len === 0 ? null : 'the last op steps past the end';
}

// valid_cc: whether walking ops by their `yes` from the start reaches the op that
// leaves `cc` bytes to the end.
function isValidTarget(bytes: Uint8Array, cc: number): boolean {
  let at = 0;
  let len = bytes.length;
  while (len >= 0) {
    if (cc > len) return false;
    if (cc === len) return true;
    const yes = bytes[at + 1] ?? 0;
    if (yes < 4 || (yes & 3) !== 0) return false;
    len -= yes;
    at += yes;
  }
  return false;
}

// What inet_diag_bc_run sees of a socket: addresses as stored (16 bytes for AF_INET6).
export interface BytecodeEntry {
  family: 4 | 6;
  saddr: Uint8Array;
  daddr: Uint8Array;
  sport: number;
  dport: number;
  ifindex?: number;
  mark?: number;
  userlocks?: number;
}

// Runs a program on one socket as the kernel does; true means the socket is dumped.
export function runBytecode(bytes: Uint8Array, entry: BytecodeEntry): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  let len = bytes.length;
  while (len > 0) {
    const code = bytes[at] ?? 0;
    let yes = true;
    const arg = () => view.getUint16(at + 6, LITTLE_ENDIAN);
    switch (code) {
      case BC.NOP:
        break;
      case BC.JMP:
        yes = false;
        break;
      case BC.S_EQ:
        yes = entry.sport === arg();
        break;
      case BC.S_GE:
        yes = entry.sport >= arg();
        break;
      case BC.S_LE:
        yes = entry.sport <= arg();
        break;
      case BC.D_EQ:
        yes = entry.dport === arg();
        break;
      case BC.D_GE:
        yes = entry.dport >= arg();
        break;
      case BC.D_LE:
        yes = entry.dport <= arg();
        break;
      case BC.AUTO:
        yes = ((entry.userlocks ?? 0) & 8) === 0; // SOCK_BINDPORT_LOCK
        break;
      case BC.S_COND:
      case BC.D_COND:
        yes = runHostcond(bytes, view, at + 4, code === BC.S_COND, entry);
        break;
      case BC.DEV_COND:
        yes = view.getUint32(at + 4, LITTLE_ENDIAN) === (entry.ifindex ?? 0);
        break;
      case BC.MARK_COND:
        yes = ((entry.mark ?? 0) & view.getUint32(at + 8, LITTLE_ENDIAN)) >>> 0 === view.getUint32(at + 4, LITTLE_ENDIAN);
        break;
    }
    const step = yes ? (bytes[at + 1] ?? 0) : view.getUint16(at + 2, LITTLE_ENDIAN);
    if (step === 0) return false; // the audit forbids this; avoid looping forever
    at += step;
    len -= step;
  }
  return len === 0;
}

function runHostcond(bytes: Uint8Array, view: DataView, at: number, src: boolean, entry: BytecodeEntry): boolean {
  const family = bytes[at] ?? 0;
  const prefix = bytes[at + 1] ?? 0;
  const port = view.getInt32(at + 4, LITTLE_ENDIAN);
  if (port !== -1 && port !== (src ? entry.sport : entry.dport)) return false;
  const addr = src ? entry.saddr : entry.daddr;
  const cond = bytes.subarray(at + 8);
  const entryFamily = entry.family === 6 ? AF_INET6 : AF_INET;
  if (family !== AF_UNSPEC && family !== entryFamily) {
    if (entryFamily === AF_INET6 && family === AF_INET) {
      const mapped = addr.subarray(0, 10).every((b) => b === 0) && addr[10] === 0xff && addr[11] === 0xff;
      return mapped && matchBits(addr.subarray(12), cond, prefix);
    }
    return false;
  }
  if (prefix === 0) return true;
  return matchBits(addr, cond, prefix);
}

// bitstring_match: the first `bits` bits agree.
function matchBits(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  const whole = bits >> 3;
  for (let i = 0; i < whole; i++) if (a[i] !== b[i]) return false;
  const rest = bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (((a[whole] ?? 0) ^ (b[whole] ?? 0)) & mask) === 0;
}
