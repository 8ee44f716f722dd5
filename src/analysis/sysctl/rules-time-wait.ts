// Audit rules for closing connections and ports: TIME_WAIT reuse and limits, FIN_WAIT2 orphans, the ephemeral port range.
import { SRC } from '../../knowledge/sources.js';
import { isKernelAtLeast } from './kernel-version.js';
import { A_NUMBER, fine, look, notANumber, parseWhole, parseWholeList, wrong, type RuleOutcome, type SysctlRule } from './rule.js';

// Linux keeps TIME_WAIT for TCP_TIMEWAIT_LEN, 60 s, whatever the settings (include/net/tcp.h).
export const TIME_WAIT_SECONDS = 60;
const DEFAULT_PORT_COUNT = 60999 - 32768 + 1;

function judgeTwReuse(value: string, ctx: Parameters<SysctlRule['judge']>[1]): RuleOutcome {
  const modern = isKernelAtLeast(ctx.kernel, '4.19');
  if (value !== '0' && ctx.value('net.ipv4.tcp_timestamps') === '0') {
    return look(
      { en: 'TIME_WAIT reuse needs TCP timestamps, and net.ipv4.tcp_timestamps is 0, so this setting does nothing.', zh: 'TIME_WAIT 重用需要 TCP 时间戳，而 net.ipv4.tcp_timestamps 为 0，所以这个设置不起作用。' },
      { en: 'Turn timestamps back on (net.ipv4.tcp_timestamps = 1).', zh: '重新开启时间戳（net.ipv4.tcp_timestamps = 1）。' },
    );
  }
  if (value === '2') {
    if (!modern) return look({ en: 'Before Linux 4.19 there is no loopback-only mode: any non-zero value, 2 included, enables reuse for every outgoing connection.', zh: 'Linux 4.19 之前没有"仅回环"模式：任何非零值（包括 2）都会对所有外连启用重用。' });
    return fine({ en: 'Reuse only for loopback connections (the default since Linux 4.19).', zh: '只对回环连接重用（Linux 4.19 起的默认值）。' });
  }
  if (value === '0') return fine({ en: 'Outgoing connections never reuse a TIME_WAIT 4-tuple.', zh: '外连从不重用处于 TIME_WAIT 的四元组。' });
  if (value === '1') {
    return look(
      { en: 'Every outgoing connect() may reuse a TIME_WAIT 4-tuple after about 1 s. That helps only hosts making many short outgoing connections to the same destination; it does nothing for connections that clients make to this host.', zh: '所有外连 connect() 都可以在约 1 秒后重用 TIME_WAIT 四元组。它只对向同一目的地发起大量短连接的主机有帮助；对客户端连到本机的连接没有作用。' },
      { en: 'Keep 1 only on such clients (proxies, load generators) that really ran out of ports, after connection reuse; otherwise use 2.', zh: '只在确实耗尽端口的此类客户端（代理、压测机）上、并在复用连接之后保留 1；否则使用 2。' },
    );
  }
  return parseWhole(value) === undefined ? notANumber(value, A_NUMBER) : wrong({ en: `${value} is outside 0-2; the kernel rejects it (EINVAL).`, zh: `${value} 超出 0-2；内核会拒绝它（EINVAL）。` });
}

