// ICMPv4 and ICMPv6 types and codes, and what a TCP or UDP socket on Linux reports when one arrives.
// Errors per net/ipv4/icmp.c icmp_err_convert, tcp_v4_err, __udp4_lib_err and net/ipv6/icmp.c icmpv6_err_convert.
import { SRC } from './sources.js';
import { t, type KnowledgeEntry, type Source, type Text } from './types.js';

interface IcmpRow {
  type: number;
  code: number;
  name: string;
  meaning: Text;
  // errno a socket gets, and whether Linux treats it as fatal (hard) for UDP and established TCP.
  errno: string | undefined;
  fatal: boolean;
  // Special handling instead of an error.
  special?: 'pmtu' | 'ignored' | 'info';
}

const V4: readonly IcmpRow[] = [
  { type: 0, code: 0, name: 'echo reply', meaning: t('Answer to a ping (echo request).', 'ping（回显请求）的应答。'), errno: undefined, fatal: false, special: 'info' },
  { type: 3, code: 0, name: 'net unreachable', meaning: t('A router has no route to the destination network.', '路由器没有到目标网络的路由。'), errno: 'ENETUNREACH', fatal: false },
  { type: 3, code: 1, name: 'host unreachable', meaning: t('The last router could not deliver to the host (often: no ARP answer).', '最后一跳路由器无法送达主机（常见原因：ARP 无应答）。'), errno: 'EHOSTUNREACH', fatal: false },
  { type: 3, code: 2, name: 'protocol unreachable', meaning: t('The host does not support the transport protocol.', '主机不支持该传输协议。'), errno: 'ENOPROTOOPT', fatal: true },
  { type: 3, code: 3, name: 'port unreachable', meaning: t('The host has nothing on that port (normal answer for UDP), or a firewall rejected the packet with this code.', '主机在该端口上没有程序（UDP 的正常应答），或防火墙用此代码拒绝了包。'), errno: 'ECONNREFUSED', fatal: true },
  { type: 3, code: 4, name: 'fragmentation needed', meaning: t('The packet is larger than the next link\'s MTU and has DF set; the message carries that MTU (path MTU discovery).', '包大于下一段链路的 MTU 且设置了 DF；消息中带有该 MTU（路径 MTU 发现）。'), errno: 'EMSGSIZE', fatal: false, special: 'pmtu' },
  { type: 3, code: 5, name: 'source route failed', meaning: t('A source route could not be followed.', '无法按源路由转发。'), errno: 'EOPNOTSUPP', fatal: false },
  { type: 3, code: 6, name: 'destination network unknown', meaning: t('The destination network is unknown.', '目标网络未知。'), errno: 'ENETUNREACH', fatal: true },
  { type: 3, code: 7, name: 'destination host unknown', meaning: t('The destination host is unknown.', '目标主机未知。'), errno: 'EHOSTDOWN', fatal: true },
  { type: 3, code: 8, name: 'source host isolated', meaning: t('The source host is isolated (obsolete).', '源主机被隔离（已废弃）。'), errno: 'ENONET', fatal: true },
  { type: 3, code: 9, name: 'network administratively prohibited', meaning: t('Communication with the network is forbidden by policy.', '策略禁止与该网络通信。'), errno: 'ENETUNREACH', fatal: true },
  { type: 3, code: 10, name: 'host administratively prohibited', meaning: t('Communication with the host is forbidden; iptables `--reject-with icmp-host-prohibited` sends it.', '禁止与该主机通信；iptables `--reject-with icmp-host-prohibited` 会发送它。'), errno: 'EHOSTUNREACH', fatal: true },
  { type: 3, code: 11, name: 'network unreachable for TOS', meaning: t('The network is unreachable for the requested type of service.', '对请求的服务类型而言网络不可达。'), errno: 'ENETUNREACH', fatal: false },
  { type: 3, code: 12, name: 'host unreachable for TOS', meaning: t('The host is unreachable for the requested type of service.', '对请求的服务类型而言主机不可达。'), errno: 'EHOSTUNREACH', fatal: false },
  { type: 3, code: 13, name: 'communication administratively prohibited', meaning: t('A filter forbids the packet (RFC 1812); iptables `--reject-with icmp-admin-prohibited` sends it.', '过滤器禁止该包（RFC 1812）；iptables `--reject-with icmp-admin-prohibited` 会发送它。'), errno: 'EHOSTUNREACH', fatal: true },
  { type: 3, code: 14, name: 'host precedence violation', meaning: t('The requested precedence is not allowed.', '请求的优先级不被允许。'), errno: 'EHOSTUNREACH', fatal: true },
  { type: 3, code: 15, name: 'precedence cutoff in effect', meaning: t('The precedence is below the network\'s cutoff.', '优先级低于网络的截止值。'), errno: 'EHOSTUNREACH', fatal: true },
  { type: 4, code: 0, name: 'source quench', meaning: t('Old congestion signal, deprecated by RFC 6633; Linux ignores it.', '旧的拥塞信号，已被 RFC 6633 废弃；Linux 忽略它。'), errno: undefined, fatal: false, special: 'ignored' },
  { type: 5, code: 0, name: 'redirect for network', meaning: t('A router tells the host to use a better gateway for a network.', '路由器告诉主机对某网络使用更好的网关。'), errno: undefined, fatal: false, special: 'ignored' },
  { type: 5, code: 1, name: 'redirect for host', meaning: t('A router tells the host to use a better gateway for this host.', '路由器告诉主机对该主机使用更好的网关。'), errno: undefined, fatal: false, special: 'ignored' },
  { type: 8, code: 0, name: 'echo request', meaning: t('A ping.', '一次 ping。'), errno: undefined, fatal: false, special: 'info' },
  { type: 11, code: 0, name: 'TTL exceeded in transit', meaning: t('The TTL reached zero at a router: a routing loop, or traceroute at work.', 'TTL 在路由器处减为零：路由环路，或正在运行 traceroute。'), errno: 'EHOSTUNREACH', fatal: false },
  { type: 11, code: 1, name: 'fragment reassembly time exceeded', meaning: t('The receiver gave up reassembling a fragmented packet.', '接收方放弃了对分片包的重组。'), errno: 'EHOSTUNREACH', fatal: false },
  { type: 12, code: 0, name: 'parameter problem', meaning: t('A header field was invalid; the pointer says which byte.', '某个首部字段无效；指针指出是哪个字节。'), errno: 'EPROTO', fatal: true },
];

