// Audit rules for commonly tuned TCP behaviour: reserved ports, ECN, autocorking, cached metrics, SYN linear
// timeouts, the challenge ACK limit and the minimum send MSS.
import { SRC } from '../../knowledge/sources.js';
import { isKernelAtLeast } from './kernel-version.js';
import { A_NUMBER, fine, look, notANumber, parseWhole, parseWholeList, wrong, type RuleContext, type RuleOutcome, type SysctlRule } from './rule.js';

const INT_MAX = 2147483647;

// Ports listed in ip_local_reserved_ports ("8080,9000-9100"); undefined when the syntax is not the kernel's.
export function parseReservedPorts(value: string): Array<[number, number]> | undefined {
  if (value === '' || value === '(empty)') return [];
  const ranges: Array<[number, number]> = [];
  for (const part of value.split(',')) {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
    if (m === null) return undefined;
    const low = Number(m[1]);
    const high = m[2] !== undefined ? Number(m[2]) : low;
    if (low > high || high > 65535) return undefined;
    ranges.push([low, high]);
  }
  return ranges;
}

function judgeReservedPorts(value: string, ctx: RuleContext): RuleOutcome {
  const ranges = parseReservedPorts(value);
  if (ranges === undefined) {
    return wrong(
      { en: `"${value}" is not a list of ports and ranges such as 8080,9000-9100 (each at most 65535); the kernel rejects it (EINVAL).`, zh: `"${value}" 不是端口和范围的列表（例如 8080,9000-9100，每个最大 65535）；内核会拒绝它（EINVAL）。` },
      { en: 'Fix the list or remove the line.', zh: '修正列表或删除这一行。' },
    );
  }
  if (ranges.length === 0) return fine({ en: 'No ports reserved (the default).', zh: '没有保留端口（默认值）。' });
  const range = parseWholeList(ctx.value('net.ipv4.ip_local_port_range') ?? '32768 60999') ?? [32768, 60999];
  const [low, high] = [range[0] ?? 32768, range[1] ?? 60999];
  const inside = new Set<number>();
  for (const [a, b] of ranges) for (let p = Math.max(a, low); p <= Math.min(b, high); p++) inside.add(p);
  const total = Math.max(0, high - low + 1);
  const left = total - inside.size;
  if (total > 0 && inside.size * 2 > total) {
    return look(
      { en: `${inside.size} of the ${total} ephemeral ports (${low}-${high}) are reserved, leaving ${left}: outgoing connections run out of ports (EADDRNOTAVAIL) much sooner.`, zh: `${total} 个临时端口（${low}-${high}）中有 ${inside.size} 个被保留，只剩 ${left} 个：外连会更快耗尽端口（EADDRNOTAVAIL）。` },
      { en: 'Reserve only the listening ports that fall inside the range, or move the range away from them.', zh: '只保留落在范围内的监听端口，或把端口范围移开。' },
    );
  }
  return fine({ en: `${inside.size} port(s) of the ephemeral range ${low}-${high} are kept out of automatic port choice; ${left} remain. Programs can still bind() reserved ports explicitly.`, zh: `临时端口范围 ${low}-${high} 中有 ${inside.size} 个端口不参与自动选择；剩余 ${left} 个。程序仍可显式 bind() 保留的端口。` });
}

