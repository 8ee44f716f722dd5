// Rule 9: retransmission and reset rates over the sampling window (only with --window > 0):
// RetransSegs / OutSegs, and OutRsts, EstabResets, AttemptFails against new connections
// (/proc/net/snmp "Tcp:", RFC 4022 tcpRetransSegs etc.).
import type { Finding, LocalizedText } from '../../../model/finding.js';
import type { DoctorRule } from '../rule.js';
import { counterDelta, percent, text, windowSeconds } from '../rule.js';
import type { DoctorInputs } from '../inputs.js';

// Retransmitted share of sent segments for warning / critical (Pigsty alerts at 1 %; we stay quieter).
export const RETRANS_WARNING = 0.02;
export const RETRANS_CRITICAL = 0.1;
// Too few segments say nothing about a rate.
export const RETRANS_MIN_SEGMENTS = 1_000;
export const RETRANS_MIN_RETRANSMITS = 20;
// A reset counter stands out at this rate and this share of new connections.
export const RESET_MIN_PER_SECOND = 10;
export const RESET_MIN_SHARE = 0.2;

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function retransFinding(inputs: DoctorInputs): Finding | null {
  const retrans = counterDelta(inputs, 'Tcp', 'RetransSegs');
  const out = counterDelta(inputs, 'Tcp', 'OutSegs');
  if (retrans === null || out === null || out.delta < RETRANS_MIN_SEGMENTS || retrans.delta < RETRANS_MIN_RETRANSMITS) return null;
  const share = retrans.delta / out.delta;
  if (share < RETRANS_WARNING) return null;
  const timeouts = counterDelta(inputs, 'TcpExt', 'TCPTimeouts');
  const windowS = windowSeconds(inputs);
  return {
    id: 'retransmission-rate',
    severity: share >= RETRANS_CRITICAL ? 'critical' : 'warning',
    title: text(`${percent(retrans.delta, out.delta)}% of sent segments are retransmissions`, `${percent(retrans.delta, out.delta)}% 的发送报文段是重传`),
    subject: null,
    evidence: [
      { label: text(`RetransSegs in ${windowS} s`, `${windowS} 秒内的 RetransSegs`), value: retrans.delta },
      { label: text(`OutSegs in ${windowS} s`, `${windowS} 秒内的 OutSegs`), value: out.delta },
      { label: text('retransmitted share', '重传比例'), value: percent(retrans.delta, out.delta), unit: '%' },
      ...(timeouts !== null ? [{ label: text(`TCPTimeouts (RTO expiries) in ${windowS} s`, `${windowS} 秒内的 TCPTimeouts（RTO 超时）`), value: timeouts.delta }] : []),
    ],
    explanation: text(
      'Segments are being lost (or their ACKs are), so TCP sends them again. A few tenths of a percent is normal on the internet; several percent cuts throughput hard (congestion control backs off on each loss) and adds latency. Causes: a congested or faulty link, a full queue on a router or NIC, a peer that drops, or a path black hole for one kind of traffic.',
      '报文段（或它们的 ACK）在丢失，所以 TCP 重新发送。在互联网上零点几个百分点是正常的；几个百分点会严重降低吞吐量（拥塞控制在每次丢包时退让）并增加延迟。原因：拥塞或有故障的链路、路由器或网卡队列已满、丢包的对端，或对某类流量的路径黑洞。',
    ),
    fixes: [
      { text: text('Find which connections retransmit and where they go.', '找出哪些连接在重传，以及它们去往哪里。'), commands: ['tcpdoc ls state established -i --sort retrans', 'ip -s link'] },
      { text: text('Check the path to the busiest peers for loss.', '检查到最繁忙对端的路径是否丢包。'), commands: ['mtr -n -c 20 HOST', 'tracepath -n HOST'] },
    ],
    related: ['counter:Tcp:RetransSegs', 'counter:TcpExt:TCPTimeouts', 'counter:TcpExt:TCPRetransFail'],
  };
}

interface ResetSpec {
  id: string;
  counter: string;
  title: (n: number, perSecond: number) => LocalizedText;
  explanation: LocalizedText;
  commands: string[];
  related: string[];
}

