// Audit rules for buffers and memory: tcp_rmem, tcp_wmem, tcp_mem, tcp_max_orphans, netdev_max_backlog.
import type { Text } from '../../knowledge/types.js';
import { isKernelAtLeast } from './kernel-version.js';
import { A_NUMBER, fine, look, notANumber, parseWhole, parseWholeList, type RuleContext, type RuleOutcome, type SysctlRule } from './rule.js';

const MIB = 1024 * 1024;

function formatBytes(n: number): string {
  if (n >= MIB && n % (MIB / 4) === 0) return `${n / MIB} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

// Default rmem by kernel: the max went from 6 MiB to 32 MiB in 6.16, the middle from 87380 to 131072 in 5.4.
function defaultRmem(ctx: RuleContext): string {
  if (isKernelAtLeast(ctx.kernel, '6.16')) return '4096 131072 33554432';
  return isKernelAtLeast(ctx.kernel, '5.4') ? '4096 131072 6291456' : '4096 87380 6291456';
}

function judgeBuffers(name: Text, value: string, defaultValue: string): RuleOutcome {
  const fields = parseWholeList(value);
  if (fields === undefined || fields.length === 0) return notANumber(value, { en: 'three whole numbers (min default max)', zh: '三个整数（最小 默认 最大）' });
  if (fields.length !== 3) {
    return look({ en: `${fields.length} numbers instead of 3 (min default max): the kernel changes only the fields given and keeps the rest.`, zh: `给出 ${fields.length} 个数而不是 3 个（最小 默认 最大）：内核只修改给出的字段，其余保持不变。` }, { en: 'Write all three numbers.', zh: '写出全部三个数。' });
  }
  const [min, mid, max] = fields as [number, number, number];
  const defaultMax = Number(defaultValue.split(' ')[2]);
  if (min > mid || mid > max) {
    return look({ en: `The three values are not in order min <= default <= max (${min} ${mid} ${max}).`, zh: `三个值不满足 最小 <= 默认 <= 最大（${min} ${mid} ${max}）。` }, { en: `Use the default ${defaultValue} unless you measured otherwise.`, zh: `除非有测量依据，否则使用默认值 ${defaultValue}。` });
  }
  if (max < defaultMax) {
    return look(
      { en: `The ${name.en} maximum is lowered to ${formatBytes(max)} (default ${formatBytes(defaultMax)} on this kernel): autotuning cannot grow a connection's buffer past it, which caps one connection at roughly ${formatBytes(max)} per round trip on long or fast paths. (Hosts with little memory get a smaller default automatically.)`, zh: `${name.zh}最大值被降低到 ${formatBytes(max)}（此内核默认 ${formatBytes(defaultMax)}）：自动调优无法让连接的缓冲区超过它，在长距离或高速路径上，单个连接每个往返最多约 ${formatBytes(max)}。（内存很小的主机会自动得到更小的默认值。）` },
      { en: `Remove the line or keep the maximum at least ${defaultMax}; old guides copy values from kernels with smaller defaults.`, zh: `删除这一行，或让最大值至少为 ${defaultMax}；旧教程常照抄默认值更小的旧内核的数值。` },
    );
  }
  return fine({ en: `Autotuning may grow ${name.en} buffers up to ${formatBytes(max)}. Sockets that set ${name.en === 'receive' ? 'SO_RCVBUF' : 'SO_SNDBUF'} opt out of autotuning.`, zh: `自动调优可以把${name.zh}缓冲区扩大到 ${formatBytes(max)}。设置了 ${name.en === 'receive' ? 'SO_RCVBUF' : 'SO_SNDBUF'} 的套接字不参与自动调优。` });
}

// Rules for tcp_rmem, tcp_wmem, tcp_mem, tcp_max_orphans, netdev_max_backlog.
export const MEMORY_RULES: readonly SysctlRule[] = [
  {
    key: 'net.ipv4.tcp_rmem',
    defaultFor: defaultRmem,
    judge: (value, ctx) => judgeBuffers({ en: 'receive', zh: '接收' }, value, defaultRmem(ctx)),
  },
  {
    key: 'net.ipv4.tcp_wmem',
    defaultFor: () => '4096 16384 4194304',
    judge: (value) => judgeBuffers({ en: 'send', zh: '发送' }, value, '4096 16384 4194304'),
  },
  {
    key: 'net.ipv4.tcp_mem',
    defaultFor: () => '(computed at boot, in pages)',
    judge: (value) => {
      const fields = parseWholeList(value);
      if (fields === undefined || fields.length !== 3) return notANumber(value, { en: 'three page counts (low pressure high)', zh: '三个页数（低 压力 高）' });
      const [low, pressure, high] = fields as [number, number, number];
      if (low > pressure || pressure > high) return look({ en: `The thresholds are not in order low <= pressure <= high (${low} ${pressure} ${high}).`, zh: `阈值不满足 低 <= 压力 <= 高（${low} ${pressure} ${high}）。` });
      return fine({ en: `TCP may use up to ${high} pages in total; the kernel computes these at boot from the memory size. Compare "mem" in /proc/net/sockstat.`, zh: `TCP 总共最多可用 ${high} 页；内核在启动时根据内存大小计算这些值。可与 /proc/net/sockstat 中的 "mem" 比较。` });
    },
  },
  {
    key: 'net.ipv4.tcp_max_orphans',
    defaultFor: (ctx) => (ctx.ehashEntries !== undefined ? String(Math.floor(ctx.ehashEntries / 2)) : 'tcp_ehash_entries/2'),
    judge: (value, ctx) => {
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      const fallback = ctx.ehashEntries !== undefined ? Math.floor(ctx.ehashEntries / 2) : undefined;
      if (fallback !== undefined && n < fallback) {
        return look({ en: `Lowered to ${n} (default ${fallback}): beyond it orphaned sockets are reset and the kernel logs "too many orphaned sockets".`, zh: `被降低到 ${n}（默认 ${fallback}）：超过后孤儿套接字会被重置，内核记录 "too many orphaned sockets"。` }, { en: 'Restore the default unless memory is really short.', zh: '除非内存确实紧张，否则恢复默认值。' });
      }
      return fine({ en: `Up to ${n} orphaned sockets (closed by their application, still finishing the close) before they are reset; compare "orphan" in /proc/net/sockstat.`, zh: `最多 ${n} 个孤儿套接字（已被应用关闭、仍在完成关闭过程），超过后会被重置；可与 /proc/net/sockstat 中的 "orphan" 比较。` });
    },
  },
  {
    key: 'net.core.netdev_max_backlog',
    defaultFor: () => '1000',
    judge: (value) => {
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      if (n < 1000) return look({ en: `Only ${n} received packets may wait per CPU (default 1000); bursts are dropped before TCP sees them (column 2 of /proc/net/softnet_stat).`, zh: `每个 CPU 只能有 ${n} 个接收包排队（默认 1000）；突发包会在到达 TCP 之前被丢弃（/proc/net/softnet_stat 第 2 列）。` }, { en: 'Restore at least 1000.', zh: '至少恢复到 1000。' });
      return fine({ en: `${n} packets per CPU may wait for the network stack; raise it only if column 2 of /proc/net/softnet_stat grows.`, zh: `每个 CPU 可有 ${n} 个包等待网络协议栈处理；只有 /proc/net/softnet_stat 第 2 列增长时才需要提高。` });
    },
  },
];
