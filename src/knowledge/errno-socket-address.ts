// Deep errno entries about addresses, ports, permissions and the connect() life cycle.
import { SRC } from './sources.js';
import { cmd, t } from './types.js';
import type { ErrnoDeep } from './errno-deep.js';

// Address, port, permission and connect-cycle errors.
export const ERRNO_ADDRESS: readonly ErrnoDeep[] = [
  {
    name: 'EADDRINUSE',
    summary: t('Address already in use: another socket already holds this local address and port.', '地址已在使用：另一个套接字已占用该本地地址和端口。'),
    details: t(
      'bind() or listen() fails when another socket owns the same local address and port: a second copy of the server, a previous process that has not exited, or another service. A listener that does not set SO_REUSEADDR is also blocked by leftover TIME_WAIT connections on that port (Node sets SO_REUSEADDR on Unix listeners, so this rarely applies to Node). Listening on :: usually covers IPv4 too (IPV6_V6ONLY off), so it conflicts with a 0.0.0.0 listener on the same port. bind() to port 0 can also fail this way when every port in ip_local_port_range is taken. Node prints `listen EADDRINUSE: address already in use :::3000`.',
      '当另一个套接字已拥有相同的本地地址和端口时，bind() 或 listen() 失败：服务端的第二个副本、尚未退出的旧进程，或其他服务。不设置 SO_REUSEADDR 的监听套接字还会被该端口上残留的 TIME_WAIT 连接挡住（Node 在 Unix 上为监听套接字设置了 SO_REUSEADDR，所以 Node 很少遇到这种情况）。监听 :: 通常也覆盖 IPv4（IPV6_V6ONLY 关闭），因此会与同端口上 0.0.0.0 的监听冲突。当 ip_local_port_range 中的端口全被占用时，bind() 到端口 0 也会这样失败。Node 显示为 `listen EADDRINUSE: address already in use :::3000`。',
    ),
    checks: [
      cmd("ss -ltnp 'sport = :{port}'", 'which process holds the port', '哪个进程占用了该端口'),
      cmd("tcpdoc ls 'sport = :{port}'", 'every socket on that local port, with its state and owner', '该本地端口上的所有套接字及其状态和所属进程'),
      cmd('lsof -nP -iTCP:{port}', 'the same from lsof', '用 lsof 查看同样的信息'),
    ],
    fixes: [
      t('Stop the other process (or the old copy of this one), or choose another port.', '停止另一个进程（或本程序的旧副本），或换一个端口。'),
      t('In Node, handle the "error" event of server.listen() and exit with a clear message; during tests use port 0 and read `server.address().port`.', '在 Node 中处理 server.listen() 的 "error" 事件并给出清晰的退出信息；测试时使用端口 0 并读取 `server.address().port`。'),
      t('For zero-downtime restarts, hand the listening socket over (systemd socket activation, cluster) or use SO_REUSEPORT (`reusePort: true` on Node 22.12+/23.1+ only).', '要零停机重启，可交接监听套接字（systemd socket activation、cluster），或使用 SO_REUSEPORT（仅 Node 22.12+/23.1+ 支持 `reusePort: true`）。'),
    ],
    related: ['errno:EADDRNOTAVAIL', 'node:listen-eaddrinuse', 'state:TIME_WAIT', 'state:LISTEN', 'sysctl:net.ipv4.ip_local_port_range'],
    sources: [SRC.bindMan, SRC.inetConnSock, SRC.socketMan, SRC.nodeNet],
  },
  {
    name: 'EADDRNOTAVAIL',
    summary: t('Cannot assign requested address: the local address is not on this host, or no ephemeral port is free.', '无法分配请求的地址：本地地址不属于本机，或者没有空闲的临时端口。'),
    details: t(
      'Two different situations. bind()/listen() on an IP address that no interface has (a typo, an address moved to another host, a container without it, an IPv6 link-local address without a scope id): Node prints `listen EADDRNOTAVAIL: address not available 192.0.2.1:8080`. connect() with no free local port towards that destination: every port of ip_local_port_range (default 32768-60999, 28232 ports) is in use for this 4-tuple, mostly by TIME_WAIT from many short connections (about 470 new connections per second to one destination IP and port before TIME_WAIT blocks new ones). That one is ephemeral port exhaustion.',
      '两种不同的情况。对任何接口都没有的 IP 地址执行 bind()/listen()（拼写错误、地址已迁到其他主机、容器里没有该地址、IPv6 链路本地地址缺少 scope id）：Node 显示 `listen EADDRNOTAVAIL: address not available 192.0.2.1:8080`。connect() 时没有通往该目的地的空闲本地端口：ip_local_port_range（默认 32768-60999，共 28232 个）中的端口对这个四元组都已占用，多数是大量短连接留下的 TIME_WAIT（对同一目的 IP 和端口，每秒约 470 个新连接后就会被 TIME_WAIT 挡住）。这就是临时端口耗尽。',
    ),
    checks: [
      cmd('ip -br addr', 'is the address on an interface here?', '该地址是否在本机某个接口上？'),
      cmd('tcpdoc status', 'TIME_WAIT count and connections per remote address and port', 'TIME_WAIT 数量以及每个远端地址和端口的连接数'),
      cmd("ss -tan state time-wait 'dst {address}' | wc -l", 'TIME_WAIT towards this destination', '指向该目的地的 TIME_WAIT 数'),
      cmd('sysctl net.ipv4.ip_local_port_range net.ipv4.tcp_tw_reuse', 'port range and reuse policy', '端口范围和重用策略'),
      cmd('tcpdoc doctor', 'flags ephemeral port exhaustion with the numbers', '用具体数字标出临时端口耗尽'),
    ],
    fixes: [
      t('Reuse connections: HTTP keep-alive or a connection pool (`new http.Agent({ keepAlive: true, maxSockets: 50 })`, undici Pool) instead of one connection per request.', '复用连接：使用 HTTP keep-alive 或连接池（`new http.Agent({ keepAlive: true, maxSockets: 50 })`、undici Pool），而不是每个请求一个连接。'),
      t('On a host that makes many outgoing connections to the same destination, `net.ipv4.tcp_tw_reuse=1` lets connect() reuse TIME_WAIT ports safely (needs TCP timestamps). Never use tcp_tw_recycle (removed in Linux 4.12).', '在向同一目的地发起大量外连的主机上，`net.ipv4.tcp_tw_reuse=1` 允许 connect() 安全地重用 TIME_WAIT 端口（需要 TCP 时间戳）。不要使用 tcp_tw_recycle（Linux 4.12 已删除）。'),
      t('Spread load over more destination ports or source addresses, or widen ip_local_port_range.', '把负载分散到更多目的端口或源地址上，或扩大 ip_local_port_range。'),
      t('For bind errors, listen on an address that exists, or on 0.0.0.0/:: .', '对于 bind 错误，监听一个存在的地址，或 0.0.0.0/::。'),
    ],
    related: ['errno:EADDRINUSE', 'state:TIME_WAIT', 'sysctl:net.ipv4.ip_local_port_range', 'sysctl:net.ipv4.tcp_tw_reuse', 'sysctl:net.ipv4.tcp_tw_recycle'],
    sources: [SRC.inetHashtables, SRC.ipSysctl, SRC.bindMan, SRC.connectMan, SRC.cloudflarePorts],
  },
  {
    name: 'EAFNOSUPPORT',
    summary: t('Address family not supported: for example IPv6 used where the kernel or socket has none.', '不支持的地址族：例如在内核或套接字不支持 IPv6 的地方使用了 IPv6。'),
    details: t(
      'socket() or bind()/connect() was given an address family the protocol or kernel cannot handle, such as AF_INET6 on a host with IPv6 disabled (ipv6.disable=1), or an IPv4 address on an IPv6-only socket.',
      'socket() 或 bind()/connect() 收到了协议或内核无法处理的地址族，例如在禁用 IPv6（ipv6.disable=1）的主机上使用 AF_INET6，或在仅 IPv6 的套接字上使用 IPv4 地址。',
    ),
    checks: [cmd('cat /proc/net/if_inet6', 'empty or missing means no IPv6 on this host', '为空或不存在说明本机没有 IPv6')],
    fixes: [t('Use an address of a family the host supports; in Node pass `family: 4` or listen on "0.0.0.0" instead of "::".', '使用本机支持的地址族；在 Node 中传入 `family: 4`，或监听 "0.0.0.0" 而不是 "::"。')],
    related: ['errno:EPFNOSUPPORT', 'errno:EADDRNOTAVAIL'],
    sources: [SRC.socketMan, SRC.bindMan],
  },
  {
    name: 'EACCES',
    summary: t('Permission denied: the process lacks a privilege or a security policy forbids the operation.', '权限不够：进程缺少某种权限，或安全策略禁止该操作。'),
    details: t(
      'For sockets: binding a port below net.ipv4.ip_unprivileged_port_start (default 1024) without CAP_NET_BIND_SERVICE; sending to a broadcast address without SO_BROADCAST; an SELinux/AppArmor or seccomp policy; connecting to a Unix socket file without write permission. ICMPv6 "administratively prohibited" (type 1 code 1) and reject-route codes are reported as EACCES on IPv6 sockets. Node prints `listen EACCES: permission denied 0.0.0.0:80`.',
      '对于套接字：没有 CAP_NET_BIND_SERVICE 却绑定低于 net.ipv4.ip_unprivileged_port_start（默认 1024）的端口；没有设置 SO_BROADCAST 就向广播地址发送；SELinux/AppArmor 或 seccomp 策略；没有写权限却连接 Unix 套接字文件。ICMPv6 "管理上禁止"（类型 1 代码 1）及拒绝路由代码在 IPv6 套接字上报告为 EACCES。Node 显示为 `listen EACCES: permission denied 0.0.0.0:80`。',
    ),
    checks: [
      cmd('sysctl net.ipv4.ip_unprivileged_port_start', 'lowest port an ordinary user may bind', '普通用户可绑定的最低端口'),
      cmd('getpcaps $(pgrep -n node)', 'capabilities of the process', '进程拥有的能力'),
      cmd('journalctl -k | grep -i -e denied -e apparmor', 'security policy denials', '安全策略拒绝记录'),
    ],
    fixes: [
      t('Listen on a high port behind a proxy, grant CAP_NET_BIND_SERVICE (`setcap cap_net_bind_service=+ep $(which node)` or systemd AmbientCapabilities), or lower ip_unprivileged_port_start.', '在代理后面监听高端口，授予 CAP_NET_BIND_SERVICE（`setcap cap_net_bind_service=+ep $(which node)` 或 systemd AmbientCapabilities），或降低 ip_unprivileged_port_start。'),
    ],
    related: ['errno:EPERM', 'icmpv6:1/1'],
    sources: [SRC.bindMan, SRC.ipSysctl, SRC.icmpV6C],
  },
  {
    name: 'EPERM',
    summary: t('Operation not permitted: a privilege is missing, or a local firewall rule dropped the outgoing packet.', '操作不被允许：缺少特权，或本机防火墙规则丢弃了外发的包。'),
    details: t(
      'Socket options and operations that need CAP_NET_ADMIN or CAP_NET_RAW (raw sockets, SO_MARK, SO_BINDTODEVICE on older kernels, netlink SOCK_DESTROY) fail with EPERM. When a netfilter rule (iptables/nftables OUTPUT) drops a locally generated packet, UDP and raw sends return EPERM; TCP usually just retransmits and later times out. seccomp filters can also return it.',
      '需要 CAP_NET_ADMIN 或 CAP_NET_RAW 的套接字选项和操作（原始套接字、SO_MARK、旧内核上的 SO_BINDTODEVICE、netlink SOCK_DESTROY）会以 EPERM 失败。当 netfilter 规则（iptables/nftables 的 OUTPUT）丢弃本机产生的包时，UDP 和原始套接字的发送返回 EPERM；TCP 通常只是重传，之后超时。seccomp 过滤器也可能返回它。',
    ),
    checks: [cmd('iptables -S OUTPUT; nft list ruleset', 'local rules that drop outgoing traffic', '丢弃外发流量的本机规则'), cmd('grep Cap /proc/self/status', 'capabilities of the process', '进程的能力')],
    fixes: [t('Run with the needed capability (not necessarily as root), or change the firewall rule.', '以所需的能力运行（不一定要 root），或修改防火墙规则。')],
    related: ['errno:EACCES'],
    sources: [SRC.errnoMan, SRC.socketMan, SRC.sendMan],
  },
  {
    name: 'EINPROGRESS',
    summary: t('A non-blocking connect() has started and will finish later.', '非阻塞 connect() 已开始，稍后才会完成。'),
    details: t(
      'A non-blocking socket cannot wait for the handshake, so connect() returns EINPROGRESS; the program waits until the socket is writable and reads SO_ERROR for the real result. It is not an error, and libuv handles it internally: Node code never sees it.',
      '非阻塞套接字无法等待握手完成，因此 connect() 返回 EINPROGRESS；程序等待套接字可写后读取 SO_ERROR 获得真正的结果。这不是错误，libuv 在内部处理它：Node 代码永远看不到它。',
    ),
    checks: [cmd("ss -tn state syn-sent", 'connections still in the handshake', '仍在握手中的连接')],
    fixes: [t('In C, poll for writability and check getsockopt(SO_ERROR). Nothing to do in Node.', '在 C 中等待可写并检查 getsockopt(SO_ERROR)。在 Node 中无需处理。')],
    related: ['errno:EALREADY', 'state:SYN_SENT'],
    sources: [SRC.connectMan, SRC.libuvTcp],
  },
  {
    name: 'EALREADY',
    summary: t('connect() called again while an earlier non-blocking connect on the same socket is still in progress.', '同一个套接字上之前的非阻塞 connect 仍在进行时，又调用了 connect()。'),
    details: t('The first attempt is still in SYN_SENT. Wait for it to finish instead of calling connect() again.', '第一次尝试仍处于 SYN_SENT。应等待它完成，而不是再次调用 connect()。'),
    checks: [cmd("ss -tn state syn-sent", 'handshakes in progress', '正在进行的握手')],
    fixes: [t('Wait for writability and read SO_ERROR; do not repeat connect().', '等待可写并读取 SO_ERROR；不要重复 connect()。')],
    related: ['errno:EINPROGRESS'],
    sources: [SRC.connectMan],
  },
  {
    name: 'EISCONN',
    summary: t('The socket is already connected.', '套接字已经连接。'),
    details: t('connect() on a connected TCP socket, or sendto() with a destination on a connected stream socket.', '对已连接的 TCP 套接字调用 connect()，或在已连接的流套接字上用带目的地址的 sendto()。'),
    checks: [cmd("ss -tnp 'dst {address}'", 'the existing connection', '已存在的连接')],
    fixes: [t('Create a new socket for each connection attempt.', '每次连接尝试都创建新的套接字。')],
    related: ['errno:ENOTCONN'],
    sources: [SRC.connectMan],
  },
  {
    name: 'ENOTCONN',
    summary: t('The socket is not connected (never connected, or the connection is already gone).', '套接字未连接（从未连接，或连接已经不存在）。'),
    details: t(
      'recv(), send(), getpeername() or shutdown() on a TCP socket that is not connected: before the handshake finished, or after a reset or timeout removed the connection. In Node it appears as `shutdown ENOTCONN` or an undefined `socket.remoteAddress` when the peer vanished before the code looked.',
      '对未连接的 TCP 套接字调用 recv()、send()、getpeername() 或 shutdown()：握手尚未完成，或连接已因重置或超时被移除。在 Node 中表现为 `shutdown ENOTCONN`，或对端在代码查看之前就消失时 `socket.remoteAddress` 为 undefined。',
    ),
    checks: [cmd('tcpdump -ni any host {address}', 'was there a reset before the call?', '调用之前是否有重置？')],
    fixes: [t('Treat it like a closed connection; in Node, read remoteAddress in the "connection" handler right away and handle "error".', '按已关闭的连接处理；在 Node 中，在 "connection" 处理器里立即读取 remoteAddress，并处理 "error"。')],
    related: ['errno:ECONNRESET', 'errno:EISCONN'],
    sources: [SRC.recvMan, SRC.socketMan],
  },
  {
    name: 'EDESTADDRREQ',
    summary: t('A destination address is required: send() on an unconnected datagram socket.', '需要目标地址：在未连接的数据报套接字上调用 send()。'),
    details: t('Datagram sockets without connect() need sendto() with an address; TCP sockets must be connected first.', '没有 connect() 的数据报套接字需要用带地址的 sendto()；TCP 套接字必须先连接。'),
    checks: [t('Check that the code connects or passes an address for every send.', '检查代码是否在每次发送前都已连接或传入了地址。')],
    fixes: [t('In Node dgram, call socket.send(msg, port, address) or socket.connect() first.', '在 Node dgram 中调用 socket.send(msg, port, address)，或先调用 socket.connect()。')],
    related: ['errno:ENOTCONN'],
    sources: [SRC.sendMan],
  },
  {
    name: 'ESHUTDOWN',
    summary: t('Cannot send after the transport endpoint was shut down for writing.', '传输端点关闭写方向后无法再发送。'),
    details: t('Linux TCP reports EPIPE for writes after shutdown(SHUT_WR); ESHUTDOWN is mostly seen on Windows (WSAESHUTDOWN 10058) and in some other protocols.', 'Linux TCP 对 shutdown(SHUT_WR) 之后的写报告 EPIPE；ESHUTDOWN 主要见于 Windows（WSAESHUTDOWN 10058）和某些其他协议。'),
    checks: [t('Look for a shutdown()/end() call before the failing write.', '查找失败的写之前是否调用了 shutdown()/end()。')],
    fixes: [t('Do not write after ending the stream; in Node, do not call write() after end().', '结束流之后不要再写；在 Node 中，不要在 end() 之后调用 write()。')],
    related: ['errno:EPIPE', 'wsa:WSAESHUTDOWN'],
    sources: [SRC.errnoMan, SRC.wsaCodes],
  },
];
