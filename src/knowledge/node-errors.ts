// Node.js and undici network errors as Node prints them, with Node-specific causes and fixes.
import { SRC } from './sources.js';
import { cmd, t, type KnowledgeEntry } from './types.js';

// How a Node error is recognised: by code (and syscall), or by a whole-message pattern.
export interface NodeMatcher {
  id: string;
  code?: string;
  syscall?: string;
  message?: RegExp;
}

// Recognisers for Node and undici errors, first match wins for messages.
export const NODE_MATCHERS: readonly NodeMatcher[] = [
  { id: 'node:socket-hang-up', message: /^socket hang up$/i },
  { id: 'node:und-err-socket', code: 'UND_ERR_SOCKET' },
  { id: 'node:und-err-socket', message: /^other side closed$/i },
  { id: 'node:und-err-connect-timeout', code: 'UND_ERR_CONNECT_TIMEOUT' },
  { id: 'node:und-err-connect-timeout', message: /^connect timeout error/i },
  { id: 'node:fetch-failed', message: /^fetch failed$/i },
  { id: 'node:err-socket-connection-timeout', code: 'ERR_SOCKET_CONNECTION_TIMEOUT' },
  { id: 'node:connect-econnrefused', code: 'ECONNREFUSED', syscall: 'connect' },
  { id: 'node:read-econnreset', code: 'ECONNRESET', syscall: 'read' },
  { id: 'node:write-epipe', code: 'EPIPE', syscall: 'write' },
  { id: 'node:listen-eaddrinuse', code: 'EADDRINUSE', syscall: 'listen' },
  { id: 'node:getaddrinfo-enotfound', code: 'ENOTFOUND' },
  { id: 'node:getaddrinfo-enotfound', code: 'EAI_NONAME' },
  { id: 'node:getaddrinfo-eai-again', code: 'EAI_AGAIN' },
  { id: 'node:emfile', code: 'EMFILE' },
];

const KEEPALIVE_FIX = t(
  'Keep-alive race: the server closes an idle pooled connection just as the client reuses it. Make the client\'s idle timeout shorter than the server\'s keepAliveTimeout (Node server default 5 s; `new http.Agent({ keepAlive: true, timeout: 4000 })`, undici `keepAliveTimeout`), or raise the server\'s: `server.keepAliveTimeout = 65_000; server.headersTimeout = 66_000` behind a load balancer with a 60 s idle timeout. Retry idempotent requests once.',
  'keep-alive 竞争：服务端关闭空闲的池化连接时，客户端恰好复用了它。让客户端的空闲超时短于服务端的 keepAliveTimeout（Node 服务端默认 5 秒；`new http.Agent({ keepAlive: true, timeout: 4000 })`，undici 的 `keepAliveTimeout`），或提高服务端的值：在空闲超时为 60 秒的负载均衡器之后设置 `server.keepAliveTimeout = 65_000; server.headersTimeout = 66_000`。对幂等请求重试一次。',
);

