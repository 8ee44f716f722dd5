// Rule 6: connections stuck while closing. FIN_WAIT1 whose FIN is not acknowledged (retransmitting,
// or probing a zero window); FIN_WAIT2 held by a process whose peer never closes (no timer ends it);
// orphaned FIN_WAIT2 (ended by tcp_fin_timeout); LAST_ACK and CLOSING piling up.
import type { Evidence, Finding, LocalizedText, Severity } from '../../../model/finding.js';
import type { SocketRecord } from '../../../model/socket.js';
import type { DoctorRule } from '../rule.js';
import { describeProcess, idleMs, makeOutgoingTest, sysctlNumber, text } from '../rule.js';
import type { DoctorInputs } from '../inputs.js';

// Stuck FIN_WAIT1 (host-wide) for a warning / critical.
export const FIN_WAIT1_WARNING = 10;
export const FIN_WAIT1_CRITICAL = 1_000;
// A retransmitted FIN counts as stuck after this many tries (about 1.4 s at the minimum RTO).
export const FIN_RETRIES_STUCK = 3;
// FIN_WAIT2 held by one process, idle at least FIN_WAIT2_MIN_IDLE_MS.
export const FIN_WAIT2_HELD_WARNING = 10;
export const FIN_WAIT2_MIN_IDLE_MS = 1_000;
// Orphaned FIN_WAIT2 host-wide for an info finding (they end after tcp_fin_timeout).
export const FIN_WAIT2_ORPHAN_INFO = 1_000;
// LAST_ACK with the FIN retransmitted, and CLOSING, host-wide.
export const LAST_ACK_WARNING = 100;
export const CLOSING_WARNING = 50;

function topPeers(sockets: readonly SocketRecord[]): Evidence[] {
  const peers = new Map<string, number>();
  for (const s of sockets) peers.set(s.remote.address, (peers.get(s.remote.address) ?? 0) + 1);
  return [...peers].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([address, n]) => ({ label: text('peer', '对端'), value: n, address }));
}

function topRemotes(sockets: readonly SocketRecord[]): Evidence[] {
  const remotes = new Map<string, { address: string; port: number; n: number }>();
  for (const s of sockets) {
    const key = `${s.remote.address}|${s.remote.port}`;
    const row = remotes.get(key);
    if (row === undefined) remotes.set(key, { address: s.remote.address, port: s.remote.port, n: 1 });
    else row.n++;
  }
  return [...remotes.values()].sort((a, b) => b.n - a.n).slice(0, 3).map((r) => ({ label: text('towards', '指向'), value: r.n, address: r.address, port: r.port }));
}

// Where the sockets are: the local port of incoming connections, the destination of outgoing ones (their local
// ports are random); the three biggest groups.
function topPlaces(sockets: readonly SocketRecord[], isOutgoing: (s: SocketRecord) => boolean): Evidence[] {
  const places = new Map<string, { address: string | null; port: number; n: number }>();
  for (const s of sockets) {
    const out = isOutgoing(s);
    const key = out ? `${s.remote.address}|${s.remote.port}` : String(s.local.port);
    const row = places.get(key);
    if (row === undefined) places.set(key, { address: out ? s.remote.address : null, port: out ? s.remote.port : s.local.port, n: 1 });
    else row.n++;
  }
  return [...places.values()]
    .sort((a, b) => b.n - a.n)
    .slice(0, 3)
    .map((p) => (p.address === null ? { label: text('local port', '本地端口'), value: p.n, port: p.port } : { label: text('towards', '指向'), value: p.n, address: p.address, port: p.port }));
}