const V6: readonly IcmpRow[] = [
  { type: 1, code: 0, name: 'no route to destination', meaning: t('A router has no route to the destination.', '路由器没有到目的地的路由。'), errno: 'ENETUNREACH', fatal: false },
  { type: 1, code: 1, name: 'administratively prohibited', meaning: t('A firewall forbids the packet; ip6tables `--reject-with icmp6-adm-prohibited` sends it.', '防火墙禁止该包；ip6tables `--reject-with icmp6-adm-prohibited` 会发送它。'), errno: 'EACCES', fatal: true },
  { type: 1, code: 2, name: 'beyond scope of source address', meaning: t('The destination is outside the scope of the source address (for example link-local source).', '目的地超出源地址的作用域（例如链路本地源地址）。'), errno: 'EHOSTUNREACH', fatal: false },
  { type: 1, code: 3, name: 'address unreachable', meaning: t('The last router could not resolve the address (no neighbour discovery answer).', '最后一跳路由器无法解析该地址（邻居发现无应答）。'), errno: 'EHOSTUNREACH', fatal: false },
  { type: 1, code: 4, name: 'port unreachable', meaning: t('Nothing listens on that port, or a firewall rejected with this code.', '该端口上没有监听程序，或防火墙用此代码拒绝。'), errno: 'ECONNREFUSED', fatal: true },
  { type: 1, code: 5, name: 'source address failed ingress/egress policy', meaning: t('The source address is not allowed by policy.', '策略不允许该源地址。'), errno: 'EACCES', fatal: true },
  { type: 1, code: 6, name: 'reject route to destination', meaning: t('A reject route matched the destination.', '目的地匹配到一条拒绝路由。'), errno: 'EACCES', fatal: true },
  { type: 2, code: 0, name: 'packet too big', meaning: t('The packet exceeds the next link\'s MTU; IPv6 routers never fragment, so senders must use this for path MTU discovery.', '包超过下一段链路的 MTU；IPv6 路由器从不分片，发送方必须依赖它进行路径 MTU 发现。'), errno: 'EMSGSIZE', fatal: false, special: 'pmtu' },
  { type: 3, code: 0, name: 'hop limit exceeded in transit', meaning: t('The hop limit reached zero: a routing loop, or traceroute.', '跳数限制减为零：路由环路，或 traceroute。'), errno: 'EHOSTUNREACH', fatal: false },
  { type: 3, code: 1, name: 'fragment reassembly time exceeded', meaning: t('Reassembly of a fragmented packet timed out.', '分片包重组超时。'), errno: 'EHOSTUNREACH', fatal: false },
  { type: 4, code: 0, name: 'erroneous header field', meaning: t('A header field was invalid.', '某个首部字段无效。'), errno: 'EPROTO', fatal: true },
  { type: 4, code: 1, name: 'unrecognized next header', meaning: t('The next header type is unknown to the receiver.', '接收方不认识下一个首部类型。'), errno: 'EPROTO', fatal: true },
  { type: 4, code: 2, name: 'unrecognized IPv6 option', meaning: t('An IPv6 option is unknown to the receiver.', '接收方不认识某个 IPv6 选项。'), errno: 'EPROTO', fatal: true },
  { type: 128, code: 0, name: 'echo request', meaning: t('A ping6.', '一次 ping6。'), errno: undefined, fatal: false, special: 'info' },
  { type: 129, code: 0, name: 'echo reply', meaning: t('Answer to a ping6.', 'ping6 的应答。'), errno: undefined, fatal: false, special: 'info' },
];

