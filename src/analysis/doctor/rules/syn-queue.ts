// Rule 2: half-open handshakes (SYN_RECV) piling up on a listener, and the kernel's SYN queue
// overflowing (TCPReqQFullDoCookies / SyncookiesSent: cookies sent; TCPReqQFullDrop: SYNs dropped),
// plus the kernel's "Possible SYN flooding on port" line. A listener's SYN queue is bounded by its
// backlog, min(listen() backlog, somaxconn) (net/ipv4/tcp_input.c tcp_conn_request).
import type { Evidence, Finding, Severity } from '../../../model/finding.js';
import type { DoctorRule } from '../rule.js';
import { counterDelta, describeProcess, text, windowSeconds } from '../rule.js';
import type { DoctorInputs } from '../inputs.js';
import type { KernelLogMatch } from '../match-kernel-log.js';

// SYN_RECV at this share of the listener's backlog is pressure; at 100 % the queue is full.
export const SYN_RECV_WARNING_SHARE = 0.5;
// Below this many SYN_RECV a listener is never flagged (tiny backlogs of test servers).
export const SYN_RECV_MIN = 8;
// With no backlog known (/proc source), this many SYN_RECV is pressure.
export const SYN_RECV_FALLBACK = 256;
// Kernel log lines younger than this count as current.
export const RECENT_LOG_MS = 3_600_000;

function listenerFindings(inputs: DoctorInputs): Finding[] {
  const findings: Finding[] = [];
  const cookies = inputs.sysctls['net.ipv4.tcp_syncookies'];
  for (const l of inputs.inventory.listeners) {
    const limit = l.backlog !== null ? Math.max(SYN_RECV_MIN, Math.ceil(l.backlog * SYN_RECV_WARNING_SHARE)) : SYN_RECV_FALLBACK;
    if (l.synRecv < limit) continue;
    const full = l.backlog !== null && l.synRecv >= l.backlog;
    const severity: Severity = full ? 'critical' : 'warning';
    const who = describeProcess(l.process?.pid ?? null, l.process?.command ?? null);
    const peers = new Map<string, number>();
    for (const s of inputs.sockets) {
      if (s.state === 'SYN_RECV' && s.local.port === l.port) peers.set(s.remote.address, (peers.get(s.remote.address) ?? 0) + 1);
    }
    const distinct = peers.size;
    const top = [...peers].sort((a, b) => b[1] - a[1]).slice(0, 3);
    findings.push({
      id: 'syn-recv-pileup',
      severity,
      title: text(`${l.synRecv} half-open handshakes (SYN_RECV) on port ${l.port}${l.backlog !== null ? ` (backlog ${l.backlog})` : ''}`, `端口 ${l.port} 上有 ${l.synRecv} 个半开握手（SYN_RECV）${l.backlog !== null ? `（backlog ${l.backlog}）` : ''}`),
      subject: `port ${l.port} (${who})`,
      evidence: [
        { label: text('SYN_RECV on this listener', '此监听套接字上的 SYN_RECV'), value: l.synRecv, port: l.port, address: l.address, ...(l.process !== null ? { pid: l.process.pid, command: l.process.command } : {}) },
        ...(l.backlog !== null ? [{ label: text('listener backlog (SYN and accept queue limit)', '监听 backlog（SYN 与 accept 队列上限）'), value: l.backlog, port: l.port }] : []),
        { label: text('distinct client addresses', '不同的客户端地址数'), value: distinct },
        ...top.map(([address, n]): Evidence => ({ label: text('half-open from', '半开连接来自'), value: n, address })),
        { label: text('net.ipv4.tcp_syncookies', 'net.ipv4.tcp_syncookies'), value: cookies ?? 'unknown' },
      ],
      explanation: text(
        `Clients sent SYN and the server answered SYN+ACK, but the final ACK has not arrived. ${full ? 'The queue is full: new SYNs get a cookie (tcp_syncookies=1) or are dropped. ' : ''}Many half-open entries from many addresses usually mean a SYN flood with spoofed sources; from a few addresses, clients whose final ACK is lost (a firewall or asymmetric route dropping it). Each entry is retried with SYN+ACK for about 63 s (tcp_synack_retries=5).`,
        `客户端发送了 SYN，服务器回复了 SYN+ACK，但最后的 ACK 没有到达。${full ? '队列已满：新的 SYN 会收到 cookie（tcp_syncookies=1）或被丢弃。' : ''}来自大量地址的半开连接通常意味着伪造源地址的 SYN 洪泛；来自少数地址则多半是客户端最后的 ACK 丢了（防火墙或非对称路由把它丢掉）。每个条目会用 SYN+ACK 重试约 63 秒（tcp_synack_retries=5）。`,
      ),
      fixes: [
        { text: text('Keep SYN cookies on; they keep a flood from locking out real clients.', '保持启用 SYN cookie；它能防止洪泛把真实客户端挡在门外。'), commands: ['sysctl net.ipv4.tcp_syncookies', 'sysctl -w net.ipv4.tcp_syncookies=1'] },
        { text: text('Look at who sends the SYNs and whether their ACKs reach the host.', '查看是谁在发 SYN，以及它们的 ACK 是否到达主机。'), commands: [`tcpdoc ls state syn-recv sport = :${l.port}`, `tcpdump -ni any 'tcp port ${l.port} and (tcp[tcpflags] & (tcp-syn|tcp-ack) != 0)' -c 50`] },
        { text: text('For a real load peak (not a flood), raise the listen() backlog and net.core.somaxconn together.', '如果是真实的负载高峰（不是洪泛），同时提高 listen() 的 backlog 和 net.core.somaxconn。'), code: { language: 'javascript', source: 'server.listen({ port, backlog: 4096 });' } },
      ],
      related: ['state:SYN_RECV', 'sysctl:net.ipv4.tcp_syncookies', 'sysctl:net.ipv4.tcp_max_syn_backlog', 'counter:TcpExt:TCPReqQFullDoCookies'],
    });
  }
  return findings;
}