function judgeEcn(value: string): RuleOutcome {
  const n = parseWhole(value);
  if (n === undefined) return notANumber(value, A_NUMBER);
  if (n === 2) return fine({ en: 'ECN is accepted when a peer asks for it, but not requested on outgoing connections (the default).', zh: '对端请求时接受 ECN，但外连时不主动请求（默认值）。' });
  if (n === 1) return fine({ en: 'ECN is requested on outgoing connections and accepted on incoming ones; tcp_ecn_fallback drops it on paths that mishandle it. It pays off only where routers mark packets (AQM, DCTCP, L4S).', zh: '外连时请求 ECN，入站连接也接受；tcp_ecn_fallback 会在错误处理 ECN 的路径上放弃它。只有在路由器会标记包的地方（AQM、DCTCP、L4S）才有收益。' }, { en: 'Nothing to do.', zh: '无需处理。' });
  if (n === 0) return fine({ en: 'ECN is off: even peers that ask for it get a connection without ECN, so congestion is signalled only by loss.', zh: 'ECN 已关闭：即使对端请求也不使用 ECN，拥塞只能通过丢包来表示。' }, { en: '2 (the default) costs nothing and lets ECN-capable peers use it.', zh: '2（默认值）没有代价，并能让支持 ECN 的对端使用它。' });
  if (n >= 3 && n <= 5) {
    return look(
      { en: `${n} selects an Accurate ECN mode, which only newer kernels accept (Linux 6.18 still refuses anything above 2 with EINVAL).`, zh: `${n} 选择 Accurate ECN 模式，只有较新的内核接受（Linux 6.18 仍以 EINVAL 拒绝大于 2 的值）。` },
      { en: 'Make sure every kernel that applies this file supports Accurate ECN; otherwise use 1 or 2.', zh: '确认应用此文件的每个内核都支持 Accurate ECN；否则使用 1 或 2。' },
    );
  }
  return wrong({ en: `${n} is not a tcp_ecn mode (0-2, or 3-5 for Accurate ECN on newer kernels); the kernel rejects it (EINVAL).`, zh: `${n} 不是 tcp_ecn 的模式（0-2，较新内核上 Accurate ECN 为 3-5）；内核会拒绝它（EINVAL）。` });
}

function judgeAutocorking(value: string): RuleOutcome {
  if (value === '1') return fine({ en: 'Small consecutive writes are merged while earlier packets still wait locally (the default).', zh: '当之前的包仍在本地等待时，连续的小写入会被合并（默认值）。' });
  if (value === '0') return fine({ en: 'Autocorking off: each small write may go out as its own packet, costing more packets and CPU; it rarely lowers latency, since corking only happens while the local queue is busy.', zh: '自动合并已关闭：每个小写入都可能单独成包，包数和 CPU 开销更多；它很少降低延迟，因为只有本地队列忙时才会合并。' }, { en: '1 is usually better; use TCP_NODELAY on latency-sensitive sockets instead.', zh: '通常 1 更好；对延迟敏感的套接字改用 TCP_NODELAY。' });
  return parseWhole(value) === undefined ? notANumber(value, A_NUMBER) : wrong({ en: `${value} is not 0 or 1; the kernel rejects it (EINVAL).`, zh: `${value} 不是 0 或 1；内核会拒绝它（EINVAL）。` });
}

function judgeNoMetricsSave(value: string): RuleOutcome {
  if (value === '0') return fine({ en: 'Connections save RTT and reordering estimates per destination when they close, so the next connection to that host starts informed (the default).', zh: '连接关闭时按目的地保存 RTT 和乱序估计，到该主机的下一个连接可以据此开始（默认值）。' });
  if (value === '1') return fine({ en: 'Nothing is cached when connections close: each new connection to a host starts from default estimates. Harmless, and rarely a gain; guides copy it from benchmark setups.', zh: '连接关闭时不缓存任何内容：到某主机的每个新连接都从默认估计开始。无害，也很少有收益；教程多是照抄基准测试的设置。' }, { en: 'Either value works; `ip tcp_metrics flush` clears the cache once if stale entries hurt.', zh: '两个值都可以；如果过时的条目有害，`ip tcp_metrics flush` 可一次性清除缓存。' });
  return parseWhole(value) === undefined ? notANumber(value, A_NUMBER) : look({ en: `${value} is not a documented value (0 or 1).`, zh: `${value} 不是文档中的取值（0 或 1）。` });
}

function judgeSynLinearTimeouts(value: string): RuleOutcome {
  const n = parseWhole(value);
  if (n === undefined) return notANumber(value, A_NUMBER);
  if (n < 0) return wrong({ en: `${n} is negative; the kernel rejects it (EINVAL).`, zh: `${n} 是负数；内核会拒绝它（EINVAL）。` });
  if (n === 0) return fine({ en: 'SYN retransmissions back off exponentially from the first one (1, 2, 4 ... s), as before Linux 6.5.', zh: 'SYN 重传从第一次起就指数退避（1、2、4 ... 秒），与 Linux 6.5 之前相同。' });
  if (n > 10) {
    return look(
      { en: `The first ${n} SYN retransmissions are 1 s apart: a client whose SYNs are dropped keeps sending one per second, which adds load to a server that is already overloaded, and stretches connect() failure.`, zh: `前 ${n} 次 SYN 重传间隔 1 秒：SYN 被丢弃的客户端会每秒发送一个，给已经过载的服务器增加负担，并拉长 connect() 的失败时间。` },
      { en: 'Use the default 4.', zh: '使用默认值 4。' },
    );
  }
  return fine({ en: `The first ${n} SYN retransmissions use a 1 s timeout before exponential backoff, so lost SYNs are retried quickly.`, zh: `前 ${n} 次 SYN 重传使用 1 秒超时，之后才指数退避，丢失的 SYN 能较快重试。` });
}