function finWait1(stuck: SocketRecord[], isOutgoing: (s: SocketRecord) => boolean): Finding | null {
  if (stuck.length < FIN_WAIT1_WARNING) return null;
  const zeroWindow = stuck.filter((s) => s.timer?.kind === 'probe0').length;
  return {
    id: 'fin-wait1-stuck',
    severity: stuck.length >= FIN_WAIT1_CRITICAL ? 'critical' : 'warning',
    title: text(`${stuck.length} connections stuck in FIN_WAIT1`, `${stuck.length} 个连接卡在 FIN_WAIT1`),
    subject: null,
    evidence: [
      { label: text('FIN_WAIT1 retransmitting or probing', '正在重传或探测的 FIN_WAIT1'), value: stuck.length },
      { label: text('of them probing a zero window (peer not reading)', '其中在探测零窗口的（对端不读数据）'), value: zeroWindow },
      ...topPeers(stuck),
      ...topPlaces(stuck, isOutgoing),
    ],
    explanation: text(
      'This host closed these connections, but the FIN (and often data queued before it) is not acknowledged: either the peer is gone (the FIN is retransmitted) or the peer advertises a zero window and does not read, so the FIN cannot even be sent. Orphaned FIN_WAIT1 sockets live until tcp_orphan_retries gives up; each keeps its send buffer.',
      '本机已关闭这些连接，但 FIN（以及之前排队的数据）没有被确认：要么对端已经不在了（FIN 在重传），要么对端通告零窗口且不读数据，导致 FIN 连发都发不出去。孤儿 FIN_WAIT1 套接字会一直存在，直到 tcp_orphan_retries 放弃；每个都占着发送缓冲区。',
    ),
    fixes: [
      { text: text('See who the peers are and whether they answer.', '查看对端是谁，以及它们是否有应答。'), commands: ['tcpdoc ls state fin-wait-1 -i'] },
      { text: text('For peers that never read, TCP_USER_TIMEOUT bounds how long unacknowledged data may wait; in Node, destroy sockets that make no progress instead of ending them.', '对于从不读数据的对端，TCP_USER_TIMEOUT 可以限制未确认数据等待的时间；在 Node 中，对没有进展的套接字用 destroy() 而不是 end()。'), code: { language: 'javascript', source: "socket.setTimeout(30_000, () => socket.destroy()); // RST instead of a FIN that waits forever" } },
    ],
    related: ['state:FIN_WAIT1', 'sysctl:net.ipv4.tcp_orphan_retries', 'sysctl:net.ipv4.tcp_max_orphans'],
  };
}

function finWait2Held(inputs: DoctorInputs): Finding[] {
  const groups = new Map<number, SocketRecord[]>();
  for (const s of inputs.sockets) {
    if (s.state !== 'FIN_WAIT2' || s.process === null) continue;
    const idle = idleMs(s.tcpInfo);
    if (idle !== null && idle < FIN_WAIT2_MIN_IDLE_MS) continue;
    const list = groups.get(s.process.pid);
    if (list === undefined) groups.set(s.process.pid, [s]);
    else list.push(s);
  }
  const out: Finding[] = [];
  for (const [pid, list] of groups) {
    if (list.length < FIN_WAIT2_HELD_WARNING) continue;
    const who = describeProcess(pid, list[0]?.process?.command ?? null);
    out.push({
      id: 'fin-wait2-held',
      severity: 'warning',
      title: text(`${list.length} half-closed connections in FIN_WAIT2 held by ${who}`, `${who} 持有 ${list.length} 个处于 FIN_WAIT2 的半关闭连接`),
      subject: who,
      evidence: [
        { label: text('FIN_WAIT2 idle for 1 s or more, still open in the process', '空闲 1 秒以上且仍被进程打开的 FIN_WAIT2'), value: list.length, pid, command: list[0]?.process?.command ?? '' },
        ...topRemotes(list),
      ],
      explanation: text(
        `${who} sent FIN (shutdown or end()) and the peer acknowledged it but never sent its own FIN. Because the process still holds the sockets they are not orphans, so tcp_fin_timeout does not apply: they stay until the process closes them. The peer forgot to close its side, or this side waits for a reply that will not come.`,
        `${who} 发送了 FIN（shutdown 或 end()），对端确认了，但一直没有发送自己的 FIN。由于进程仍持有这些套接字，它们不是孤儿套接字，tcp_fin_timeout 不适用：它们会一直存在，直到进程关闭它们。对端忘了关闭自己那一侧，或者本端在等待一个不会到来的回复。`,
      ),
      fixes: [
        { text: text('Destroy half-closed sockets after a timeout.', '在超时后销毁半关闭的套接字。'), code: { language: 'javascript', source: "socket.end();\nsocket.setTimeout(10_000, () => socket.destroy());" } },
        { text: text('Fix the peer so it closes when it reads end of stream.', '修复对端，让它在读到流结束时关闭连接。'), commands: [`tcpdoc ls state fin-wait-2 -p`] },
      ],
      related: ['state:FIN_WAIT2', 'sysctl:net.ipv4.tcp_fin_timeout'],
    });
  }
  return out;
}

