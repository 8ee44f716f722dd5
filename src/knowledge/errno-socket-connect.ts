// Deep errno entries for failures of an established or opening connection: refused, reset, timed out, unreachable.
import { SRC } from './sources.js';
import { cmd, t } from './types.js';
import type { ErrnoDeep } from './errno-deep.js';

// Refused, reset, timed-out, unreachable and broken connections.
export const ERRNO_CONNECT: readonly ErrnoDeep[] = [
  {
    name: 'ECONNREFUSED',
    summary: t(
      'The peer answered the connection attempt with a reset: nothing listens on that address and port.',
      '对端用 RST 回应了连接请求：该地址和端口上没有程序在监听。',
    ),
    details: t(
      'connect() sent a SYN and got a RST back while the socket was in SYN_SENT (tcp_reset in net/ipv4/tcp_input.c turns that into ECONNREFUSED). The same error comes from an ICMP "port unreachable" (IPv4 type 3 code 3, ICMPv6 type 1 code 4), often produced by a firewall rule such as `REJECT --reject-with icmp-port-unreachable`. A connected UDP socket reports it on its next send or receive after a port-unreachable. Refusal is fast (one round trip); a silent drop gives ETIMEDOUT instead. A full accept queue does not refuse: Linux drops the SYN and the client retries.',
      'connect() 发出 SYN 后，套接字处于 SYN_SENT 时收到了 RST（net/ipv4/tcp_input.c 的 tcp_reset 把它变成 ECONNREFUSED）。ICMP "端口不可达"（IPv4 类型 3 代码 3，ICMPv6 类型 1 代码 4）也会产生这个错误，常见于 `REJECT --reject-with icmp-port-unreachable` 之类的防火墙规则。已 connect 的 UDP 套接字在收到端口不可达后的下一次收发时报告它。拒绝很快（一个往返）；如果包被静默丢弃，得到的是 ETIMEDOUT。accept 队列满并不会拒绝连接：Linux 丢弃 SYN，客户端会重传。',
    ),
    checks: [
      cmd("ss -ltnp 'sport = :{port}'", 'is anything listening on the port, and on which address (127.0.0.1 only vs 0.0.0.0/::)?', '端口上是否有进程监听？监听在哪个地址（只有 127.0.0.1 还是 0.0.0.0/::）？'),
      cmd("tcpdoc ls 'state listening'", 'every listener with its owner process', '列出所有监听套接字及其所属进程'),
      cmd('tcpdump -ni any host {address} and port {port}', 'a SYN answered by [R.] means a refusal from the host; an ICMP unreachable means a firewall', 'SYN 被 [R.] 回应说明是主机拒绝；ICMP 不可达说明是防火墙'),
      cmd('iptables -S; nft list ruleset', 'look for REJECT rules', '查找 REJECT 规则'),
    ],
    fixes: [
      t('Start the server, or point the client at the right host and port (check environment variables and service discovery).', '启动服务端，或让客户端连接正确的主机和端口（检查环境变量和服务发现配置）。'),
      t('If the server listens on 127.0.0.1 only, bind it to 0.0.0.0 or :: so other hosts and containers can reach it, e.g. `server.listen(port, "0.0.0.0")`. Inside a container, "localhost" is the container itself.', '如果服务只监听 127.0.0.1，请绑定到 0.0.0.0 或 ::，让其他主机和容器能访问，例如 `server.listen(port, "0.0.0.0")`。在容器里 "localhost" 指容器自己。'),
      t('During restarts, retry with backoff instead of failing at once: refusals are expected while the listener is down.', '重启期间应带退避地重试，而不是立刻失败：监听端关闭时被拒绝是预期的。'),
    ],
    related: ['errno:ETIMEDOUT', 'errno:EHOSTUNREACH', 'icmp:3/3', 'icmpv6:1/4', 'tcpdump:flags:R.', 'node:connect-econnrefused', 'state:SYN_SENT'],
    sources: [SRC.tcpInput, SRC.icmpC, SRC.connectMan, SRC.rfc9293],
  },
  {
    name: 'ECONNRESET',
    summary: t(
      'The peer (or a middlebox) sent a TCP reset: the connection was aborted, not closed cleanly.',
      '对端（或中间设备）发送了 TCP RST：连接被中止，而不是正常关闭。',
    ),
    details: t(
      'A RST arrived on a connected socket (tcp_reset in net/ipv4/tcp_input.c; in SYN_SENT it would be ECONNREFUSED, in CLOSE_WAIT EPIPE). The next read or write fails with ECONNRESET, and later writes get EPIPE. Peers send RST when they close a socket that still has unread data (counter TCPAbortOnClose), when SO_LINGER is {on, 0} (Node: socket.resetAndDestroy(); counter TCPAbortOnData), when a segment arrives for a connection they no longer know (a restarted process, a NAT or load balancer that forgot the flow, a keep-alive connection the server already closed), or when a firewall injects one. Node shows it as `read ECONNRESET`, `write ECONNRESET`, or in HTTP clients as "socket hang up" with code ECONNRESET.',
      '已连接的套接字收到了 RST（net/ipv4/tcp_input.c 的 tcp_reset；若在 SYN_SENT 状态则为 ECONNREFUSED，在 CLOSE_WAIT 状态则为 EPIPE）。下一次读或写以 ECONNRESET 失败，之后的写得到 EPIPE。对端在以下情况发送 RST：关闭套接字时还有未读数据（计数器 TCPAbortOnClose）；设置了 SO_LINGER {on, 0}（Node 的 socket.resetAndDestroy()，计数器 TCPAbortOnData）；收到一个它已不认识的连接的报文（进程重启、NAT 或负载均衡器忘了这条流、服务端已关闭的 keep-alive 连接）；或防火墙注入了 RST。Node 里显示为 `read ECONNRESET`、`write ECONNRESET`，HTTP 客户端中显示为带 ECONNRESET 代码的 "socket hang up"。',
    ),
    checks: [
      cmd('tcpdump -ni any host {address} and port {port}', 'who sends the [R] or [R.], and right after what (idle gap, request, close)', '谁发送了 [R] 或 [R.]，紧跟在什么之后（空闲间隔、请求、关闭）'),
      cmd('tcpdoc trace --live', 'the reset with its direction and the state of each side', '显示 RST 的方向以及两端各自的状态'),
      cmd("nstat -az TcpExtTCPAbortOnClose TcpExtTCPAbortOnData TcpEstabResets", 'resets this host sent or received', '本机发送或收到的重置次数'),
      cmd('tcpdoc trace --live -i any', 'live: resets sent and received, with the connection they end', '实时查看：发送和收到的 RST 及其所结束的连接'),
    ],
    fixes: [
      t('HTTP keep-alive: make the client\'s idle timeout shorter than the server\'s keepAliveTimeout (Node server default 5 s) and retry idempotent requests once on ECONNRESET from a reused socket.', 'HTTP keep-alive：让客户端的空闲超时短于服务端的 keepAliveTimeout（Node 服务端默认 5 秒），对复用套接字上出现 ECONNRESET 的幂等请求重试一次。'),
      t('Always attach an "error" handler to sockets and streams; without one, a reset crashes a Node process.', '始终为套接字和流添加 "error" 处理器；没有它，一次重置就会让 Node 进程崩溃。'),
      t('On the peer, read the whole request before closing, and close with end() rather than destroy(), so it sends FIN instead of RST.', '在对端先读完整个请求再关闭，并用 end() 而不是 destroy() 关闭，这样发出的是 FIN 而不是 RST。'),
      t('Behind NAT or load balancers with idle timeouts, enable TCP keepalive with an idle time below that timeout: `socket.setKeepAlive(true, 30_000)`.', '在有空闲超时的 NAT 或负载均衡器之后，开启 TCP keepalive，空闲时间小于该超时：`socket.setKeepAlive(true, 30_000)`。'),
    ],
    related: ['errno:EPIPE', 'errno:ECONNREFUSED', 'errno:ECONNABORTED', 'node:read-econnreset', 'node:socket-hang-up', 'node:und-err-socket', 'tcpdump:flags:R', 'tcpdump:flags:R.', 'counter:TcpExt:TCPAbortOnClose', 'counter:TcpExt:TCPAbortOnData', 'counter:Tcp:EstabResets'],
    sources: [SRC.tcpInput, SRC.tcpC, SRC.socketMan, SRC.nodeNet, SRC.rfc9293, SRC.snmpCounter],
  },
  {
    name: 'ETIMEDOUT',
    summary: t(
      'The kernel gave up on the connection: no answer to SYNs, retransmissions or keepalive probes.',
      '内核放弃了这个连接：SYN、重传或 keepalive 探测都没有得到回应。',
    ),
    details: t(
      'Three kernel timers end in ETIMEDOUT (net/ipv4/tcp_timer.c). connect(): SYNs went unanswered tcp_syn_retries times (default 6: about 127 s, or about 131 s from Linux 6.5; per socket TCP_SYNCNT). Established with unacknowledged data: tcp_retries2 retransmissions (default 15, at least 924.6 s) or TCP_USER_TIMEOUT. Idle with SO_KEEPALIVE: keepalive probes went unanswered (idle + interval x count). The packets were dropped somewhere silently: a firewall DROP rule, a host that is down, a dead NAT entry, a saturated link. If an ICMP error arrived meanwhile, that error (for example EHOSTUNREACH) is reported instead. Node\'s own timeouts (socket.setTimeout, ERR_SOCKET_CONNECTION_TIMEOUT) are separate and do not come from the kernel.',
      '有三个内核定时器会以 ETIMEDOUT 结束（net/ipv4/tcp_timer.c）。connect()：SYN 重传 tcp_syn_retries 次仍无回应（默认 6 次：约 127 秒，Linux 6.5 起约 131 秒；单个套接字可用 TCP_SYNCNT）。已建立且有未确认数据：重传 tcp_retries2 次（默认 15，至少 924.6 秒）或到达 TCP_USER_TIMEOUT。空闲且开启 SO_KEEPALIVE：keepalive 探测无回应（空闲时间 + 间隔 × 次数）。这些包在某处被静默丢弃：防火墙 DROP 规则、主机宕机、NAT 表项失效、链路拥塞。如果期间收到了 ICMP 错误，则报告那个错误（例如 EHOSTUNREACH）。Node 自己的超时（socket.setTimeout、ERR_SOCKET_CONNECTION_TIMEOUT）是另一回事，不来自内核。',
    ),
    checks: [
      cmd('tcpdump -ni any host {address} and port {port}', 'repeated [S] with no answer = SYNs dropped; repeated data with no ACK = path or peer dead', '反复出现 [S] 而无回应说明 SYN 被丢弃；数据反复重传而无 ACK 说明路径或对端失效'),
      cmd("ss -tnoi 'dst {address}'", 'timer:(on,...) and retrans counts on the socket', '查看套接字上的 timer:(on,...) 和重传次数'),
      cmd('nc -vz -w 3 {address} {port}', 'TCP reachability from here', '从本机检查 TCP 可达性'),
      cmd('sysctl net.ipv4.tcp_syn_retries net.ipv4.tcp_retries2', 'how long the kernel waits', '内核等待的时间设置'),
    ],
    fixes: [
      t('Check security groups and firewalls between the two hosts for rules that drop (not reject) the traffic.', '检查两台主机之间的安全组和防火墙，看是否有丢弃（而非拒绝）流量的规则。'),
      t('Use application-level connect timeouts (a few seconds) instead of waiting two minutes for the kernel; in Node: `net.connect({host, port, timeout: 5000})` plus a "timeout" handler that destroys the socket.', '使用应用层连接超时（几秒钟），而不是等内核两分钟；在 Node 中：`net.connect({host, port, timeout: 5000})`，并在 "timeout" 事件中销毁套接字。'),
      t('For long-lived connections set TCP_USER_TIMEOUT and keepalive so dead peers are detected in seconds, not 15 minutes.', '对长连接设置 TCP_USER_TIMEOUT 和 keepalive，使失效的对端在几秒内而不是 15 分钟后被发现。'),
    ],
    related: ['errno:EHOSTUNREACH', 'errno:ECONNREFUSED', 'sysctl:net.ipv4.tcp_syn_retries', 'sysctl:net.ipv4.tcp_retries2', 'sysctl:net.ipv4.tcp_keepalive_time', 'node:err-socket-connection-timeout', 'counter:TcpExt:TCPAbortOnTimeout', 'state:SYN_SENT'],
    sources: [SRC.tcpTimer, SRC.ipSysctl, SRC.tcpMan, SRC.rfc6298],
  },
  {
    name: 'EHOSTUNREACH',
    summary: t(
      'No route to host: a router or this host reported the destination unreachable, or ARP/neighbour discovery got no answer.',
      '没有到主机的路由：路由器或本机报告目的地不可达，或者 ARP/邻居发现没有得到回应。',
    ),
    details: t(
      'Sources: an ICMP destination unreachable for the host (IPv4 type 3 codes 1, 10, 12, 13, 14, 15) or time exceeded; ICMPv6 address unreachable (type 1 code 3) or time exceeded; a local "prohibit" route; or an on-link neighbour that never answers ARP (the kernel gives up after about 3 s). During connect() the first such error aborts the attempt at once. On an established connection host/net unreachable are soft errors: they are remembered and reported only if the connection later times out (instead of ETIMEDOUT), unless IP_RECVERR is set. `iptables -j REJECT --reject-with icmp-host-prohibited` (code 10) produces it within milliseconds.',
      '来源：针对主机的 ICMP 目的不可达（IPv4 类型 3 代码 1、10、12、13、14、15）或超时（time exceeded）；ICMPv6 地址不可达（类型 1 代码 3）或超时；本地的 "prohibit" 路由；或同一链路上的邻居始终不回应 ARP（内核约 3 秒后放弃）。在 connect() 期间，第一个此类错误就会立即中止连接。对已建立的连接，主机/网络不可达属于软错误：内核记下它，只在连接之后超时才报告（代替 ETIMEDOUT），除非设置了 IP_RECVERR。`iptables -j REJECT --reject-with icmp-host-prohibited`（代码 10）会在几毫秒内产生它。',
    ),
    checks: [
      cmd('ip route get {address}', 'which route and interface the kernel picks', '内核选择的路由和接口'),
      cmd('ip neigh show', 'FAILED or INCOMPLETE neighbour entries', '处于 FAILED 或 INCOMPLETE 状态的邻居表项'),
      cmd('tcpdump -ni any icmp or icmp6 or arp', 'who sends the unreachable, with which code', '谁发出了不可达消息，代码是什么'),
      cmd('tracepath -n {address}', 'the path and the hop where it stops', '路径以及在哪一跳中断'),
    ],
    fixes: [
      t('Fix the route or the firewall that rejects (the ICMP source address tells which router or host it is).', '修正路由或进行拒绝的防火墙（ICMP 的源地址说明是哪台路由器或主机）。'),
      t('If the target is on the same subnet, check that it is up and on that VLAN; a wrong netmask also causes ARP for off-link hosts.', '如果目标在同一子网，检查它是否在线并在同一 VLAN；错误的子网掩码也会导致对非本链路主机发 ARP。'),
    ],
    related: ['errno:ENETUNREACH', 'errno:ETIMEDOUT', 'errno:EHOSTDOWN', 'icmp:3/1', 'icmp:3/10', 'icmp:3/13', 'icmpv6:1/3', 'icmp:11/0'],
    sources: [SRC.icmpC, SRC.icmpV6C, SRC.tcpIpv4, SRC.ipMan, SRC.rfc1122],
  },
  {
    name: 'ENETUNREACH',
    summary: t(
      'Network is unreachable: there is no route to the destination network, or a router said so.',
      '网络不可达：没有到目标网络的路由，或者有路由器这样报告。',
    ),
    details: t(
      'Most often the local routing table has no route (no default gateway, IPv6 address with no IPv6 connectivity), and connect() fails at once. It also comes from ICMP net unreachable (IPv4 type 3 codes 0, 6, 9, 11) or ICMPv6 no route (type 1 code 0). With Node\'s autoSelectFamily an IPv6 attempt may fail with ENETUNREACH while IPv4 works; the error then appears inside an AggregateError.',
      '最常见的是本机路由表中没有路由（没有默认网关、有 IPv6 地址却没有 IPv6 连通性），connect() 会立即失败。它也来自 ICMP 网络不可达（IPv4 类型 3 代码 0、6、9、11）或 ICMPv6 无路由（类型 1 代码 0）。使用 Node 的 autoSelectFamily 时，IPv6 尝试可能以 ENETUNREACH 失败而 IPv4 正常；这时错误出现在 AggregateError 里。',
    ),
    checks: [
      cmd('ip route get {address}', '"Network is unreachable" here means a local routing problem', '此处显示 "Network is unreachable" 说明是本机路由问题'),
      cmd('ip route; ip -6 route', 'is there a default route for this address family?', '该地址族是否有默认路由？'),
    ],
    fixes: [
      t('Add the missing route or default gateway, or connect over the address family that has connectivity (in Node: `family: 4` or `dns.setDefaultResultOrder("ipv4first")`).', '添加缺少的路由或默认网关，或改用有连通性的地址族（Node 中：`family: 4` 或 `dns.setDefaultResultOrder("ipv4first")`）。'),
    ],
    related: ['errno:EHOSTUNREACH', 'errno:ENETDOWN', 'icmp:3/0', 'icmpv6:1/0', 'node:aggregate-error'],
    sources: [SRC.icmpC, SRC.icmpV6C, SRC.connectMan, SRC.ipMan],
  },
  {
    name: 'EHOSTDOWN',
    summary: t('Host is down: an ICMP "host unknown" arrived, or the link layer reports the host as down.', '主机已关闭：收到了 ICMP "主机未知"，或链路层报告主机不在线。'),
    details: t(
      'Linux maps ICMP destination unreachable code 7 (destination host unknown) to EHOSTDOWN in icmp_err_convert. It is rare on the Internet; some drivers and protocols (and macOS for unreachable neighbours) report it as well.',
      'Linux 在 icmp_err_convert 中把 ICMP 目的不可达代码 7（目的主机未知）映射为 EHOSTDOWN。它在互联网上很少见；一些驱动和协议（以及 macOS 上不可达的邻居）也会报告它。',
    ),
    checks: [cmd('tcpdump -ni any icmp', 'look for "host unknown" messages', '查找 "host unknown" 消息'), cmd('ping {address}', 'is the host answering at all?', '主机是否有任何回应？')],
    fixes: [t('Bring the host up or correct the address.', '让主机上线或更正地址。')],
    related: ['errno:EHOSTUNREACH', 'icmp:3/7'],
    sources: [SRC.icmpC, SRC.rfc1122],
  },
  {
    name: 'ENETDOWN',
    summary: t('Network is down: the interface the route uses is down.', '网络已关闭：路由所用的接口处于关闭状态。'),
    details: t(
      'Sending through an interface that is administratively or physically down fails with ENETDOWN. Connections that were using it see it on their next send, or time out later.',
      '通过管理上或物理上关闭的接口发送会以 ENETDOWN 失败。正在使用该接口的连接会在下一次发送时看到它，或稍后超时。',
    ),
    checks: [cmd('ip -br link', 'state of every interface', '每个接口的状态'), cmd('ip route get {address}', 'which interface is used', '使用的是哪个接口')],
    fixes: [t('Bring the interface up (`ip link set DEV up`) or fix the route to use a working one.', '启用接口（`ip link set DEV up`），或修正路由以使用可用的接口。')],
    related: ['errno:ENETUNREACH'],
    sources: [SRC.errnoMan, SRC.ipMan],
  },
  {
    name: 'ECONNABORTED',
    summary: t('The connection was aborted locally, typically before accept() returned it or because a timer or resource limit killed it.', '连接在本机被中止，通常发生在 accept() 返回它之前，或被定时器、资源限制终止。'),
    details: t(
      'accept() returns ECONNABORTED when a completed connection in the accept queue was reset before the application took it; libuv ignores that and keeps accepting, so Node servers never see it. On Windows (WSAECONNABORTED 10053) it is common and means the local stack aborted the connection, often after retransmission timeouts. Linux also reports it to the owner of a connection killed locally with `ss -K` (sock_diag SOCK_DESTROY calls tcp_abort with ECONNABORTED).',
      '当 accept 队列中已完成的连接在应用取走之前被重置时，accept() 返回 ECONNABORTED；libuv 会忽略它并继续 accept，所以 Node 服务端看不到它。在 Windows 上（WSAECONNABORTED 10053）很常见，表示本机协议栈中止了连接，常在重传超时之后。在 Linux 上，用 `ss -K` 在本机杀掉的连接（sock_diag SOCK_DESTROY 以 ECONNABORTED 调用 tcp_abort）也会向其所有者报告它。',
    ),
    checks: [cmd('nstat -az TcpExtTCPAbortOnMemory TcpExtTCPMemoryPressures', 'whether the kernel ran short of TCP memory', '内核的 TCP 内存是否不足'), cmd('tcpdoc doctor', 'findings about queues and memory', '关于队列和内存的诊断结果')],
    fixes: [t('Treat it like a reset: retry idempotent work on a new connection and make sure error handlers are attached.', '按重置处理：在新连接上重试幂等操作，并确保已添加错误处理器。')],
    related: ['errno:ECONNRESET', 'wsa:WSAECONNABORTED'],
    sources: [SRC.acceptMan, SRC.tcpC, SRC.wsaCodes],
  },
  {
    name: 'ENETRESET',
    summary: t('Network dropped the connection on reset; on Linux mostly seen from keepalive on other systems or special protocols.', '网络因重置而断开连接；在 Linux 上主要见于其他系统的 keepalive 或特殊协议。'),
    details: t(
      'Linux TCP does not normally return ENETRESET. On Windows WSAENETRESET (10052) means a keepalive detected a failure on a connection, or a datagram got a time-exceeded ICMP.',
      'Linux TCP 通常不返回 ENETRESET。在 Windows 上 WSAENETRESET（10052）表示 keepalive 发现连接失败，或数据报收到了超时 ICMP。',
    ),
    checks: [cmd('tcpdump -ni any host {address}', 'look for keepalive probes without answers', '查找没有应答的 keepalive 探测')],
    fixes: [t('Reconnect; treat the old connection as dead.', '重新连接；把旧连接视为已失效。')],
    related: ['errno:ETIMEDOUT', 'wsa:WSAENETRESET'],
    sources: [SRC.errnoMan, SRC.wsaCodes],
  },
  {
    name: 'EPIPE',
    summary: t('Write on a connection the peer has reset or that this side has shut down for writing.', '在已被对端重置或本端已关闭写方向的连接上写数据。'),
    details: t(
      'send()/write() on a TCP socket fails with EPIPE once the connection is dead for sending: after a RST was received (the first call may report ECONNRESET, later ones EPIPE), after shutdown(SHUT_WR) or close on our side, or when a RST arrives while in CLOSE_WAIT (tcp_reset reports EPIPE there). The usual story: the peer closed completely, our first write still succeeds and provokes a RST, the next write gets EPIPE. The process also gets SIGPIPE unless MSG_NOSIGNAL is used; Node ignores SIGPIPE, so you only see `write EPIPE`.',
      '一旦连接在发送方向上失效，TCP 套接字上的 send()/write() 就会以 EPIPE 失败：收到 RST 之后（第一次调用可能报 ECONNRESET，之后是 EPIPE）；本端 shutdown(SHUT_WR) 或关闭之后；或在 CLOSE_WAIT 状态收到 RST（tcp_reset 在这里报告 EPIPE）。常见过程：对端已完全关闭，我们的第一次写仍然成功并引发对端回 RST，下一次写得到 EPIPE。进程还会收到 SIGPIPE，除非使用 MSG_NOSIGNAL；Node 忽略 SIGPIPE，所以你只看到 `write EPIPE`。',
    ),
    checks: [
      cmd('tcpdump -ni any host {address} and port {port}', 'a [F.] from the peer, then our data answered by [R]', '对端发出 [F.]，随后我们的数据被 [R] 回应'),
      cmd("tcpdoc ls 'state close-wait'", 'sockets that got the peer\'s FIN but are still written to', '已收到对端 FIN 却仍在被写入的套接字'),
    ],
    fixes: [
      t('Listen for "end"/"close" on the socket and stop writing once the peer has closed; check `socket.writable` before writing.', '监听套接字的 "end"/"close" 事件，对端关闭后停止写入；写之前检查 `socket.writable`。'),
      t('For pipes to child processes or `| head`, treat EPIPE on stdout as a normal end of output.', '对于到子进程的管道或 `| head`，把 stdout 上的 EPIPE 视为正常的输出结束。'),
    ],
    related: ['errno:ECONNRESET', 'errno:ESHUTDOWN', 'state:CLOSE_WAIT', 'node:write-epipe', 'tcpdump:flags:R'],
    sources: [SRC.tcpInput, SRC.sendMan, SRC.signalMan, SRC.nodeErrors],
  },
];
