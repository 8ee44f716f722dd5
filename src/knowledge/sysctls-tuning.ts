// Settings that tuning guides tell people to change (socket buffer caps, ECN, corking, metrics, challenge ACKs,
// the minimum MSS, reserved ports): facts for the sysctl audit and explain, kept apart so sysctls.ts stays small.
import type { SysctlFact } from './sysctls.js';
import { SRC } from './sources.js';
import { t } from './types.js';

const IP_TCP = [SRC.ipSysctlTcp, SRC.sysctlNetIpv4];

// Facts for the commonly tuned settings; sysctls.ts appends them to SYSCTL_FACTS.
export const TUNING_SYSCTL_FACTS: readonly SysctlFact[] = [
  {
    key: 'net.ipv4.ip_local_reserved_ports', defaultValue: '(empty)',
    summary: t('Ports taken out of the ephemeral range, so automatic port choice never hands them out.', '从临时端口范围中剔除的端口，自动选端口时不会分配它们。'),
    details: t('A comma-separated list of ports and ranges, e.g. "8080,9000-9100". connect() and bind(0) skip them; a program can still bind() them explicitly. Useful when a service listens on a port inside ip_local_port_range. Per network namespace.', '用逗号分隔的端口和范围，例如 "8080,9000-9100"。connect() 和 bind(0) 会跳过它们；程序仍可显式 bind() 这些端口。当某个服务监听的端口落在 ip_local_port_range 内时很有用。按网络命名空间生效。'),
    advice: t('Reserve only the listening ports that fall inside the ephemeral range.', '只保留落在临时端口范围内的监听端口。'),
    related: ['sysctl:net.ipv4.ip_local_port_range', 'errno:EADDRNOTAVAIL', 'errno:EADDRINUSE'],
    sources: [SRC.ipSysctlIp, SRC.inetHashtables],
  },
  {
    key: 'net.core.rmem_max', defaultValue: '4194304', global: true,
    summary: t('Largest receive buffer a program may ask for with SO_RCVBUF; it does not limit TCP autotuning.', '程序用 SO_RCVBUF 能申请的最大接收缓冲区；它不限制 TCP 自动调优。'),
    details: t('setsockopt(SO_RCVBUF) is capped at this value (the kernel then doubles it for bookkeeping); SO_RCVBUFFORCE with CAP_NET_ADMIN ignores it. TCP sockets that never set SO_RCVBUF grow up to tcp_rmem\'s maximum, whatever rmem_max is. The default was 212992 on 64-bit kernels until Linux 6.18 raised it to 4 MiB. Host-wide: set in the initial namespace; recent kernels show it read-only in other namespaces.', 'setsockopt(SO_RCVBUF) 被限制在此值（内核随后会把它翻倍用于记账）；拥有 CAP_NET_ADMIN 时 SO_RCVBUFFORCE 不受它限制。从不设置 SO_RCVBUF 的 TCP 套接字可以增长到 tcp_rmem 的最大值，与 rmem_max 无关。在 64 位内核上默认值一直是 212992，直到 Linux 6.18 提高到 4 MiB。全主机生效：在初始命名空间中设置；较新的内核在其他命名空间中以只读方式显示它。'),
    advice: t('Raise it only for programs that set SO_RCVBUF (many UDP servers, some proxies); it does nothing for ordinary TCP.', '只为设置了 SO_RCVBUF 的程序（许多 UDP 服务、一些代理）提高它；对普通 TCP 没有作用。'),
    related: ['sysctl:net.ipv4.tcp_rmem', 'sysctl:net.core.rmem_default', 'sysctl:net.core.wmem_max'],
    sources: [SRC.netCoreRmemMax, SRC.socketMan, SRC.rwmemMax4MiB],
  },
  {
    key: 'net.core.wmem_max', defaultValue: '4194304', global: true,
    summary: t('Largest send buffer a program may ask for with SO_SNDBUF; it does not limit TCP autotuning.', '程序用 SO_SNDBUF 能申请的最大发送缓冲区；它不限制 TCP 自动调优。'),
    details: t('setsockopt(SO_SNDBUF) is capped at this value (then doubled); SO_SNDBUFFORCE with CAP_NET_ADMIN ignores it. TCP send buffers that are left to autotuning grow up to tcp_wmem\'s maximum. The default was 212992 on 64-bit kernels until Linux 6.18 raised it to 4 MiB. Host-wide, like rmem_max.', 'setsockopt(SO_SNDBUF) 被限制在此值（然后翻倍）；拥有 CAP_NET_ADMIN 时 SO_SNDBUFFORCE 不受它限制。交给自动调优的 TCP 发送缓冲区可增长到 tcp_wmem 的最大值。在 64 位内核上默认值一直是 212992，直到 Linux 6.18 提高到 4 MiB。与 rmem_max 一样全主机生效。'),
    advice: t('Raise it only for programs that set SO_SNDBUF.', '只为设置了 SO_SNDBUF 的程序提高它。'),
    related: ['sysctl:net.ipv4.tcp_wmem', 'sysctl:net.core.wmem_default', 'sysctl:net.core.rmem_max'],
    sources: [SRC.netCoreWmemMax, SRC.socketMan, SRC.rwmemMax4MiB],
  },
  {
    key: 'net.core.rmem_default', defaultValue: '212992', global: true,
    summary: t('Starting receive buffer of sockets other than TCP (UDP, Unix datagram, raw, netlink).', 'TCP 以外的套接字（UDP、Unix 数据报、原始套接字、netlink）的初始接收缓冲区。'),
    details: t('TCP ignores it: a TCP socket starts from tcp_rmem\'s middle value. 212992 on 64-bit kernels (256 packets of overhead-sized buffers); it is not capped by rmem_max. Host-wide.', 'TCP 忽略它：TCP 套接字从 tcp_rmem 的中间值开始。在 64 位内核上为 212992（256 个按开销计算的包）；它不受 rmem_max 限制。全主机生效。'),
    advice: t('Leave it; raising it gives every UDP and Unix socket a bigger queue, and does nothing for TCP.', '保持不变；提高它会让每个 UDP 和 Unix 套接字都有更大的队列，对 TCP 没有作用。'),
    related: ['sysctl:net.core.rmem_max', 'sysctl:net.ipv4.tcp_rmem'],
    sources: [SRC.netCoreRmemDefault, SRC.ipSysctlTcp],
  },
  {
    key: 'net.core.wmem_default', defaultValue: '212992', global: true,
    summary: t('Starting send buffer of sockets other than TCP.', 'TCP 以外的套接字的初始发送缓冲区。'),
    details: t('TCP starts from tcp_wmem\'s middle value instead. 212992 on 64-bit kernels. Host-wide.', 'TCP 改用 tcp_wmem 的中间值作为起点。在 64 位内核上为 212992。全主机生效。'),
    advice: t('Leave it.', '保持不变。'),
    related: ['sysctl:net.core.wmem_max', 'sysctl:net.ipv4.tcp_wmem'],
    sources: [SRC.netCoreWmemDefault, SRC.ipSysctlTcp],
  },
  {
    key: 'net.ipv4.tcp_notsent_lowat', defaultValue: '4294967295',
    summary: t('How much written-but-unsent data a TCP socket may hold before poll() stops reporting it writable.', 'TCP 套接字在 poll() 不再报告可写之前，最多可保留多少已写入但未发送的数据。'),
    details: t('The default (UINT_MAX) means no limit beyond the send buffer. A value such as 16384 or 131072 keeps less data queued in the kernel, so an application (HTTP/2 server, proxy) can still reprioritise what it sends, at the cost of more wakeups. TCP_NOTSENT_LOWAT sets it per socket. Per network namespace; since Linux 3.12.', '默认值（UINT_MAX）表示除发送缓冲区外没有限制。16384 或 131072 这样的值让内核中排队的数据更少，使应用（HTTP/2 服务器、代理）仍能调整发送的优先级，代价是更多的唤醒。TCP_NOTSENT_LOWAT 可按套接字设置。按网络命名空间生效；自 Linux 3.12 起。'),
    advice: t('Either the default or 16 KiB-128 KiB is reasonable; prefer TCP_NOTSENT_LOWAT on the sockets that need it.', '默认值或 16 KiB-128 KiB 都合理；优先在需要的套接字上使用 TCP_NOTSENT_LOWAT。'),
    related: ['sysctl:net.ipv4.tcp_wmem'],
    sources: [...IP_TCP, SRC.tcpMan],
  },
  {
    key: 'net.ipv4.tcp_ecn', defaultValue: '2',
    summary: t('Explicit Congestion Notification: 0 off, 1 request and accept, 2 accept only when the peer asks (default).', '显式拥塞通知：0 关闭，1 主动请求并接受，2 仅在对端请求时接受（默认）。'),
    details: t('ECN lets routers with active queue management mark packets instead of dropping them; it is used only when both ends agree. With 2 this host accepts ECN on incoming connections but does not ask for it on outgoing ones; 1 asks too, and tcp_ecn_fallback retries without ECN when a path mishandles it. Newer kernels add 3-5 for Accurate ECN; Linux 6.18 still accepts only 0-2. Per network namespace.', 'ECN 让有主动队列管理的路由器标记数据包而不是丢弃；只有两端都同意时才使用。为 2 时本机在入站连接上接受 ECN，但外连时不请求；为 1 时也主动请求，当路径错误处理 ECN 时 tcp_ecn_fallback 会退回到不用 ECN。更新的内核为 Accurate ECN 增加了 3-5；Linux 6.18 仍只接受 0-2。按网络命名空间生效。'),
    advice: t('2 is a safe default; 1 is reasonable where the paths are known to pass ECN (data centres, DCTCP, L4S).', '2 是稳妥的默认值；在已知路径能正确传递 ECN 的地方（数据中心、DCTCP、L4S），设为 1 是合理的。'),
    related: ['sysctl:net.ipv4.tcp_congestion_control'],
    sources: [...IP_TCP, SRC.rfc3168],
  },
  {
    key: 'net.ipv4.tcp_autocorking', defaultValue: '1', addedIn: '3.14',
    summary: t('Merge consecutive small writes into fewer packets while earlier packets still wait in the qdisc or NIC.', '当之前的包仍在队列规则或网卡中等待时，把连续的小写入合并为更少的包。'),
    details: t('It only holds data back while a previous packet of the same flow is still queued locally, so it adds no delay on an idle link. TCP_CORK and TCP_NODELAY remain the per-socket controls. New in Linux 3.14; per network namespace.', '它只在同一连接的前一个包仍在本地排队时暂缓数据，所以在空闲链路上不增加延迟。TCP_CORK 和 TCP_NODELAY 仍是按套接字的控制手段。Linux 3.14 新增；按网络命名空间生效。'),
    advice: t('Keep 1; control latency-sensitive sockets with TCP_NODELAY.', '保持 1；对延迟敏感的套接字用 TCP_NODELAY 控制。'),
    related: ['sysctl:net.ipv4.tcp_notsent_lowat'],
    sources: IP_TCP,
  },
  {
    key: 'net.ipv4.tcp_no_metrics_save', defaultValue: '0',
    summary: t('1 stops TCP from caching per-destination metrics (RTT, reordering) when a connection closes.', '设为 1 时 TCP 在连接关闭时不再缓存每个目的地的指标（RTT、乱序）。'),
    details: t('With 0, the next connection to the same host starts from the last measured values (see `ip tcp_metrics show`); since tcp_no_ssthresh_metrics_save defaults to 1, ssthresh is not cached anyway. Guides that set 1 usually copy benchmark settings, where each run should start clean. Per network namespace.', '为 0 时，到同一主机的下一个连接从上次测得的值开始（见 `ip tcp_metrics show`）；由于 tcp_no_ssthresh_metrics_save 默认为 1，ssthresh 本来就不会被缓存。把它设为 1 的教程通常照抄了基准测试的设置，那里每次运行都应从零开始。按网络命名空间生效。'),
    advice: t('Leave 0 unless cached metrics are shown to hurt; `ip tcp_metrics flush` clears them once.', '除非证明缓存的指标有害，否则保持 0；`ip tcp_metrics flush` 可一次性清除它们。'),
    related: [],
    sources: IP_TCP,
  },
  {
    key: 'net.ipv4.tcp_moderate_rcvbuf', defaultValue: '1',
    summary: t('Receive buffer autotuning: grow each connection\'s buffer (up to tcp_rmem\'s maximum) to what the path needs.', '接收缓冲区自动调优：把每个连接的缓冲区（最多到 tcp_rmem 的最大值）增长到路径所需的大小。'),
    details: t('With 0 a connection keeps tcp_rmem\'s starting size (131072 bytes), which limits one connection to about that much per round trip. Sockets that set SO_RCVBUF opt out either way. Per network namespace.', '为 0 时连接保持 tcp_rmem 的初始大小（131072 字节），单个连接每个往返最多传输约这么多数据。设置了 SO_RCVBUF 的套接字无论如何都不参与自动调优。按网络命名空间生效。'),
    advice: t('Keep 1.', '保持 1。'),
    related: ['sysctl:net.ipv4.tcp_rmem', 'sysctl:net.core.rmem_max'],
    sources: IP_TCP,
  },
  {
    key: 'net.ipv4.tcp_adv_win_scale', defaultValue: '1',
    summary: t('Obsolete since Linux 6.6: how much of the receive buffer was assumed to be overhead when sizing the window.', '自 Linux 6.6 起已废弃：计算窗口时假定接收缓冲区中有多少是开销。'),
    details: t('Before 6.6 the advertised window was the buffer minus buffer/2^N (N > 0) or buffer/2^-N (N <= 0). From 6.6 the kernel measures the real overhead ratio per connection and this value is no longer used; the file remains for compatibility. Accepts -31 to 31. Per network namespace.', '6.6 之前，通告窗口为 缓冲区 减去 缓冲区/2^N（N > 0）或 缓冲区/2^-N（N <= 0）。从 6.6 起内核按连接测量真实的开销比例，不再使用该值；文件为兼容而保留。取值 -31 到 31。按网络命名空间生效。'),
    advice: t('Remove it from sysctl.conf on 6.6 and later; before 6.6 leave the default.', '在 6.6 及以后的内核上从 sysctl.conf 中删除它；6.6 之前保持默认值。'),
    related: ['sysctl:net.ipv4.tcp_rmem'],
    sources: IP_TCP,
  },
  {
    key: 'net.ipv4.tcp_syn_linear_timeouts', defaultValue: '4', addedIn: '6.5',
    summary: t('How many SYN retransmissions of connect() use a fixed 1 s timeout before exponential backoff starts.', 'connect() 的 SYN 重传中，有多少次在指数退避开始前使用固定 1 秒超时。'),
    details: t('With 4 the SYN timeouts are 1, 1, 1, 1, 1, 2, 4 ... seconds, so a connection attempt gives up after about 131 s with tcp_syn_retries 6 (127 s before 6.5). It does not affect SYN+ACK retransmission on servers. New in Linux 6.5; per network namespace.', '为 4 时 SYN 超时依次为 1、1、1、1、1、2、4 ... 秒，在 tcp_syn_retries 为 6 时约 131 秒后放弃（6.5 之前为 127 秒）。它不影响服务端的 SYN+ACK 重传。Linux 6.5 新增；按网络命名空间生效。'),
    advice: t('Leave the default; use application connect timeouts for faster failure.', '保持默认值；需要更快失败时使用应用层连接超时。'),
    related: ['sysctl:net.ipv4.tcp_syn_retries', 'errno:ETIMEDOUT', 'state:SYN_SENT'],
    sources: IP_TCP,
  },
  {
    key: 'net.ipv4.tcp_challenge_ack_limit', defaultValue: '2147483647',
    summary: t('Per-second limit on RFC 5961 challenge ACKs shared by all sockets; off (INT_MAX) since Linux 6.0.', '所有套接字共享的 RFC 5961 challenge ACK 每秒上限；自 Linux 6.0 起关闭（INT_MAX）。'),
    details: t('A challenge ACK answers a suspicious in-window RST or SYN. A fixed shared limit of 100 (3.6-4.6) let an off-path attacker count challenge ACKs and infer connection details (CVE-2016-5696); Linux 4.7 raised it to 1000 and randomised it (commit 75ff39ccc1bd), and the usual workaround on unfixed kernels was a huge value. Linux 6.0 made it per namespace with INT_MAX meaning "no shared limit", relying on the per-socket limit (tcp_invalid_ratelimit) instead.', 'challenge ACK 用于回应可疑的窗口内 RST 或 SYN。固定的共享上限 100（3.6-4.6）使路径外的攻击者能通过计数 challenge ACK 推断连接信息（CVE-2016-5696）；Linux 4.7 将其提高到 1000 并随机化（提交 75ff39ccc1bd），在未修复的内核上常见的临时措施是设一个很大的值。Linux 6.0 把它改为按命名空间，INT_MAX 表示"没有共享上限"，转而依赖按套接字的限制（tcp_invalid_ratelimit）。'),
    advice: t('Keep 2147483647 on 6.0 and later; on older kernels keep at least the default 1000 (a huge value is fine).', '在 6.0 及以后保持 2147483647；在更早的内核上至少保持默认值 1000（很大的值也可以）。'),
    related: ['sysctl:net.ipv4.tcp_rfc1337'],
    sources: [...IP_TCP, SRC.rfc5961, SRC.cve20165696, SRC.challengeAckRandom, SRC.challengeAckPerNetns],
  },
  {
    key: 'net.ipv4.tcp_min_snd_mss', defaultValue: '48',
    summary: t('Smallest MSS this host will use when sending, whatever the peer advertises.', '本机发送时使用的最小 MSS，与对端通告的值无关。'),
    details: t('Added in June 2019 (Linux 5.2, backported to the stable kernels of the time) with the SACK Panic fixes: a peer advertising a tiny MSS could make the sender split data into huge numbers of 8-byte segments (CVE-2019-11479). 48 allows at least 8 bytes of payload per segment; the kernel refuses values below 48. Raising it to 536 is safe, since every host must accept that size. Per network namespace.', '2019 年 6 月随 SACK Panic 修复加入（Linux 5.2，并回移到当时的稳定版内核）：通告极小 MSS 的对端可迫使发送方把数据切成大量 8 字节的分段（CVE-2019-11479）。48 保证每个分段至少 8 字节负载；内核拒绝小于 48 的值。提高到 536 是安全的，因为每台主机都必须接受这个大小。按网络命名空间生效。'),
    advice: t('48 (default) or up to 536; higher values send segments larger than some paths allow.', '48（默认）或最高 536；更高的值会发送超过某些路径允许大小的分段。'),
    related: ['sysctl:net.ipv4.tcp_mtu_probing', 'sysctl:net.ipv4.tcp_sack'],
    sources: [...IP_TCP, SRC.cve201911479, SRC.minSndMssCommit, SRC.rfc1122],
  },
];
