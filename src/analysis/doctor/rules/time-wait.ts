// Rule 4: TIME_WAIT piling up towards one destination, and the ephemeral port budget left for it.
// A connection is unique by its 4-tuple, so towards one destination IP:port from one source IP at
// most ip_local_port_range ports can be in use; TIME_WAIT holds each for a fixed 60 s
// (TCP_TIMEWAIT_LEN, include/net/tcp.h), so the sustainable rate is about range / 60 s per destination.
import type { Evidence, Finding, Severity } from '../../../model/finding.js';
import type { DoctorRule } from '../rule.js';
import { counterDelta, ephemeralPortCount, percent, sysctlNumber, text } from '../rule.js';
import { formatEndpointKey } from '../../inventory/aggregate.js';

// Share of the usable ephemeral ports used towards one destination for info / warning / critical.
export const PORT_BUDGET_INFO = 0.1;
export const PORT_BUDGET_WARNING = 0.5;
export const PORT_BUDGET_CRITICAL = 0.9;
// An info finding also needs this many TIME_WAIT sockets (tiny ranges in tests aside).
export const TIME_WAIT_INFO_MIN = 500;
// Linux keeps TIME_WAIT for 60 s.
export const TIME_WAIT_SECONDS = 60;

interface Group {
  local: string;
  remote: string;
  remotePort: number;
  timeWait: number;
  used: number;
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1';
}