function judgePortRange(value: string, ctx: Parameters<SysctlRule['judge']>[1]): RuleOutcome {
  // Since Linux 4.11 the start may not be below ip_unprivileged_port_start.
  const unprivileged = isKernelAtLeast(ctx.kernel, '4.11') ? ctx.int('net.ipv4.ip_unprivileged_port_start') ?? 1024 : 1;
  const ports = parseWholeList(value);
  if (ports === undefined || ports.length !== 2) return notANumber(value, { en: 'two port numbers', zh: '两个端口号' });
  const [low, high] = ports as [number, number];
  if (low > high || low < unprivileged || high > 65535) {
    return wrong(
      { en: `${low}-${high} is refused by the kernel (EINVAL): the start must not exceed the end, the end must be at most 65535, and the start must be at least ip_unprivileged_port_start (${unprivileged} here, 1024 by default).`, zh: `${low}-${high} 会被内核拒绝（EINVAL）：起点不能大于终点，终点最大 65535，起点至少为 ip_unprivileged_port_start（此处 ${unprivileged}，默认 1024）。` },
      { en: 'Use for example 32768 60999 (the default) or 10000 65000.', zh: '例如使用 32768 60999（默认值）或 10000 65000。' },
    );
  }
  const count = high - low + 1;
  const perSecond = Math.floor(count / TIME_WAIT_SECONDS);
  if (count < DEFAULT_PORT_COUNT) {
    return look(
      { en: `Only ${count} ephemeral ports (default ${DEFAULT_PORT_COUNT}): towards one destination address and port that is about ${perSecond} new connections per second before TIME_WAIT blocks new ones and connect() fails with EADDRNOTAVAIL.`, zh: `只有 ${count} 个临时端口（默认 ${DEFAULT_PORT_COUNT}）：对同一目的地址和端口，每秒约 ${perSecond} 个新连接后就会被 TIME_WAIT 挡住，connect() 返回 EADDRNOTAVAIL。` },
      { en: 'Widen it (the default 32768 60999, or 10000 65000 clear of your listening ports) unless the narrow range is deliberate.', zh: '除非有意使用窄范围，否则扩大它（默认 32768 60999，或避开监听端口的 10000 65000）。' },
    );
  }
  if ((low & 1) === (high & 1)) {
    return look(
      { en: `${low} and ${high} have the same parity, so the range holds an odd number of ports. connect() prefers ports of one parity and bind() the other; the kernel logs "prefer different parity for start/end values".`, zh: `${low} 和 ${high} 奇偶性相同，范围内端口数为奇数。connect() 优先使用一种奇偶性的端口，bind() 使用另一种；内核会记录 "prefer different parity for start/end values"。` },
      { en: `Make the end ${high % 2 === 0 ? 'odd' : 'even'}, e.g. ${low} ${high - 1}.`, zh: `让终点为${high % 2 === 0 ? '奇数' : '偶数'}，例如 ${low} ${high - 1}。` },
    );
  }
  return fine({ en: `${count} ephemeral ports: about ${perSecond} new connections per second towards one destination address and port while TIME_WAIT holds ports for ${TIME_WAIT_SECONDS} s.`, zh: `${count} 个临时端口：在 TIME_WAIT 占用端口 ${TIME_WAIT_SECONDS} 秒的情况下，对同一目的地址和端口每秒约可建立 ${perSecond} 个新连接。` });
}

