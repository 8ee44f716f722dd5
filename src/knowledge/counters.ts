// Kernel TCP counters from /proc/net/netstat (TcpExt) and /proc/net/snmp (Tcp), with what a rise means.
import { SRC } from './sources.js';
import { cmd, t, type KnowledgeEntry, type Text } from './types.js';

// One kernel counter: its group and name, and what growth means.
export interface CounterFact {
  group: 'TcpExt' | 'Tcp';
  name: string;
  // Whether growth of this counter is a symptom the doctor should look at.
  troubleWhenRising: boolean;
  summary: Text;
  details: Text;
  related: string[];
}

// Counter facts as data, for the doctor and the dashboard as well as explain.
export const COUNTER_FACTS: readonly CounterFact[] = [
  { group: 'TcpExt', name: 'ListenOverflows', troubleWhenRising: true,
    summary: t('A listener\'s accept queue was full, so a SYN or a final ACK was dropped.', '监听套接字的 accept 队列已满，SYN 或最后的 ACK 被丢弃。'),
    details: t('The application does not call accept() fast enough, or its backlog is too small. Each event is also counted in ListenDrops. Clients see slow connects (SYN retransmits after 1 s, 3 s ...).', '应用调用 accept() 不够快，或 backlog 太小。每次事件也会计入 ListenDrops。客户端会看到连接变慢（1 秒、3 秒……后重传 SYN）。'),
    related: ['state:LISTEN', 'sysctl:net.core.somaxconn', 'counter:TcpExt:ListenDrops'] },
  { group: 'TcpExt', name: 'ListenDrops', troubleWhenRising: true,
    summary: t('Any packet dropped by a listening socket (includes ListenOverflows).', '监听套接字丢弃的任何包（包括 ListenOverflows）。'),
    details: t('A superset: accept-queue overflows, SYN-queue drops without cookies, and other failures while creating a connection.', '这是一个超集：accept 队列溢出、无 cookie 时的 SYN 队列丢弃，以及创建连接时的其他失败。'),
    related: ['counter:TcpExt:ListenOverflows', 'counter:TcpExt:TCPReqQFullDrop'] },
  { group: 'TcpExt', name: 'TCPReqQFullDrop', troubleWhenRising: true,
    summary: t('The SYN queue was full and syncookies were off: the SYN was dropped.', 'SYN 队列已满且未启用 syncookie：SYN 被丢弃。'),
    details: t('Typical of SYN floods or bursts on a host with tcp_syncookies=0.', '常见于 SYN 洪泛，或 tcp_syncookies=0 的主机上的突发流量。'),
    related: ['sysctl:net.ipv4.tcp_syncookies', 'state:SYN_RECV'] },
  { group: 'TcpExt', name: 'TCPReqQFullDoCookies', troubleWhenRising: true,
    summary: t('The SYN queue was full, so a SYN cookie was sent instead.', 'SYN 队列已满，因此改为发送 SYN cookie。'),
    details: t('Connections still work, but may lose window scaling and SACK. The kernel logs "Possible SYN flooding on port ...".', '连接仍可建立，但可能失去窗口缩放和 SACK。内核记录 "Possible SYN flooding on port ..."。'),
    related: ['sysctl:net.ipv4.tcp_syncookies', 'counter:TcpExt:SyncookiesSent'] },
  { group: 'TcpExt', name: 'SyncookiesSent', troubleWhenRising: true,
    summary: t('SYN cookies sent.', '已发送的 SYN cookie 数。'),
    details: t('Rises during SYN floods or when the backlog is too small for legitimate bursts.', '在 SYN 洪泛期间，或 backlog 对正常突发流量太小时会增长。'),
    related: ['counter:TcpExt:SyncookiesRecv', 'counter:TcpExt:SyncookiesFailed'] },
  { group: 'TcpExt', name: 'SyncookiesRecv', troubleWhenRising: false,
    summary: t('ACKs carrying a valid SYN cookie.', '携带有效 SYN cookie 的 ACK 数。'),
    details: t('Connections that were established through a cookie.', '通过 cookie 建立的连接。'),
    related: ['counter:TcpExt:SyncookiesSent'] },
  { group: 'TcpExt', name: 'SyncookiesFailed', troubleWhenRising: true,
    summary: t('ACKs whose cookie did not validate.', 'cookie 校验失败的 ACK 数。'),
    details: t('Late or forged ACKs; many mean an attack or very late handshakes.', '迟到或伪造的 ACK；大量出现意味着攻击或握手严重延迟。'),
    related: ['counter:TcpExt:SyncookiesSent'] },
  { group: 'TcpExt', name: 'TCPAbortOnData', troubleWhenRising: false,
    summary: t('A RST was sent because the socket was closed with SO_LINGER {1, 0} or data arrived after the application closed.', '因为以 SO_LINGER {1, 0} 关闭套接字，或应用关闭后仍有数据到达，发送了 RST。'),
    details: t('Node\'s socket.resetAndDestroy() uses SO_LINGER 0. Peers see ECONNRESET.', 'Node 的 socket.resetAndDestroy() 使用 SO_LINGER 0。对端看到 ECONNRESET。'),
    related: ['errno:ECONNRESET'] },
  { group: 'TcpExt', name: 'TCPAbortOnClose', troubleWhenRising: true,
    summary: t('The application closed a socket with unread data, so a RST was sent instead of a FIN.', '应用关闭套接字时仍有未读数据，因此发送了 RST 而不是 FIN。'),
    details: t('The peer sees ECONNRESET, and may lose a response it was still reading. Typical: a server closing without reading the full request.', '对端看到 ECONNRESET，可能丢失它正在读取的响应。常见情况：服务端没有读完请求就关闭。'),
    related: ['errno:ECONNRESET'] },
  { group: 'TcpExt', name: 'TCPAbortOnMemory', troubleWhenRising: true,
    summary: t('An orphaned socket was reset because of tcp_mem or tcp_max_orphans.', '孤儿套接字因 tcp_mem 或 tcp_max_orphans 而被重置。'),
    details: t('The host is under TCP memory pressure or has too many orphans; peers see resets.', '主机处于 TCP 内存压力下或孤儿套接字过多；对端会看到重置。'),
    related: ['sysctl:net.ipv4.tcp_mem', 'sysctl:net.ipv4.tcp_max_orphans'] },
  { group: 'TcpExt', name: 'TCPAbortOnTimeout', troubleWhenRising: true,
    summary: t('A connection was dropped because a retransmission, keepalive or zero-window timer gave up.', '由于重传、keepalive 或零窗口定时器放弃，连接被丢弃。'),
    details: t('The local application gets ETIMEDOUT; no RST is sent.', '本地应用得到 ETIMEDOUT；不发送 RST。'),
    related: ['errno:ETIMEDOUT', 'sysctl:net.ipv4.tcp_retries2'] },
  { group: 'TcpExt', name: 'TCPAbortOnLinger', troubleWhenRising: false,
    summary: t('A FIN_WAIT2 socket was ended early because of TCP_LINGER2.', '由于 TCP_LINGER2，FIN_WAIT2 套接字被提前结束。'),
    details: t('Set per socket by applications that limit FIN_WAIT2.', '由限制 FIN_WAIT2 的应用按套接字设置。'),
    related: ['state:FIN_WAIT2'] },
  { group: 'TcpExt', name: 'TCPTimeWaitOverflow', troubleWhenRising: true,
    summary: t('A TIME_WAIT socket could not be created because tcp_max_tw_buckets was reached.', '由于达到 tcp_max_tw_buckets，无法创建 TIME_WAIT 套接字。'),
    details: t('The connection closes without the TIME_WAIT protection; the kernel logs "time wait bucket table overflow".', '连接关闭时没有 TIME_WAIT 保护；内核记录 "time wait bucket table overflow"。'),
    related: ['sysctl:net.ipv4.tcp_max_tw_buckets', 'state:TIME_WAIT'] },
  { group: 'TcpExt', name: 'TCPRetransFail', troubleWhenRising: true,
    summary: t('A retransmission could not be sent (for example a local queue or memory failure).', '重传无法发送（例如本地队列或内存失败）。'),
    details: t('Points to local problems rather than the network.', '指向本地问题而不是网络。'),
    related: ['counter:Tcp:RetransSegs'] },
  { group: 'TcpExt', name: 'TCPSynRetrans', troubleWhenRising: true,
    summary: t('SYN and SYN+ACK retransmissions.', 'SYN 和 SYN+ACK 的重传次数。'),
    details: t('Handshakes losing packets: unreachable peers, full listen queues, firewalls dropping SYNs.', '握手丢包：对端不可达、监听队列满、防火墙丢弃 SYN。'),
    related: ['state:SYN_SENT', 'counter:TcpExt:ListenOverflows'] },
  { group: 'TcpExt', name: 'TCPTimeouts', troubleWhenRising: true,
    summary: t('Retransmission timer expirations (RTO).', '重传定时器超时（RTO）次数。'),
    details: t('Each one stalls a connection for at least 200 ms; a sign of loss that fast retransmit could not repair.', '每次至少让连接停顿 200 毫秒；说明有快速重传无法修复的丢包。'),
    related: ['counter:Tcp:RetransSegs'] },
  { group: 'TcpExt', name: 'TCPKeepAlive', troubleWhenRising: false,
    summary: t('Keepalive probes sent.', '已发送的 keepalive 探测数。'),
    details: t('Normal when applications enable keepalive.', '应用开启 keepalive 时属于正常现象。'),
    related: ['sysctl:net.ipv4.tcp_keepalive_time'] },
  { group: 'Tcp', name: 'RetransSegs', troubleWhenRising: true,
    summary: t('Segments retransmitted.', '重传的分段数。'),
    details: t('Compare with OutSegs: a retransmission rate above about 1% deserves a look at loss on the path.', '与 OutSegs 对比：重传率超过约 1% 就值得检查路径上的丢包。'),
    related: ['counter:TcpExt:TCPTimeouts'] },
  { group: 'Tcp', name: 'OutRsts', troubleWhenRising: true,
    summary: t('Segments sent with the RST flag.', '发送的带 RST 标志的分段数。'),
    details: t('Includes refusals of connections to closed ports and aborts; a jump means refused connections or application aborts.', '包括拒绝连接关闭的端口和中止；突增意味着连接被拒绝或应用中止连接。'),
    related: ['errno:ECONNREFUSED', 'errno:ECONNRESET'] },
  { group: 'Tcp', name: 'EstabResets', troubleWhenRising: true,
    summary: t('Connections reset from ESTABLISHED or CLOSE_WAIT.', '从 ESTABLISHED 或 CLOSE_WAIT 被重置的连接数。'),
    details: t('Counts resets in either direction on open connections.', '统计已打开连接上任一方向的重置。'),
    related: ['errno:ECONNRESET'] },
  { group: 'Tcp', name: 'AttemptFails', troubleWhenRising: true,
    summary: t('Connection attempts that failed (SYN_SENT or SYN_RECV to CLOSED, SYN_RECV back to LISTEN).', '失败的连接尝试（SYN_SENT 或 SYN_RECV 到 CLOSED，SYN_RECV 回到 LISTEN）。'),
    details: t('Refused and timed-out connects on the client side, and reset handshakes on the server side.', '客户端被拒绝和超时的连接，以及服务端被重置的握手。'),
    related: ['errno:ECONNREFUSED', 'errno:ETIMEDOUT'] },
  { group: 'Tcp', name: 'CurrEstab', troubleWhenRising: false,
    summary: t('Connections now in ESTABLISHED or CLOSE_WAIT (a gauge, not a counter).', '当前处于 ESTABLISHED 或 CLOSE_WAIT 的连接数（是瞬时值而不是计数器）。'),
    details: t('A steadily growing value with flat traffic can be a CLOSE_WAIT leak.', '流量平稳而该值持续增长，可能是 CLOSE_WAIT 泄漏。'),
    related: ['state:ESTABLISHED', 'state:CLOSE_WAIT'] },
  { group: 'Tcp', name: 'ActiveOpens', troubleWhenRising: false,
    summary: t('connect() calls that sent a SYN.', '发出 SYN 的 connect() 调用次数。'),
    details: t('The rate of new outgoing connections; a high rate to one destination risks port exhaustion.', '新外连的速率；对单一目的地速率很高时有端口耗尽的风险。'),
    related: ['errno:EADDRNOTAVAIL'] },
  { group: 'Tcp', name: 'PassiveOpens', troubleWhenRising: false,
    summary: t('Connections accepted by listeners (handshakes completed).', '监听套接字接受的连接数（握手完成）。'),
    details: t('The rate of new incoming connections.', '新入站连接的速率。'),
    related: ['state:LISTEN'] },
];

