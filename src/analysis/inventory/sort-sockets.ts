// Sort orders for `tcpdoc ls --sort KEY`: numbers largest first (like top), text A to Z.
import type { SocketRecord } from '../../model/socket.js';
import { LIFECYCLE_ORDER } from '../../model/tcp-state.js';
import { parseIp } from '../../wire/ip-address.js';

type KeyFn = (s: SocketRecord) => number | string;

const stateRank = new Map(LIFECYCLE_ORDER.map((s, i) => [s, i]));

// Sort key for an address: family, then bytes, so 10.0.0.9 sorts before 10.0.0.10.
function addressKey(address: string): string {
  const ip = parseIp(address);
  if (ip === null) return address;
  return `${ip.family}:${Array.from(ip.bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const NUMERIC = new Set(['recvq', 'sendq', 'rtt', 'rto', 'cwnd', 'retrans', 'unacked', 'lost', 'bytes-sent', 'bytes-received', 'last-recv', 'last-send', 'timer', 'rmem', 'wmem', 'drops', 'delivery-rate']);

export const SORT_KEYS: Record<string, KeyFn> = {
  state: (s) => stateRank.get(s.state) ?? 99,
  local: (s) => `${addressKey(s.local.address)}:${String(s.local.port).padStart(5, '0')}`,
  remote: (s) => `${addressKey(s.remote.address)}:${String(s.remote.port).padStart(5, '0')}`,
  sport: (s) => s.local.port,
  dport: (s) => s.remote.port,
  recvq: (s) => s.recvQ,
  sendq: (s) => s.sendQ,
  pid: (s) => s.process?.pid ?? Number.MAX_SAFE_INTEGER,
  process: (s) => s.process?.command ?? '\uffff',
  uid: (s) => s.uid,
  inode: (s) => s.inode,
  timer: (s) => s.timer?.expiresMs ?? -1,
  rtt: (s) => s.tcpInfo?.rttUs ?? -1,
  rto: (s) => s.tcpInfo?.rtoUs ?? -1,
  cwnd: (s) => s.tcpInfo?.sndCwnd ?? -1,
  retrans: (s) => s.tcpInfo?.totalRetrans ?? -1,
  unacked: (s) => s.tcpInfo?.unacked ?? -1,
  lost: (s) => s.tcpInfo?.lost ?? -1,
  'bytes-sent': (s) => s.tcpInfo?.bytesSent ?? s.tcpInfo?.bytesAcked ?? -1,
  'bytes-received': (s) => s.tcpInfo?.bytesReceived ?? -1,
  'last-recv': (s) => s.tcpInfo?.lastDataRecvMs ?? -1,
  'last-send': (s) => s.tcpInfo?.lastDataSentMs ?? -1,
  'delivery-rate': (s) => s.tcpInfo?.deliveryRate ?? -1,
  rmem: (s) => s.memory?.rmemAlloc ?? -1,
  wmem: (s) => s.memory?.wmemQueued ?? -1,
  drops: (s) => s.memory?.drops ?? -1,
};

// Whether a key sorts largest first by default.
export function isNumericSortKey(key: string): boolean {
  return NUMERIC.has(key);
}

// A sorted copy; ties keep the kernel's order. reverse flips the default direction.
export function sortSockets(sockets: readonly SocketRecord[], key: string, reverse: boolean): SocketRecord[] {
  const fn = SORT_KEYS[key];
  if (fn === undefined) return [...sockets];
  const descending = isNumericSortKey(key) !== reverse;
  const keyed = sockets.map((s, i) => ({ s, k: fn(s), i }));
  keyed.sort((a, b) => {
    if (a.k < b.k) return descending ? 1 : -1;
    if (a.k > b.k) return descending ? -1 : 1;
    return a.i - b.i;
  });
  return keyed.map((x) => x.s);
}
