// Rule 11: a process holding sockets close to its open-files limit (RLIMIT_NOFILE soft limit).
// At the limit accept() and connect() fail with EMFILE ("too many open files"); a Node server
// stops accepting while the kernel keeps completing handshakes into its accept queue.
import type { Finding, Severity } from '../../../model/finding.js';
import type { DoctorRule } from '../rule.js';
import { describeProcess, percent, text } from '../rule.js';

export const FD_WARNING = 0.8;
export const FD_CRITICAL = 0.95;

// Processes at 80 % (warning) or 95 % (critical) of their soft fd limit.
export const fdLimitRule: DoctorRule = {
  name: 'fd-limit',
  check: (inputs) => {
    const out: Finding[] = [];
    for (const p of inputs.processes) {
      if (p.openFds === null || p.softLimit === null || p.softLimit <= 0) continue;
      const share = p.openFds / p.softLimit;
      if (share < FD_WARNING) continue;
      const severity: Severity = share >= FD_CRITICAL ? 'critical' : 'warning';
      const who = describeProcess(p.pid, p.command);
      out.push({
        id: 'fd-limit',
        severity,
        title: text(`${who} uses ${p.openFds} of ${p.softLimit} file descriptors`, `${who} 已使用 ${p.openFds}/${p.softLimit} 个文件描述符`),
        subject: who,
        evidence: [
          { label: text('open file descriptors', '打开的文件描述符'), value: p.openFds, pid: p.pid, command: p.command },
          { label: text('soft limit (RLIMIT_NOFILE)', '软限制（RLIMIT_NOFILE）'), value: p.softLimit, pid: p.pid },
          { label: text('hard limit', '硬限制'), value: p.hardLimit ?? 'unlimited', pid: p.pid },
          { label: text('share used', '已用比例'), value: percent(p.openFds, p.softLimit), unit: '%' },
          { label: text('TCP sockets among them', '其中的 TCP 套接字'), value: p.sockets, pid: p.pid },
        ],
        explanation: text(
          `Every socket is a file descriptor. When ${who} reaches its soft limit, accept(), connect() and open() fail with EMFILE ("too many open files"): a server stops taking connections while clients still complete handshakes into its accept queue, then time out. Often a leak (see CLOSE_WAIT), sometimes just a limit too low for the load.`,
          `每个套接字都是一个文件描述符。当 ${who} 达到软限制时，accept()、connect() 和 open() 会以 EMFILE（"too many open files"）失败：服务器不再接收连接，而客户端仍能完成握手进入 accept 队列，然后超时。这常常是泄漏（参见 CLOSE_WAIT），有时只是限制对负载来说太低。`,
        ),
        fixes: [
          { text: text('See what the descriptors are.', '查看这些描述符是什么。'), commands: [`ls -l /proc/${p.pid}/fd | awk '{print $NF}' | sed 's/:.*//' | sort | uniq -c | sort -rn | head`, `tcpdoc status --pid ${p.pid}`] },
          { text: text('Raise the limit where the process is started (systemd LimitNOFILE=, ulimit -n, docker --ulimit nofile=).', '在启动进程的地方提高限制（systemd 的 LimitNOFILE=、ulimit -n、docker --ulimit nofile=）。'), commands: [`prlimit --pid ${p.pid} --nofile=65536:65536`] },
        ],
        related: ['errno:EMFILE', 'node:emfile', 'state:CLOSE_WAIT'],
      });
    }
    return out;
  },
};
