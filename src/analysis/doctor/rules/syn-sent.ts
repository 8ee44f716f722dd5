// Rule 5: many SYN_SENT. A SYN_SENT socket whose SYN was already retransmitted (timer "on" with
// retransmits >= 1, i.e. at least 1 s without an answer) waits on a destination that is down or
// filtered; SYN_SENT towards very many destinations looks like a scan.
import type { Evidence, Finding, Severity } from '../../../model/finding.js';
import type { SocketRecord } from '../../../model/socket.js';
import type { DoctorRule } from '../rule.js';
import { describeProcess, text } from '../rule.js';
import { formatEndpointKey } from '../../inventory/aggregate.js';

// Unanswered connects to one destination for a warning / critical.
export const SYN_SENT_WARNING = 3;
export const SYN_SENT_CRITICAL = 100;
// Distinct destinations with SYN_SENT at once that look like a scan.
export const SCAN_DESTINATIONS = 200;

function unanswered(s: SocketRecord): boolean {
  // Both sources report SYN_SENT's retransmit timer; without it a fresh connect and a stuck one look alike.
  if (s.timer === null) return false;
  return s.timer.retransmits >= 1 || (s.tcpInfo !== null && s.tcpInfo.retransmits >= 1);
}

function topOwners(owners: Map<number | null, { command: string | null; n: number }>): Evidence[] {
  return [...owners]
    .sort((a, b) => b[1].n - a[1].n)
    .slice(0, 3)
    .map(([pid, o]) => ({ label: text('SYN_SENT of process', '进程的 SYN_SENT'), value: o.n, ...(pid !== null ? { pid, command: o.command ?? '' } : { command: describeProcess(null, null) }) }));
}

// Destinations that do not answer connect(), and scan-like fan-out.
export const synSentRule: DoctorRule = {
  name: 'syn-sent',
  check: (inputs) => {
    const byDest = new Map<string, { address: string; port: number; waiting: number; total: number; owners: Map<number | null, { command: string | null; n: number }> }>();
    for (const s of inputs.sockets) {
      if (s.state !== 'SYN_SENT') continue;
      const key = formatEndpointKey(s.remote.address, s.remote.port);
      let g = byDest.get(key);
      if (g === undefined) {
        g = { address: s.remote.address, port: s.remote.port, waiting: 0, total: 0, owners: new Map() };
        byDest.set(key, g);
      }
      g.total++;
      if (unanswered(s)) g.waiting++;
      const pid = s.process?.pid ?? null;
      const owner = g.owners.get(pid);
      if (owner === undefined) g.owners.set(pid, { command: s.process?.command ?? null, n: 1 });
      else owner.n++;
    }
    const findings: Finding[] = [];
    for (const [dest, g] of byDest) {
      if (g.waiting < SYN_SENT_WARNING) continue;
      const severity: Severity = g.waiting >= SYN_SENT_CRITICAL ? 'critical' : 'warning';
      const owners = topOwners(g.owners);
      findings.push({
        id: 'syn-sent-pileup',
        severity,
        title: text(`${g.waiting} connection attempts to ${dest} are not answered`, `对 ${dest} 的 ${g.waiting} 个连接尝试没有得到应答`),
        subject: dest,
        evidence: [
          { label: text('SYN_SENT with the SYN already retransmitted', 'SYN 已重传的 SYN_SENT'), value: g.waiting, address: g.address, port: g.port },
          { label: text('SYN_SENT towards it in all', '指向它的 SYN_SENT 总数'), value: g.total },
          ...owners,
        ],
        explanation: text(
          `These connect() calls sent SYN and got neither SYN+ACK nor RST, so the kernel keeps retrying (1, 2, 4, 8... s; about 127-131 s with tcp_syn_retries=6) before ETIMEDOUT. ${dest} is down, a firewall drops the SYNs silently, or the route is broken. A refused port would answer with RST at once.`,
          `这些 connect() 调用发送了 SYN，但既没收到 SYN+ACK 也没收到 RST，所以内核一直重试（1、2、4、8……秒；在 tcp_syn_retries=6 时约 127-131 秒）后才返回 ETIMEDOUT。${dest} 宕机了、防火墙静默丢弃了 SYN，或者路由有问题。如果端口只是没有监听，对方会立即回复 RST。`,
        ),
        fixes: [
          { text: text('Check the path and the destination.', '检查路径和目的地。'), commands: [`nc -vz -w 3 ${g.address} ${g.port}`, `tcpdump -ni any 'host ${g.address} and tcp port ${g.port}' -c 20`] },
          { text: text('Give connects a short timeout in the application instead of waiting two minutes.', '在应用中给连接设置较短的超时，而不是等待两分钟。'), code: { language: 'javascript', source: "const socket = net.connect({ host, port, timeout: 3000 });\nsocket.on('timeout', () => socket.destroy(new Error('connect timeout')));" } },
        ],
        related: ['state:SYN_SENT', 'errno:ETIMEDOUT', 'sysctl:net.ipv4.tcp_syn_retries', 'counter:TcpExt:TCPSynRetrans'],
      });
    }
    if (byDest.size >= SCAN_DESTINATIONS) {
      const total = [...byDest.values()].reduce((n, g) => n + g.total, 0);
      const owners = new Map<number | null, { command: string | null; n: number }>();
      for (const g of byDest.values()) {
        for (const [pid, o] of g.owners) {
          const row = owners.get(pid);
          if (row === undefined) owners.set(pid, { ...o });
          else row.n += o.n;
        }
      }
      findings.push({
        id: 'syn-sent-scan',
        severity: 'warning',
        title: text(`Connecting to ${byDest.size} different destinations at once`, `同时向 ${byDest.size} 个不同的目的地发起连接`),
        subject: null,
        evidence: [
          { label: text('destinations with SYN_SENT', '有 SYN_SENT 的目的地'), value: byDest.size },
          { label: text('SYN_SENT sockets', 'SYN_SENT 套接字'), value: total },
          ...topOwners(owners),
        ],
        explanation: text('A process is opening connections to very many addresses or ports at the same time. That is what a port scan (or a compromised host) looks like, or a client whose list of backends is mostly unreachable.', '某个进程同时向大量地址或端口发起连接。端口扫描（或被入侵的主机）就是这样的表现，也可能是某个客户端的后端列表大多不可达。'),
        fixes: [{ text: text('Find the process and ask whether it should do that.', '找出这个进程，确认它是否应该这样做。'), commands: ['tcpdoc ls state syn-sent -p'] }],
        related: ['state:SYN_SENT', 'counter:Tcp:ActiveOpens'],
      });
    }
    return findings;
  },
};