// Destinations whose 4-tuple space is filling up with TIME_WAIT.
export const timeWaitRule: DoctorRule = {
  name: 'time-wait',
  check: (inputs) => {
    const budget = ephemeralPortCount(inputs);
    if (budget === null || budget.usable === 0) return [];
    const listening = new Set(inputs.inventory.listeners.map((l) => l.port));
    const groups = new Map<string, Group>();
    for (const s of inputs.sockets) {
      if (s.state === 'LISTEN' || listening.has(s.local.port)) continue;
      // Only outgoing connections take ephemeral ports from the range.
      if (s.local.port < budget.low || s.local.port > budget.high) continue;
      const key = `${s.local.address}|${s.remote.address}|${s.remote.port}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = { local: s.local.address, remote: s.remote.address, remotePort: s.remote.port, timeWait: 0, used: 0 };
        groups.set(key, g);
      }
      g.used++;
      if (s.state === 'TIME_WAIT') g.timeWait++;
    }
    const opens = counterDelta(inputs, 'Tcp', 'ActiveOpens');
    const sustainable = budget.usable / TIME_WAIT_SECONDS;
    const reuse = inputs.sysctls['net.ipv4.tcp_tw_reuse'];
    const timestamps = sysctlNumber(inputs, 'net.ipv4.tcp_timestamps');
    const findings: Finding[] = [];
    for (const g of groups.values()) {
      if (g.timeWait === 0) continue;
      const share = g.used / budget.usable;
      const projected = opens !== null && opens.perSecond * TIME_WAIT_SECONDS >= budget.usable * PORT_BUDGET_WARNING && g.timeWait >= budget.usable * PORT_BUDGET_INFO;
      let severity: Severity | null = null;
      if (share >= PORT_BUDGET_CRITICAL) severity = 'critical';
      else if (share >= PORT_BUDGET_WARNING || projected) severity = 'warning';
      else if (share >= PORT_BUDGET_INFO && g.timeWait >= Math.min(TIME_WAIT_INFO_MIN, budget.usable * PORT_BUDGET_WARNING)) severity = 'info';
      if (severity === null) continue;
      const dest = formatEndpointKey(g.remote, g.remotePort);
      const evidence: Evidence[] = [
        { label: text('TIME_WAIT towards this destination', '指向该目的地的 TIME_WAIT'), value: g.timeWait, address: g.remote, port: g.remotePort },
        { label: text('local ports in use towards it (all states)', '指向它的已用本地端口（所有状态）'), value: g.used, address: g.local },
        { label: text('usable ephemeral ports (ip_local_port_range minus reserved)', '可用临时端口（ip_local_port_range 减去保留端口）'), value: budget.usable, unit: `${budget.low}-${budget.high}` },
        { label: text('share of the port budget used', '已用端口预算比例'), value: percent(g.used, budget.usable), unit: '%' },
        { label: text('sustainable new connections per second to one destination (ports / 60 s)', '对单个目的地可持续的每秒新建连接数（端口数 / 60 秒）'), value: Math.floor(sustainable), unit: '/s' },
      ];
      if (opens !== null) evidence.push({ label: text('new outgoing connections per second (ActiveOpens, whole host)', '每秒新建外连数（ActiveOpens，全主机）'), value: Math.round(opens.perSecond * 10) / 10, unit: '/s' });
      evidence.push({ label: text('net.ipv4.tcp_tw_reuse', 'net.ipv4.tcp_tw_reuse'), value: reuse ?? 'unknown' });
      const loop = isLoopback(g.remote);
      const reuseApplies = reuse === '1' || (reuse === '2' && loop);
      const reuseFix = reuseApplies
        ? text(`tcp_tw_reuse=${reuse} already lets connect() reuse these TIME_WAIT ports when timestamps are on${timestamps === 0 ? ', but tcp_timestamps is 0, so it cannot' : ''}; the fix is fewer new connections.`, `tcp_tw_reuse=${reuse} 已允许 connect() 在启用时间戳时重用这些 TIME_WAIT 端口${timestamps === 0 ? '，但 tcp_timestamps 为 0，所以无法生效' : ''}；真正的办法是减少新建连接。`)
        : text('As a stopgap, tcp_tw_reuse=1 lets outgoing connect() reuse a TIME_WAIT port after about 1 s when both ends use TCP timestamps. It does nothing for incoming connections. Never use tcp_tw_recycle (removed in 4.12, broke NAT clients).', '作为临时措施，tcp_tw_reuse=1 允许外连的 connect() 在两端都使用 TCP 时间戳时，约 1 秒后重用 TIME_WAIT 端口。它对入站连接无效。不要使用 tcp_tw_recycle（已在 4.12 删除，会破坏 NAT 后的客户端）。');
      findings.push({
        id: 'time-wait-pileup',
        severity,
        title: text(`${g.timeWait} TIME_WAIT towards ${dest}: ${percent(g.used, budget.usable)}% of the ephemeral ports for it`, `指向 ${dest} 的 TIME_WAIT 有 ${g.timeWait} 个：已占用其临时端口的 ${percent(g.used, budget.usable)}%`),
        subject: dest,
        evidence,
        explanation: text(
          `This host opens many short connections to ${dest} and closes them first, so each leaves a TIME_WAIT socket that keeps its local port for 60 s (fixed on Linux; tcp_fin_timeout does not change it). Towards one destination from one source address only ${budget.usable} ports exist, so about ${Math.floor(sustainable)} new connections per second is the most it can sustain. When the ports run out, connect() fails with EADDRNOTAVAIL ("Cannot assign requested address").`,
          `本机向 ${dest} 建立大量短连接并由本机先关闭，每个连接都会留下一个 TIME_WAIT 套接字，占用本地端口 60 秒（Linux 上固定不变；tcp_fin_timeout 不影响它）。从一个源地址到一个目的地只有 ${budget.usable} 个端口，所以最多只能维持每秒约 ${Math.floor(sustainable)} 个新连接。端口耗尽时，connect() 会以 EADDRNOTAVAIL（"Cannot assign requested address"）失败。`,
        ),
        fixes: [
          {
            text: text('Reuse connections: a pool or HTTP keep-alive turns thousands of short connections into a few long ones.', '复用连接：连接池或 HTTP keep-alive 能把成千上万个短连接变成少量长连接。'),
            code: { language: 'javascript', source: "import http from 'node:http';\nconst agent = new http.Agent({ keepAlive: true, maxSockets: 64 });\nhttp.get({ host, port, path: '/', agent });\n// undici / fetch keep connections alive by default" },
          },
          { text: reuseFix, commands: reuseApplies ? [] : ['sysctl -w net.ipv4.tcp_tw_reuse=1'] },
          { text: text('Widen the range or add source addresses or destination ports if the rate is real.', '如果这个速率是真实需要的，扩大端口范围，或增加源地址或目的端口。'), commands: ['sysctl -w net.ipv4.ip_local_port_range="1024 65535"'] },
        ],
        related: ['state:TIME_WAIT', 'errno:EADDRNOTAVAIL', 'sysctl:net.ipv4.ip_local_port_range', 'sysctl:net.ipv4.tcp_tw_reuse', 'counter:Tcp:ActiveOpens'],
      });
    }
    return findings;
  },
};
