// Rule 3: a listener whose accept queue is (nearly) full, and ListenOverflows rising. On LISTEN
// sockets Recv-Q is the accept queue now and Send-Q its limit, min(backlog, somaxconn); the queue
// is full when Recv-Q exceeds it (include/net/sock.h sk_acceptq_is_full).
import type { Evidence, Finding, Severity } from '../../../model/finding.js';
import type { DoctorRule } from '../rule.js';
import { counterDelta, describeProcess, sysctlNumber, text, windowSeconds } from '../rule.js';
import type { DoctorInputs } from '../inputs.js';

// Share of the backlog in the accept queue that counts as "nearly full".
export const ACCEPT_QUEUE_WARNING_SHARE = 0.9;
// Node's server.listen() backlog when none is given (lib/net.js).
export const NODE_DEFAULT_BACKLOG = 511;

function backlogAdvice(backlog: number, somaxconn: number | null): { en: string; zh: string } {
  if (backlog === NODE_DEFAULT_BACKLOG) {
    return text(' A backlog of exactly 511 is Node.js\'s default for server.listen(): pass a larger backlog.', ' backlog 恰好是 511，这是 Node.js server.listen() 的默认值：传入更大的 backlog。');
  }
  if (somaxconn !== null && backlog === somaxconn) {
    return text(` The backlog equals net.core.somaxconn (${somaxconn}), so the application may have asked for more and been capped.`, ` backlog 等于 net.core.somaxconn（${somaxconn}），应用请求的值可能更大但被截断了。`);
  }
  return text('', '');
}

function listenerFinding(inputs: DoctorInputs, overflows: { delta: number; perSecond: number } | null): Finding[] {
  const somaxconn = sysctlNumber(inputs, 'net.core.somaxconn');
  const out: Finding[] = [];
  for (const l of inputs.inventory.listeners) {
    if (l.backlog === null) continue;
    const nearly = Math.max(1, Math.ceil(l.backlog * ACCEPT_QUEUE_WARNING_SHARE));
    if (l.acceptQueue < nearly) continue;
    const full = l.acceptQueue > l.backlog;
    const rising = overflows !== null && overflows.delta > 0;
    const severity: Severity = full || rising ? 'critical' : 'warning';
    const who = describeProcess(l.process?.pid ?? null, l.process?.command ?? null);
    const advice = backlogAdvice(l.backlog, somaxconn);
    const evidence: Evidence[] = [
      { label: text('connections waiting for accept() (Recv-Q)', '等待 accept() 的连接（Recv-Q）'), value: l.acceptQueue, port: l.port, address: l.address, ...(l.process !== null ? { pid: l.process.pid, command: l.process.command } : {}) },
      { label: text('accept queue limit, min(backlog, somaxconn) (Send-Q)', 'accept 队列上限 min(backlog, somaxconn)（Send-Q）'), value: l.backlog, port: l.port },
      { label: text('net.core.somaxconn', 'net.core.somaxconn'), value: somaxconn ?? 'unknown' },
    ];
    if (overflows !== null) evidence.push({ label: text(`ListenOverflows in ${windowSeconds(inputs)} s`, `${windowSeconds(inputs)} 秒内的 ListenOverflows`), value: overflows.delta });
    out.push({
      id: 'accept-queue-full',
      severity,
      title: text(`Accept queue ${full ? 'full' : 'nearly full'} on port ${l.port}: ${l.acceptQueue} of ${l.backlog} (${who})`, `端口 ${l.port} 的 accept 队列${full ? '已满' : '接近满'}：${l.acceptQueue}/${l.backlog}（${who}）`),
      subject: `port ${l.port} (${who})`,
      evidence,
      explanation: text(
        `These connections finished the handshake and wait for ${who} to call accept(). When the queue is full the kernel drops new SYNs and final ACKs (ListenOverflows): clients see slow connects, retries after 1, 3, 7 s, or timeouts. The application does not accept fast enough (a blocked event loop, too few workers) or its backlog is too small for its bursts.${advice.en}`,
        `这些连接已完成握手，正在等待 ${who} 调用 accept()。队列满时内核会丢弃新的 SYN 和最后的 ACK（ListenOverflows）：客户端会看到连接变慢、在 1、3、7 秒后重试，或者超时。原因是应用 accept 得不够快（事件循环被阻塞、工作进程太少），或者它的 backlog 对突发流量来说太小。${advice.zh}`,
      ),
      fixes: [
        { text: text('Check whether the process is stuck or overloaded (CPU, event-loop lag) before raising limits.', '在提高上限之前，先检查进程是否卡住或过载（CPU、事件循环延迟）。'), commands: [...(l.process !== null ? [`top -p ${l.process.pid}`] : []), `tcpdoc status --port ${l.port}`] },
        { text: text('Give the listener a larger backlog and raise net.core.somaxconn to match.', '给监听套接字更大的 backlog，并相应提高 net.core.somaxconn。'), commands: ['sysctl -w net.core.somaxconn=4096'], code: { language: 'javascript', source: 'server.listen({ port, backlog: 4096 }); // Node caps at 511 when not given' } },
      ],
      related: ['counter:TcpExt:ListenOverflows', 'sysctl:net.core.somaxconn', 'state:LISTEN', 'sysctl:net.ipv4.tcp_abort_on_overflow'],
    });
  }
  return out;
}