function judgeChallengeAckLimit(value: string, ctx: RuleContext): RuleOutcome {
  const n = parseWhole(value);
  if (n === undefined) return notANumber(value, A_NUMBER);
  const sources = [SRC.cve20165696, SRC.challengeAckRandom, SRC.challengeAckPerNetns];
  const withSources = (o: RuleOutcome): RuleOutcome => ({ ...o, sources });
  if (n === 0) {
    return withSources(wrong(
      { en: 'No challenge ACKs at all: a peer that lost its connection state (reboot, NAT timeout) and sends a new SYN or an in-window RST never gets the ACK that lets it reset the stale connection (RFC 5961).', zh: '完全不发送 challenge ACK：丢失连接状态的对端（重启、NAT 超时）发送新的 SYN 或窗口内 RST 时，永远得不到能让它重置过时连接的 ACK（RFC 5961）。' },
      { en: isKernelAtLeast(ctx.kernel, '6.0') ? 'Set 2147483647 (the default: no shared limit).' : 'Set 1000 (the default) or a huge value such as 999999999.', zh: isKernelAtLeast(ctx.kernel, '6.0') ? '设为 2147483647（默认值：没有共享上限）。' : '设为 1000（默认值）或很大的值，例如 999999999。' },
    ));
  }
  if (isKernelAtLeast(ctx.kernel, '6.0')) {
    if (n === INT_MAX) return fine({ en: 'No shared limit (the default since Linux 6.0); challenge ACKs are still rate-limited per socket by tcp_invalid_ratelimit.', zh: '没有共享上限（Linux 6.0 起的默认值）；challenge ACK 仍受 tcp_invalid_ratelimit 的按套接字速率限制。' });
    return withSources(look(
      { en: `${n} turns the shared per-namespace challenge ACK counter back on. Linux 6.0 disabled it by default because a counter shared by all connections can be probed from off the path (the CVE-2016-5696 side channel); per-socket limits already exist.`, zh: `${n} 会重新启用按命名空间共享的 challenge ACK 计数器。Linux 6.0 默认关闭了它，因为所有连接共享的计数器可被路径外的攻击者探测（CVE-2016-5696 侧信道）；按套接字的限制已经存在。` },
      { en: 'Remove the line (default 2147483647); values like 1000 come from guides written for older kernels.', zh: '删除这一行（默认 2147483647）；1000 之类的值来自为旧内核写的教程。' },
    ));
  }
  if (!isKernelAtLeast(ctx.kernel, '4.7') && n < 1000) {
    return withSources(wrong(
      { en: `A fixed shared limit of ${n} challenge ACKs per second on a kernel before 4.7 lets an off-path attacker count them and infer whether two hosts are connected and their sequence numbers (CVE-2016-5696).`, zh: `在 4.7 之前的内核上，每秒 ${n} 个 challenge ACK 的固定共享上限，让路径外的攻击者可以通过计数推断两台主机是否相连及其序号（CVE-2016-5696）。` },
      { en: 'Update the kernel; until then set a huge value such as 999999999.', zh: '升级内核；在此之前设为很大的值，例如 999999999。' },
    ));
  }
  if (n < 1000) {
    return withSources(look(
      { en: `Only about ${n} challenge ACKs per second for the whole host (default 1000): under a burst of suspicious segments, legitimate peers recovering a stale connection may not get one.`, zh: `整台主机每秒只有约 ${n} 个 challenge ACK（默认 1000）：在可疑分段突发时，正在恢复过时连接的合法对端可能得不到。` },
      { en: 'Use 1000 or a huge value such as 999999999.', zh: '使用 1000 或很大的值，例如 999999999。' },
    ));
  }
  return fine({ en: `About ${n} challenge ACKs per second for the whole host, randomised since Linux 4.7; large values are the usual CVE-2016-5696 hardening.`, zh: `整台主机每秒约 ${n} 个 challenge ACK，自 Linux 4.7 起随机化；较大的值是常见的 CVE-2016-5696 加固方式。` });
}

