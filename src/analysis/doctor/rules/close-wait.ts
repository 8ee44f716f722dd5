// Rule 1: CLOSE_WAIT piling up per process and local port (or, for outgoing connections, per server). The peer closed; the application
// never called close(). No kernel setting ends it; only the application can (state:CLOSE_WAIT).
import type { Finding, Severity } from '../../../model/finding.js';
import type { SocketRecord } from '../../../model/socket.js';
import type { DoctorRule } from '../rule.js';
import { describeProcess, idleMs, makeOutgoingTest, text } from '../rule.js';
import { formatEndpointKey } from '../../inventory/aggregate.js';

// A CLOSE_WAIT socket younger than this is a close in progress, not a leak.
export const CLOSE_WAIT_MIN_AGE_MS = 1_000;
// Lingering CLOSE_WAIT sockets in one group for a warning / critical.
export const CLOSE_WAIT_WARNING = 20;
export const CLOSE_WAIT_CRITICAL = 1_000;

interface Group {
  pid: number | null;
  command: string | null;
  // Incoming connections are grouped by the local (service) port, outgoing ones by the server they went to.
  outgoing: boolean;
  port: number;
  remote: { address: string; port: number } | null;
  count: number;
  oldestMs: number | null;
  peers: Map<string, number>;
}

function groupKey(s: SocketRecord, outgoing: boolean): string {
  return outgoing ? `${s.process?.pid ?? '-'}|>${s.remote.address}|${s.remote.port}` : `${s.process?.pid ?? '-'}|${s.local.port}`;
}

// An address as the ls filter language takes it (IPv6 in brackets).
function filterAddress(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

// Flags each (process, local port) or (process, server) whose CLOSE_WAIT sockets have lingered.
export const closeWaitRule: DoctorRule = {
  name: 'close-wait',
  check: (inputs) => {
    const isOutgoing = makeOutgoingTest(inputs);
    const groups = new Map<string, Group>();
    for (const s of inputs.sockets) {
      if (s.state !== 'CLOSE_WAIT') continue;
      const age = idleMs(s.tcpInfo);
      // Without tcp_info the age is unknown: count it (a snapshot of a leak looks the same).
      if (age !== null && age < CLOSE_WAIT_MIN_AGE_MS) continue;
      const outgoing = isOutgoing(s);
      const key = groupKey(s, outgoing);
      let g = groups.get(key);
      if (g === undefined) {
        g = {
          pid: s.process?.pid ?? null,
          command: s.process?.command ?? null,
          outgoing,
          port: s.local.port,
          remote: outgoing ? { address: s.remote.address, port: s.remote.port } : null,
          count: 0,
          oldestMs: null,
          peers: new Map(),
        };
        groups.set(key, g);
      }
      g.count++;
      if (age !== null) g.oldestMs = Math.max(g.oldestMs ?? 0, age);
      g.peers.set(s.remote.address, (g.peers.get(s.remote.address) ?? 0) + 1);
    }
    const findings: Finding[] = [];
    for (const g of groups.values()) {
      if (g.count < CLOSE_WAIT_WARNING) continue;
      const severity: Severity = g.count >= CLOSE_WAIT_CRITICAL ? 'critical' : 'warning';
      const who = describeProcess(g.pid, g.command);
      const topPeers = [...g.peers].sort((a, b) => b[1] - a[1]).slice(0, 3);
      const owner = g.pid !== null ? { pid: g.pid, command: g.command ?? '' } : {};
      const remote = g.remote;
      const where = remote === null ? `on port ${g.port}` : `towards ${formatEndpointKey(remote.address, remote.port)}`;
      const whereZh = remote === null ? `端口 ${g.port}` : `指向 ${formatEndpointKey(remote.address, remote.port)} 的连接中`;
      const filter = remote === null ? `sport = :${g.port}` : `dst ${filterAddress(remote.address)} and dport = :${remote.port}`;
      findings.push({
        id: 'close-wait-pileup',
        severity,
        title: text(`${g.count} connections stuck in CLOSE_WAIT ${where} (${who})`, `${whereZh}（${who}）有 ${g.count} 个连接卡在 CLOSE_WAIT`),
        subject: `${remote === null ? `port ${g.port}` : formatEndpointKey(remote.address, remote.port)} (${who})`,
        evidence: [
          remote === null
            ? { label: text('CLOSE_WAIT sockets idle for 1 s or more', '空闲 1 秒以上的 CLOSE_WAIT 套接字'), value: g.count, port: g.port, ...owner }
            : { label: text('outgoing CLOSE_WAIT sockets idle for 1 s or more, towards', '空闲 1 秒以上的出站 CLOSE_WAIT 套接字，指向'), value: g.count, address: remote.address, port: remote.port, ...owner },
          ...(g.oldestMs !== null ? [{ label: text('oldest: peer silent for', '最久的一个：对端已沉默'), value: Math.round(g.oldestMs / 1000), unit: 's' }] : []),
          ...(remote === null ? topPeers.map(([address, n]) => ({ label: text('from peer', '来自对端'), value: n, address })) : []),
        ],
        explanation: text(
          `${remote === null ? 'The peers' : `The server at ${formatEndpointKey(remote.address, remote.port)}`} closed ${remote === null ? 'their' : 'its'} side (sent FIN) and the kernel acknowledged it, but ${who} never called close() on these sockets. Nothing in the kernel times CLOSE_WAIT out: each one holds a file descriptor and memory until the process closes it or exits. This is a bug in the application: a code path that stops using a connection without closing it (an error branch, an ignored 'end' event, a pool that forgets a dead connection)${remote === null ? '' : '. Here this host is the client: look at the HTTP agent, database driver or connection pool that talks to that server'}.`,
          `对端已经关闭了它那一侧（发送了 FIN），内核也确认了，但 ${who} 从未对这些套接字调用 close()。内核不会让 CLOSE_WAIT 超时：每个套接字都占着一个文件描述符和内存，直到进程关闭它或退出。这是应用程序的缺陷：某条代码路径不再使用连接却没有关闭它（错误分支、忽略了 'end' 事件、连接池忘记了已断开的连接）。${remote === null ? '' : '这里本机是客户端：检查与该服务器通信的 HTTP agent、数据库驱动或连接池。'}`,
        ),
        fixes: [
          {
            text: text('See which code holds them: list the sockets with their process and age.', '查看是哪段代码持有它们：列出套接字及其进程和存在时间。'),
            commands: [`tcpdoc ls state close-wait ${filter} -p -i`, ...(g.pid !== null ? [`ls -l /proc/${g.pid}/fd | grep -c socket`] : [])],
          },
          {
            text: text("In Node.js, end or destroy the socket when the peer ends it, and on every error path; with allowHalfOpen: true you must call end() yourself.", "在 Node.js 中，对端结束时以及每个错误分支里都要 end() 或 destroy() 套接字；使用 allowHalfOpen: true 时必须自己调用 end()。"),
            code: {
              language: 'javascript',
              source: "socket.on('end', () => socket.end());\nsocket.on('error', () => socket.destroy());\nsocket.setTimeout(60_000, () => socket.destroy());",
            },
          },
          {
            text: text('Restarting the process frees them at once, but they come back until the code is fixed.', '重启进程可以立即释放它们，但在代码修复之前它们还会再出现。'),
          },
        ],
        related: ['state:CLOSE_WAIT', 'errno:EMFILE'],
      });
    }
    return findings;
  },
};
