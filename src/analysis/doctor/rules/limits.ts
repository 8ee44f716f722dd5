// Rule 10: kernel-wide limits. Orphaned sockets against tcp_max_orphans, TIME_WAIT against
// tcp_max_tw_buckets (and TCPTimeWaitOverflow), TCP memory against tcp_mem, from
// /proc/net/sockstat ("TCP: inuse N orphan N tw N alloc N mem N", mem in pages) and the
// kernel's log lines for each. Netdata alarms at 25 % / 50 % of tcp_max_orphans.
import type { Evidence, Finding, Severity } from '../../../model/finding.js';
import type { DoctorRule } from '../rule.js';
import { counterDelta, percent, sockstatValue, sysctlNumber, sysctlNumbers, text, windowSeconds, counterTotal } from '../rule.js';
import type { DoctorInputs } from '../inputs.js';
import type { KernelLogKind, KernelLogMatch } from '../match-kernel-log.js';
import { RECENT_LOG_MS } from './syn-queue.js';

export const ORPHANS_WARNING = 0.25;
export const ORPHANS_CRITICAL = 0.5;
export const TW_BUCKETS_WARNING = 0.75;

function recentLog(inputs: DoctorInputs, kind: KernelLogKind): Evidence[] {
  const latest = new Map<string, KernelLogMatch>();
  for (const m of inputs.kernelLog.matches) if (m.kind === kind && m.ageMs !== null && m.ageMs <= RECENT_LOG_MS) latest.set(m.text, m);
  return [...latest.values()]
    .slice(-2)
    .map((m) => ({ label: text(`kernel log, ${Math.round((m.ageMs ?? 0) / 1000)} s ago`, `内核日志，${Math.round((m.ageMs ?? 0) / 1000)} 秒前`), value: m.text }));
}

function worst(a: Severity | null, b: Severity | null): Severity | null {
  const rank = { info: 0, warning: 1, critical: 2 } as const;
  if (a === null) return b;
  if (b === null) return a;
  return rank[a] >= rank[b] ? a : b;
}

function orphans(inputs: DoctorInputs): Finding | null {
  const count = sockstatValue(inputs, 'TCP', 'orphan');
  const max = sysctlNumber(inputs, 'net.ipv4.tcp_max_orphans');
  const aborts = counterDelta(inputs, 'TcpExt', 'TCPAbortOnMemory');
  const log = recentLog(inputs, 'orphans');
  let severity: Severity | null = null;
  if (count !== null && max !== null && max > 0) {
    if (count >= max * ORPHANS_CRITICAL) severity = 'critical';
    else if (count >= max * ORPHANS_WARNING) severity = 'warning';
  }
  if (log.length > 0 || (aborts !== null && aborts.delta > 0)) severity = worst(severity, 'warning');
  if (severity === null) return null;
  return {
    id: 'orphan-limit',
    severity,
    title: text(`Orphaned sockets: ${count ?? '?'} of tcp_max_orphans ${max ?? '?'}`, `孤儿套接字：${count ?? '?'}，上限 tcp_max_orphans 为 ${max ?? '?'}`),
    subject: null,
    evidence: [
      { label: text('orphaned sockets (sockstat)', '孤儿套接字（sockstat）'), value: count ?? 'unknown' },
      { label: text('net.ipv4.tcp_max_orphans (global)', 'net.ipv4.tcp_max_orphans（全局）'), value: max ?? 'unknown' },
      ...(count !== null && max !== null ? [{ label: text('share of the limit', '占上限比例'), value: percent(count, max), unit: '%' }] : []),
      ...(aborts !== null ? [{ label: text(`TCPAbortOnMemory in ${windowSeconds(inputs)} s`, `${windowSeconds(inputs)} 秒内的 TCPAbortOnMemory`), value: aborts.delta }] : []),
      ...log,
    ],
    explanation: text(
      'Orphans are connections the application has closed but the kernel is still finishing (FIN_WAIT1, LAST_ACK, CLOSING, sending what was queued). Past tcp_max_orphans the kernel resets them at once and logs "too many orphaned sockets"; close to it, memory is tied up in peers that do not acknowledge.',
      '孤儿套接字是应用已经关闭、但内核仍在收尾的连接（FIN_WAIT1、LAST_ACK、CLOSING，发送已排队的数据）。超过 tcp_max_orphans 时，内核会立即重置它们并记录 "too many orphaned sockets"；接近上限时，内存被不确认的对端占用。',
    ),
    fixes: [
      { text: text('See which closing states hold them and towards which peers.', '查看哪些关闭状态持有它们，以及对端是谁。'), commands: ['tcpdoc status', 'tcpdoc ls state fin-wait-1 state last-ack state closing'] },
      { text: text('Raise the limit only with memory to back it (each orphan may hold up to its send buffer).', '只有在内存足够时才提高上限（每个孤儿套接字最多可占用其发送缓冲区大小的内存）。'), commands: ['sysctl -w net.ipv4.tcp_max_orphans=262144'] },
    ],
    related: ['sysctl:net.ipv4.tcp_max_orphans', 'counter:TcpExt:TCPAbortOnMemory', 'state:FIN_WAIT1', 'sysctl:net.ipv4.tcp_orphan_retries'],
  };
}