function judgeMinSndMss(value: string): RuleOutcome {
  const n = parseWhole(value);
  if (n === undefined) return notANumber(value, A_NUMBER);
  if (n < 48 || n > 65535) return wrong({ en: `${n} is outside 48-65535; the kernel rejects it (EINVAL).`, zh: `${n} 超出 48-65535；内核会拒绝它（EINVAL）。` });
  if (n > 536) {
    return look(
      { en: `Segments are never smaller than ${n} bytes, even towards peers that advertise less (tunnels, PPPoE, small-MTU links): those segments can exceed the path and be dropped, so such connections stall. Every host must accept 536.`, zh: `分段从不小于 ${n} 字节，即使对端通告的更小（隧道、PPPoE、小 MTU 链路）：这些分段可能超过路径允许的大小而被丢弃，连接因此停滞。每台主机都必须接受 536。` },
      { en: 'Use at most 536; 48 is the default.', zh: '最多使用 536；默认值为 48。' },
    );
  }
  return fine({ en: `A peer cannot make this host send segments smaller than ${n} bytes${n === 48 ? ' (the default, at least 8 bytes of payload)' : ''}; this is the CVE-2019-11479 guard.`, zh: `对端无法让本机发送小于 ${n} 字节的分段${n === 48 ? '（默认值，至少 8 字节负载）' : ''}；这是针对 CVE-2019-11479 的防护。` });
}

// Rules for ip_local_reserved_ports, tcp_ecn, tcp_autocorking, tcp_no_metrics_save, tcp_syn_linear_timeouts,
// tcp_challenge_ack_limit, tcp_min_snd_mss.
export const TUNING_RULES: readonly SysctlRule[] = [
  { key: 'net.ipv4.ip_local_reserved_ports', defaultFor: () => '(empty)', judge: judgeReservedPorts },
  { key: 'net.ipv4.tcp_ecn', defaultFor: () => '2', judge: judgeEcn },
  { key: 'net.ipv4.tcp_autocorking', defaultFor: () => '1', judge: judgeAutocorking },
  { key: 'net.ipv4.tcp_no_metrics_save', defaultFor: () => '0', judge: judgeNoMetricsSave },
  {
    key: 'net.ipv4.tcp_syn_linear_timeouts',
    defaultFor: (ctx) => (isKernelAtLeast(ctx.kernel, '6.5') ? '4' : '(absent)'),
    judge: judgeSynLinearTimeouts,
  },
  {
    key: 'net.ipv4.tcp_challenge_ack_limit',
    defaultFor: (ctx) => (isKernelAtLeast(ctx.kernel, '6.0') ? String(INT_MAX) : isKernelAtLeast(ctx.kernel, '4.7') ? '1000' : '100'),
    judge: judgeChallengeAckLimit,
  },
  {
    key: 'net.ipv4.tcp_min_snd_mss',
    defaultFor: () => '48',
    judge: judgeMinSndMss,
    // Added with the June 2019 SACK fixes (5.2, and backported to the stable kernels then maintained).
    judgeAbsent: (ctx) => (isKernelAtLeast(ctx.kernel, '5.2')
      ? fine({ en: 'Not present here (not visible in this network namespace).', zh: '此处不存在（在此网络命名空间中不可见）。' })
      : look({ en: 'This kernel has no tcp_min_snd_mss, so it likely lacks the June 2019 TCP SACK fixes (CVE-2019-11477/11478/11479), which added it to every maintained stable kernel.', zh: '此内核没有 tcp_min_snd_mss，很可能缺少 2019 年 6 月的 TCP SACK 修复（CVE-2019-11477/11478/11479），那些修复把它加入了所有仍在维护的稳定版内核。' }, { en: 'Update the kernel.', zh: '升级内核。' })),
  },
];