const RESET_SPECS: readonly ResetSpec[] = [
  {
    id: 'resets-sent',
    counter: 'OutRsts',
    title: (_n, r) => text(`This host sends ${r} resets per second`, `本机每秒发送 ${r} 个 RST`),
    explanation: text(
      'The kernel answers with RST when a segment arrives for no socket (a closed port: "connection refused"), when an application closes with unread data or with SO_LINGER 0, or when it aborts a connection. Many at once mean clients hitting a port nothing listens on (a crashed service), a scan, or an application that aborts its connections.',
      '当报文段到达但没有对应的套接字（端口关闭："connection refused"）、应用在有未读数据时关闭或使用 SO_LINGER 0、或连接被中止时，内核会回复 RST。大量出现意味着客户端在访问没有监听的端口（服务崩溃了）、扫描，或者应用在中止它的连接。',
    ),
    commands: ['tcpdoc trace --live -i any', "tcpdump -ni any 'tcp[tcpflags] & tcp-rst != 0' -c 50"],
    related: ['counter:Tcp:OutRsts', 'counter:TcpExt:TCPAbortOnClose', 'counter:TcpExt:TCPAbortOnData', 'errno:ECONNREFUSED'],
  },
  {
    id: 'established-resets',
    counter: 'EstabResets',
    title: (_n, r) => text(`${r} established connections per second end with a reset`, `每秒有 ${r} 个已建立的连接以 RST 结束`),
    explanation: text(
      'Connections in ESTABLISHED or CLOSE_WAIT are being torn down by RST instead of a normal close. Applications see ECONNRESET ("read ECONNRESET", "socket hang up"). A peer that crashed or aborts its connections, a proxy or load balancer with a shorter idle timeout, or a firewall killing connections.',
      '处于 ESTABLISHED 或 CLOSE_WAIT 的连接正被 RST 拆除，而不是正常关闭。应用会看到 ECONNRESET（"read ECONNRESET"、"socket hang up"）。原因可能是对端崩溃或在中止连接、代理或负载均衡器的空闲超时更短，或者防火墙在切断连接。',
    ),
    commands: ['tcpdoc trace --live -i any', "tcpdump -ni any 'tcp[tcpflags] & tcp-rst != 0' -c 50"],
    related: ['counter:Tcp:EstabResets', 'errno:ECONNRESET', 'node:socket-hang-up'],
  },
  {
    id: 'connect-failures',
    counter: 'AttemptFails',
    title: (_n, r) => text(`${r} connection attempts per second fail`, `每秒有 ${r} 个连接尝试失败`),
    explanation: text(
      'Handshakes end before ESTABLISHED: outgoing connects refused with RST (ECONNREFUSED) or timing out, or incoming half-open connections reset. Usually a service this host depends on is down or its port is closed.',
      '握手在进入 ESTABLISHED 之前就结束了：外连被 RST 拒绝（ECONNREFUSED）或超时，或入站的半开连接被重置。通常是本机依赖的某个服务宕了或它的端口关闭了。',
    ),
    commands: ['tcpdoc ls state syn-sent', 'tcpdoc trace --live -i any'],
    related: ['counter:Tcp:AttemptFails', 'errno:ECONNREFUSED', 'errno:ETIMEDOUT'],
  },
];

function resetFindings(inputs: DoctorInputs): Finding[] {
  const active = counterDelta(inputs, 'Tcp', 'ActiveOpens');
  const passive = counterDelta(inputs, 'Tcp', 'PassiveOpens');
  const opens = (active?.delta ?? 0) + (passive?.delta ?? 0);
  const windowS = windowSeconds(inputs);
  const out: Finding[] = [];
  for (const spec of RESET_SPECS) {
    const d = counterDelta(inputs, 'Tcp', spec.counter);
    if (d === null || d.perSecond < RESET_MIN_PER_SECOND) continue;
    if (opens > 0 && d.delta / opens < RESET_MIN_SHARE) continue;
    out.push({
      id: spec.id,
      severity: 'warning',
      title: spec.title(d.delta, round(d.perSecond)),
      subject: null,
      evidence: [
        { label: text(`${spec.counter} in ${windowS} s`, `${windowS} 秒内的 ${spec.counter}`), value: d.delta },
        { label: text('per second', '每秒'), value: round(d.perSecond), unit: '/s' },
        { label: text(`new connections in ${windowS} s (ActiveOpens + PassiveOpens)`, `${windowS} 秒内的新连接（ActiveOpens + PassiveOpens）`), value: opens },
      ],
      explanation: spec.explanation,
      fixes: [{ text: text('See which connections are reset and by whom.', '查看哪些连接被重置以及由谁重置。'), commands: spec.commands }],
      related: spec.related,
    });
  }
  return out;
}

// Counter rates that stand out during the window.
export const ratesRule: DoctorRule = {
  name: 'rates',
  check: (inputs) => {
    const out: Finding[] = [];
    const retrans = retransFinding(inputs);
    if (retrans !== null) out.push(retrans);
    out.push(...resetFindings(inputs));
    return out;
  },
};
