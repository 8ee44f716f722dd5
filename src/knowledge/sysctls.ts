// TCP-related kernel settings with defaults, kernel-version notes and current advice, reusable by the sysctl audit and doctor.
import { SRC } from './sources.js';
import { TUNING_SYSCTL_FACTS } from './sysctls-tuning.js';
import { cmd, t, type KnowledgeEntry, type Source, type Text } from './types.js';

// One kernel setting with its default and advice, as data.
export interface SysctlFact {
  key: string;
  // Default on current (6.x) kernels, as /proc/sys prints it; formulas are described in details.
  defaultValue: string;
  // Kernel version that removed or added the setting, when that matters for advice.
  removedIn?: string;
  addedIn?: string;
  // Global settings apply to every network namespace.
  global?: boolean;
  summary: Text;
  details: Text;
  advice: Text;
  related: string[];
  extraSources?: Source[];
  // Replaces the usual ip-sysctl.rst + sysctl_net_ipv4.c pair (net.core settings are documented elsewhere).
  sources?: Source[];
}

// Setting facts as data, for the sysctl audit and the doctor as well as explain.
const CORE_SYSCTL_FACTS: readonly SysctlFact[] = [
  {
    key: 'net.ipv4.tcp_syncookies', defaultValue: '1',
    summary: t('Send SYN cookies when a listener\'s SYN queue overflows.', '当监听套接字的 SYN 队列溢出时发送 SYN cookie。'),
    details: t('1: cookies only under overflow; 0: SYNs are dropped when the queue is full; 2: always send cookies (testing only). Connections made with a cookie lose window scaling and SACK unless the client sent timestamps.', '1：只在溢出时发送 cookie；0：队列满时丢弃 SYN；2：总是发送 cookie（仅用于测试）。用 cookie 建立的连接会失去窗口缩放和 SACK，除非客户端发送了时间戳。'),
    advice: t('Keep 1.', '保持 1。'),
    related: ['counter:TcpExt:SyncookiesSent', 'state:SYN_RECV', 'sysctl:net.ipv4.tcp_max_syn_backlog'],
  },
  {
    key: 'net.ipv4.tcp_max_syn_backlog', defaultValue: 'max(128, tcp_ehash_entries/128)',
    summary: t('Limit on half-open requests, relevant only when syncookies are off.', '半连接请求的上限，仅在关闭 syncookie 时有意义。'),
    details: t('Since about Linux 4.4 the SYN queue of a listener is really bounded by its backlog, min(listen() backlog, somaxconn); this setting only decides when requests are dropped without cookies.', '大约从 Linux 4.4 起，监听套接字的 SYN 队列实际受其 backlog（min(listen() backlog, somaxconn)）限制；此设置只决定在没有 cookie 时何时丢弃请求。'),
    advice: t('Raising it alone does little; raise the application backlog and net.core.somaxconn instead.', '单独提高它作用不大；应提高应用的 backlog 和 net.core.somaxconn。'),
    related: ['sysctl:net.core.somaxconn', 'sysctl:net.ipv4.tcp_syncookies', 'counter:TcpExt:TCPReqQFullDrop'],
  },
  {
    key: 'net.core.somaxconn', defaultValue: '4096',
    summary: t('Upper limit for the backlog a program passes to listen().', '程序传给 listen() 的 backlog 的上限。'),
    details: t('The default rose from 128 to 4096 in Linux 5.4. A listener\'s accept queue holds min(backlog, somaxconn) (+1) finished connections. Node\'s server.listen() uses a backlog of 511 unless told otherwise.', 'Linux 5.4 把默认值从 128 提高到 4096。监听套接字的 accept 队列最多容纳 min(backlog, somaxconn)（+1）个已完成的连接。除非另行指定，Node 的 server.listen() 使用 511 作为 backlog。'),
    advice: t('Raise it together with the application\'s backlog when ListenOverflows grows.', 'ListenOverflows 增长时，与应用的 backlog 一起提高。'),
    related: ['counter:TcpExt:ListenOverflows', 'state:LISTEN'], extraSources: [SRC.somaxconnDoc, SRC.listenMan],
  },
  {
    key: 'net.ipv4.tcp_synack_retries', defaultValue: '5',
    summary: t('How many times a SYN+ACK is retransmitted for a half-open request.', '半连接请求的 SYN+ACK 重传次数。'),
    details: t('With 5 retries a request lives about 63 s before it is dropped.', '重传 5 次时，一个请求约 63 秒后被丢弃。'),
    advice: t('Leave the default.', '保持默认值。'),
    related: ['state:SYN_RECV'],
  },
  {
    key: 'net.ipv4.tcp_syn_retries', defaultValue: '6',
    summary: t('How many times connect() retransmits its SYN before ETIMEDOUT.', 'connect() 在返回 ETIMEDOUT 之前重传 SYN 的次数。'),
    details: t('With 6 retries connect() gives up after about 127 s; from Linux 6.5 the first tcp_syn_linear_timeouts (4) retries use linear 1 s timeouts, about 131 s in total. TCP_SYNCNT overrides it per socket. It is per network namespace.', '重传 6 次时，connect() 约 127 秒后放弃；从 Linux 6.5 起，前 tcp_syn_linear_timeouts（4）次重传使用 1 秒的线性超时，总计约 131 秒。TCP_SYNCNT 可按套接字覆盖它。它按网络命名空间生效。'),
    advice: t('Prefer application connect timeouts to lowering it host-wide.', '优先使用应用层连接超时，而不是在全主机范围降低它。'),
    related: ['errno:ETIMEDOUT', 'state:SYN_SENT'],
  },
  {
    key: 'net.ipv4.tcp_abort_on_overflow', defaultValue: '0',
    summary: t('Reset (1) instead of dropping (0) a final ACK that finds the accept queue full.', '当最后的 ACK 遇到 accept 队列已满时，重置（1）而不是丢弃（0）。'),
    details: t('With 0 the client retransmits and usually gets in once the queue drains; with 1 bursts turn into connection resets.', '为 0 时客户端会重传，队列排空后通常能连上；为 1 时突发流量会变成连接重置。'),
    advice: t('Keep 0.', '保持 0。'),
    related: ['counter:TcpExt:ListenOverflows'],
  },
  {
    key: 'net.ipv4.tcp_tw_reuse', defaultValue: '2',
    summary: t('Let outgoing connect() reuse a TIME_WAIT 4-tuple when timestamps make it safe.', '当时间戳能保证安全时，允许外连的 connect() 重用处于 TIME_WAIT 的四元组。'),
    details: t('0: never; 1: for all outgoing connections; 2 (default since Linux 4.19): loopback traffic only. It needs TCP timestamps on both ends and does nothing for incoming connections.', '0：从不；1：对所有外连生效；2（从 Linux 4.19 起为默认值）：只对回环流量生效。它需要两端都启用 TCP 时间戳，对入站连接没有作用。'),
    advice: t('Set 1 only on hosts that make many short outgoing connections to the same destination and run out of ports.', '只在向同一目的地发起大量短连接、端口不够用的主机上设为 1。'),
    related: ['state:TIME_WAIT', 'errno:EADDRNOTAVAIL', 'sysctl:net.ipv4.tcp_timestamps', 'sysctl:net.ipv4.tcp_tw_recycle'], extraSources: [SRC.tcpIpv4, SRC.rfc6191],
  },
  {
    key: 'net.ipv4.tcp_tw_recycle', defaultValue: '(absent)', removedIn: '4.12',
    summary: t('Removed in Linux 4.12: it dropped connections from clients behind NAT.', '已在 Linux 4.12 中删除：它会丢弃 NAT 后面客户端的连接。'),
    details: t('It recycled TIME_WAIT sockets fast by remembering the last timestamp per peer address. Clients behind one NAT address have unrelated timestamps, so their SYNs were silently dropped; from 4.10 randomised timestamp offsets broke it for all connections, and commit 4396e46187ca removed it. On current kernels the file does not exist and setting it fails.', '它通过记住每个对端地址最后的时间戳来快速回收 TIME_WAIT 套接字。同一 NAT 地址后面的客户端时间戳互不相关，它们的 SYN 会被静默丢弃；从 4.10 起随机化的时间戳偏移使所有连接都受影响，提交 4396e46187ca 删除了它。在当前内核上该文件不存在，设置它会失败。'),
    advice: t('Remove it from sysctl.conf; on kernels before 4.12 keep it 0. Use tcp_tw_reuse or connection reuse instead.', '从 sysctl.conf 中删除它；4.12 之前的内核上保持 0。改用 tcp_tw_reuse 或复用连接。'),
    related: ['sysctl:net.ipv4.tcp_tw_reuse', 'state:TIME_WAIT'], extraSources: [SRC.twRecycleRemoval, SRC.bernatTimeWait],
  },
  {
    key: 'net.ipv4.tcp_tw_reuse_delay', defaultValue: '1000', addedIn: '6.14',
    summary: t('Minimum age in ms of a TIME_WAIT socket before tcp_tw_reuse may reuse it.', 'tcp_tw_reuse 可以重用 TIME_WAIT 套接字之前它的最小存在时间（毫秒）。'),
    details: t('New in Linux 6.14; before that the delay was a fixed 1 s.', 'Linux 6.14 新增；在此之前该延迟固定为 1 秒。'),
    advice: t('Leave the default.', '保持默认值。'),
    related: ['sysctl:net.ipv4.tcp_tw_reuse'],
  },
  {
    key: 'net.ipv4.tcp_max_tw_buckets', defaultValue: 'tcp_ehash_entries/2',
    summary: t('Maximum number of TIME_WAIT sockets; beyond it connections close without TIME_WAIT.', 'TIME_WAIT 套接字的最大数量；超过后连接关闭时不再进入 TIME_WAIT。'),
    details: t('When exceeded the kernel logs "time wait bucket table overflow" and counts TCPTimeWaitOverflow. Orphaned FIN_WAIT2 sockets also count. The kernel documentation warns against lowering it.', '超过时内核记录 "time wait bucket table overflow" 并计入 TCPTimeWaitOverflow。孤儿 FIN_WAIT2 套接字也计算在内。内核文档警告不要降低它。'),
    advice: t('Never lower it; raise it if TCPTimeWaitOverflow grows.', '不要降低；如果 TCPTimeWaitOverflow 增长则提高。'),
    related: ['counter:TcpExt:TCPTimeWaitOverflow', 'state:TIME_WAIT'],
  },
  {
    key: 'net.ipv4.tcp_fin_timeout', defaultValue: '60',
    summary: t('How long an orphaned socket stays in FIN_WAIT2; it does not change TIME_WAIT.', '孤儿套接字在 FIN_WAIT2 中停留的时间；它不改变 TIME_WAIT。'),
    details: t('Applies to sockets the application has fully closed whose peer has not sent its FIN. A socket the application still holds after shutdown() can stay in FIN_WAIT2 indefinitely. TIME_WAIT is a fixed 60 s (TCP_TIMEWAIT_LEN) regardless of this value, despite much advice saying otherwise.', '适用于应用已完全关闭、而对端尚未发送 FIN 的套接字。应用在 shutdown() 后仍持有的套接字可以无限期停留在 FIN_WAIT2。无论此值是多少，TIME_WAIT 都固定为 60 秒（TCP_TIMEWAIT_LEN），尽管很多建议说法相反。'),
    advice: t('Leave it; lowering it does not reduce TIME_WAIT.', '保持不变；降低它并不能减少 TIME_WAIT。'),
    related: ['state:FIN_WAIT2', 'state:TIME_WAIT'], extraSources: [SRC.tcpH],
  },
  {
    key: 'net.ipv4.tcp_keepalive_time', defaultValue: '7200',
    summary: t('Idle seconds before the first keepalive probe on sockets with SO_KEEPALIVE.', '开启 SO_KEEPALIVE 的套接字在发送第一个 keepalive 探测前的空闲秒数。'),
    details: t('With tcp_keepalive_intvl 75 and tcp_keepalive_probes 9 a dead peer is detected after about 2 h 11 min. Only sockets with SO_KEEPALIVE and no per-socket TCP_KEEPIDLE use it. Node\'s setKeepAlive(true, ms) sets TCP_KEEPIDLE to ms/1000 and (libuv 1.35+) TCP_KEEPINTVL 1 and TCP_KEEPCNT 10. Keepalive does not run while sent data is unacknowledged.', '在 tcp_keepalive_intvl 为 75、tcp_keepalive_probes 为 9 时，约 2 小时 11 分钟后才能发现对端失效。只有开启 SO_KEEPALIVE 且没有单独设置 TCP_KEEPIDLE 的套接字使用它。Node 的 setKeepAlive(true, ms) 把 TCP_KEEPIDLE 设为 ms/1000，并（libuv 1.35+）设 TCP_KEEPINTVL 为 1、TCP_KEEPCNT 为 10。有未确认的已发送数据时 keepalive 不会运行。'),
    advice: t('Set keepalive per socket in the application rather than changing the host default.', '在应用中按套接字设置 keepalive，而不是修改主机默认值。'),
    related: ['sysctl:net.ipv4.tcp_keepalive_intvl', 'sysctl:net.ipv4.tcp_keepalive_probes', 'errno:ETIMEDOUT', 'counter:TcpExt:TCPKeepAlive'],
  },
  {
    key: 'net.ipv4.tcp_keepalive_intvl', defaultValue: '75',
    summary: t('Seconds between unanswered keepalive probes.', '未被应答的 keepalive 探测之间的间隔秒数。'),
    details: t('Per-socket override: TCP_KEEPINTVL.', '按套接字覆盖：TCP_KEEPINTVL。'),
    advice: t('Prefer per-socket settings.', '优先使用按套接字的设置。'),
    related: ['sysctl:net.ipv4.tcp_keepalive_time'],
  },
  {
    key: 'net.ipv4.tcp_keepalive_probes', defaultValue: '9',
    summary: t('Unanswered keepalive probes before the connection is dropped with ETIMEDOUT.', '连接以 ETIMEDOUT 被丢弃之前未被应答的 keepalive 探测次数。'),
    details: t('Per-socket override: TCP_KEEPCNT.', '按套接字覆盖：TCP_KEEPCNT。'),
    advice: t('Prefer per-socket settings.', '优先使用按套接字的设置。'),
    related: ['sysctl:net.ipv4.tcp_keepalive_time'],
  },
  {
    key: 'net.ipv4.tcp_retries1', defaultValue: '3',
    summary: t('Retransmissions after which TCP asks the network layer to re-check the route.', '重传多少次后 TCP 让网络层重新检查路由。'),
    details: t('It does not end the connection.', '它不会结束连接。'),
    advice: t('Leave the default.', '保持默认值。'),
    related: ['sysctl:net.ipv4.tcp_retries2'],
  },
  {
    key: 'net.ipv4.tcp_retries2', defaultValue: '15',
    summary: t('How long an established connection with unacknowledged data retransmits before ETIMEDOUT.', '有未确认数据的已建立连接在返回 ETIMEDOUT 前重传的时长。'),
    details: t('The value is turned into a time with exponential backoff: 15 gives at least 924.6 s (about 15.4 min). TCP_USER_TIMEOUT replaces it per socket.', '该值按指数退避换算成时间：15 对应至少 924.6 秒（约 15.4 分钟）。TCP_USER_TIMEOUT 可按套接字替代它。'),
    advice: t('Keep it at 8 or more; use TCP_USER_TIMEOUT on sockets that need faster failure detection.', '保持在 8 或以上；需要更快发现故障的套接字使用 TCP_USER_TIMEOUT。'),
    related: ['errno:ETIMEDOUT', 'counter:TcpExt:TCPAbortOnTimeout'],
  },
  {
    key: 'net.ipv4.tcp_orphan_retries', defaultValue: '0',
    summary: t('Retransmissions for orphaned sockets (closed by the application) before they are killed.', '孤儿套接字（已被应用关闭）被杀死之前的重传次数。'),
    details: t('0 means the kernel uses 8; it is not "no retries".', '0 表示内核使用 8；并不是"不重传"。'),
    advice: t('Do not treat 0 as a problem.', '不要把 0 当作问题。'),
    related: ['state:FIN_WAIT1', 'state:LAST_ACK'],
  },
  {
    key: 'net.ipv4.tcp_max_orphans', defaultValue: 'tcp_ehash_entries/2', global: true,
    summary: t('Maximum number of orphaned sockets; beyond it they are reset.', '孤儿套接字的最大数量；超过后它们会被重置。'),
    details: t('Over the limit the kernel logs "too many orphaned sockets" and resets them (TCPAbortOnMemory). Compare with "orphan" in /proc/net/sockstat. It is global, not per namespace.', '超过上限时内核记录 "too many orphaned sockets" 并重置它们（TCPAbortOnMemory）。与 /proc/net/sockstat 中的 "orphan" 对比。它是全局的，不按命名空间。'),
    advice: t('Raise only if orphans genuinely reach it.', '只有孤儿数确实达到上限时才提高。'),
    related: ['counter:TcpExt:TCPAbortOnMemory'],
  },
  {
    key: 'net.ipv4.ip_local_port_range', defaultValue: '32768\t60999',
    summary: t('Range of ephemeral ports for outgoing connections (28232 ports by default).', '外连使用的临时端口范围（默认 28232 个）。'),
    details: t('connect() prefers even ports and bind(0) odd ones. Towards one destination IP and port, range / 60 s (about 470 per second) new connections is the limit before TIME_WAIT blocks new ones. ip_local_reserved_ports removes ports from it; IP_BIND_ADDRESS_NO_PORT avoids reserving a port at bind() time.', 'connect() 优先使用偶数端口，bind(0) 使用奇数端口。对同一目的 IP 和端口，每秒新连接的上限约为 范围 / 60 秒（约 470 个），超过后会被 TIME_WAIT 挡住。ip_local_reserved_ports 可从中排除端口；IP_BIND_ADDRESS_NO_PORT 可避免在 bind() 时占用端口。'),
    advice: t('Widen it (for example 10000 65000) only after connection reuse; keep it clear of listening ports.', '先复用连接，再考虑扩大它（例如 10000 65000）；不要与监听端口重叠。'),
    related: ['errno:EADDRNOTAVAIL', 'state:TIME_WAIT', 'sysctl:net.ipv4.tcp_tw_reuse'], extraSources: [SRC.inetHashtables, SRC.cloudflarePorts],
  },
  {
    key: 'net.ipv4.tcp_rmem', defaultValue: '4096\t131072\t33554432',
    summary: t('Receive buffer min, default and max for autotuning.', '接收缓冲区自动调优的最小值、默认值和最大值。'),
    details: t('The maximum is 32 MB from Linux 6.16 (6 MB before). Setting SO_RCVBUF on a socket turns autotuning off for it.', '从 Linux 6.16 起最大值为 32 MB（之前为 6 MB）。对套接字设置 SO_RCVBUF 会关闭它的自动调优。'),
    advice: t('Do not lower the maximum; avoid fixed SO_RCVBUF.', '不要降低最大值；避免固定的 SO_RCVBUF。'),
    related: ['sysctl:net.ipv4.tcp_wmem', 'sysctl:net.ipv4.tcp_mem'],
  },
  {
    key: 'net.ipv4.tcp_wmem', defaultValue: '4096\t16384\t4194304',
    summary: t('Send buffer min, default and max for autotuning.', '发送缓冲区自动调优的最小值、默认值和最大值。'),
    details: t('Setting SO_SNDBUF turns autotuning off for that socket.', '设置 SO_SNDBUF 会关闭该套接字的自动调优。'),
    advice: t('Do not lower the maximum.', '不要降低最大值。'),
    related: ['sysctl:net.ipv4.tcp_rmem'],
  },
  {
    key: 'net.ipv4.tcp_mem', defaultValue: '(computed at boot, in pages)', global: true,
    summary: t('Total TCP memory thresholds (low, pressure, high) in pages.', 'TCP 总内存的阈值（低、压力、高），单位为页。'),
    details: t('Above "high" the kernel refuses allocations and logs "TCP: out of memory -- consider tuning tcp_mem"; orphans are reset. Compare with "mem" in /proc/net/sockstat.', '超过 "high" 时内核拒绝分配并记录 "TCP: out of memory -- consider tuning tcp_mem"；孤儿套接字会被重置。与 /proc/net/sockstat 中的 "mem" 对比。'),
    advice: t('Investigate sockets with large queues before raising it.', '提高之前先排查有大队列的套接字。'),
    related: ['errno:ENOBUFS', 'counter:TcpExt:TCPAbortOnMemory'],
  },
  {
    key: 'net.ipv4.tcp_timestamps', defaultValue: '1',
    summary: t('Use TCP timestamps (RFC 7323).', '使用 TCP 时间戳（RFC 7323）。'),
    details: t('Needed for PAWS, tcp_tw_reuse and SYN cookies with options. 1 uses random per-connection offsets (since 4.10).', 'PAWS、tcp_tw_reuse 以及带选项的 SYN cookie 都需要它。1 表示使用每连接随机偏移（自 4.10 起）。'),
    advice: t('Keep it on.', '保持开启。'),
    related: ['sysctl:net.ipv4.tcp_tw_reuse', 'tcpdump:option:ts'], extraSources: [SRC.rfc7323],
  },
  {
    key: 'net.ipv4.tcp_sack', defaultValue: '1',
    summary: t('Use selective acknowledgements (RFC 2018).', '使用选择性确认（RFC 2018）。'),
    details: t('SACK lets the receiver report which blocks arrived, so loss recovery resends only what is missing.', 'SACK 让接收方报告哪些数据块已到达，丢包恢复时只需重发缺失的部分。'),
    advice: t('Keep it on.', '保持开启。'),
    related: ['tcpdump:option:sackOK'], extraSources: [SRC.rfc2018],
  },
  {
    key: 'net.ipv4.tcp_window_scaling', defaultValue: '1',
    summary: t('Use window scaling (RFC 7323) so windows can exceed 64 KB.', '使用窗口缩放（RFC 7323），使窗口可以超过 64 KB。'),
    details: t('Without it throughput is limited to 64 KB per round trip.', '没有它时，吞吐量被限制为每个往返 64 KB。'),
    advice: t('Keep it on.', '保持开启。'),
    related: ['tcpdump:option:wscale'], extraSources: [SRC.rfc7323],
  },
  {
    key: 'net.ipv4.tcp_slow_start_after_idle', defaultValue: '1',
    summary: t('Reset the congestion window after an idle period.', '空闲一段时间后重置拥塞窗口。'),
    details: t('Idle long-lived connections start slowly again after a pause.', '空闲的长连接在暂停后会重新慢启动。'),
    advice: t('0 is reasonable for long-lived bursty connections (pools, HTTP/2).', '对长期存在且流量突发的连接（连接池、HTTP/2），设为 0 是合理的。'),
    related: [],
  },
  {
    key: 'net.ipv4.tcp_congestion_control', defaultValue: 'cubic',
    summary: t('Default congestion control algorithm.', '默认的拥塞控制算法。'),
    details: t('tcp_available_congestion_control lists the loaded ones; BBR needs the tcp_bbr module and works best with the fq qdisc.', 'tcp_available_congestion_control 列出已加载的算法；BBR 需要 tcp_bbr 模块，配合 fq 队列规则效果最好。'),
    advice: t('Report it; there is no single right choice.', '仅作报告；没有唯一正确的选择。'),
    related: [],
  },
  {
    key: 'net.core.netdev_max_backlog', defaultValue: '1000', global: true,
    summary: t('Per-CPU queue of received packets waiting for the network stack.', '每个 CPU 上等待网络协议栈处理的接收包队列。'),
    details: t('Drops show in the second column of /proc/net/softnet_stat.', '丢包计数在 /proc/net/softnet_stat 的第二列。'),
    advice: t('Raise only if that column grows.', '只有该列增长时才提高。'),
    related: [], extraSources: [SRC.somaxconnDoc],
  },
  {
    key: 'net.ipv4.tcp_fastopen', defaultValue: '1',
    summary: t('TCP Fast Open: 1 enables it for clients, 2 for servers, 3 both.', 'TCP 快速打开：1 为客户端启用，2 为服务端，3 为两者。'),
    details: t('Only applications that ask for TFO use it.', '只有请求使用 TFO 的应用才会用到它。'),
    advice: t('Leave it unless an application uses TFO.', '除非应用使用 TFO，否则保持不变。'),
    related: [],
  },
  {
    key: 'net.ipv4.tcp_mtu_probing', defaultValue: '0',
    summary: t('Packetization-layer path MTU discovery: 0 off, 1 after an ICMP black hole is detected, 2 always.', '分组层路径 MTU 发现：0 关闭，1 在检测到 ICMP 黑洞后启用，2 总是启用。'),
    details: t('Helps when ICMP "fragmentation needed" is filtered and large segments vanish.', '当 ICMP "需要分片" 被过滤、大分段消失时有帮助。'),
    advice: t('Consider 1 behind tunnels and VPNs.', '在隧道和 VPN 之后可考虑设为 1。'),
    related: ['icmp:3/4', 'errno:EMSGSIZE'],
  },
  {
    key: 'net.ipv4.tcp_rfc1337', defaultValue: '0',
    summary: t('Ignore RSTs for sockets in TIME_WAIT (RFC 1337 "TIME-WAIT assassination" protection).', '对处于 TIME_WAIT 的套接字忽略 RST（RFC 1337 "TIME-WAIT 暗杀" 防护）。'),
    details: t('With 1 TIME_WAIT sockets ignore resets and live the full 60 s.', '设为 1 时，TIME_WAIT 套接字忽略重置并活满 60 秒。'),
    advice: t('Leave 0.', '保持 0。'),
    related: ['state:TIME_WAIT'],
  },
];

