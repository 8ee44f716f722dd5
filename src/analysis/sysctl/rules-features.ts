// Audit rules for TCP options and algorithms: timestamps, SACK, window scaling, slow start after idle, congestion control, Fast Open, MTU probing.
import type { Text } from '../../knowledge/types.js';
import { A_NUMBER, fine, look, notANumber, parseWhole, wrong, type RuleOutcome, type SysctlRule } from './rule.js';

function judgeOnOff(value: string, on: Text, off: Text): RuleOutcome {
  if (value === '1') return fine(on);
  if (value === '0') return wrong(off, { en: 'Set it back to 1.', zh: '改回 1。' });
  return parseWhole(value) === undefined ? notANumber(value, A_NUMBER) : look({ en: `${value} is not a documented value (0 or 1).`, zh: `${value} 不是文档中的取值（0 或 1）。` });
}

// Rules for tcp_timestamps, tcp_sack, tcp_window_scaling, tcp_slow_start_after_idle, tcp_congestion_control, tcp_fastopen, tcp_mtu_probing.
export const FEATURE_RULES: readonly SysctlRule[] = [
  {
    key: 'net.ipv4.tcp_timestamps',
    defaultFor: () => '1',
    judge: (value) => {
      if (value === '2') return fine({ en: 'Timestamps on, without per-connection random offsets.', zh: '开启时间戳，但不使用每连接随机偏移。' });
      return judgeOnOff(value,
        { en: 'Timestamps on, with random per-connection offsets (the default).', zh: '开启时间戳，使用每连接随机偏移（默认值）。' },
        { en: 'Without timestamps there is no PAWS protection against wrapped sequence numbers, tcp_tw_reuse cannot work, RTT is measured less well, and SYN-cookie connections lose window scaling and SACK.', zh: '没有时间戳就没有 PAWS 对序号回绕的保护，tcp_tw_reuse 无法工作，RTT 测量变差，由 SYN cookie 建立的连接会失去窗口缩放和 SACK。' });
    },
  },
  {
    key: 'net.ipv4.tcp_sack',
    defaultFor: () => '1',
    judge: (value) => judgeOnOff(value,
      { en: 'Selective acknowledgements on (the default).', zh: '开启选择性确认（默认值）。' },
      { en: 'Without SACK one lost segment in a window costs extra round trips and retransmissions of data that already arrived. (Turning it off was a 2019 workaround for SACK Panic, long fixed in kernels.)', zh: '没有 SACK 时，一个窗口内丢失一个分段就要多花往返时间，并重传已到达的数据。（关闭它是 2019 年针对 SACK Panic 的临时措施，内核早已修复。）' }),
  },
  {
    key: 'net.ipv4.tcp_window_scaling',
    defaultFor: () => '1',
    judge: (value) => judgeOnOff(value,
      { en: 'Window scaling on: windows may exceed 64 KiB (the default).', zh: '开启窗口缩放：窗口可以超过 64 KiB（默认值）。' },
      { en: 'Without window scaling the window stays at most 64 KiB: one connection moves at most 64 KiB per round trip (about 5 Mbit/s at 100 ms).', zh: '没有窗口缩放时窗口最大 64 KiB：单个连接每个往返最多传输 64 KiB（100 毫秒时约 5 Mbit/s）。' }),
  },
  {
    key: 'net.ipv4.tcp_slow_start_after_idle',
    defaultFor: () => '1',
    judge: (value) => {
      if (value === '1') return fine({ en: 'An idle connection restarts from a small congestion window (the default); pooled or HTTP/2 connections that go quiet and then burst pay for it.', zh: '空闲的连接从较小的拥塞窗口重新开始（默认值）；先安静再突发的连接池或 HTTP/2 连接会因此变慢。' }, { en: '0 is a reasonable choice for hosts with long-lived, bursty connections.', zh: '对有长期、突发连接的主机，设为 0 是合理的选择。' });
      if (value === '0') return fine({ en: 'Idle connections keep their congestion window; good for long-lived, bursty connections (pools, HTTP/2).', zh: '空闲连接保留其拥塞窗口；适合长期存在、流量突发的连接（连接池、HTTP/2）。' }, { en: 'Nothing to do.', zh: '无需处理。' });
      return parseWhole(value) === undefined ? notANumber(value, A_NUMBER) : look({ en: `${value} is not a documented value (0 or 1).`, zh: `${value} 不是文档中的取值（0 或 1）。` });
    },
  },
  {
    key: 'net.ipv4.tcp_congestion_control',
    defaultFor: () => 'cubic',
    judge: (value, ctx) => {
      const available = ctx.value('net.ipv4.tcp_available_congestion_control');
      const list = available !== null && available !== undefined ? available.split(' ') : undefined;
      if (list !== undefined && !list.includes(value)) {
        return look(
          { en: `"${value}" is not loaded (available: ${list.join(', ')}); setting it loads the module tcp_${value} if it exists, otherwise the kernel refuses it (ENOENT).`, zh: `"${value}" 尚未加载（可用：${list.join('、')}）；设置它时若存在 tcp_${value} 模块会自动加载，否则内核拒绝（ENOENT）。` },
          { en: `Check with: modinfo tcp_${value}`, zh: `检查：modinfo tcp_${value}` },
        );
      }
      return fine({ en: `New connections use ${value}${list !== undefined ? ` (available: ${list.join(', ')})` : ''}. There is no single right choice: cubic is the usual default, BBR (with the fq qdisc) can help on lossy long paths.`, zh: `新连接使用 ${value}${list !== undefined ? `（可用：${list.join('、')}）` : ''}。没有唯一正确的选择：cubic 是常见默认值，BBR（配合 fq 队列规则）在丢包的长路径上可能更好。` });
    },
  },
  {
    key: 'net.ipv4.tcp_fastopen',
    defaultFor: () => '1',
    judge: (value) => {
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      const client = (n & 1) !== 0;
      const server = (n & 2) !== 0;
      const what = client && server ? { en: 'clients and servers', zh: '客户端和服务端' } : client ? { en: 'clients', zh: '客户端' } : server ? { en: 'servers', zh: '服务端' } : { en: 'nobody', zh: '无' };
      return fine({ en: `TCP Fast Open enabled for ${what.en}; only programs that ask for TFO use it.`, zh: `TCP 快速打开对${what.zh}启用；只有请求 TFO 的程序才会用到。` });
    },
  },
  {
    key: 'net.ipv4.tcp_mtu_probing',
    defaultFor: () => '0',
    judge: (value) => {
      if (value === '0') return fine({ en: 'Off (the default): path MTU relies on ICMP "fragmentation needed".', zh: '关闭（默认值）：路径 MTU 依赖 ICMP "需要分片"。' }, { en: 'Consider 1 behind tunnels or VPNs where large segments vanish.', zh: '在大分段会消失的隧道或 VPN 之后，可考虑设为 1。' });
      if (value === '1') return fine({ en: 'Probing starts once an ICMP black hole is detected; a good choice behind tunnels and VPNs.', zh: '检测到 ICMP 黑洞后开始探测；在隧道和 VPN 之后是好的选择。' }, { en: 'Nothing to do.', zh: '无需处理。' });
      if (value === '2') return look({ en: 'Always probing: every connection starts from tcp_base_mss and probes upwards, even on paths with working PMTU discovery.', zh: '总是探测：每个连接都从 tcp_base_mss 开始向上探测，即使路径 MTU 发现工作正常。' }, { en: 'Use 1 unless you measured that 2 helps.', zh: '除非测量证明 2 更好，否则使用 1。' });
      return parseWhole(value) === undefined ? notANumber(value, A_NUMBER) : look({ en: `${value} is not a documented value (0, 1 or 2).`, zh: `${value} 不是文档中的取值（0、1 或 2）。` });
    },
  },
];