function describeEffect(row: IcmpRow): Text {
  if (row.special === 'info') return t('An informational message; sockets report nothing.', '信息类消息；套接字不会报告任何错误。');
  if (row.special === 'ignored') return t('TCP and UDP sockets report nothing; Linux ignores it or only updates its route cache.', 'TCP 和 UDP 套接字不会报告任何错误；Linux 忽略它，或只更新路由缓存。');
  if (row.special === 'pmtu') {
    return t(
      `TCP lowers its segment size (path MTU discovery) and reports no error. A datagram socket that sets don't-fragment gets ${row.errno} on its next send.`,
      `TCP 会减小分段大小（路径 MTU 发现），不报告错误。设置了不分片的数据报套接字在下一次发送时得到 ${row.errno}。`,
    );
  }
  const e = row.errno ?? 'EPROTO';
  const udp = row.fatal
    ? t(`A connected UDP socket gets ${e} on its next call.`, `已连接的 UDP 套接字在下一次调用时得到 ${e}。`)
    : t('UDP reports it only with IP_RECVERR.', 'UDP 只有在设置 IP_RECVERR 时才报告它。');
  return t(
    `TCP: during connect() (SYN_SENT) the attempt fails at once with ${e}; on an established connection it is kept as a soft error and reported only if the connection later times out (or at once with IP_RECVERR). ${udp.en}`,
    `TCP：在 connect() 期间（SYN_SENT）连接立即以 ${e} 失败；对已建立的连接，它被记为软错误，只有连接之后超时才报告（设置 IP_RECVERR 时立即报告）。${udp.zh}`,
  );
}

function buildIcmp(row: IcmpRow, v6: boolean): KnowledgeEntry {
  const kind = v6 ? 'icmpv6' : 'icmp';
  const label = v6 ? 'ICMPv6' : 'ICMP';
  const effect = describeEffect(row);
  const sources: Source[] = v6 ? [SRC.rfc4443, SRC.icmpV6C, SRC.icmpv6H, SRC.tcpIpv6] : [SRC.rfc792, SRC.icmpC, SRC.icmpH, SRC.tcpIpv4, SRC.udpC];
  if (!v6 && row.type === 3 && row.code >= 13) sources.unshift(SRC.rfc1812);
  if (row.special === 'pmtu') sources.push(SRC.rfc1191);
  const related = row.errno !== undefined ? [`errno:${row.errno}`] : [];
  return {
    kind, id: `${kind}:${row.type}/${row.code}`, name: `${label} ${row.type}/${row.code} ${row.name}`,
    aliases: [row.name], numbers: { icmpType: row.type, icmpCode: row.code },
    summary: t(`${label} type ${row.type} code ${row.code} (${row.name}): ${row.meaning.en}`, `${label} 类型 ${row.type} 代码 ${row.code}（${row.name}）：${row.meaning.zh}`),
    details: effect,
    checks: [
      { en: `tcpdump -ni any ${v6 ? 'icmp6' : 'icmp'}  # who sends it, and about which packet (the quoted header inside)`, zh: `tcpdump -ni any ${v6 ? 'icmp6' : 'icmp'}  # 谁发送了它，针对哪个包（消息中引用的首部）` },
      { en: 'tracepath -n HOST  # the path and the hop that answers', zh: 'tracepath -n HOST  # 路径以及是哪一跳在应答' },
    ],
    fixes: row.errno !== undefined && !row.special ? [t(`See ${row.errno} for causes and fixes; the ICMP source address names the router or host that sent it.`, `原因和解决办法见 ${row.errno}；ICMP 的源地址指出了发送它的路由器或主机。`)] : [],
    related, sources,
  };
}

// ICMPv4 and ICMPv6 entries (ids icmp:TYPE/CODE and icmpv6:TYPE/CODE).
export const ICMP_ENTRIES: readonly KnowledgeEntry[] = [...V4.map((r) => buildIcmp(r, false)), ...V6.map((r) => buildIcmp(r, true))];