// Rules for tcp_tw_reuse, tcp_tw_recycle, tcp_tw_reuse_delay, tcp_max_tw_buckets, tcp_fin_timeout, tcp_rfc1337, ip_local_port_range.
export const TIME_WAIT_RULES: readonly SysctlRule[] = [
  {
    key: 'net.ipv4.tcp_tw_reuse',
    defaultFor: (ctx) => (isKernelAtLeast(ctx.kernel, '4.19') ? '2' : '0'),
    judge: judgeTwReuse,
  },
  {
    key: 'net.ipv4.tcp_tw_recycle',
    defaultFor: (ctx) => (isKernelAtLeast(ctx.kernel, '4.12') ? '(absent)' : '0'),
    judge: (value, ctx) => {
      if (isKernelAtLeast(ctx.kernel, '4.12')) {
        return {
          verdict: 'wrong',
          reason: { en: 'tcp_tw_recycle was removed in Linux 4.12 (commit 4396e46187ca) because it dropped connections from clients behind NAT; on this kernel the file does not exist, so `sysctl --system` reports an error for this line.', zh: 'tcp_tw_recycle 已在 Linux 4.12 中删除（提交 4396e46187ca），因为它会丢弃 NAT 后面客户端的连接；在这个内核上该文件不存在，`sysctl --system` 会对这一行报错。' },
          advice: { en: 'Delete the line. For TIME_WAIT pressure reuse connections (keep-alive, pooling); tcp_tw_reuse helps only outgoing connections.', zh: '删除这一行。对 TIME_WAIT 压力，应复用连接（keep-alive、连接池）；tcp_tw_reuse 只对外连有帮助。' },
          sources: [SRC.twRecycleRemoval, SRC.bernatTimeWait],
        };
      }
      if (value === '0') return fine({ en: 'Off, as it must be: this kernel still has the setting, which breaks clients behind NAT when on.', zh: '已关闭，这是必须的：这个内核仍有该设置，开启时会影响 NAT 后面的客户端。' });
      return {
        verdict: 'wrong',
        reason: { en: 'It remembers the last timestamp per peer address and silently drops SYNs whose timestamp is older; clients behind one NAT address have unrelated clocks, so some of them cannot connect. From Linux 4.10, random timestamp offsets break it for every connection.', zh: '它按对端地址记住最后的时间戳，并静默丢弃时间戳更旧的 SYN；同一 NAT 地址后的客户端时钟互不相关，因此其中一部分无法连接。从 Linux 4.10 起，随机的时间戳偏移使它影响所有连接。' },
        advice: { en: 'Set it to 0 and remove it from sysctl.conf (it no longer exists from 4.12).', zh: '设为 0 并从 sysctl.conf 中删除（从 4.12 起已不存在）。' },
        sources: [SRC.twRecycleRemoval, SRC.bernatTimeWait],
      };
    },
    judgeAbsent: (ctx) => (isKernelAtLeast(ctx.kernel, '4.12')
      ? fine({ en: 'Not present: removed in Linux 4.12, as expected.', zh: '不存在：已在 Linux 4.12 中删除，符合预期。' })
      : fine({ en: 'Not present on this kernel.', zh: '此内核上不存在。' })),
  },
  {
    key: 'net.ipv4.tcp_tw_reuse_delay',
    defaultFor: (ctx) => (isKernelAtLeast(ctx.kernel, '6.14') ? '1000' : '(absent)'),
    judge: (value, ctx) => {
      if (!isKernelAtLeast(ctx.kernel, '6.14')) {
        return wrong({ en: 'This setting exists only from Linux 6.14; on this kernel `sysctl --system` reports an error for it.', zh: '该设置从 Linux 6.14 起才存在；在这个内核上 `sysctl --system` 会对它报错。' }, { en: 'Delete the line.', zh: '删除这一行。' });
      }
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      if (n < 1000) return look({ en: `TIME_WAIT sockets may be reused after ${n} ms instead of 1 s, closer to the old segments TIME_WAIT protects against.`, zh: `TIME_WAIT 套接字可在 ${n} 毫秒而不是 1 秒后被重用，更容易碰到 TIME_WAIT 所防范的旧分段。` });
      return fine({ en: `A TIME_WAIT socket may be reused after ${n} ms (when tcp_tw_reuse allows it).`, zh: `TIME_WAIT 套接字在 ${n} 毫秒后可被重用（当 tcp_tw_reuse 允许时）。` });
    },
  },
  {
    key: 'net.ipv4.tcp_max_tw_buckets',
    defaultFor: (ctx) => (ctx.ehashEntries !== undefined ? String(Math.floor(ctx.ehashEntries / 2)) : 'tcp_ehash_entries/2'),
    judge: (value, ctx) => {
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      const lowered: RuleOutcome = wrong(
        { en: `Lowered to ${n}${ctx.ehashEntries !== undefined ? ` (default here ${Math.floor(ctx.ehashEntries / 2)})` : ''}: beyond ${n} TIME_WAIT sockets, closing connections skip TIME_WAIT ("time wait bucket table overflow", TCPTimeWaitOverflow) and lose its protection against delayed old segments. The kernel documentation says not to lower it; fewer TIME_WAIT sockets is not a fix for anything.`, zh: `被降低到 ${n}${ctx.ehashEntries !== undefined ? `（此处默认 ${Math.floor(ctx.ehashEntries / 2)}）` : ''}：TIME_WAIT 套接字超过 ${n} 个后，关闭的连接会跳过 TIME_WAIT（"time wait bucket table overflow"，TCPTimeWaitOverflow），失去对延迟旧分段的防护。内核文档说明不应降低它；减少 TIME_WAIT 数量本身并不能解决任何问题。` },
        { en: 'Remove the line (or restore the default); raise it if TCPTimeWaitOverflow grows. For port exhaustion, reuse connections.', zh: '删除这一行（或恢复默认值）；若 TCPTimeWaitOverflow 增长则提高它。对端口耗尽问题，应复用连接。' },
      );
      if (ctx.ehashEntries !== undefined) {
        return n < Math.floor(ctx.ehashEntries / 2) ? lowered : fine({ en: `At or above the default (tcp_ehash_entries/2 = ${Math.floor(ctx.ehashEntries / 2)}).`, zh: `不低于默认值（tcp_ehash_entries/2 = ${Math.floor(ctx.ehashEntries / 2)}）。` });
      }
      // Without tcp_ehash_entries the default is unknown; small hosts have defaults of a few thousand.
      return n < 4096 ? lowered : fine({ en: 'Compare with tcp_ehash_entries/2, the default.', zh: '请与默认值 tcp_ehash_entries/2 比较。' });
    },
  },
  {
    key: 'net.ipv4.tcp_fin_timeout',
    defaultFor: () => '60',
    judge: (value) => {
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      if (n === 60) return fine({ en: `Orphaned FIN_WAIT2 sockets wait 60 s for the peer's FIN. TIME_WAIT is a separate, fixed ${TIME_WAIT_SECONDS} s.`, zh: `孤儿 FIN_WAIT2 套接字等待对端 FIN 60 秒。TIME_WAIT 是另一回事，固定为 ${TIME_WAIT_SECONDS} 秒。` });
      if (n <= 0) {
        return wrong(
          { en: `${n} is accepted by the kernel but makes no sense: orphaned FIN_WAIT2 sockets would be dropped at once, before the peer can send its FIN.`, zh: `${n} 会被内核接受，但没有意义：孤儿 FIN_WAIT2 套接字会立即被丢弃，对端来不及发送 FIN。` },
          { en: 'Remove the line (default 60).', zh: '删除这一行（默认 60）。' },
        );
      }
      if (n < 60) {
        return look(
          { en: `${n} s does not shorten TIME_WAIT, which stays ${TIME_WAIT_SECONDS} s on Linux whatever this says; it only limits how long a socket the application has closed waits in FIN_WAIT2 for the peer's FIN. If it was set "to reduce TIME_WAIT", it does nothing for that.`, zh: `${n} 秒并不会缩短 TIME_WAIT：无论此值为多少，Linux 上的 TIME_WAIT 都是 ${TIME_WAIT_SECONDS} 秒；它只限制应用已关闭的套接字在 FIN_WAIT2 中等待对端 FIN 的时间。如果设置它是为了"减少 TIME_WAIT"，那它对此毫无作用。` },
          { en: 'Remove it unless orphaned FIN_WAIT2 sockets really pile up. For TIME_WAIT pressure, reuse connections (HTTP keep-alive, pools).', zh: '除非孤儿 FIN_WAIT2 套接字确实堆积，否则删除它。对 TIME_WAIT 压力，应复用连接（HTTP keep-alive、连接池）。' },
        );
      }
      return look({ en: `Orphaned FIN_WAIT2 sockets linger ${n} s instead of 60 s, holding memory and ports for peers that never finish closing.`, zh: `孤儿 FIN_WAIT2 套接字停留 ${n} 秒而不是 60 秒，为永远不完成关闭的对端占用内存和端口。` }, { en: 'Use the default 60 unless you have a reason.', zh: '除非有理由，否则使用默认值 60。' });
    },
  },
  {
    key: 'net.ipv4.tcp_rfc1337',
    defaultFor: () => '0',
    judge: (value) => {
      if (value === '0') return fine({ en: 'A RST may end a TIME_WAIT socket early (the default).', zh: 'RST 可以提前结束 TIME_WAIT 套接字（默认值）。' });
      if (parseWhole(value) === undefined) return notANumber(value, A_NUMBER);
      return look(
        { en: 'TIME_WAIT sockets ignore RSTs and always live the full 60 s, so a peer cannot clear them; some distributions set 1 and applications that rely on a RST to free the 4-tuple have been hurt.', zh: 'TIME_WAIT 套接字忽略 RST 并总是存活完整的 60 秒，对端无法清除它们；一些发行版设为 1，依赖 RST 释放四元组的应用因此受到影响。' },
        { en: 'Leave it 0 unless you know you need RFC 1337 protection.', zh: '除非确实需要 RFC 1337 防护，否则保持 0。' },
      );
    },
  },
  {
    key: 'net.ipv4.ip_local_port_range',
    defaultFor: () => '32768 60999',
    judge: judgePortRange,
  },
];