// Node.js and undici error entries (ids node:NAME).
export const NODE_ENTRIES: readonly KnowledgeEntry[] = [
  {
    kind: 'node', id: 'node:connect-econnrefused', name: 'connect ECONNREFUSED', aliases: ['connect ECONNREFUSED 127.0.0.1:9000'], numbers: {},
    summary: t('Node could not connect to {address}:{port}: the host answered that nothing listens there.', 'Node 无法连接 {address}:{port}：主机回应说那里没有程序在监听。'),
    details: t('Printed as `connect ECONNREFUSED ADDRESS:PORT` with err.code "ECONNREFUSED", err.syscall "connect", err.address and err.port. A common case since Node 17 (which stopped reordering DNS answers): "localhost" resolves to ::1 first while the server listens on 127.0.0.1 only, or the reverse; Node 20 tries the other address too unless autoSelectFamily is off. With autoSelectFamily (default since Node 20) every address is tried and the failure may arrive as an AggregateError holding one ECONNREFUSED per address.', '显示为 `connect ECONNREFUSED ADDRESS:PORT`，err.code 为 "ECONNREFUSED"，err.syscall 为 "connect"，并带有 err.address 和 err.port。自 Node 17（不再重排 DNS 结果）起的常见情况："localhost" 先解析为 ::1，而服务只监听 127.0.0.1，或相反；除非关闭 autoSelectFamily，Node 20 还会尝试另一个地址。使用 autoSelectFamily（Node 20 起默认开启）时会尝试每个地址，失败可能以 AggregateError 的形式出现，其中每个地址各有一个 ECONNREFUSED。'),
    checks: [cmd("ss -ltnp 'sport = :{port}'", 'which address the server listens on (127.0.0.1, ::1, 0.0.0.0, ::)', '服务监听的地址（127.0.0.1、::1、0.0.0.0、::）'), cmd('getent ahosts localhost', 'the order "localhost" resolves in', '"localhost" 的解析顺序')],
    fixes: [t('Use the address the server really listens on (127.0.0.1 vs ::1), or make the server listen on both (`server.listen(port)` with no host listens on :: which accepts IPv4 too).', '使用服务实际监听的地址（127.0.0.1 或 ::1），或让服务同时监听两者（`server.listen(port)` 不指定主机时监听 ::，也接受 IPv4）。')],
    related: ['errno:ECONNREFUSED', 'node:aggregate-error'], sources: [SRC.nodeErrors, SRC.nodeNet],
  },
  {
    kind: 'node', id: 'node:read-econnreset', name: 'read ECONNRESET', aliases: ['write ECONNRESET', 'connect ECONNRESET'], numbers: {},
    summary: t('The peer reset the connection while Node was reading from (or writing to) it.', '在 Node 读取（或写入）时，连接被对端重置。'),
    details: t('err.code "ECONNRESET", err.syscall "read" (or "write"/"connect"). Node has no address on this error; log the socket\'s remoteAddress yourself. In HTTP clients it is usually a pooled keep-alive connection the server had already closed, or a server/proxy that aborted the request (timeouts, body limits, crashes).', 'err.code 为 "ECONNRESET"，err.syscall 为 "read"（或 "write"/"connect"）。这个错误上没有地址；请自己记录套接字的 remoteAddress。在 HTTP 客户端中，通常是服务端已关闭的池化 keep-alive 连接，或服务端/代理中止了请求（超时、请求体限制、崩溃）。'),
    checks: [cmd('tcpdump -ni any port {port}', 'which side sends the RST and after how much idle time', '哪一方发送了 RST，以及之前空闲了多久'), cmd('tcpdoc trace --live -i any port {port}', 'live: who resets the connection and after what', '实时查看：谁重置了连接，发生在什么之后')],
    fixes: [KEEPALIVE_FIX, t('Attach "error" handlers to every socket, request and response stream.', '为每个套接字、请求和响应流添加 "error" 处理器。')],
    related: ['errno:ECONNRESET', 'node:socket-hang-up', 'node:und-err-socket'], sources: [SRC.nodeErrors, SRC.nodeHttp, SRC.nodeKeepAliveRace],
  },
  {
    kind: 'node', id: 'node:write-epipe', name: 'write EPIPE', aliases: [], numbers: {},
    summary: t('Node wrote to a connection that the peer had already closed or reset.', 'Node 向一个对端已关闭或重置的连接写数据。'),
    details: t('err.code "EPIPE", err.syscall "write", err.errno -32 on Linux. The peer closed, our first write after that provoked a RST, and the next write failed. Node ignores SIGPIPE, so only the error event shows it.', 'err.code 为 "EPIPE"，err.syscall 为 "write"，Linux 上 err.errno 为 -32。对端已关闭，我们之后的第一次写引发了 RST，下一次写失败。Node 忽略 SIGPIPE，所以只有 error 事件会显示它。'),
    checks: [cmd("tcpdoc ls 'state close-wait'", 'sockets whose peer already sent FIN', '对端已发送 FIN 的套接字')],
    fixes: [t('Stop writing after "end"/"close"; check `socket.writableEnded`/`socket.destroyed`; handle "error".', '在 "end"/"close" 之后停止写入；检查 `socket.writableEnded`/`socket.destroyed`；处理 "error"。')],
    related: ['errno:EPIPE', 'state:CLOSE_WAIT'], sources: [SRC.nodeErrors, SRC.nodeNet],
  },
  {
    kind: 'node', id: 'node:socket-hang-up', name: 'socket hang up', aliases: ['Error: socket hang up'], numbers: {},
    summary: t('The HTTP server closed the connection before sending a complete response.', 'HTTP 服务端在发出完整响应之前关闭了连接。'),
    details: t('Node\'s http client reports it with code ECONNRESET but no errno or syscall when the socket ended (FIN) with no response; a RST gives `read ECONNRESET` instead. Causes: the keep-alive race (the server closed an idle pooled socket as the request went out), a server or proxy timeout, a crash, or the request being aborted on our side (then code is ECONNRESET after req.destroy()).', '当套接字以 FIN 结束而没有响应时，Node 的 http 客户端报告它，code 为 ECONNRESET，但没有 errno 或 syscall；如果是 RST，则显示 `read ECONNRESET`。原因：keep-alive 竞争（请求发出时服务端关闭了空闲的池化套接字）、服务端或代理超时、崩溃，或我们这边中止了请求（req.destroy() 之后 code 为 ECONNRESET）。'),
    checks: [cmd('tcpdump -ni any port {port}', 'a [F.] from the server right after our request, on a reused connection', '在复用的连接上，我们的请求之后服务端立即发出 [F.]')],
    fixes: [KEEPALIVE_FIX],
    related: ['node:read-econnreset', 'errno:ECONNRESET', 'node:und-err-socket'], sources: [SRC.nodeHttp, SRC.nodeKeepAliveRace, SRC.nodeHeadersTimeout],
  },
  {
    kind: 'node', id: 'node:getaddrinfo-enotfound', name: 'getaddrinfo ENOTFOUND', aliases: ['ENOTFOUND', 'EAI_NONAME', 'EAI_NODATA'], numbers: { libuv: -3008 },
    summary: t('DNS lookup for {host} found no such name.', '对 {host} 的 DNS 查询没有找到该名称。'),
    details: t('Printed as `getaddrinfo ENOTFOUND HOST`, err.hostname is the name. Node maps EAI_NONAME (libuv -3008) and EAI_NODATA to ENOTFOUND. It is the resolver\'s answer (NXDOMAIN, or no A/AAAA record), not a network failure: typos, a missing /etc/hosts entry, a container without the right DNS search domain, or a `.invalid`/internal name looked up from outside.', '显示为 `getaddrinfo ENOTFOUND HOST`，err.hostname 是该名称。Node 把 EAI_NONAME（libuv -3008）和 EAI_NODATA 映射为 ENOTFOUND。这是解析器的回答（NXDOMAIN，或没有 A/AAAA 记录），而不是网络故障：拼写错误、/etc/hosts 中缺少条目、容器没有正确的 DNS 搜索域，或从外部查询 `.invalid`/内部名称。'),
    checks: [cmd('getent ahosts {host}', 'what the system resolver (the one Node\'s dns.lookup uses) returns', '系统解析器（Node 的 dns.lookup 所用的）返回什么'), cmd('cat /etc/resolv.conf', 'nameservers and search domains', '域名服务器和搜索域'), cmd('dig {host}', 'what the DNS servers themselves answer (NXDOMAIN, SERVFAIL, timeout)', 'DNS 服务器本身的应答（NXDOMAIN、SERVFAIL、超时）')],
    fixes: [t('Fix the hostname or DNS configuration; in containers check the network\'s DNS and search domains.', '修正主机名或 DNS 配置；在容器中检查网络的 DNS 和搜索域。')],
    related: ['node:getaddrinfo-eai-again', 'wsa:WSAHOST_NOT_FOUND'], sources: [SRC.nodeDns, SRC.libuvErrno],
  },
  {
    kind: 'node', id: 'node:getaddrinfo-eai-again', name: 'getaddrinfo EAI_AGAIN', aliases: ['EAI_AGAIN'], numbers: { libuv: -3001 },
    summary: t('DNS lookup for {host} failed temporarily: the resolver got no answer in time.', '对 {host} 的 DNS 查询暂时失败：解析器没有及时得到回答。'),
    details: t('libuv -3001. The nameserver timed out or returned SERVFAIL: DNS down or unreachable, overloaded, or no network. dns.lookup() runs on libuv\'s thread pool (4 threads by default), so many slow lookups also queue behind each other.', 'libuv -3001。域名服务器超时或返回 SERVFAIL：DNS 宕机或不可达、过载，或没有网络。dns.lookup() 在 libuv 的线程池（默认 4 个线程）中运行，所以大量慢查询还会互相排队。'),
    checks: [cmd('getent ahosts {host}', 'does the system resolver answer now?', '系统解析器现在能否回答？'), cmd('tcpdump -ni any port 53', 'queries with no responses', '没有响应的查询')],
    fixes: [t('Retry with backoff; fix the nameserver path; cache lookups or raise UV_THREADPOOL_SIZE when many run at once.', '带退避重试；修复到域名服务器的路径；缓存查询结果，或在并发查询多时提高 UV_THREADPOOL_SIZE。')],
    related: ['node:getaddrinfo-enotfound', 'wsa:WSATRY_AGAIN'], sources: [SRC.nodeDns, SRC.libuvErrno],
  },
  {
    kind: 'node', id: 'node:listen-eaddrinuse', name: 'listen EADDRINUSE', aliases: ['listen EADDRINUSE: address already in use'], numbers: {},
    summary: t('The server could not listen on port {port}: another socket already uses it.', '服务无法在端口 {port} 上监听：另一个套接字已在使用它。'),
    details: t('Printed as `listen EADDRINUSE: address already in use :::3000` (err.address, err.port). Usually a second copy of the app, a previous process still exiting, or a dev server already running. Listening on :: also covers IPv4.', '显示为 `listen EADDRINUSE: address already in use :::3000`（err.address、err.port）。通常是应用的第二个副本、尚在退出的旧进程，或已在运行的开发服务器。监听 :: 也会覆盖 IPv4。'),
    checks: [cmd("ss -ltnp 'sport = :{port}'", 'the process that holds the port', '占用端口的进程')],
    fixes: [t('Stop the other process or pick another port; in tests listen on port 0.', '停止另一个进程或换一个端口；测试中监听端口 0。')],
    related: ['errno:EADDRINUSE'], sources: [SRC.nodeNet, SRC.nodeErrors],
  },
  {
    kind: 'node', id: 'node:err-socket-connection-timeout', name: 'ERR_SOCKET_CONNECTION_TIMEOUT', aliases: [], numbers: {},
    summary: t('Node\'s Happy Eyeballs (autoSelectFamily) gave up: no address of {host} connected within the attempt timeout.', 'Node 的 Happy Eyeballs（autoSelectFamily）放弃了：{host} 的所有地址都没有在尝试超时内连上。'),
    details: t('Since Node 20 net.connect tries the addresses of a name in turn with autoSelectFamilyAttemptTimeout per attempt (250 ms by default on Node 20; newer releases use 500 ms). On slow or lossy links (high RTT, mobile, VPN) every attempt can time out although the server is fine; the error can also come wrapped in an AggregateError. It is Node\'s own timer, not the kernel\'s ETIMEDOUT.', '从 Node 20 起，net.connect 依次尝试一个名称的各个地址，每次尝试的超时为 autoSelectFamilyAttemptTimeout（Node 20 默认 250 毫秒；较新的版本为 500 毫秒）。在慢速或有丢包的链路上（高 RTT、移动网络、VPN），即使服务端正常，每次尝试也都可能超时；该错误也可能包装在 AggregateError 中。它是 Node 自己的定时器，不是内核的 ETIMEDOUT。'),
    checks: [cmd('getent ahosts {host}', 'every address Node tries, in order', 'Node 依次尝试的每个地址')],
    fixes: [t('Raise the attempt timeout (`net.setDefaultAutoSelectFamilyAttemptTimeout(2000)` or `--network-family-autoselection-attempt-timeout=2000`), or turn the feature off (`autoSelectFamily: false`, `--no-network-family-autoselection`).', '提高尝试超时（`net.setDefaultAutoSelectFamilyAttemptTimeout(2000)` 或 `--network-family-autoselection-attempt-timeout=2000`），或关闭该功能（`autoSelectFamily: false`、`--no-network-family-autoselection`）。')],
    related: ['node:aggregate-error', 'errno:ETIMEDOUT'], sources: [SRC.nodeNet, SRC.nodeErrors, SRC.nodeHappyEyeballs, SRC.nodeHappyEyeballs2, SRC.rfc8305],
  },
  {
    kind: 'node', id: 'node:aggregate-error', name: 'AggregateError (autoSelectFamily)', aliases: ['AggregateError'], numbers: {},
    summary: t('Every address of the name failed; the individual errors are in err.errors.', '该名称的所有地址都失败了；各个错误在 err.errors 中。'),
    details: t('With autoSelectFamily Node tries each resolved address (IPv6 and IPv4 interleaved). When all fail it throws an AggregateError whose message is often empty and whose code is taken from the first error; each entry of err.errors has its own code, address and port (for example ECONNREFUSED on ::1 and on 127.0.0.1, or ETIMEDOUT/ENETUNREACH for IPv6).', '使用 autoSelectFamily 时，Node 会尝试每个解析出的地址（IPv6 与 IPv4 交替）。全部失败时抛出 AggregateError，它的 message 常为空，code 取自第一个错误；err.errors 中的每一项都有自己的 code、address 和 port（例如 ::1 和 127.0.0.1 上各一个 ECONNREFUSED，或 IPv6 的 ETIMEDOUT/ENETUNREACH）。'),
    checks: [t('Log `err.errors.map(e => e.message)`: each line names an address and what went wrong there.', '记录 `err.errors.map(e => e.message)`：每一行都指出一个地址以及在那里出了什么问题。')],
    fixes: [t('Fix the failing address family or pin one with `family: 4`/`family: 6`; see the entries for the inner errors.', '修复失败的地址族，或用 `family: 4`/`family: 6` 固定一个；内部错误见各自的条目。')],
    related: ['node:err-socket-connection-timeout', 'node:connect-econnrefused', 'errno:ENETUNREACH'], sources: [SRC.nodeNet, SRC.nodeErrors, SRC.nodeHappyEyeballs2],
  },
  {
    kind: 'node', id: 'node:und-err-socket', name: 'other side closed (UND_ERR_SOCKET)', aliases: ['UND_ERR_SOCKET', 'SocketError', 'other side closed'], numbers: {},
    summary: t('undici (fetch) found its connection closed by the server, usually a pooled keep-alive connection.', 'undici（fetch）发现它的连接被服务端关闭了，通常是池化的 keep-alive 连接。'),
    details: t('fetch() throws `TypeError: fetch failed` with err.cause a SocketError "other side closed" (code UND_ERR_SOCKET); cause.socket holds local and remote addresses. The server (or a proxy/load balancer) closed the idle connection just as undici reused it, or closed mid-response.', 'fetch() 抛出 `TypeError: fetch failed`，其 err.cause 是 SocketError "other side closed"（code 为 UND_ERR_SOCKET）；cause.socket 包含本地和远端地址。服务端（或代理/负载均衡器）在 undici 复用空闲连接的同时关闭了它，或在响应中途关闭。'),
    checks: [cmd('tcpdump -ni any port {port}', 'the server\'s [F.] and its timing', '服务端的 [F.] 及其时间')],
    fixes: [KEEPALIVE_FIX],
    related: ['node:fetch-failed', 'node:socket-hang-up', 'errno:ECONNRESET'], sources: [SRC.undiciErrors, SRC.undiciOtherSide, SRC.nodeKeepAliveRace],
  },
  {
    kind: 'node', id: 'node:und-err-connect-timeout', name: 'Connect Timeout Error (UND_ERR_CONNECT_TIMEOUT)', aliases: ['UND_ERR_CONNECT_TIMEOUT', 'ConnectTimeoutError'], numbers: {},
    summary: t('undici could not establish the TCP (and TLS) connection within connectTimeout (10 s by default).', 'undici 没能在 connectTimeout（默认 10 秒）内建立 TCP（和 TLS）连接。'),
    details: t('fetch() fails with `TypeError: fetch failed`, cause ConnectTimeoutError. SYNs go unanswered (firewall drops, host down), or the handshake is slow; with several addresses undici may time out on the first.', 'fetch() 以 `TypeError: fetch failed` 失败，cause 为 ConnectTimeoutError。SYN 没有应答（防火墙丢弃、主机宕机），或握手很慢；有多个地址时 undici 可能在第一个地址上就超时。'),
    checks: [cmd('nc -vz -w 3 {host} {port}', 'whether a TCP connect succeeds, and how fast', 'TCP 连接能否成功，以及耗时'), cmd("tcpdoc ls 'state syn-sent'", 'connects waiting for an answer', '等待应答的连接')],
    fixes: [t('Fix reachability; if the path is just slow, pass a dispatcher with a larger connect timeout: `new Agent({ connect: { timeout: 30_000 } })`.', '修复可达性；如果只是路径慢，传入连接超时更大的 dispatcher：`new Agent({ connect: { timeout: 30_000 } })`。')],
    related: ['node:fetch-failed', 'errno:ETIMEDOUT', 'state:SYN_SENT'], sources: [SRC.undiciErrors],
  },
  {
    kind: 'node', id: 'node:fetch-failed', name: 'TypeError: fetch failed', aliases: ['fetch failed'], numbers: {},
    summary: t('fetch() failed at the network level; the real reason is in err.cause.', 'fetch() 在网络层失败；真正的原因在 err.cause 中。'),
    details: t('Node\'s fetch (undici) wraps every network failure in this TypeError. err.cause is a Node system error (ECONNREFUSED, ENOTFOUND, ECONNRESET ...), an AggregateError, or an undici error (UND_ERR_SOCKET, UND_ERR_CONNECT_TIMEOUT).', 'Node 的 fetch（undici）把所有网络失败包装在这个 TypeError 中。err.cause 是 Node 系统错误（ECONNREFUSED、ENOTFOUND、ECONNRESET……）、AggregateError，或 undici 错误（UND_ERR_SOCKET、UND_ERR_CONNECT_TIMEOUT）。'),
    checks: [t('Log `err.cause` (and `err.cause.errors` for an AggregateError), or pass the error to tcpdoc\'s explainError().', '记录 `err.cause`（对 AggregateError 还要记录 `err.cause.errors`），或把错误交给 tcpdoc 的 explainError()。')],
    fixes: [t('Fix what the cause names; see its entry.', '修复 cause 所指出的问题；见其条目。')],
    related: ['node:und-err-socket', 'node:und-err-connect-timeout', 'node:aggregate-error'], sources: [SRC.undiciErrors, SRC.nodeErrors],
  },
  {
    kind: 'node', id: 'node:emfile', name: 'EMFILE in Node', aliases: ['accept EMFILE', 'connect EMFILE', 'spawn EMFILE'], numbers: {},
    summary: t('The Node process ran out of file descriptors.', 'Node 进程的文件描述符用完了。'),
    details: t('Clients see `connect EMFILE`. Servers do not see it: libuv keeps a spare descriptor, and when accept() fails with EMFILE it frees the spare, accepts and immediately closes pending connections, so clients get a close or reset while the server code gets no error.', '客户端看到 `connect EMFILE`。服务端看不到它：libuv 保留一个备用描述符，当 accept() 以 EMFILE 失败时，它释放备用描述符，接受并立即关闭等待中的连接，因此客户端得到关闭或重置，而服务端代码不会收到错误。'),
    checks: [cmd('ls /proc/PID/fd | wc -l; grep "open files" /proc/PID/limits', 'descriptors in use and the limit', '已用描述符数和上限'), cmd("tcpdoc ls 'state close-wait'", 'leaked sockets', '泄漏的套接字')],
    fixes: [t('Close leaked sockets; bound concurrency; raise LimitNOFILE if the load is real.', '关闭泄漏的套接字；限制并发；如果负载真实存在则提高 LimitNOFILE。')],
    related: ['errno:EMFILE', 'state:CLOSE_WAIT'], sources: [SRC.libuvStream, SRC.nodeErrors],
  },
];
