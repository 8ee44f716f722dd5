// The shape of a doctor rule and small helpers the rules share (counter deltas, sysctl numbers, text).
import type { Finding, LocalizedText } from '../../model/finding.js';
import type { DoctorInputs } from './inputs.js';
import type { SocketRecord } from '../../model/socket.js';

// A rule: a stable name and a pure function from inputs to findings (none when all is well).
export interface DoctorRule {
  name: string;
  check: (inputs: DoctorInputs) => Finding[];
}

// Bilingual text.
export function text(en: string, zh: string): LocalizedText {
  return { en, zh };
}

// Change of a counter over the window and its rate per second; null without a window or when the counter is missing.
export function counterDelta(inputs: DoctorInputs, group: string, name: string): { delta: number; perSecond: number } | null {
  const { first, second, windowMs } = inputs.counters;
  if (second === null || windowMs === null || windowMs <= 0) return null;
  const a = first.groups[group]?.[name];
  const b = second.groups[group]?.[name];
  if (a === undefined || b === undefined) return null;
  // Counters only grow; a smaller second value means a wrap or reset, so count nothing.
  const delta = Math.max(0, b - a);
  return { delta, perSecond: delta / (windowMs / 1000) };
}

// A counter's value in the latest sample (total since boot or namespace creation).
export function counterTotal(inputs: DoctorInputs, group: string, name: string): number | null {
  const sample = inputs.counters.second ?? inputs.counters.first;
  return sample.groups[group]?.[name] ?? null;
}

// A sockstat field (TCP orphan, tw, mem, inuse) in the latest sample.
export function sockstatValue(inputs: DoctorInputs, protocol: string, field: string): number | null {
  const sample = inputs.counters.second ?? inputs.counters.first;
  return sample.sockstat[protocol]?.[field] ?? null;
}

// The numbers of a sysctl ("4096 87380 6291456" -> [4096, 87380, 6291456]); null when absent or not numeric.
export function sysctlNumbers(inputs: DoctorInputs, key: string): number[] | null {
  const raw = inputs.sysctls[key];
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const numbers = raw.trim().split(/\s+/).map(Number);
  return numbers.every(Number.isFinite) ? numbers : null;
}

// The single number of a sysctl, or null.
export function sysctlNumber(inputs: DoctorInputs, key: string): number | null {
  const numbers = sysctlNumbers(inputs, key);
  return numbers !== null && numbers.length === 1 ? (numbers[0] ?? null) : null;
}

// Ports of net.ipv4.ip_local_port_range minus reserved ones inside it; null when unknown.
export function ephemeralPortCount(inputs: DoctorInputs): { low: number; high: number; usable: number } | null {
  const range = sysctlNumbers(inputs, 'net.ipv4.ip_local_port_range');
  if (range === null || range.length !== 2) return null;
  const [low, high] = range as [number, number];
  if (high < low) return null;
  let reserved = 0;
  const reservedText = inputs.sysctls['net.ipv4.ip_local_reserved_ports'] ?? '';
  for (const part of reservedText.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined || !Number.isFinite(a)) continue;
    const end = b !== undefined && Number.isFinite(b) ? b : a;
    reserved += Math.max(0, Math.min(end, high) - Math.max(a, low) + 1);
  }
  return { low, high, usable: Math.max(0, high - low + 1 - reserved) };
}

// Linux's default net.ipv4.ip_local_port_range, for inputs without sysctls.
const DEFAULT_EPHEMERAL = { low: 32768, high: 60999 };

// A test for "this socket is one of this host's outgoing connections": its local port is no listener's and lies
// in the ephemeral range. Such sockets are grouped by where they go; grouping them by local port would list
// one random port per socket.
export function makeOutgoingTest(inputs: DoctorInputs): (s: SocketRecord) => boolean {
  const listening = new Set(inputs.inventory.listeners.map((l) => l.port));
  const range = ephemeralPortCount(inputs) ?? DEFAULT_EPHEMERAL;
  return (s) => !listening.has(s.local.port) && s.local.port >= range.low && s.local.port <= range.high;
}

// "node[4242]" for a process, or a plain word when no process holds the socket.
export function describeProcess(pid: number | null, command: string | null): string {
  return pid === null ? 'no process (orphaned or not visible)' : `${command ?? '?'}[${pid}]`;
}

// Idle time of a socket from tcp_info: the most recent of data sent, data received and ACK received.
export function idleMs(info: { lastDataSentMs: number; lastDataRecvMs: number; lastAckRecvMs: number } | null): number | null {
  if (info === null) return null;
  return Math.min(info.lastDataSentMs, info.lastDataRecvMs, info.lastAckRecvMs);
}

// The window in seconds with one decimal, for evidence labels ("in 2 s").
export function windowSeconds(inputs: DoctorInputs): number {
  return Math.round((inputs.counters.windowMs ?? 0) / 100) / 10;
}

// Percent with at most one decimal, for evidence values.
export function percent(part: number, whole: number): number {
  return whole <= 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}