function timeWaitBuckets(inputs: DoctorInputs): Finding | null {
  const tw = sockstatValue(inputs, 'TCP', 'tw');
  const max = sysctlNumber(inputs, 'net.ipv4.tcp_max_tw_buckets');
  const overflow = counterDelta(inputs, 'TcpExt', 'TCPTimeWaitOverflow');
  // The kernel log is shared by every namespace: its overflow line only counts here when
  // this namespace has overflowed at least once (its own counter is not zero).
  const ownOverflows = counterTotal(inputs, 'TcpExt', 'TCPTimeWaitOverflow');
  const log = ownOverflows === 0 ? [] : recentLog(inputs, 'tw-overflow');
  let severity: Severity | null = null;
  if (tw !== null && max !== null && max > 0 && tw >= max * TW_BUCKETS_WARNING) severity = 'warning';
  if (log.length > 0) severity = worst(severity, 'warning');
  if (overflow !== null && overflow.delta > 0) severity = 'critical';
  if (severity === null) return null;
  return {
    id: 'time-wait-limit',
    severity,
    title: text(`TIME_WAIT table: ${tw ?? '?'} of tcp_max_tw_buckets ${max ?? '?'}`, `TIME_WAIT 表：${tw ?? '?'}，上限 tcp_max_tw_buckets 为 ${max ?? '?'}`),
    subject: null,
    evidence: [
      { label: text('TIME_WAIT sockets (sockstat tw)', 'TIME_WAIT 套接字（sockstat tw）'), value: tw ?? 'unknown' },
      { label: text('net.ipv4.tcp_max_tw_buckets', 'net.ipv4.tcp_max_tw_buckets'), value: max ?? 'unknown' },
      ...(overflow !== null ? [{ label: text(`TCPTimeWaitOverflow in ${windowSeconds(inputs)} s`, `${windowSeconds(inputs)} 秒内的 TCPTimeWaitOverflow`), value: overflow.delta }] : []),
      ...log,
    ],
    explanation: text(
      'When the TIME_WAIT table is full the kernel closes new connections without a TIME_WAIT state (TCPTimeWaitOverflow, "time wait bucket table overflow"). That drops the protection against old duplicate segments; it is a symptom of very many short connections. Orphaned FIN_WAIT2 sockets count against the same limit.',
      'TIME_WAIT 表满时，内核关闭新连接时不再保留 TIME_WAIT 状态（TCPTimeWaitOverflow，"time wait bucket table overflow"）。这会失去对旧重复报文段的保护；它是短连接过多的症状。孤儿 FIN_WAIT2 套接字也计入同一上限。',
    ),
    fixes: [
      { text: text('Reuse connections (pooling, keep-alive) so fewer are closed.', '复用连接（连接池、keep-alive），减少关闭的连接数。') },
      { text: text('Raise tcp_max_tw_buckets if memory allows; never lower it.', '内存允许时提高 tcp_max_tw_buckets；永远不要降低它。'), commands: ['sysctl -w net.ipv4.tcp_max_tw_buckets=262144'] },
    ],
    related: ['sysctl:net.ipv4.tcp_max_tw_buckets', 'counter:TcpExt:TCPTimeWaitOverflow', 'state:TIME_WAIT'],
  };
}

