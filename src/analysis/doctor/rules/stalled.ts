// Rule 8: stalled connections — data waits in the send queue and makes no progress: the kernel is
// retransmitting with exponential backoff (the peer or the path is gone), or probing a zero window
// (the peer is alive but does not read). Timer and retransmit count come from idiag_timer and
// idiag_retrans, the backoff from tcpi_backoff (include/uapi/linux/tcp.h).
import type { Evidence, Finding, Severity } from '../../../model/finding.js';
import type { SocketRecord } from '../../../model/socket.js';
import type { DoctorRule } from '../rule.js';
import { describeProcess, text } from '../rule.js';
import { formatEndpointKey } from '../../inventory/aggregate.js';

// Backoffs (or timer retransmits) that mean several RTOs without progress: 4 is at least ~3 s.
export const STALL_BACKOFF = 4;
// No ACK for this long while data is unacknowledged also means stalled.
export const STALL_NO_ACK_MS = 10_000;
// Stalled connections host-wide that make it critical.
export const STALL_CRITICAL = 100;

type StallKind = 'retransmitting' | 'zero-window';

// How a socket is stalled, or null when it is moving.
export function classifyStall(s: SocketRecord): StallKind | null {
  if ((s.state !== 'ESTABLISHED' && s.state !== 'CLOSE_WAIT') || s.sendQ <= 0) return null;
  const timerRetrans = s.timer !== null && (s.timer.kind === 'on' || s.timer.kind === 'probe0') ? s.timer.retransmits : 0;
  const backoff = s.tcpInfo?.backoff ?? 0;
  const noAck = s.tcpInfo !== null && s.tcpInfo.unacked > 0 && s.tcpInfo.lastAckRecvMs >= STALL_NO_ACK_MS;
  if (timerRetrans < STALL_BACKOFF && backoff < STALL_BACKOFF && !noAck) return null;
  return s.timer?.kind === 'probe0' ? 'zero-window' : 'retransmitting';
}

interface Group {
  pid: number | null;
  command: string | null;
  dest: string;
  kind: StallKind;
  sockets: SocketRecord[];
}

// Connections whose send queue does not drain, per process, destination and kind.
export const stalledRule: DoctorRule = {
  name: 'stalled',
  check: (inputs) => {
    const listening = new Set(inputs.inventory.listeners.map((l) => l.port));
    const groups = new Map<string, Group>();
    let total = 0;
    for (const s of inputs.sockets) {
      const kind = classifyStall(s);
      if (kind === null) continue;
      total++;
      const dest = listening.has(s.local.port) ? `clients on port ${s.local.port}` : formatEndpointKey(s.remote.address, s.remote.port);
      const key = `${s.process?.pid ?? '-'}|${dest}|${kind}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = { pid: s.process?.pid ?? null, command: s.process?.command ?? null, dest, kind, sockets: [] };
        groups.set(key, g);
      }
      g.sockets.push(s);
    }
    const severity: Severity = total >= STALL_CRITICAL ? 'critical' : 'warning';
    const findings: Finding[] = [];
    for (const g of groups.values()) {
      const who = describeProcess(g.pid, g.command);
      const queued = g.sockets.reduce((n, s) => n + s.sendQ, 0);
      const maxBackoff = Math.max(...g.sockets.map((s) => Math.max(s.tcpInfo?.backoff ?? 0, s.timer?.retransmits ?? 0)));
      const lastAck = Math.max(...g.sockets.map((s) => s.tcpInfo?.lastAckRecvMs ?? 0));
      const first = g.sockets[0];
      const zero = g.kind === 'zero-window';
      const evidence: Evidence[] = [
        { label: zero ? text('connections probing a zero window', '正在探测零窗口的连接') : text('connections retransmitting with backoff', '正在指数退避重传的连接'), value: g.sockets.length, ...(g.pid !== null ? { pid: g.pid, command: g.command ?? '' } : {}) },
        { label: text('bytes waiting in their send queues', '发送队列中等待的字节'), value: queued, unit: 'B' },
        { label: text('highest backoff / retransmit count', '最高退避 / 重传次数'), value: maxBackoff },
      ];
      if (lastAck > 0) evidence.push({ label: text('longest time since an ACK arrived', '距上次收到 ACK 的最长时间'), value: Math.round(lastAck / 1000), unit: 's' });
      if (first !== undefined) evidence.push({ label: text('example connection', '示例连接'), value: `${formatEndpointKey(first.local.address, first.local.port)} -> ${formatEndpointKey(first.remote.address, first.remote.port)}`, address: first.remote.address, port: first.remote.port });
      findings.push({
        id: 'stalled-connections',
        severity,
        title: zero
          ? text(`${g.sockets.length} connections of ${who} to ${g.dest} blocked by a zero window`, `${who} 到 ${g.dest} 的 ${g.sockets.length} 个连接被零窗口阻塞`)
          : text(`${g.sockets.length} connections of ${who} to ${g.dest} are retransmitting without answer`, `${who} 到 ${g.dest} 的 ${g.sockets.length} 个连接在重传且没有应答`),
        subject: `${who} -> ${g.dest}`,
        evidence,
        explanation: zero
          ? text(
              `The peer advertises a receive window of 0: it is alive (it answers the probes) but its application does not read, so ${who}'s data cannot be sent. Writes pile up in memory; the peer is overloaded or stuck.`,
              `对端通告的接收窗口为 0：它还活着（会回应探测），但它的应用不读数据，所以 ${who} 的数据发不出去。写入的数据堆积在内存中；对端过载或卡住了。`,
            )
          : text(
              `Data sent by ${who} is not acknowledged, and the kernel retransmits it with doubling timeouts. The peer has vanished, or the path drops packets. Without TCP_USER_TIMEOUT the connection fails only after about 15 minutes (tcp_retries2=15) with ETIMEDOUT.`,
              `${who} 发送的数据没有被确认，内核以翻倍的超时时间重传。对端已经消失，或者路径在丢包。没有 TCP_USER_TIMEOUT 时，连接要在约 15 分钟后（tcp_retries2=15）才以 ETIMEDOUT 失败。`,
            ),
        fixes: [
          { text: text('Look at the connections and the path.', '查看这些连接和路径。'), commands: [`tcpdoc ls state established -i -o${g.pid !== null ? ` --pid ${g.pid}` : ''}`, ...(first !== undefined ? [`tracepath -n ${first.remote.address}`] : [])] },
          zero
            ? { text: text('Fix the slow reader; on the sending side respect backpressure (write() returning false) instead of buffering without limit.', '修复读取缓慢的一方；发送方应遵守背压（write() 返回 false），而不是无限制地缓冲。'), code: { language: 'javascript', source: "if (!socket.write(chunk)) await once(socket, 'drain');" } }
            : { text: text('Bound the wait: an application timeout on requests, and TCP_USER_TIMEOUT for unacknowledged data.', '限制等待时间：请求使用应用层超时，未确认数据使用 TCP_USER_TIMEOUT。'), code: { language: 'javascript', source: "socket.setTimeout(30_000, () => socket.destroy(new Error('peer not responding')));" } },
        ],
        related: zero ? ['state:ESTABLISHED', 'tcpdump:field:win'] : ['state:ESTABLISHED', 'sysctl:net.ipv4.tcp_retries2', 'counter:TcpExt:TCPTimeouts', 'errno:ETIMEDOUT'],
      });
    }
    return findings;
  },
};
