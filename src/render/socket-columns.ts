// Columns of `tcpdoc ls`, each a header and a formatter; groups mirror ss's -p, -e, -i and -m.
import type { SocketRecord } from '../model/socket.js';
import type { Align } from './table.js';
import { formatAge, formatBytes, formatMsFromUs, formatRate, formatTimerDuration } from './units.js';

export interface SocketColumn {
  id: string;
  header: string;
  align: Align;
  describe: string;
  format: (s: SocketRecord) => string;
}

function formatLocal(address: string, port: number): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return `${host}:${port === 0 ? '*' : port}`;
}

// ss prints timers as (kind,remaining,retransmits).
export function formatTimer(s: SocketRecord): string {
  const t = s.timer;
  if (t === null || t.kind === 'off') return '-';
  return `${t.kind},${formatTimerDuration(t.expiresMs)},${t.retransmits}`;
}

function formatProcess(s: SocketRecord): string {
  const p = s.process;
  if (p === null) return '-';
  const more = new Set(s.processes.map((x) => x.pid)).size - 1;
  return `${p.command},pid=${p.pid},fd=${p.fd}${more > 0 ? ` +${more}` : ''}`;
}

const ti = (s: SocketRecord) => s.tcpInfo;
const opt = (v: number | undefined, f: (n: number) => string = String) => (v === undefined ? '-' : f(v));

export const SOCKET_COLUMNS: readonly SocketColumn[] = [
  { id: 'state', header: 'STATE', align: 'left', describe: 'TCP state (kernel name)', format: (s) => s.state },
  { id: 'recvq', header: 'RECV-Q', align: 'right', describe: 'unread bytes; for LISTEN the accept queue now', format: (s) => String(s.recvQ) },
  { id: 'sendq', header: 'SEND-Q', align: 'right', describe: 'unacknowledged bytes; for LISTEN the backlog', format: (s) => String(s.sendQ) },
  { id: 'local', header: 'LOCAL', align: 'left', describe: 'local address:port', format: (s) => formatLocal(s.local.address, s.local.port) },
  { id: 'peer', header: 'PEER', align: 'left', describe: 'peer address:port', format: (s) => formatLocal(s.remote.address, s.remote.port) },
  { id: 'timer', header: 'TIMER', align: 'left', describe: 'pending timer: kind,time left,retransmits/probes', format: formatTimer },
  { id: 'process', header: 'PROCESS', align: 'left', describe: 'owning process: command,pid,fd (+N more owners)', format: formatProcess },
  { id: 'uid', header: 'UID', align: 'right', describe: 'owner uid', format: (s) => String(s.uid) },
  { id: 'inode', header: 'INODE', align: 'right', describe: 'socket inode (0 for TIME_WAIT and SYN_RECV)', format: (s) => String(s.inode) },
  { id: 'cookie', header: 'COOKIE', align: 'right', describe: 'kernel socket cookie', format: (s) => s.cookie ?? '-' },
  { id: 'rtt', header: 'RTT/VAR(ms)', align: 'right', describe: 'smoothed round-trip time and its variation', format: (s) => (ti(s) === null ? '-' : `${formatMsFromUs(ti(s)!.rttUs)}/${formatMsFromUs(ti(s)!.rttVarUs)}`) },
  { id: 'rto', header: 'RTO(ms)', align: 'right', describe: 'retransmission timeout', format: (s) => opt(ti(s)?.rtoUs, (n) => String(Math.round(n / 1000))) },
  { id: 'cwnd', header: 'CWND', align: 'right', describe: 'congestion window (segments)', format: (s) => opt(ti(s)?.sndCwnd) },
  { id: 'ssthresh', header: 'SSTHRESH', align: 'right', describe: 'slow-start threshold (segments; huge = still in slow start)', format: (s) => opt(ti(s)?.sndSsthresh, (n) => (n >= 0x7fffffff ? '-' : String(n))) },
  { id: 'retrans', header: 'RETRANS', align: 'right', describe: 'segments being retransmitted now / total retransmits', format: (s) => (ti(s) === null ? '-' : `${ti(s)!.retrans}/${ti(s)!.totalRetrans}`) },
  { id: 'lost', header: 'LOST', align: 'right', describe: 'segments thought lost', format: (s) => opt(ti(s)?.lost) },
  { id: 'unacked', header: 'UNACKED', align: 'right', describe: 'segments in flight', format: (s) => opt(ti(s)?.unacked) },
  { id: 'sent', header: 'SENT', align: 'right', describe: 'bytes sent (bytes_sent, or bytes_acked on old kernels)', format: (s) => opt(ti(s)?.bytesSent ?? ti(s)?.bytesAcked, formatBytes) },
  { id: 'received', header: 'RECEIVED', align: 'right', describe: 'bytes received', format: (s) => opt(ti(s)?.bytesReceived, formatBytes) },
  { id: 'last-send', header: 'LASTSND', align: 'right', describe: 'time since data was last sent', format: (s) => opt(ti(s)?.lastDataSentMs, formatAge) },
  { id: 'last-recv', header: 'LASTRCV', align: 'right', describe: 'time since data was last received', format: (s) => opt(ti(s)?.lastDataRecvMs, formatAge) },
  { id: 'last-ack', header: 'LASTACK', align: 'right', describe: 'time since an ACK was last received', format: (s) => opt(ti(s)?.lastAckRecvMs, formatAge) },
  { id: 'delivery-rate', header: 'DELIVERY', align: 'right', describe: 'delivery rate', format: (s) => opt(ti(s)?.deliveryRate, formatRate) },
  { id: 'pacing-rate', header: 'PACING', align: 'right', describe: 'pacing rate', format: (s) => opt(ti(s)?.pacingRate, (n) => (n >= Number.MAX_SAFE_INTEGER || n >= 2 ** 63 - 1024 ? '-' : formatRate(n))) },
  { id: 'window', header: 'SND/RCV-WND', align: 'right', describe: "peer's advertised window / our receive window (bytes)", format: (s) => (ti(s)?.sndWnd === undefined ? '-' : `${formatBytes(ti(s)!.sndWnd!)}/${opt(ti(s)?.rcvWnd, formatBytes)}`) },
  { id: 'mss', header: 'MSS', align: 'right', describe: 'send MSS', format: (s) => opt(ti(s)?.sndMss) },
  { id: 'busy', header: 'BUSY/RWND/SNDBUF', align: 'right', describe: 'time busy sending, limited by the receive window, limited by the send buffer', format: (s) => (ti(s)?.busyTimeUs === undefined ? '-' : `${formatAge(ti(s)!.busyTimeUs! / 1000)}/${formatAge((ti(s)!.rwndLimitedUs ?? 0) / 1000)}/${formatAge((ti(s)!.sndbufLimitedUs ?? 0) / 1000)}`) },
  { id: 'cc', header: 'CC', align: 'left', describe: 'congestion control algorithm', format: (s) => s.congestion ?? '-' },
  { id: 'shutdown', header: 'SHUT', align: 'left', describe: 'shutdown: <- no more receives, -> no more sends', format: (s) => formatShutdown(s.shutdown) },
  { id: 'rmem', header: 'RMEM/RCVBUF', align: 'right', describe: 'receive memory used / receive buffer', format: (s) => (s.memory === null ? '-' : `${formatBytes(s.memory.rmemAlloc)}/${formatBytes(s.memory.rcvBuf)}`) },
  { id: 'wmem', header: 'WMEM/SNDBUF', align: 'right', describe: 'send memory queued / send buffer', format: (s) => (s.memory === null ? '-' : `${formatBytes(s.memory.wmemQueued)}/${formatBytes(s.memory.sndBuf)}`) },
  { id: 'drops', header: 'DROPS', align: 'right', describe: 'packets dropped before reaching the socket', format: (s) => (s.memory === null ? '-' : String(s.memory.drops)) },
];