// Every setting: the core list above and the commonly tuned ones (sysctls-tuning.ts).
export const SYSCTL_FACTS: readonly SysctlFact[] = [...CORE_SYSCTL_FACTS, ...TUNING_SYSCTL_FACTS];

function buildSysctl(f: SysctlFact): KnowledgeEntry {
  const short = f.key.split('.').pop() ?? f.key;
  const status = f.removedIn !== undefined
    ? t(`Removed in Linux ${f.removedIn}.`, `已在 Linux ${f.removedIn} 中删除。`)
    : t(`Default: ${f.defaultValue.replace(/\t/g, ' ')}${f.addedIn !== undefined ? ` (new in Linux ${f.addedIn})` : ''}${f.global === true ? '; global, not per network namespace' : ''}.`, `默认值：${f.defaultValue.replace(/\t/g, ' ')}${f.addedIn !== undefined ? `（Linux ${f.addedIn} 新增）` : ''}${f.global === true ? '；全局设置，不按网络命名空间' : ''}。`);
  return {
    kind: 'sysctl', id: `sysctl:${f.key}`, name: f.key, aliases: [short, `/proc/sys/${f.key.replace(/\./g, '/')}`],
    numbers: {},
    summary: f.summary,
    details: t(`${f.details.en} ${status.en}`, `${f.details.zh}${status.zh}`),
    checks: [cmd(`sysctl ${f.key}`, 'current value', '当前值'), cmd('tcpdoc sysctl', 'audit of all TCP settings', '审计所有 TCP 设置')],
    fixes: [f.advice, t(`Persist a change in /etc/sysctl.d/*.conf, e.g. \`${f.key} = VALUE\`, then \`sysctl --system\`.`, `在 /etc/sysctl.d/*.conf 中持久化修改，例如 \`${f.key} = VALUE\`，然后执行 \`sysctl --system\`。`)],
    related: f.related,
    sources: [...(f.sources ?? [SRC.ipSysctl, SRC.sysctlNetIpv4]), ...(f.extraSources ?? [])],
  };
}

// The settings as knowledge entries (ids sysctl:FULL.NAME).
export const SYSCTL_ENTRIES: readonly KnowledgeEntry[] = SYSCTL_FACTS.map(buildSysctl);
