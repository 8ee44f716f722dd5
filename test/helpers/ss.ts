// Runs ss inside a namespace and normalizes its lines for comparison with tcpdoc.
import type { Netns } from './netns.js';

const SS_STATES: Record<string, string> = {
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECV',
  'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  'TIME-WAIT': 'TIME_WAIT',
  UNCONN: 'CLOSE',
  CLOSE: 'CLOSE',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  'LAST-ACK': 'LAST_ACK',
  LISTEN: 'LISTEN',
  CLOSING: 'CLOSING',
};

export interface SsRow {
  state: string;
  recvQ: number;
  sendQ: number;
  local: string;
  peer: string;
  owners: { command: string; pid: number; fd: number }[];
}

// "[::ffff:127.0.0.1]:80" -> "127.0.0.1:80", "0.0.0.0:*" -> "0.0.0.0:0", "[::]:*" -> "[::]:0"; "%lo" scope ids dropped.
export function normalizeSsEndpoint(text: string): string {
  let t = text.replace(/%[^\]:]+/, '');
  t = t.replace(/:\*$/, ':0');
  const mapped = /^\[::ffff:(\d+\.\d+\.\d+\.\d+)\]:(\d+)$/.exec(t);
  if (mapped !== null) return `${mapped[1]}:${mapped[2]}`;
  // ss prints a dual-stack IPv6 wildcard (v6only off) as '*'.
  if (t.startsWith('*:')) return `[::]:${t.slice(2)}`;
  return t;
}

// Parses `ss -tanH` or `ss -tanpH` output. With a one-state filter ss drops the State
// column; onlyState then supplies it.
export function parseSsLines(text: string, onlyState?: string): SsRow[] {
  const rows: SsRow[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4) continue;
    if (/^\d+$/.test(cols[0] ?? '')) {
      if (onlyState === undefined) throw new Error(`ss printed no State column: ${line}`);
      cols.unshift(onlyState);
    }
    const [state, recvQ, sendQ, local, peer, ...rest] = cols;
    const owners = [...rest.join(' ').matchAll(/\("([^"]*)",pid=(\d+),fd=(\d+)\)/g)].map((m) => ({ command: m[1] ?? '', pid: Number(m[2]), fd: Number(m[3]) }));
    rows.push({ state: SS_STATES[state ?? ''] ?? state ?? '?', recvQ: Number(recvQ), sendQ: Number(sendQ), local: normalizeSsEndpoint(local ?? ''), peer: normalizeSsEndpoint(peer ?? ''), owners });
  }
  return rows;
}

export function runSs(ns: Netns, args: string[], onlyState?: string): SsRow[] {
  return parseSsLines(ns.exec('ss', ['-tanH', ...args]), onlyState);
}