function countFinding(id: string, severity: Severity, list: SocketRecord[], isOutgoing: (s: SocketRecord) => boolean, title: LocalizedText, explanation: LocalizedText, related: string[]): Finding {
  return {
    id,
    severity,
    title,
    subject: null,
    evidence: [{ label: text('sockets', '套接字'), value: list.length }, ...topPeers(list), ...topPlaces(list, isOutgoing)],
    explanation,
    fixes: [{ text: text('List them with their timers and peers.', '列出它们及其定时器和对端。'), commands: [`tcpdoc ls state ${id.startsWith('last-ack') ? 'last-ack' : id.startsWith('closing') ? 'closing' : 'fin-wait-2'} -o`] }],
    related,
  };
}

// Closing states that pile up.
export const closingStatesRule: DoctorRule = {
  name: 'closing-states',
  check: (inputs) => {
    const isOutgoing = makeOutgoingTest(inputs);
    const stuck1: SocketRecord[] = [];
    const orphan2: SocketRecord[] = [];
    const lastAck: SocketRecord[] = [];
    const closing: SocketRecord[] = [];
    for (const s of inputs.sockets) {
      if (s.state === 'FIN_WAIT1') {
        if (s.timer !== null && (s.timer.kind === 'probe0' || s.timer.retransmits >= FIN_RETRIES_STUCK)) stuck1.push(s);
      } else if (s.state === 'FIN_WAIT2') {
        // Orphaned FIN_WAIT2 are kept as timewait minisockets (no inode, timer timewait).
        if (s.inode === 0 || s.timer?.kind === 'timewait') orphan2.push(s);
      } else if (s.state === 'LAST_ACK') {
        if (s.timer !== null && s.timer.retransmits >= 1) lastAck.push(s);
      } else if (s.state === 'CLOSING') {
        closing.push(s);
      }
    }
    const out: Finding[] = [];
    const f1 = finWait1(stuck1, isOutgoing);
    if (f1 !== null) out.push(f1);
    out.push(...finWait2Held(inputs));
    if (orphan2.length >= FIN_WAIT2_ORPHAN_INFO) {
      const fin = sysctlNumber(inputs, 'net.ipv4.tcp_fin_timeout');
      out.push(countFinding('fin-wait2-orphans', 'info', orphan2, isOutgoing,
        text(`${orphan2.length} orphaned FIN_WAIT2 connections`, `${orphan2.length} 个孤儿 FIN_WAIT2 连接`),
        text(`The application closed these connections and the peers acknowledged the FIN but have not closed their side. Orphaned FIN_WAIT2 sockets end after tcp_fin_timeout (${fin ?? 60} s) and count against tcp_max_tw_buckets; they are harmless unless they keep growing.`, `应用已关闭这些连接，对端确认了 FIN 但还没有关闭自己那一侧。孤儿 FIN_WAIT2 套接字在 tcp_fin_timeout（${fin ?? 60} 秒）后结束，并计入 tcp_max_tw_buckets；除非持续增长，否则无害。`),
        ['state:FIN_WAIT2', 'sysctl:net.ipv4.tcp_fin_timeout', 'sysctl:net.ipv4.tcp_max_tw_buckets']));
    }
    if (lastAck.length >= LAST_ACK_WARNING) {
      out.push(countFinding('last-ack-pileup', 'warning', lastAck, isOutgoing,
        text(`${lastAck.length} connections in LAST_ACK retransmitting their FIN`, `${lastAck.length} 个 LAST_ACK 连接在重传 FIN`),
        text('The peers closed first, this host answered with its own FIN, and the peers never acknowledged it: they vanished (crashed, lost their route, a middlebox dropped state) right after closing. Each socket retries until tcp_orphan_retries gives up.', '对端先关闭，本机回复了自己的 FIN，但对端一直没有确认：它们在关闭后立即消失了（崩溃、路由丢失、中间设备丢弃了状态）。每个套接字都会重试，直到 tcp_orphan_retries 放弃。'),
        ['state:LAST_ACK', 'sysctl:net.ipv4.tcp_orphan_retries']));
    }
    if (closing.length >= CLOSING_WARNING) {
      out.push(countFinding('closing-pileup', 'warning', closing, isOutgoing,
        text(`${closing.length} connections in CLOSING`, `${closing.length} 个连接处于 CLOSING`),
        text('Both sides sent FIN at the same time and this host waits for the ACK of its FIN. Many at once usually means the ACKs are lost on the way back.', '双方同时发送了 FIN，本机在等待对自己 FIN 的确认。大量同时出现通常意味着返回的 ACK 丢失了。'),
        ['state:CLOSING']));
    }
    return out;
  },
};