function overflowFinding(inputs: DoctorInputs, overflows: { delta: number; perSecond: number }): Finding {
  const drops = counterDelta(inputs, 'TcpExt', 'ListenDrops');
  const windowS = windowSeconds(inputs);
  const node511 = inputs.inventory.listeners.filter((l) => l.backlog === NODE_DEFAULT_BACKLOG).map((l) => l.port);
  return {
    id: 'listen-overflows',
    severity: 'warning',
    title: text(`Accept queue overflowed ${overflows.delta} times in ${windowS} s`, `${windowS} 秒内 accept 队列溢出 ${overflows.delta} 次`),
    subject: null,
    evidence: [
      { label: text(`ListenOverflows in ${windowS} s`, `${windowS} 秒内的 ListenOverflows`), value: overflows.delta },
      { label: text('per second', '每秒'), value: Math.round(overflows.perSecond * 10) / 10, unit: '/s' },
      ...(drops !== null ? [{ label: text(`ListenDrops in ${windowS} s`, `${windowS} 秒内的 ListenDrops`), value: drops.delta }] : []),
      ...node511.map((port): Evidence => ({ label: text('listener with Node\'s default backlog 511', '使用 Node 默认 backlog 511 的监听套接字'), value: 511, port })),
    ],
    explanation: text(
      'During the window some listener\'s accept queue was full, so the kernel dropped SYNs or final ACKs. No listener is full at this instant, so this is a burst: the queue fills faster than the application accepts, then drains. Node.js servers use a backlog of 511 unless told otherwise, whatever somaxconn says.',
      '在采样窗口内，某个监听套接字的 accept 队列满了，内核因此丢弃了 SYN 或最后的 ACK。此刻没有监听套接字是满的，说明这是突发：队列填满的速度超过应用 accept 的速度，然后又排空。除非另行指定，Node.js 服务器使用 511 作为 backlog，无论 somaxconn 是多少。',
    ),
    fixes: [
      { text: text('Watch the listeners during a burst to see which one fills up.', '在突发期间观察各监听套接字，看哪一个被填满。'), commands: ['tcpdoc status --watch 1', 'ss -lnt'] },
      { text: text('Raise the listen() backlog and net.core.somaxconn together; accept faster (more workers, no blocking work on the event loop).', '同时提高 listen() 的 backlog 和 net.core.somaxconn；加快 accept（更多工作进程，不在事件循环上做阻塞工作）。'), code: { language: 'javascript', source: 'server.listen({ port, backlog: 4096 });' } },
    ],
    related: ['counter:TcpExt:ListenOverflows', 'counter:TcpExt:ListenDrops', 'sysctl:net.core.somaxconn'],
  };
}

// Per-listener accept queue fill, and overflows during the window that no full listener explains.
export const acceptQueueRule: DoctorRule = {
  name: 'accept-queue',
  check: (inputs) => {
    const overflows = counterDelta(inputs, 'TcpExt', 'ListenOverflows');
    const out = listenerFinding(inputs, overflows);
    if (out.length === 0 && overflows !== null && overflows.delta > 0) out.push(overflowFinding(inputs, overflows));
    return out;
  },
};
