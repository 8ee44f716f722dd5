// Audit rules for retransmission and keepalive timers.
import { SRC } from '../../knowledge/sources.js';
import { A_NUMBER, fine, formatSeconds, look, notANumber, parseWhole, wrong, type RuleContext, type SysctlRule } from './rule.js';
import { computeKeepaliveDetection, computeRetriesTimeout } from './retransmit-timeout.js';

function keepaliveTotal(ctx: RuleContext): string {
  const idle = ctx.int('net.ipv4.tcp_keepalive_time') ?? 7200;
  const interval = ctx.int('net.ipv4.tcp_keepalive_intvl') ?? 75;
  const probes = ctx.int('net.ipv4.tcp_keepalive_probes') ?? 9;
  return formatSeconds(computeKeepaliveDetection(idle, interval, probes));
}

const PER_SOCKET: { en: string; zh: string } = {
  en: 'Set keepalive per socket where it matters (Node: socket.setKeepAlive(true, ms); TCP_KEEPIDLE/KEEPINTVL/KEEPCNT), and TCP_USER_TIMEOUT for unacknowledged data.',
  zh: '在需要的套接字上单独设置 keepalive（Node：socket.setKeepAlive(true, ms)；TCP_KEEPIDLE/KEEPINTVL/KEEPCNT），对未确认数据使用 TCP_USER_TIMEOUT。',
};

