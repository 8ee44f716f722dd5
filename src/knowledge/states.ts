// The 11 TCP states with the kernel's names (include/net/tcp_states.h) and RFC 9293 meaning.
import { SRC } from './sources.js';
import { cmd, t, type KnowledgeEntry, type Text } from './types.js';

interface StateRow {
  name: string;
  number: number;
  rfcName: string;
  summary: Text;
  details: Text;
  checks: Text[];
  fixes: Text[];
  related: string[];
}

const ROWS: readonly StateRow[] = [
  {
    name: 'ESTABLISHED', number: 1, rfcName: 'ESTABLISHED',
    summary: t('The connection is open on both sides and data flows.', '连接在两端都已打开，数据可以传输。'),
    details: t('Both sides reach it: the client when the SYN+ACK arrives (it sends the final ACK), the server when that ACK arrives. It lasts as long as the application keeps the connection. It is left by close() (to FIN_WAIT1), by the peer\'s FIN (to CLOSE_WAIT), or by a RST or timeout (to CLOSED). Many idle ESTABLISHED connections are normal for pools; connections whose peer vanished stay here until keepalive or TCP_USER_TIMEOUT notices.', '两端都会进入：客户端在收到 SYN+ACK（并发出最后的 ACK）时，服务端在收到该 ACK 时。只要应用保持连接，它就一直存在。离开方式：close()（到 FIN_WAIT1）、收到对端 FIN（到 CLOSE_WAIT），或 RST/超时（到 CLOSED）。连接池里大量空闲的 ESTABLISHED 是正常的；对端消失的连接会一直停在这里，直到 keepalive 或 TCP_USER_TIMEOUT 发现。'),
    checks: [cmd('tcpdoc status', 'counts per state and per peer', '按状态和对端统计'), cmd("ss -tnoi state established", 'timers, retransmits and rtt per connection', '每个连接的定时器、重传和 rtt')],
    fixes: [t('For long-lived connections enable keepalive (`socket.setKeepAlive(true, 60_000)`) and, for writers, TCP_USER_TIMEOUT, so dead peers are dropped.', '对长连接开启 keepalive（`socket.setKeepAlive(true, 60_000)`），有写入的还要设置 TCP_USER_TIMEOUT，以便清除失效的对端。')],
    related: ['state:FIN_WAIT1', 'state:CLOSE_WAIT', 'sysctl:net.ipv4.tcp_keepalive_time'],
  },
  {
    name: 'SYN_SENT', number: 2, rfcName: 'SYN-SENT',
    summary: t('Client side: connect() sent a SYN and waits for the SYN+ACK.', '客户端：connect() 已发出 SYN，正在等待 SYN+ACK。'),
    details: t('Entered by an active open. Normally lasts one round trip. It is left for ESTABLISHED when a SYN+ACK arrives, for SYN_RECV when a bare SYN arrives (simultaneous open), and for CLOSED on RST (ECONNREFUSED), ICMP error, or after tcp_syn_retries retransmissions (ETIMEDOUT, about 127-131 s by default). Many SYN_SENT sockets mean the destination drops SYNs (firewall, dead host, full SYN queue without cookies).', '由主动打开进入。通常持续一个往返时间。收到 SYN+ACK 时进入 ESTABLISHED；收到单独的 SYN 时进入 SYN_RECV（同时打开）；收到 RST（ECONNREFUSED）、ICMP 错误，或 SYN 重传 tcp_syn_retries 次后（ETIMEDOUT，默认约 127-131 秒）进入 CLOSED。大量 SYN_SENT 说明目的地在丢弃 SYN（防火墙、主机宕机、未开启 cookie 时 SYN 队列已满）。'),
    checks: [cmd("tcpdoc ls 'state syn-sent'", 'which destinations do not answer', '哪些目的地没有应答'), cmd('tcpdump -ni any "tcp[tcpflags] & tcp-syn != 0"', 'SYNs and whether a SYN+ACK comes back', 'SYN 以及是否有 SYN+ACK 返回')],
    fixes: [t('Check firewalls and the server\'s listen queue; use short application connect timeouts.', '检查防火墙和服务端的监听队列；使用较短的应用层连接超时。')],
    related: ['errno:ETIMEDOUT', 'errno:ECONNREFUSED', 'sysctl:net.ipv4.tcp_syn_retries', 'state:SYN_RECV'],
  },
  {
    name: 'SYN_RECV', number: 3, rfcName: 'SYN-RECEIVED',
    summary: t('Server side: a SYN arrived and a SYN+ACK was sent; waiting for the final ACK (a half-open request).', '服务端：收到 SYN 并已回复 SYN+ACK；正在等待最后的 ACK（半连接请求）。'),
    details: t('On Linux these are request sockets in the listener\'s SYN queue, shown by ss as SYN-RECV. They last one round trip; the SYN+ACK is retried tcp_synack_retries times (about 63 s) before the request is dropped. A client in SYN_SENT that receives a SYN also enters it (simultaneous open). Hundreds or thousands of them point to a SYN flood or to clients that cannot complete the handshake (asymmetric routing, a firewall dropping the final ACK). Connections answered with SYN cookies never appear here.', '在 Linux 上它们是监听套接字 SYN 队列中的请求套接字，ss 显示为 SYN-RECV。通常持续一个往返；SYN+ACK 会重传 tcp_synack_retries 次（约 63 秒）后请求被丢弃。处于 SYN_SENT 的客户端收到 SYN 时也会进入此状态（同时打开）。成百上千个这种状态意味着 SYN 洪泛，或客户端无法完成握手（非对称路由、防火墙丢弃了最后的 ACK）。用 SYN cookie 应答的连接不会出现在这里。'),
    checks: [cmd("tcpdoc ls 'state syn-recv'", 'half-open requests per listener and source', '每个监听端口和来源的半连接请求'), cmd('nstat -az TcpExtSyncookiesSent TcpExtTCPReqQFullDrop TcpExtListenDrops', 'cookies and drops', 'cookie 与丢弃计数'), cmd('tcpdoc doctor', 'SYN flood and queue findings', 'SYN 洪泛和队列相关诊断')],
    fixes: [t('Keep net.ipv4.tcp_syncookies=1; raise the application backlog and net.core.somaxconn for legitimate bursts; filter floods upstream.', '保持 net.ipv4.tcp_syncookies=1；针对正常的突发流量提高应用 backlog 和 net.core.somaxconn；在上游过滤洪泛。')],
    related: ['state:LISTEN', 'sysctl:net.ipv4.tcp_syncookies', 'sysctl:net.ipv4.tcp_synack_retries', 'sysctl:net.ipv4.tcp_max_syn_backlog', 'counter:TcpExt:TCPReqQFullDrop'],
  },
  {
    name: 'FIN_WAIT1', number: 4, rfcName: 'FIN-WAIT-1',
    summary: t('This side called close() or shutdown(): its FIN is sent but not yet acknowledged.', '本端调用了 close() 或 shutdown()：FIN 已发出但尚未被确认。'),
    details: t('Entered from ESTABLISHED (or SYN_RECV) by closing. Normally lasts one round trip. Left for FIN_WAIT2 when the FIN is acknowledged, for CLOSING when the peer\'s FIN arrives first (simultaneous close), or straight to TIME_WAIT when a FIN+ACK arrives. Many FIN_WAIT1 sockets mean the peer does not acknowledge: it is gone, or its receive window is zero and our queued data (sent before the FIN) cannot drain.', '由 ESTABLISHED（或 SYN_RECV）关闭进入。通常持续一个往返。FIN 被确认后进入 FIN_WAIT2；对端的 FIN 先到时进入 CLOSING（同时关闭）；收到 FIN+ACK 时直接进入 TIME_WAIT。大量 FIN_WAIT1 说明对端不确认：它已消失，或其接收窗口为零，我们排在 FIN 前面的数据无法发完。'),
    checks: [cmd("ss -tno state fin-wait-1", 'Send-Q and timers: stuck data and retransmission or probe timers', 'Send-Q 与定时器：滞留的数据和重传或探测定时器')],
    fixes: [t('Orphaned FIN_WAIT1 sockets are retried tcp_orphan_retries times and then dropped; for clients that stop reading, set TCP_USER_TIMEOUT or destroy the socket after a grace period.', '孤儿 FIN_WAIT1 套接字会重试 tcp_orphan_retries 次后被丢弃；对不再读取的客户端，设置 TCP_USER_TIMEOUT，或在宽限期后销毁套接字。')],
    related: ['state:FIN_WAIT2', 'state:CLOSING', 'state:TIME_WAIT', 'sysctl:net.ipv4.tcp_orphan_retries'],
  },
  {
    name: 'FIN_WAIT2', number: 5, rfcName: 'FIN-WAIT-2',
    summary: t('Our FIN was acknowledged; waiting for the peer to close its side.', '我们的 FIN 已被确认；正在等待对端关闭它那一侧。'),
    details: t('The connection is half-closed: the peer may still send data. Left for TIME_WAIT when the peer\'s FIN arrives. If the application fully closed the socket (orphan), Linux keeps it only tcp_fin_timeout seconds (default 60) and then drops it; a socket still held after shutdown(SHUT_WR) can stay forever. Many FIN_WAIT2 sockets mean peers that never close: typically a server leaking CLOSE_WAIT on the other side.', '连接处于半关闭：对端仍可能发送数据。收到对端 FIN 时进入 TIME_WAIT。如果应用已完全关闭该套接字（孤儿），Linux 只保留 tcp_fin_timeout 秒（默认 60），然后丢弃；在 shutdown(SHUT_WR) 后仍被持有的套接字可以一直停留。大量 FIN_WAIT2 意味着对端从不关闭：通常是另一侧的服务器泄漏了 CLOSE_WAIT。'),
    checks: [cmd("tcpdoc ls 'state fin-wait-2'", 'which peers do not close', '哪些对端不关闭'), t('On the peer host: `tcpdoc ls \'state close-wait\'`', '在对端主机上：`tcpdoc ls \'state close-wait\'`')],
    fixes: [t('Fix the peer that never closes. tcp_fin_timeout only limits orphaned FIN_WAIT2 sockets; it does not change TIME_WAIT.', '修复从不关闭的对端。tcp_fin_timeout 只限制孤儿 FIN_WAIT2 套接字；它不改变 TIME_WAIT。')],
    related: ['state:CLOSE_WAIT', 'state:TIME_WAIT', 'sysctl:net.ipv4.tcp_fin_timeout'],
  },
  {
    name: 'TIME_WAIT', number: 6, rfcName: 'TIME-WAIT',
    summary: t('The side that closed first waits 60 s (Linux) so late packets of this connection die out.', '先关闭的一方等待 60 秒（Linux），让这个连接的迟到报文消失。'),
    details: t('Entered from FIN_WAIT2 or CLOSING (or from FIN_WAIT1 on FIN+ACK) after the last ACK is sent. RFC 9293 asks for 2 x MSL (4 minutes); Linux uses a fixed TCP_TIMEWAIT_LEN of 60 s that no sysctl changes. It protects a new connection on the same 4-tuple from old segments and lets the last ACK be resent. Tens of thousands are normal on busy clients and proxies; they cost little memory. They become a problem when one host makes so many short connections to the same destination IP and port that ephemeral ports run out (EADDRNOTAVAIL).', '在发出最后的 ACK 后，由 FIN_WAIT2 或 CLOSING（或 FIN_WAIT1 收到 FIN+ACK 时）进入。RFC 9293 要求 2 × MSL（4 分钟）；Linux 使用固定的 TCP_TIMEWAIT_LEN 60 秒，没有 sysctl 能改变。它保护同一四元组上的新连接不受旧报文干扰，并允许重发最后的 ACK。在繁忙的客户端和代理上有几万个是正常的，占用内存很少。只有当一台主机向同一目的 IP 和端口发起大量短连接、导致临时端口耗尽（EADDRNOTAVAIL）时，它才成为问题。'),
    checks: [cmd('tcpdoc status', 'TIME_WAIT per remote address and port', '每个远端地址和端口的 TIME_WAIT 数'), cmd('cat /proc/net/sockstat', '"tw" count', '"tw" 计数'), cmd('nstat -az TcpExtTCPTimeWaitOverflow', 'TIME_WAIT sockets that could not be created', '无法创建的 TIME_WAIT 套接字')],
    fixes: [t('Reuse connections (keep-alive, pools). For many outgoing connections to one destination, net.ipv4.tcp_tw_reuse=1. Do not lower tcp_max_tw_buckets, and do not look for tcp_tw_recycle: it was removed in Linux 4.12 because it broke clients behind NAT.', '复用连接（keep-alive、连接池）。对同一目的地的大量外连，设置 net.ipv4.tcp_tw_reuse=1。不要降低 tcp_max_tw_buckets，也不要寻找 tcp_tw_recycle：它因破坏 NAT 后的客户端已在 Linux 4.12 中删除。')],
    related: ['errno:EADDRNOTAVAIL', 'sysctl:net.ipv4.tcp_tw_reuse', 'sysctl:net.ipv4.tcp_tw_recycle', 'sysctl:net.ipv4.tcp_max_tw_buckets', 'sysctl:net.ipv4.tcp_fin_timeout', 'counter:TcpExt:TCPTimeWaitOverflow'],
  },
  {
    name: 'CLOSE', number: 7, rfcName: 'CLOSED',
    summary: t('No connection: the starting and final state (the kernel calls it CLOSE).', '没有连接：起始和最终状态（内核称为 CLOSE）。'),
    details: t('A socket is here before connect()/listen() and after the connection ends (RST, timeout, TIME_WAIT expiry, LAST_ACK acknowledged). ss shows UNCONN or CLOSED for sockets that exist but have no connection, for example after a failed connect() the application has not closed yet.', '套接字在 connect()/listen() 之前以及连接结束之后（RST、超时、TIME_WAIT 到期、LAST_ACK 被确认）处于此状态。对于存在但没有连接的套接字，ss 显示 UNCONN 或 CLOSED，例如 connect() 失败后应用尚未关闭的套接字。'),
    checks: [cmd("ss -tan state closed", 'sockets without a connection that are still open', '仍然打开但没有连接的套接字')],
    fixes: [t('Close sockets after a failed connect; many of them are a descriptor leak.', '连接失败后关闭套接字；大量此类套接字就是描述符泄漏。')],
    related: ['state:LISTEN', 'state:SYN_SENT', 'state:TIME_WAIT'],
  },
  {
    name: 'CLOSE_WAIT', number: 8, rfcName: 'CLOSE-WAIT',
    summary: t('The peer closed its side (FIN received); this application has not called close() yet.', '对端已关闭它那一侧（收到了 FIN）；本地应用尚未调用 close()。'),
    details: t('Entered from ESTABLISHED when the peer\'s FIN arrives; the kernel ACKs it and read() returns 0 (end of stream). The state lasts until the application closes the socket, which moves it to LAST_ACK. No timer and no sysctl ends it. A few short-lived CLOSE_WAIT sockets are normal; many, or old ones, are a bug: the application misses the end of the stream or forgets to close on some path, and leaks descriptors until EMFILE. A RST arriving in CLOSE_WAIT makes later writes fail with EPIPE.', '当对端的 FIN 到达时由 ESTABLISHED 进入；内核确认它，read() 返回 0（流结束）。此状态一直持续到应用关闭套接字，然后进入 LAST_ACK。没有定时器或 sysctl 能结束它。少量短暂的 CLOSE_WAIT 是正常的；大量或长时间存在的则是 bug：应用没有处理流结束，或某条路径上忘了关闭，导致描述符泄漏直到 EMFILE。在 CLOSE_WAIT 中收到 RST 会使之后的写以 EPIPE 失败。'),
    checks: [cmd("tcpdoc ls 'state close-wait'", 'the owning process, peer and unread bytes (Recv-Q)', '所属进程、对端和未读字节（Recv-Q）'), cmd('tcpdoc doctor', 'flags CLOSE_WAIT leaks per process', '按进程标出 CLOSE_WAIT 泄漏'), cmd("ss -tanp state close-wait", 'the same with ss', '用 ss 查看同样的信息')],
    fixes: [
      t('Close the socket when the peer ends: in Node, handle "end" (call socket.end() or destroy()), or keep the default allowHalfOpen: false so Node ends it for you.', '对端结束时关闭套接字：在 Node 中处理 "end" 事件（调用 socket.end() 或 destroy()），或保持默认 allowHalfOpen: false 让 Node 自动结束。'),
      t('Make sure every error and timeout path closes the socket; for HTTP clients, consume or destroy every response body.', '确保每条出错和超时路径都关闭套接字；对 HTTP 客户端，读完或销毁每个响应体。'),
    ],
    related: ['state:LAST_ACK', 'state:FIN_WAIT2', 'errno:EMFILE', 'errno:EPIPE'],
  },
  {
    name: 'LAST_ACK', number: 9, rfcName: 'LAST-ACK',
    summary: t('After CLOSE_WAIT the application closed: our FIN is sent, waiting for its ACK.', 'CLOSE_WAIT 之后应用已关闭：我们的 FIN 已发出，正在等待它的 ACK。'),
    details: t('Entered from CLOSE_WAIT by close(). Lasts one round trip; the ACK of our FIN moves it to CLOSED. If the peer is gone the FIN is retransmitted until the orphan retries run out. Many LAST_ACK sockets mean peers that vanish right after closing (for example behind a NAT that dropped state).', '由 CLOSE_WAIT 调用 close() 进入。持续一个往返；我们的 FIN 被确认后进入 CLOSED。如果对端已消失，FIN 会一直重传，直到孤儿重试次数用完。大量 LAST_ACK 说明对端在关闭后立即消失（例如在已丢失状态的 NAT 之后）。'),
    checks: [cmd("ss -tno state last-ack", 'retransmission timers', '重传定时器')],
    fixes: [t('Usually nothing; check middleboxes if they accumulate.', '通常无需处理；如果持续累积，检查中间设备。')],
    related: ['state:CLOSE_WAIT', 'state:CLOSE', 'sysctl:net.ipv4.tcp_orphan_retries'],
  },
  {
    name: 'LISTEN', number: 10, rfcName: 'LISTEN',
    summary: t('A server socket waiting for connections (after listen()).', '等待连接的服务端套接字（listen() 之后）。'),
    details: t('Entered by listen(); left only by close(). For LISTEN rows ss shows the accept queue now (Recv-Q) and its limit (Send-Q) = min(backlog, net.core.somaxconn). An incoming SYN creates a request (SYN_RECV) while the listener stays in LISTEN. A full accept queue drops SYNs and final ACKs (ListenOverflows); Node\'s default backlog is 511. A sending socket in LISTEN can in theory send a SYN and move to SYN_SENT (RFC 9293), which sockets do not do.', '由 listen() 进入；只有 close() 才会离开。对 LISTEN 行，ss 显示当前的 accept 队列（Recv-Q）和它的上限（Send-Q）= min(backlog, net.core.somaxconn)。到来的 SYN 会创建一个请求（SYN_RECV），监听套接字本身保持 LISTEN。accept 队列满时 SYN 和最后的 ACK 会被丢弃（ListenOverflows）；Node 的默认 backlog 是 511。按 RFC 9293，LISTEN 状态的套接字理论上可以发送 SYN 进入 SYN_SENT，但套接字接口不会这样做。'),
    checks: [cmd('ss -ltn', 'Recv-Q near Send-Q means the application accepts too slowly', 'Recv-Q 接近 Send-Q 说明应用 accept 太慢'), cmd('nstat -az TcpExtListenOverflows TcpExtListenDrops', 'accept-queue overflows', 'accept 队列溢出次数'), cmd("tcpdoc ls 'state listening'", 'listeners and owners', '监听套接字及其所属进程')],
    fixes: [t('Accept faster (do not block the event loop), pass a larger backlog (`server.listen({port, backlog: 4096})`) and raise net.core.somaxconn to match.', '加快 accept（不要阻塞事件循环），传入更大的 backlog（`server.listen({port, backlog: 4096})`），并相应提高 net.core.somaxconn。')],
    related: ['state:SYN_RECV', 'sysctl:net.core.somaxconn', 'counter:TcpExt:ListenOverflows', 'counter:TcpExt:ListenDrops', 'errno:EADDRINUSE'],
  },
  {
    name: 'CLOSING', number: 11, rfcName: 'CLOSING',
    summary: t('Simultaneous close: both sides sent FIN before seeing the other\'s ACK.', '同时关闭：双方在看到对方的 ACK 之前都发出了 FIN。'),
    details: t('Entered from FIN_WAIT1 when the peer\'s FIN arrives before the ACK of our FIN. Left for TIME_WAIT when that ACK arrives, usually within one round trip. It is rare; many CLOSING sockets mean the final ACKs are lost.', '当对端的 FIN 先于我们 FIN 的 ACK 到达时，由 FIN_WAIT1 进入。该 ACK 到达后进入 TIME_WAIT，通常在一个往返内。这种状态很少见；大量 CLOSING 说明最后的 ACK 丢失了。'),
    checks: [cmd('ss -tno state closing', 'retransmission timers', '重传定时器')],
    fixes: [t('Usually nothing; check for packet loss on the path if they persist.', '通常无需处理；如果持续存在，检查路径上的丢包。')],
    related: ['state:FIN_WAIT1', 'state:TIME_WAIT'],
  },
];

// The 11 states as entries (ids state:KERNEL_NAME, e.g. state:CLOSE_WAIT).
export const STATE_ENTRIES: readonly KnowledgeEntry[] = ROWS.map((row) => ({
  kind: 'state',
  id: `state:${row.name}`,
  name: row.name,
  aliases: [row.rfcName, ...(row.name === 'CLOSE' ? ['CLOSED', 'UNCONN'] : []), ...(row.name === 'SYN_RECV' ? ['SYN_RECEIVED'] : [])],
  numbers: { state: row.number },
  summary: row.summary,
  details: row.details,
  checks: row.checks,
  fixes: row.fixes,
  related: row.related,
  sources: [SRC.rfc9293, SRC.tcpStatesH, row.name === 'TIME_WAIT' ? SRC.tcpH : row.name === 'FIN_WAIT2' ? SRC.tcpTimer : SRC.tcpInput],
}));