function namesListener(inputs: DoctorInputs, port: number | null, address: string | null): boolean {
  return inputs.inventory.listeners.some((l) => l.port === port && (address === null || address === l.address || l.address === '0.0.0.0' || l.address === '::'));
}

function overflowFinding(inputs: DoctorInputs): Finding | null {
  const drops = counterDelta(inputs, 'TcpExt', 'TCPReqQFullDrop');
  const doCookies = counterDelta(inputs, 'TcpExt', 'TCPReqQFullDoCookies');
  const sent = counterDelta(inputs, 'TcpExt', 'SyncookiesSent');
  // The kernel log is shared by every namespace: keep lines naming a listener that exists here.
  const recentLog = inputs.kernelLog.matches.filter((m) => m.kind === 'syn-flood' && m.ageMs !== null && m.ageMs <= RECENT_LOG_MS && namesListener(inputs, m.port, m.address));
  const dropping = drops !== null && drops.delta > 0;
  const cookieing = (doCookies !== null && doCookies.delta > 0) || (sent !== null && sent.delta > 0);
  if (!dropping && !cookieing && recentLog.length === 0) return null;
  const severity: Severity = dropping ? 'critical' : 'warning';
  const windowS = windowSeconds(inputs);
  const evidence: Evidence[] = [];
  if (drops !== null) evidence.push({ label: text(`TCPReqQFullDrop in ${windowS} s (SYNs dropped)`, `${windowS} 秒内的 TCPReqQFullDrop（被丢弃的 SYN）`), value: drops.delta });
  if (doCookies !== null) evidence.push({ label: text(`TCPReqQFullDoCookies in ${windowS} s`, `${windowS} 秒内的 TCPReqQFullDoCookies`), value: doCookies.delta });
  if (sent !== null) evidence.push({ label: text(`SyncookiesSent in ${windowS} s`, `${windowS} 秒内的 SyncookiesSent`), value: sent.delta });
  // The same line repeats across listeners' lifetimes: show each text once, with its latest age.
  const latest = new Map<string, KernelLogMatch>();
  for (const m of recentLog) latest.set(m.text, m);
  for (const m of [...latest.values()].slice(-3)) {
    const age = Math.round((m.ageMs ?? 0) / 1000);
    evidence.push({ label: text(`kernel log, ${age} s ago`, `内核日志，${age} 秒前`), value: m.text, ...(m.port !== null ? { port: m.port } : {}), ...(m.address !== null ? { address: m.address } : {}) });
  }
  const ports = [...new Set(recentLog.map((m) => m.port).filter((p): p is number => p !== null))];
  return {
    id: 'syn-queue-overflow',
    severity,
    title: dropping
      ? text('SYN queue overflowing: SYNs are being dropped', 'SYN 队列溢出：SYN 正在被丢弃')
      : text('SYN queue overflowing: the kernel is answering with SYN cookies', 'SYN 队列溢出：内核正在用 SYN cookie 应答'),
    subject: ports.length > 0 ? `port ${ports.join(', ')}` : null,
    evidence,
    explanation: text(
      `A listener's SYN queue (half-open handshakes, limited by its backlog) was full when new SYNs came in. ${dropping ? 'With tcp_syncookies=0 those SYNs are dropped and clients wait 1, 3, 7 s... before retrying. ' : 'With tcp_syncookies=1 the kernel answers with a cookie instead of keeping state; the connections still work, but lose window scaling and SACK unless the client sent timestamps. '}Either a SYN flood, or a real burst larger than the backlog.`,
      `新的 SYN 到来时，某个监听套接字的 SYN 队列（半开握手，受其 backlog 限制）已满。${dropping ? '在 tcp_syncookies=0 时这些 SYN 被丢弃，客户端要等 1、3、7 秒……再重试。' : '在 tcp_syncookies=1 时内核用 cookie 应答而不保存状态；连接仍然可用，但除非客户端发送了时间戳，否则会失去窗口缩放和 SACK。'}原因要么是 SYN 洪泛，要么是超过 backlog 的真实突发流量。`,
    ),
    fixes: [
      { text: text('Find the listener: the kernel log names the port; SYN_RECV counts per listener are in tcpdoc status.', '找到对应的监听套接字：内核日志会给出端口；每个监听套接字的 SYN_RECV 数量见 tcpdoc status。'), commands: ['tcpdoc status', "dmesg | grep -i 'SYN flooding'"] },
      { text: text('Keep tcp_syncookies=1. For real bursts raise the listen() backlog and net.core.somaxconn.', '保持 tcp_syncookies=1。对真实的突发流量，提高 listen() 的 backlog 和 net.core.somaxconn。'), commands: ['sysctl -w net.ipv4.tcp_syncookies=1', 'sysctl -w net.core.somaxconn=4096'] },
    ],
    related: ['counter:TcpExt:TCPReqQFullDoCookies', 'counter:TcpExt:TCPReqQFullDrop', 'counter:TcpExt:SyncookiesSent', 'sysctl:net.ipv4.tcp_syncookies', 'state:SYN_RECV'],
  };
}

// Per-listener SYN_RECV pressure and host-wide SYN queue overflow.
export const synQueueRule: DoctorRule = {
  name: 'syn-queue',
  check: (inputs) => {
    const out = listenerFindings(inputs);
    const overflow = overflowFinding(inputs);
    if (overflow !== null) out.push(overflow);
    return out;
  },
};