// Rules for tcp_keepalive_time/intvl/probes, tcp_retries1/2, tcp_orphan_retries.
export const TIMER_RULES: readonly SysctlRule[] = [
  {
    key: 'net.ipv4.tcp_keepalive_time',
    defaultFor: () => '7200',
    judge: (value, ctx) => {
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      if (n < 1) return wrong({ en: `${n} is not a usable idle time.`, zh: `${n} 不是可用的空闲时间。` }, { en: 'Remove the line (default 7200).', zh: '删除这一行（默认 7200）。' });
      if (n > 7200) return look({ en: `Sockets with SO_KEEPALIVE wait ${formatSeconds(n)} idle before probing; a dead peer is noticed after about ${keepaliveTotal(ctx)}, even later than the default 2 h 11 min.`, zh: `开启 SO_KEEPALIVE 的套接字空闲 ${formatSeconds(n)} 后才探测；约 ${keepaliveTotal(ctx)} 后才发现对端失效，比默认的 2 小时 11 分钟还晚。` }, PER_SOCKET);
      if (n < 10) return look({ en: `Every idle socket with SO_KEEPALIVE is probed after only ${n} s, host-wide.`, zh: `所有开启 SO_KEEPALIVE 的空闲套接字只空闲 ${n} 秒就被探测，影响整个主机。` }, PER_SOCKET);
      return fine({ en: `Sockets with SO_KEEPALIVE (and no per-socket setting) notice a dead peer after about ${keepaliveTotal(ctx)}. NAT gateways and firewalls often forget idle flows sooner, so long-lived connections should set keepalive themselves.`, zh: `开启 SO_KEEPALIVE（且没有单独设置）的套接字约 ${keepaliveTotal(ctx)} 后发现对端失效。NAT 网关和防火墙常常更早遗忘空闲连接，长连接应自行设置 keepalive。` }, PER_SOCKET);
    },
  },
  {
    key: 'net.ipv4.tcp_keepalive_intvl',
    defaultFor: () => '75',
    judge: (value, ctx) => {
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      if (n < 1) return wrong({ en: `${n} s between probes: the kernel accepts it, but probes would go out back to back.`, zh: `探测间隔 ${n} 秒：内核会接受，但探测会一个接一个地立即发出。` }, { en: 'Remove the line (default 75).', zh: '删除这一行（默认 75）。' });
      if (n > 75) return look({ en: `${n} s between probes makes dead-peer detection slower (about ${keepaliveTotal(ctx)} in total).`, zh: `探测间隔 ${n} 秒会让发现对端失效更慢（总计约 ${keepaliveTotal(ctx)}）。` }, PER_SOCKET);
      return fine({ en: `${n} s between unanswered probes (dead peer noticed after about ${keepaliveTotal(ctx)}).`, zh: `未应答探测之间间隔 ${n} 秒（约 ${keepaliveTotal(ctx)} 后发现对端失效）。` });
    },
  },
  {
    key: 'net.ipv4.tcp_keepalive_probes',
    defaultFor: () => '9',
    judge: (value, ctx) => {
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      if (n < 1) {
        return wrong(
          { en: 'With 0 probes a socket with SO_KEEPALIVE is reset as soon as its idle time runs out, even when the peer is alive.', zh: '探测次数为 0 时，开启 SO_KEEPALIVE 的套接字一到空闲时间就会被重置，即使对端仍然存活。' },
          { en: 'Remove the line (default 9).', zh: '删除这一行（默认 9）。' },
        );
      }
      if (n > 20) return look({ en: `${n} unanswered probes before giving up makes detection slow (about ${keepaliveTotal(ctx)}).`, zh: `放弃前要经历 ${n} 次未应答探测，发现很慢（约 ${keepaliveTotal(ctx)}）。` }, PER_SOCKET);
      return fine({ en: `${n} unanswered probes end the connection with ETIMEDOUT.`, zh: `${n} 次未应答探测后连接以 ETIMEDOUT 结束。` });
    },
  },
  {
    key: 'net.ipv4.tcp_retries1',
    defaultFor: () => '3',
    judge: (value) => {
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      if (n === 3) return fine({ en: 'After 3 retransmissions TCP asks for a route re-check; this never ends a connection.', zh: '重传 3 次后 TCP 请求重新检查路由；这不会结束连接。' });
      return look({ en: `${n} instead of 3: this only decides when TCP asks the network layer to re-check the route; it does not end connections, so changing it rarely achieves what was intended.`, zh: `${n} 而不是 3：它只决定 TCP 何时让网络层重新检查路由，不会结束连接，所以修改它很少能达到预期目的。` });
    },
  },
  {
    key: 'net.ipv4.tcp_retries2',
    defaultFor: () => '15',
    judge: (value) => {
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      const timeout = formatSeconds(computeRetriesTimeout(n));
      if (n < 8) {
        return {
          verdict: 'wrong',
          reason: { en: `${n} gives up on an established connection after about ${timeout} of retransmission, below the 100 s RFC 1122 asks for (8 or more): a short network hiccup kills every connection on the host with ETIMEDOUT.`, zh: `${n} 使已建立的连接在重传约 ${timeout} 后就放弃，低于 RFC 1122 要求的 100 秒（8 或以上）：短暂的网络抖动就会让主机上的所有连接以 ETIMEDOUT 断开。` },
          advice: { en: 'Keep it at 8 or more (default 15, about 15 min) and set TCP_USER_TIMEOUT on the sockets that must fail fast.', zh: '保持在 8 或以上（默认 15，约 15 分钟），对必须快速失败的套接字设置 TCP_USER_TIMEOUT。' },
          sources: [SRC.rfc1122, SRC.tcpTimer],
        };
      }
      if (n > 15) return look({ en: `Connections with unacknowledged data keep retransmitting for about ${timeout} before ETIMEDOUT (default 15: about 15 min).`, zh: `有未确认数据的连接在 ETIMEDOUT 前会重传约 ${timeout}（默认 15：约 15 分钟）。` });
      return { verdict: 'fine', reason: { en: `An established connection with unacknowledged data times out after about ${timeout} (at the default 200 ms minimum and 120 s maximum RTO).`, zh: `有未确认数据的已建立连接约 ${timeout} 后超时（按默认最小 RTO 200 毫秒、最大 120 秒计算）。` }, sources: [SRC.tcpTimer] };
    },
  },
  {
    key: 'net.ipv4.tcp_orphan_retries',
    defaultFor: () => '0',
    judge: (value) => {
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      if (n === 0) return fine({ en: '0 means the kernel uses 8 retries for orphaned sockets; it is not "no retries".', zh: '0 表示内核对孤儿套接字使用 8 次重传；并不是"不重传"。' }, { en: 'Nothing to do.', zh: '无需处理。' });
      if (n > 8) return look({ en: `Orphaned sockets (closed by the application) retransmit ${n} times before they are killed, holding memory longer than the default (8).`, zh: `孤儿套接字（已被应用关闭）在被杀死前重传 ${n} 次，比默认（8）占用内存更久。` });
      return fine({ en: `Orphaned sockets are killed after ${n} retransmissions.`, zh: `孤儿套接字在重传 ${n} 次后被杀死。` });
    },
  },
];