function memory(inputs: DoctorInputs): Finding | null {
  const pages = sockstatValue(inputs, 'TCP', 'mem');
  const limits = sysctlNumbers(inputs, 'net.ipv4.tcp_mem');
  const log = recentLog(inputs, 'tcp-memory');
  let severity: Severity | null = null;
  const pressure = limits?.[1];
  const high = limits?.[2];
  if (pages !== null && pressure !== undefined && high !== undefined) {
    if (pages >= high) severity = 'critical';
    else if (pages >= pressure) severity = 'warning';
  }
  if (log.length > 0) severity = worst(severity, 'warning');
  if (severity === null) return null;
  return {
    id: 'tcp-memory-pressure',
    severity,
    title: text(`TCP memory ${pages ?? '?'} pages: ${pages !== null && high !== undefined && pages >= high ? 'at the hard limit' : 'under pressure'} (tcp_mem ${limits?.join(' ') ?? '?'})`, `TCP 内存 ${pages ?? '?'} 页：${pages !== null && high !== undefined && pages >= high ? '已达硬上限' : '处于压力状态'}（tcp_mem ${limits?.join(' ') ?? '?'}）`),
    subject: null,
    evidence: [
      { label: text('TCP memory in use (sockstat mem)', '已用 TCP 内存（sockstat mem）'), value: pages ?? 'unknown', unit: 'pages' },
      ...(pressure !== undefined ? [{ label: text('tcp_mem pressure threshold', 'tcp_mem 压力阈值'), value: pressure, unit: 'pages' }] : []),
      ...(high !== undefined ? [{ label: text('tcp_mem hard limit', 'tcp_mem 硬上限'), value: high, unit: 'pages' }] : []),
      ...log,
    ],
    explanation: text(
      'All TCP sockets together use more buffer memory than tcp_mem allows comfortably. Above the pressure threshold the kernel shrinks buffers (slower connections); at the hard limit it refuses memory, drops segments and logs "out of memory -- consider tuning tcp_mem". Usually many connections with full queues: slow readers, stalled peers or a leak.',
      '所有 TCP 套接字合计使用的缓冲区内存超过了 tcp_mem 允许的舒适范围。超过压力阈值后，内核会缩小缓冲区（连接变慢）；到达硬上限时，它拒绝分配内存、丢弃报文段并记录 "out of memory -- consider tuning tcp_mem"。通常是大量队列已满的连接：读得慢的一方、停滞的对端或泄漏。',
    ),
    fixes: [
      { text: text('Find sockets with large queues.', '找出队列很大的套接字。'), commands: ['tcpdoc ls -m', 'tcpdoc status'] },
      { text: text('Fix the slow readers or leaks first; raise tcp_mem only when the memory is really there.', '先修复读得慢的一方或泄漏；只有确实有内存时才提高 tcp_mem。'), commands: ['sysctl net.ipv4.tcp_mem'] },
    ],
    related: ['sysctl:net.ipv4.tcp_mem', 'counter:TcpExt:TCPAbortOnMemory'],
  };
}

// Host-wide TCP limits close to being hit.
export const limitsRule: DoctorRule = {
  name: 'limits',
  check: (inputs) => [orphans(inputs), timeWaitBuckets(inputs), memory(inputs)].filter((f): f is Finding => f !== null),
};
