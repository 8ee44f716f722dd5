// Audit rules for the SO_RCVBUF/SO_SNDBUF caps and defaults (net.core.[rw]mem_{max,default}) and the TCP receive
// window knobs (tcp_moderate_rcvbuf, tcp_adv_win_scale, tcp_notsent_lowat).
import type { Text } from '../../knowledge/types.js';
import { isKernelAtLeast } from './kernel-version.js';
import { A_NUMBER, fine, look, notANumber, parseWhole, parseWholeList, wrong, type RuleContext, type RuleOutcome, type SysctlRule } from './rule.js';

// SK_RMEM_MAX / SK_WMEM_MAX on 64-bit kernels: 256 packets of SKB_TRUESIZE(256) (include/net/sock.h).
const OLD_CAP = 212992;
// Linux 6.18 raised rmem_max and wmem_max to 4 << 20 (net/core/sock.c).
const NEW_CAP = 4 << 20;
const UINT_MAX = 4294967295;

function defaultCap(ctx: RuleContext): number {
  return isKernelAtLeast(ctx.kernel, '6.18') ? NEW_CAP : OLD_CAP;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (256 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

interface Direction {
  option: string;
  tcpKey: string;
  name: Text;
}

const RECEIVE: Direction = { option: 'SO_RCVBUF', tcpKey: 'net.ipv4.tcp_rmem', name: { en: 'receive', zh: '接收' } };
const SEND: Direction = { option: 'SO_SNDBUF', tcpKey: 'net.ipv4.tcp_wmem', name: { en: 'send', zh: '发送' } };

// rmem_max / wmem_max: only programs that set SO_RCVBUF / SO_SNDBUF meet this cap; autotuning follows tcp_[rw]mem.
function judgeCap(d: Direction, value: string, ctx: RuleContext): RuleOutcome {
  const n = parseWhole(value);
  if (n === undefined) return notANumber(value, A_NUMBER);
  if (n < 0) return wrong({ en: `${n} is negative; the kernel rejects it (EINVAL).`, zh: `${n} 是负数；内核会拒绝它（EINVAL）。` });
  const tcpMax = parseWholeList(ctx.value(d.tcpKey) ?? '')?.[2];
  const autotune = tcpMax !== undefined
    ? { en: ` TCP sockets that leave ${d.option} alone still grow up to ${d.tcpKey}'s maximum (${formatBytes(tcpMax)}); this cap does not limit them.`, zh: `不设置 ${d.option} 的 TCP 套接字仍可增长到 ${d.tcpKey} 的最大值（${formatBytes(tcpMax)}）；此上限不限制它们。` }
    : { en: ` TCP sockets that leave ${d.option} alone are limited by ${d.tcpKey}, not by this cap.`, zh: `不设置 ${d.option} 的 TCP 套接字受 ${d.tcpKey} 限制，而不是此上限。` };
  const cap = defaultCap(ctx);
  if (n < cap) {
    return look(
      { en: `Lowered to ${formatBytes(n)} (default ${formatBytes(cap)} on this kernel): a program that asks for a bigger ${d.option} silently gets ${formatBytes(n)} (the kernel then doubles it for bookkeeping).${autotune.en}`, zh: `被降低到 ${formatBytes(n)}（此内核默认 ${formatBytes(cap)}）：申请更大 ${d.option} 的程序会被静默限制为 ${formatBytes(n)}（内核随后会把它翻倍用于记账）。${autotune.zh}` },
      { en: `Restore at least ${cap} unless programs here are meant to be held to small ${d.option} values.`, zh: `除非有意限制本机程序使用较小的 ${d.option}，否则至少恢复到 ${cap}。` },
    );
  }
  const smaller = tcpMax !== undefined && n < tcpMax
    ? { en: ` It is smaller than ${d.tcpKey}'s maximum, which is normal: that only matters to programs that set ${d.option} themselves and want more than ${formatBytes(n)}.`, zh: `它小于 ${d.tcpKey} 的最大值，这很正常：只有自己设置 ${d.option} 且想要超过 ${formatBytes(n)} 的程序才会受影响。` }
    : { en: '', zh: '' };
  return fine({ en: `Programs may ask for up to ${formatBytes(n)} with ${d.option}.${smaller.en || autotune.en}`, zh: `程序可以用 ${d.option} 申请最多 ${formatBytes(n)}。${smaller.zh || autotune.zh}` });
}

// rmem_default / wmem_default: the starting buffer of non-TCP sockets.
function judgeDefault(d: Direction, maxKey: string, value: string, ctx: RuleContext): RuleOutcome {
  const n = parseWhole(value);
  if (n === undefined) return notANumber(value, A_NUMBER);
  const cap = ctx.int(maxKey);
  if (cap !== undefined && n > cap) {
    return look(
      { en: `${formatBytes(n)} is more than ${maxKey} (${formatBytes(cap)}): every UDP, Unix datagram and netlink socket starts with a bigger ${d.name.en} buffer than a program could request with ${d.option}. TCP ignores this setting (it starts from ${d.tcpKey}).`, zh: `${formatBytes(n)} 大于 ${maxKey}（${formatBytes(cap)}）：每个 UDP、Unix 数据报和 netlink 套接字的初始${d.name.zh}缓冲区，都比程序用 ${d.option} 能申请的还大。TCP 忽略此设置（它从 ${d.tcpKey} 开始）。` },
      { en: `Restore ${OLD_CAP}, and raise ${maxKey} for the programs that need more.`, zh: `恢复为 ${OLD_CAP}，并为需要更多的程序提高 ${maxKey}。` },
    );
  }
  return fine({ en: `Non-TCP sockets start with a ${formatBytes(n)} ${d.name.en} buffer; TCP ignores this and starts from ${d.tcpKey}.`, zh: `非 TCP 套接字的初始${d.name.zh}缓冲区为 ${formatBytes(n)}；TCP 忽略此值，从 ${d.tcpKey} 开始。` });
}

function judgeNotsentLowat(value: string): RuleOutcome {
  const n = parseWhole(value);
  if (n === undefined) return notANumber(value, A_NUMBER);
  if (n < 0 || n > UINT_MAX) return wrong({ en: `${n} is outside 0-${UINT_MAX}; the kernel rejects it (EINVAL).`, zh: `${n} 超出 0-${UINT_MAX}；内核会拒绝它（EINVAL）。` });
  if (n === UINT_MAX) return fine({ en: 'No limit (the default): a socket may queue unsent data up to its send buffer.', zh: '没有限制（默认值）：套接字可排队的未发送数据最多到发送缓冲区大小。' });
  if (n < 16384) {
    return look(
      { en: `Only ${formatBytes(n)} of unsent data per socket before writers are made to wait: bulk senders wake up and call write() far more often for the same data.`, zh: `每个套接字只有 ${formatBytes(n)} 的未发送数据后写入方就要等待：批量发送方为同样的数据要被唤醒并调用 write() 的次数多得多。` },
      { en: 'Use 16384 or more (131072 is common), or set TCP_NOTSENT_LOWAT only on the sockets that need it.', zh: '使用 16384 或更大（常用 131072），或只在需要的套接字上设置 TCP_NOTSENT_LOWAT。' },
    );
  }
  return fine({ en: `At most ${formatBytes(n)} of written data waits unsent per socket before poll() stops reporting it writable; this keeps kernel queues short for HTTP/2 servers and proxies.`, zh: `每个套接字最多有 ${formatBytes(n)} 已写入的数据未发送，超过后 poll() 不再报告可写；这能让 HTTP/2 服务器和代理的内核队列保持较短。` });
}

function judgeModerateRcvbuf(value: string): RuleOutcome {
  if (value === '1') return fine({ en: 'Receive buffers grow with the path (autotuning on, the default).', zh: '接收缓冲区随路径增长（自动调优开启，默认值）。' });
  if (value === '0') {
    return look(
      { en: 'Receive autotuning is off: each connection keeps tcp_rmem\'s starting size (131072 bytes by default), which caps one connection at about that much per round trip (about 10 Mbit/s at 100 ms).', zh: '接收自动调优已关闭：每个连接保持 tcp_rmem 的初始大小（默认 131072 字节），单个连接每个往返最多约这么多数据（100 毫秒时约 10 Mbit/s）。' },
      { en: 'Set it back to 1.', zh: '改回 1。' },
    );
  }
  return parseWhole(value) === undefined ? notANumber(value, A_NUMBER) : look({ en: `${value} is not a documented value (0 or 1).`, zh: `${value} 不是文档中的取值（0 或 1）。` });
}

function judgeAdvWinScale(value: string, ctx: RuleContext): RuleOutcome {
  const n = parseWhole(value);
  if (n === undefined) return notANumber(value, A_NUMBER);
  if (n < -31 || n > 31) return wrong({ en: `${n} is outside -31..31; the kernel rejects it (EINVAL).`, zh: `${n} 超出 -31..31；内核会拒绝它（EINVAL）。` });
  if (isKernelAtLeast(ctx.kernel, '6.6')) {
    if (n === 1) return fine({ en: 'Default value; since Linux 6.6 the kernel measures the real buffer overhead per connection and ignores this setting.', zh: '默认值；自 Linux 6.6 起内核按连接测量真实的缓冲区开销，忽略此设置。' });
    return look(
      { en: `Set to ${n}, but since Linux 6.6 the setting is obsolete and ignored: the kernel measures each connection's real buffer overhead instead.`, zh: `被设为 ${n}，但自 Linux 6.6 起该设置已废弃并被忽略：内核改为测量每个连接真实的缓冲区开销。` },
      { en: 'Delete the line; it has no effect.', zh: '删除这一行；它没有作用。' },
    );
  }
  const share = n > 0 ? 1 - 1 / 2 ** n : 1 / 2 ** -n;
  return fine({ en: `${Math.round(share * 100)}% of the receive buffer is offered as window, the rest counted as overhead${n === 1 ? ' (the default)' : ''}.`, zh: `接收缓冲区的 ${Math.round(share * 100)}% 用作通告窗口，其余计为开销${n === 1 ? '（默认值）' : ''}。` });
}

// Rules for net.core.[rw]mem_{max,default}, tcp_notsent_lowat, tcp_moderate_rcvbuf, tcp_adv_win_scale.
export const SOCKET_BUFFER_RULES: readonly SysctlRule[] = [
  { key: 'net.core.rmem_max', defaultFor: (ctx) => String(defaultCap(ctx)), judge: (value, ctx) => judgeCap(RECEIVE, value, ctx) },
  { key: 'net.core.wmem_max', defaultFor: (ctx) => String(defaultCap(ctx)), judge: (value, ctx) => judgeCap(SEND, value, ctx) },
  { key: 'net.core.rmem_default', defaultFor: () => String(OLD_CAP), judge: (value, ctx) => judgeDefault(RECEIVE, 'net.core.rmem_max', value, ctx) },
  { key: 'net.core.wmem_default', defaultFor: () => String(OLD_CAP), judge: (value, ctx) => judgeDefault(SEND, 'net.core.wmem_max', value, ctx) },
  { key: 'net.ipv4.tcp_notsent_lowat', defaultFor: () => String(UINT_MAX), judge: judgeNotsentLowat },
  { key: 'net.ipv4.tcp_moderate_rcvbuf', defaultFor: () => '1', judge: judgeModerateRcvbuf },
  { key: 'net.ipv4.tcp_adv_win_scale', defaultFor: () => '1', judge: judgeAdvWinScale },
];