function buildCounter(f: CounterFact): KnowledgeEntry {
  const file = f.group === 'TcpExt' ? '/proc/net/netstat' : '/proc/net/snmp';
  return {
    kind: 'counter', id: `counter:${f.group}:${f.name}`, name: `${f.group}:${f.name}`,
    aliases: [f.name, `${f.group}${f.name}`],
    numbers: {},
    summary: f.summary,
    details: t(`${f.details.en} Read from ${file} ("${f.group}:" lines); nstat calls it ${f.group}${f.name}.`, `${f.details.zh}读取自 ${file}（"${f.group}:" 行）；nstat 中称为 ${f.group}${f.name}。`),
    checks: [cmd(`nstat -az ${f.group}${f.name}`, 'value since boot; run twice to see the rate', '开机以来的值；运行两次可看出速率'), cmd('tcpdoc doctor', 'counters that grew, with findings', '增长的计数器及诊断结果')],
    fixes: f.troubleWhenRising ? [t('Follow the related entries for the cause of growth.', '根据相关条目查找增长的原因。')] : [],
    related: f.related,
    sources: [SRC.snmpCounter, f.group === 'TcpExt' ? { title: 'Linux include/uapi/linux/snmp.h (LINUX_MIB_*)', url: 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/include/uapi/linux/snmp.h' } : { title: 'RFC 4022: MIB for TCP', url: 'https://www.rfc-editor.org/rfc/rfc4022' }],
  };
}

// The counters as knowledge entries (id counter:GROUP:NAME).
export const COUNTER_ENTRIES: readonly KnowledgeEntry[] = COUNTER_FACTS.map(buildCounter);
