// Audit rules for the listen path: SYN cookies, SYN and accept queues, handshake retries.
import { isKernelAtLeast } from './kernel-version.js';
import { A_NUMBER, fine, look, notANumber, parseWhole, wrong, type SysctlRule } from './rule.js';

// Node's net.Server.listen() backlog when the program passes none.
export const NODE_DEFAULT_BACKLOG = 511;

// Rules for tcp_syncookies, tcp_max_syn_backlog, somaxconn, tcp_synack_retries, tcp_syn_retries, tcp_abort_on_overflow.
export const LISTEN_RULES: readonly SysctlRule[] = [
  {
    key: 'net.ipv4.tcp_syncookies',
    defaultFor: () => '1',
    judge: (value) => {
      if (value === '1') return fine({ en: 'Cookies are sent only when a listener\'s SYN queue overflows (the default).', zh: '只在监听套接字的 SYN 队列溢出时发送 cookie（默认值）。' });
      if (value === '0') {
        return wrong(
          { en: 'With 0 a full SYN queue drops new SYNs: a SYN flood, or just a burst of clients whose final ACK is slow, blocks every new connection to that port.', zh: '为 0 时，SYN 队列满后新的 SYN 会被丢弃：一次 SYN 洪水，甚至只是一批最后 ACK 较慢的客户端，就会挡住该端口的所有新连接。' },
          { en: 'Set net.ipv4.tcp_syncookies = 1.', zh: '设置 net.ipv4.tcp_syncookies = 1。' },
        );
      }
      if (value === '2') {
        return look(
          { en: '2 sends a cookie for every SYN, even without overflow; the kernel documentation says it is for testing. Connections made from a cookie lose window scaling and SACK when the client sent no timestamps.', zh: '2 对每个 SYN 都发送 cookie，即使没有溢出；内核文档说明它仅用于测试。客户端未发送时间戳时，由 cookie 建立的连接会失去窗口缩放和 SACK。' },
          { en: 'Use 1 outside of tests.', zh: '测试以外请使用 1。' },
        );
      }
      return parseWhole(value) === undefined ? notANumber(value, A_NUMBER) : look({ en: `${value} is not one of the documented values 0, 1, 2.`, zh: `${value} 不是文档中的取值 0、1、2 之一。` }, { en: 'Use 1.', zh: '使用 1。' });
    },
  },
  {
    key: 'net.ipv4.tcp_max_syn_backlog',
    defaultFor: (ctx) => (ctx.ehashEntries !== undefined ? String(Math.max(128, Math.floor(ctx.ehashEntries / 128))) : 'max(128, tcp_ehash_entries/128)'),
    judge: (value, ctx) => {
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      const cookies = ctx.value('net.ipv4.tcp_syncookies');
      if (cookies === '0' && n < 128) {
        return look(
          { en: `Syncookies are off, so at most about ${n} half-open requests are kept before SYNs are dropped.`, zh: `syncookie 已关闭，因此最多保留约 ${n} 个半连接请求，之后 SYN 会被丢弃。` },
          { en: 'Turn syncookies back on (1); this limit then stops mattering.', zh: '重新开启 syncookie（1）；之后这个上限就不再重要。' },
        );
      }
      return fine({ en: 'It only decides when SYNs are dropped with syncookies off; each listener\'s SYN queue is bounded by its own backlog, min(listen() backlog, somaxconn).', zh: '它只决定关闭 syncookie 时何时丢弃 SYN；每个监听套接字的 SYN 队列由其自身的 backlog（min(listen() backlog, somaxconn)）限制。' });
    },
  },
  {
    key: 'net.core.somaxconn',
    defaultFor: (ctx) => (isKernelAtLeast(ctx.kernel, '5.4') ? '4096' : '128'),
    judge: (value) => {
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      if (n < NODE_DEFAULT_BACKLOG) {
        return look(
          { en: `Every listen() backlog is cut to ${n}; a Node server (default backlog ${NODE_DEFAULT_BACKLOG}) and most servers asking for more get a smaller accept queue, and bursts end in ListenOverflows.`, zh: `所有 listen() 的 backlog 都会被截断为 ${n}；Node 服务器（默认 backlog ${NODE_DEFAULT_BACKLOG}）以及请求更大队列的服务器都只能得到更小的 accept 队列，突发流量会导致 ListenOverflows。` },
          { en: 'Set net.core.somaxconn = 4096 (the default since Linux 5.4) and pass a matching backlog to listen().', zh: '设置 net.core.somaxconn = 4096（Linux 5.4 起的默认值），并向 listen() 传入相应的 backlog。' },
        );
      }
      if (n < 4096) {
        return look(
          { en: `Below 4096 (the default since Linux 5.4): programs asking listen() for more than ${n} are silently cut to ${n}. Node's default backlog of ${NODE_DEFAULT_BACKLOG} still fits.`, zh: `低于 4096（Linux 5.4 起的默认值）：向 listen() 请求超过 ${n} 的程序会被静默截断为 ${n}。Node 默认的 ${NODE_DEFAULT_BACKLOG} 仍然够用。` },
          { en: 'Raise it to 4096 unless you limit accept queues on purpose.', zh: '除非有意限制 accept 队列，否则提高到 4096。' },
        );
      }
      return fine({ en: `listen() backlogs up to ${n} are honoured. Node servers still get ${NODE_DEFAULT_BACKLOG} unless they pass a larger backlog to server.listen().`, zh: `最大 ${n} 的 listen() backlog 都会生效。Node 服务器除非向 server.listen() 传入更大的 backlog，否则仍是 ${NODE_DEFAULT_BACKLOG}。` });
    },
  },
  {
    key: 'net.ipv4.tcp_synack_retries',
    defaultFor: () => '5',
    judge: (value) => {
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      const life = Math.pow(2, n + 1) - 1;
      if (n < 2) {
        return look(
          { en: `With ${n} retries a half-open request is dropped after about ${life} s; clients on lossy links whose SYN+ACK or final ACK is lost fail to connect.`, zh: `重传 ${n} 次时，半连接请求约 ${life} 秒后被丢弃；在丢包链路上丢失 SYN+ACK 或最后 ACK 的客户端会连接失败。` },
          { en: 'Leave the default 5; against SYN floods syncookies are the tool.', zh: '保持默认值 5；对付 SYN 洪水应依靠 syncookie。' },
        );
      }
      if (n > 5) return look({ en: `Half-open requests live about ${life} s (default 5: about 63 s), so SYN_RECV entries pile up longer under a flood.`, zh: `半连接请求约存活 ${life} 秒（默认 5：约 63 秒），在洪水攻击时 SYN_RECV 条目会堆积更久。` });
      return fine({ en: `A half-open request is dropped after about ${life} s.`, zh: `半连接请求约 ${life} 秒后被丢弃。` });
    },
  },
  {
    key: 'net.ipv4.tcp_syn_retries',
    defaultFor: () => '6',
    judge: (value) => {
      const n = parseWhole(value);
      if (n === undefined) return notANumber(value, A_NUMBER);
      if (n < 3) {
        return look(
          { en: `connect() gives up after only ${n} SYN retransmissions, so a couple of lost SYNs turn into ETIMEDOUT for every program on the host.`, zh: `connect() 只重传 ${n} 次 SYN 就放弃，几个丢失的 SYN 就会让主机上所有程序得到 ETIMEDOUT。` },
          { en: 'Restore 6 and set connect timeouts in the applications that need to fail fast.', zh: '恢复为 6，在需要快速失败的应用中设置连接超时。' },
        );
      }
      if (n > 6) return look({ en: `connect() to a silent peer hangs longer than the default (6 retries, about 2 min); ${n} is longer.`, zh: `connect() 连接无响应的对端时会比默认（6 次重传，约 2 分钟）挂起更久；${n} 更长。` });
      return fine({ en: `connect() retransmits its SYN ${n} times before ETIMEDOUT.`, zh: `connect() 在 ETIMEDOUT 之前重传 SYN ${n} 次。` });
    },
  },
  {
    key: 'net.ipv4.tcp_abort_on_overflow',
    defaultFor: () => '0',
    judge: (value) => {
      if (value === '0') return fine({ en: 'A final ACK that finds the accept queue full is dropped, and the client\'s retransmission usually gets in (the default).', zh: '遇到 accept 队列已满的最后 ACK 会被丢弃，客户端的重传通常能连上（默认值）。' });
      if (parseWhole(value) === undefined) return notANumber(value, A_NUMBER);
      return wrong(
        { en: 'Any short burst that fills an accept queue now resets clients (ECONNRESET) instead of letting them retry a moment later.', zh: '任何填满 accept 队列的短暂突发都会重置客户端（ECONNRESET），而不是让它们稍后重试。' },
        { en: 'Set it back to 0 and fix the slow accept() or small backlog instead.', zh: '改回 0，转而解决 accept() 过慢或 backlog 过小的问题。' },
      );
    },
  },
];
