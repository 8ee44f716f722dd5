// Rule 7: half-open risk. An ESTABLISHED socket with nothing to send, no keepalive timer and a
// peer silent for long cannot notice that the peer vanished (crash, NAT or firewall state
// expired): it waits forever, and the first write later fails after ~15 min of retransmission.
// tcp_info gives the silence (tcpi_last_data_recv, tcpi_last_ack_recv); the keepalive timer
// shows as idiag_timer 2 (net/ipv4/inet_diag.c).
import type { Evidence, Finding } from '../../../model/finding.js';
import type { SocketRecord } from '../../../model/socket.js';
import type { DoctorRule } from '../rule.js';
import { describeProcess, text } from '../rule.js';
import { formatEndpointKey } from '../../inventory/aggregate.js';

// Peer silence that counts as long idle (typical NAT and firewall idle timeouts are minutes).
export const HALF_OPEN_SILENCE_MS = 60_000;

function silentMs(s: SocketRecord): number | null {
  if (s.tcpInfo === null) return null;
  return Math.min(s.tcpInfo.lastDataRecvMs, s.tcpInfo.lastAckRecvMs);
}

// Long-idle connections that would not notice a vanished peer, one finding per process.
export const halfOpenRule: DoctorRule = {
  name: 'half-open',
  check: (inputs) => {
    const listening = new Set(inputs.inventory.listeners.map((l) => l.port));
    const byProcess = new Map<string, { pid: number | null; command: string | null; sockets: SocketRecord[]; oldest: number; targets: Map<string, number> }>();
    for (const s of inputs.sockets) {
      if (s.state !== 'ESTABLISHED' || s.sendQ > 0) continue;
      if (s.timer !== null && s.timer.kind !== 'off') continue;
      const silent = silentMs(s);
      if (silent === null || silent < HALF_OPEN_SILENCE_MS) continue;
      const key = String(s.process?.pid ?? '-');
      let g = byProcess.get(key);
      if (g === undefined) {
        g = { pid: s.process?.pid ?? null, command: s.process?.command ?? null, sockets: [], oldest: 0, targets: new Map() };
        byProcess.set(key, g);
      }
      g.sockets.push(s);
      g.oldest = Math.max(g.oldest, silent);
      // Incoming connections are named by the local port, outgoing ones by the destination.
      const target = listening.has(s.local.port) ? `port ${s.local.port} (incoming)` : formatEndpointKey(s.remote.address, s.remote.port);
      g.targets.set(target, (g.targets.get(target) ?? 0) + 1);
    }
    const findings: Finding[] = [];
    for (const g of byProcess.values()) {
      const who = describeProcess(g.pid, g.command);
      findings.push({
        id: 'half-open-risk',
        severity: 'info',
        title: text(`${g.sockets.length} idle connections of ${who} have no keepalive`, `${who} 的 ${g.sockets.length} 个空闲连接没有启用 keepalive`),
        subject: who,
        evidence: [
          { label: text('ESTABLISHED, peer silent 60 s or more, no keepalive timer', 'ESTABLISHED，对端沉默 60 秒以上，没有 keepalive 定时器'), value: g.sockets.length, ...(g.pid !== null ? { pid: g.pid, command: g.command ?? '' } : {}) },
          { label: text('longest peer silence', '对端最长沉默时间'), value: Math.round(g.oldest / 1000), unit: 's' },
          ...[...g.targets].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([target, n]): Evidence => ({ label: text('connections to/on', '连接目标'), value: n, address: target })),
        ],
        explanation: text(
          `Nothing has come from these peers for a minute or more and TCP keepalive is off, so if a peer crashed, lost power or a NAT or firewall dropped the connection's state, ${who} will not know: the socket stays ESTABLISHED forever (half-open), and the next write only fails after about 15 minutes of retransmissions (tcp_retries2=15). Pools then hand out dead connections.`,
          `这些对端一分钟以上没有任何数据，而 TCP keepalive 没有开启。如果某个对端崩溃、断电，或者 NAT/防火墙丢弃了连接状态，${who} 不会知道：套接字会永远停在 ESTABLISHED（半开），下一次写入要在约 15 分钟的重传后才会失败（tcp_retries2=15）。连接池随后会分发已经失效的连接。`,
        ),
        fixes: [
          {
            text: text('Turn on keepalive with short timers (Node sets TCP_KEEPIDLE from the delay; libuv >= 1.35 also sets a 1 s interval and 10 probes), and bound unacknowledged data with TCP_USER_TIMEOUT.', '用较短的定时器开启 keepalive（Node 用给定的延迟设置 TCP_KEEPIDLE；libuv >= 1.35 还会设置 1 秒间隔和 10 次探测），并用 TCP_USER_TIMEOUT 限制未确认数据的等待时间。'),
            code: { language: 'javascript', source: "socket.setKeepAlive(true, 60_000);\n// http.Agent / undici: new http.Agent({ keepAlive: true }) enables it on pooled sockets\n// database clients: e.g. pg: new Pool({ keepAlive: true })" },
          },
          { text: text('Or send application heartbeats (ping/pong) and replace a connection that misses them.', '或者发送应用层心跳（ping/pong），错过心跳就替换连接。') },
          { text: text('Check the system-wide defaults used when a socket enables keepalive without its own timers.', '检查套接字开启 keepalive 但未设置自己的定时器时使用的系统默认值。'), commands: ['sysctl net.ipv4.tcp_keepalive_time net.ipv4.tcp_keepalive_intvl net.ipv4.tcp_keepalive_probes'] },
        ],
        related: ['state:ESTABLISHED', 'sysctl:net.ipv4.tcp_keepalive_time', 'sysctl:net.ipv4.tcp_retries2', 'errno:ETIMEDOUT'],
      });
    }
    return findings;
  },
};