function formatShutdown(bits: number | null): string {
  if (bits === null || bits === 0) return '-';
  return `${bits & 1 ? '<' : ''}${bits & 2 ? '>' : ''}`;
}

export const COLUMN_GROUPS = {
  base: ['state', 'recvq', 'sendq', 'local', 'peer', 'timer'],
  processes: ['process'],
  extended: ['uid', 'inode', 'cookie'],
  info: ['rtt', 'rto', 'cwnd', 'retrans', 'unacked', 'sent', 'received', 'last-recv', 'cc'],
  memory: ['rmem', 'wmem', 'drops'],
} as const;

// The column for an id, or undefined.
export function findSocketColumn(id: string): SocketColumn | undefined {
  return SOCKET_COLUMNS.find((c) => c.id === id);
}

// Which column ids need tcp_info or memory from the kernel.
export function columnsNeed(ids: readonly string[]): { tcpInfo: boolean; memory: boolean; processes: boolean } {
  const infoIds = new Set(['rtt', 'rto', 'cwnd', 'ssthresh', 'retrans', 'lost', 'unacked', 'sent', 'received', 'last-send', 'last-recv', 'last-ack', 'delivery-rate', 'pacing-rate', 'window', 'mss', 'busy', 'cc', 'shutdown']);
  const memIds = new Set(['rmem', 'wmem', 'drops']);
  return { tcpInfo: ids.some((i) => infoIds.has(i)), memory: ids.some((i) => memIds.has(i)), processes: ids.includes('process') };
}
