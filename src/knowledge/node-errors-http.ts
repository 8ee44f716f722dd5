// HTTP-level Node and undici errors as Node 20 prints them: timeouts, aborts, parse errors and stream misuse.
import type { NodeMatcher } from './node-errors.js';
import { SRC } from './sources.js';
import { cmd, t, type KnowledgeEntry } from './types.js';

// Recognisers for HTTP, stream and undici errors, by code and by the message Node 20 prints.
export const NODE_HTTP_MATCHERS: readonly NodeMatcher[] = [
  { id: 'node:und-err-headers-timeout', code: 'UND_ERR_HEADERS_TIMEOUT' },
  { id: 'node:und-err-headers-timeout', message: /^Headers Timeout Error$/i },
  { id: 'node:und-err-body-timeout', code: 'UND_ERR_BODY_TIMEOUT' },
  { id: 'node:und-err-body-timeout', message: /^Body Timeout Error$/i },
  { id: 'node:und-err-closed', code: 'UND_ERR_CLOSED' },
  { id: 'node:und-err-closed', message: /^The client is closed$/i },
  { id: 'node:timeout-error', message: /^The operation was aborted due to timeout$/i },
  { id: 'node:abort-error', code: 'ABORT_ERR' },
  { id: 'node:abort-error', code: 'UND_ERR_ABORTED' },
  { id: 'node:abort-error', message: /^(?:This|The) operation was aborted$/i },
  { id: 'node:abort-error', message: /^Request aborted$/i },
  { id: 'node:err-http-request-timeout', code: 'ERR_HTTP_REQUEST_TIMEOUT' },
  { id: 'node:err-http-request-timeout', message: /^Request timeout$/i },
  { id: 'node:err-stream-premature-close', code: 'ERR_STREAM_PREMATURE_CLOSE' },
  { id: 'node:err-stream-premature-close', message: /^Premature close$/i },
  { id: 'node:hpe-invalid-constant', code: 'HPE_INVALID_CONSTANT' },
  // Node's http client: "Parse Error: Expected HTTP/, RTSP/ or ICE/"; fetch (undici): "... does not match the HTTP/1.1 protocol (Expected HTTP/)".
  { id: 'node:hpe-invalid-constant', message: /^Parse Error: Expected HTTP\//i },
  { id: 'node:hpe-invalid-constant', message: /does not match the HTTP\/1\.1 protocol \(Expected HTTP\/\)/i },
  { id: 'node:err-stream-write-after-end', code: 'ERR_STREAM_WRITE_AFTER_END' },
  { id: 'node:err-stream-write-after-end', message: /^write after end$/i },
];

const UNDICI_AGENT_NOTE = t(
  'Node\'s global fetch takes no timeout options of its own: set them on a dispatcher from the undici package (`fetch(url, { dispatcher: new Agent({ headersTimeout: 60_000, bodyTimeout: 60_000 }) })`, or `setGlobalDispatcher(...)`), or bound the whole request with `signal: AbortSignal.timeout(ms)`.',
  'Node 的全局 fetch 自身不接受超时选项：在 undici 包的 dispatcher 上设置（`fetch(url, { dispatcher: new Agent({ headersTimeout: 60_000, bodyTimeout: 60_000 }) })`，或 `setGlobalDispatcher(...)`），或用 `signal: AbortSignal.timeout(ms)` 限制整个请求。',
);

// HTTP, stream and undici entries (ids node:NAME), registered beside the other Node entries.
export const NODE_HTTP_ENTRIES: readonly KnowledgeEntry[] = [
  {
    kind: 'node', id: 'node:und-err-headers-timeout', name: 'Headers Timeout Error (UND_ERR_HEADERS_TIMEOUT)', aliases: ['UND_ERR_HEADERS_TIMEOUT', 'HeadersTimeoutError', 'Headers Timeout Error'], numbers: {},
    summary: t('undici (fetch) sent the request but the response headers did not arrive within headersTimeout (300 s by default).', 'undici（fetch）已发出请求，但响应头没有在 headersTimeout（默认 300 秒）内到达。'),
    details: t('fetch() fails with `TypeError: fetch failed` whose cause is a HeadersTimeoutError (code UND_ERR_HEADERS_TIMEOUT); undici destroys the socket. The timer runs from the moment the request is written until the whole header block is in. The connection itself worked: the server (or a proxy in front of it) is slow to start answering, stuck, or waiting for a request body that never came.', 'fetch() 以 `TypeError: fetch failed` 失败，其 cause 是 HeadersTimeoutError（code 为 UND_ERR_HEADERS_TIMEOUT）；undici 会销毁该套接字。计时从请求写出开始，直到整个响应头到齐为止。连接本身是成功的：服务端（或它前面的代理）开始回答得慢、卡住了，或者在等待一个始终没有到来的请求体。'),
    checks: [cmd('curl -sv -o /dev/null -w "first byte after %{time_starttransfer}s\\n" http://{host}:{port}/PATH', 'how long the server takes to start answering the same request', '服务端对同一请求开始回答需要多久'), cmd('tcpdoc trace --live -i lo port {port}', 'live (use -i any for a remote host): the request goes out and nothing comes back', '实时查看（远端主机用 -i any）：请求发出后没有任何回应')],
    fixes: [t('Find out why the server is slow (logs, a slow query, a full worker pool). If long waits are expected, raise the limit for that call only.', '查明服务端为什么慢（日志、慢查询、工作池已满）。如果长时间等待是预期的，只对该调用提高限制。'), UNDICI_AGENT_NOTE],
    related: ['node:und-err-body-timeout', 'node:fetch-failed', 'node:timeout-error'], sources: [SRC.undiciErrors, SRC.undiciErrorsMd, SRC.undiciClient],
  },
  {
    kind: 'node', id: 'node:und-err-body-timeout', name: 'Body Timeout Error (UND_ERR_BODY_TIMEOUT)', aliases: ['UND_ERR_BODY_TIMEOUT', 'BodyTimeoutError', 'Body Timeout Error'], numbers: {},
    summary: t('undici (fetch) got the response headers, then no body data arrived for bodyTimeout (300 s by default).', 'undici（fetch）收到了响应头，但此后在 bodyTimeout（默认 300 秒）内没有收到任何响应体数据。'),
    details: t('bodyTimeout is an idle timer between body chunks, not a limit on the whole download. It fires while reading the body (`await res.text()`, `res.body` iteration) with a BodyTimeoutError (code UND_ERR_BODY_TIMEOUT), usually as the cause of `TypeError: terminated`. A stalled upstream, a streaming endpoint that goes quiet (server-sent events, long polling) or a consumer that stopped reading can all cause it.', 'bodyTimeout 是响应体数据块之间的空闲计时器，而不是对整个下载的时间限制。它在读取响应体时（`await res.text()`、遍历 `res.body`）触发，错误为 BodyTimeoutError（code 为 UND_ERR_BODY_TIMEOUT），通常作为 `TypeError: terminated` 的 cause 出现。上游卡住、流式接口长时间没有数据（server-sent events、长轮询）或消费方停止读取，都可能导致它。'),
    checks: [cmd('curl -sN http://{host}:{port}/PATH | head -c 200', 'whether the server keeps sending the body', '服务端是否持续发送响应体'), cmd("tcpdoc ls 'dport = :{port}'", 'the connection is still open while no data flows', '连接仍然打开，但没有数据流动')],
    fixes: [t('For streams that can be idle, have the server send heartbeats (an SSE comment line every 15-30 s) or set `bodyTimeout: 0` for that request only.', '对于可能空闲的流，让服务端发送心跳（每 15-30 秒一行 SSE 注释），或只对该请求设置 `bodyTimeout: 0`。'), UNDICI_AGENT_NOTE],
    related: ['node:und-err-headers-timeout', 'node:und-err-socket', 'node:fetch-failed'], sources: [SRC.undiciErrors, SRC.undiciErrorsMd, SRC.undiciClient],
  },
  {
    kind: 'node', id: 'node:und-err-closed', name: 'The client is closed (UND_ERR_CLOSED)', aliases: ['UND_ERR_CLOSED', 'ClientClosedError', 'The client is closed'], numbers: {},
    summary: t('A request was sent through an undici Client, Pool or Agent that the program had already closed.', '请求被发给一个程序已经关闭的 undici Client、Pool 或 Agent。'),
    details: t('ClientClosedError (code UND_ERR_CLOSED) comes from the program, not the network: `close()` was called on the dispatcher (in a shutdown hook, a test teardown, or on a shared global dispatcher) and a request arrived afterwards. Its sibling ClientDestroyedError (UND_ERR_DESTROYED, "The client is destroyed") follows `destroy()`.', 'ClientClosedError（code 为 UND_ERR_CLOSED）来自程序本身，而不是网络：dispatcher 上已经调用了 `close()`（在关闭钩子、测试清理中，或在共享的全局 dispatcher 上），之后又来了请求。与之相似的 ClientDestroyedError（UND_ERR_DESTROYED，"The client is destroyed"）出现在 `destroy()` 之后。'),
    checks: [t('Search the code for `.close()` and `.destroy()` on Agent, Pool, Client or the global dispatcher, and log when they run.', '在代码中查找对 Agent、Pool、Client 或全局 dispatcher 调用的 `.close()` 和 `.destroy()`，并记录它们何时执行。')],
    fixes: [t('Close a dispatcher only after its last request (await pending work first), give short-lived code its own Agent, and never close the global dispatcher while the process still serves requests.', '只在最后一个请求之后关闭 dispatcher（先等待未完成的工作），给短期使用的代码单独的 Agent，并且在进程仍在处理请求时不要关闭全局 dispatcher。')],
    related: ['node:fetch-failed', 'node:abort-error'], sources: [SRC.undiciErrors, SRC.undiciErrorsMd],
  },
  {
    kind: 'node', id: 'node:timeout-error', name: 'TimeoutError (AbortSignal.timeout)', aliases: ['TimeoutError', 'The operation was aborted due to timeout'], numbers: {},
    summary: t('The program\'s own deadline (AbortSignal.timeout) ran out before the request finished.', '程序自己设定的期限（AbortSignal.timeout）在请求完成前到期了。'),
    details: t('fetch(url, { signal: AbortSignal.timeout(ms) }) rejects with a DOMException named "TimeoutError" (legacy numeric code 23), message "The operation was aborted due to timeout". It is a deadline for the whole call (connect, headers and, while reading, the body), so it says nothing about which stage was slow. Node\'s http.request with such a signal reports an AbortError (code ABORT_ERR) whose cause is this TimeoutError.', 'fetch(url, { signal: AbortSignal.timeout(ms) }) 以名为 "TimeoutError" 的 DOMException 拒绝（旧式数字 code 为 23），message 为 "The operation was aborted due to timeout"。它是整个调用（连接、响应头，以及读取时的响应体）的期限，所以它并不说明是哪个阶段慢。Node 的 http.request 使用这种 signal 时报告 AbortError（code 为 ABORT_ERR），其 cause 就是这个 TimeoutError。'),
    checks: [cmd('curl -sv -o /dev/null -w "connect %{time_connect}s, first byte %{time_starttransfer}s, total %{time_total}s\\n" http://{host}:{port}/PATH', 'which stage takes the time', '哪个阶段耗时'), cmd("tcpdoc ls 'dport = :{port}'", 'connections to the server: stuck in SYN-SENT means the connect is slow', '到服务端的连接：停在 SYN-SENT 说明连接建立很慢')],
    fixes: [t('Pick a deadline that fits the endpoint, and tell the stages apart in logs: catch `err.name === \'TimeoutError\'` separately from a user abort (`AbortError`) and from network errors (`TypeError: fetch failed`).', '为该接口选择合适的期限，并在日志中区分各阶段：把 `err.name === \'TimeoutError\'` 与用户中止（`AbortError`）和网络错误（`TypeError: fetch failed`）分开捕获。')],
    related: ['node:abort-error', 'node:und-err-headers-timeout', 'node:und-err-connect-timeout'], sources: [SRC.nodeAbortSignalTimeout, SRC.nodeAbortErr],
  },
  {
    kind: 'node', id: 'node:abort-error', name: 'AbortError (ABORT_ERR, UND_ERR_ABORTED)', aliases: ['AbortError', 'ABORT_ERR', 'UND_ERR_ABORTED', 'RequestAbortedError', 'This operation was aborted', 'The operation was aborted'], numbers: {},
    summary: t('The request was cancelled by the program through an AbortSignal, not by the network.', '请求是程序通过 AbortSignal 取消的，而不是网络造成的。'),
    details: t('fetch rejects with a DOMException "AbortError" ("This operation was aborted") after `controller.abort()`; Node\'s http, stream and timers APIs throw an AbortError with code ABORT_ERR ("The operation was aborted", the signal\'s reason in err.cause); undici\'s own request API uses RequestAbortedError, code UND_ERR_ABORTED ("Request aborted"). When the signal came from AbortSignal.timeout, fetch reports TimeoutError instead, and http.request puts it in err.cause.', '调用 `controller.abort()` 之后，fetch 以 DOMException "AbortError"（"This operation was aborted"）拒绝；Node 的 http、stream 和 timers API 抛出 code 为 ABORT_ERR 的 AbortError（"The operation was aborted"，signal 的 reason 在 err.cause 中）；undici 自己的 request API 使用 RequestAbortedError，code 为 UND_ERR_ABORTED（"Request aborted"）。如果 signal 来自 AbortSignal.timeout，fetch 报告的是 TimeoutError，而 http.request 把它放在 err.cause 中。'),
    checks: [t('Log `err.cause` and `signal.reason`, and find which code path calls `abort()` (a client disconnect, a race, a component unmounting).', '记录 `err.cause` 和 `signal.reason`，并找出是哪段代码调用了 `abort()`（客户端断开、竞争、组件卸载）。')],
    fixes: [t('Treat an abort as an expected outcome, not a network failure: `if (err.name === \'AbortError\') return;` before error reporting. Pass a reason (`controller.abort(new Error(\'client went away\'))`) so logs say why.', '把中止当作预期结果，而不是网络故障：在报告错误之前加上 `if (err.name === \'AbortError\') return;`。传入原因（`controller.abort(new Error(\'client went away\'))`），让日志说明为什么。')],
    related: ['node:timeout-error', 'node:und-err-closed', 'node:fetch-failed'], sources: [SRC.nodeAbortErr, SRC.undiciErrors, SRC.undiciErrorsMd],
  },
  {
    kind: 'node', id: 'node:err-http-request-timeout', name: 'Request timeout (ERR_HTTP_REQUEST_TIMEOUT)', aliases: ['ERR_HTTP_REQUEST_TIMEOUT', '408 Request Timeout'], numbers: {},
    summary: t('A Node HTTP server gave up on a client that did not send its whole request in time, and answered 408.', 'Node HTTP 服务端放弃了一个没有及时发完整个请求的客户端，并回答了 408。'),
    details: t('Server side only: the http.Server emits "clientError" with code ERR_HTTP_REQUEST_TIMEOUT ("Request timeout") when the headers are not complete after server.headersTimeout (60000 ms) or the whole request, body included, after server.requestTimeout (300000 ms since Node 18; 0, meaning off, before). Without a clientError listener Node writes `HTTP/1.1 408 Request Timeout` with `Connection: close` and closes the socket. The client gets no error: Node\'s http client and fetch see an ordinary 408 response. Node checks these deadlines every connectionsCheckingInterval (30000 ms), so they fire up to that much late. Causes: slow or stalled uploads, clients that open a connection and send nothing (health checks, scanners, slowloris), or a proxy that buffers the request.', '只在服务端出现：当请求头在 server.headersTimeout（60000 毫秒）后仍不完整，或整个请求（包括请求体）在 server.requestTimeout（Node 18 起为 300000 毫秒；之前为 0，即关闭）后仍未收完时，http.Server 发出 "clientError" 事件，code 为 ERR_HTTP_REQUEST_TIMEOUT（"Request timeout"）。没有 clientError 监听器时，Node 写出 `HTTP/1.1 408 Request Timeout` 和 `Connection: close`，然后关闭套接字。客户端不会得到错误：Node 的 http 客户端和 fetch 看到的是普通的 408 响应。Node 每隔 connectionsCheckingInterval（30000 毫秒）检查一次这些期限，所以最多会晚这么久才触发。原因：上传慢或卡住、打开连接却什么都不发的客户端（健康检查、扫描器、slowloris），或缓冲请求的代理。'),
    checks: [cmd("tcpdoc ls 'sport = :{port}'", 'connections to the server and how long their data waits', '到服务端的连接，以及它们的数据等待了多久'), cmd('tcpdoc trace --live -i lo port {port}', 'live (use -i any for remote clients): a request that stops part-way, then the server\'s 408 and FIN', '实时查看（远端客户端用 -i any）：请求中途停止，随后是服务端的 408 和 FIN'), t('Log it: `server.on(\'clientError\', (err, socket) => { console.warn(err.code, socket.remoteAddress); socket.end(\'HTTP/1.1 408 Request Timeout\\r\\nConnection: close\\r\\n\\r\\n\'); })`.', '记录它：`server.on(\'clientError\', (err, socket) => { console.warn(err.code, socket.remoteAddress); socket.end(\'HTTP/1.1 408 Request Timeout\\r\\nConnection: close\\r\\n\\r\\n\'); })`。')],
    fixes: [t('For large or slow uploads raise the limit: `http.createServer({ requestTimeout: 15 * 60_000 })` (headersTimeout must stay <= requestTimeout), or set `server.requestTimeout = 0` and enforce your own per-route limit. Keep headersTimeout above keepAliveTimeout when behind a load balancer.', '对于大的或慢的上传，提高限制：`http.createServer({ requestTimeout: 15 * 60_000 })`（headersTimeout 必须保持 <= requestTimeout），或设置 `server.requestTimeout = 0` 并在各路由上自行实施限制。在负载均衡器之后时，让 headersTimeout 保持大于 keepAliveTimeout。')],
    related: ['node:socket-hang-up', 'node:und-err-headers-timeout'], sources: [SRC.nodeErrHttpRequestTimeout, SRC.nodeHttpRequestTimeout, SRC.nodeHttpHeadersTimeoutOpt, SRC.nodeHttpClientError, SRC.rfc9110],
  },
  {
    kind: 'node', id: 'node:err-stream-premature-close', name: 'Premature close (ERR_STREAM_PREMATURE_CLOSE)', aliases: ['ERR_STREAM_PREMATURE_CLOSE', 'Premature close'], numbers: {},
    summary: t('A stream (socket, request or response) closed before it had ended or finished normally.', '一个流（套接字、请求或响应）在正常结束或完成之前就关闭了。'),
    details: t('stream.finished() and stream.pipeline() report ERR_STREAM_PREMATURE_CLOSE ("Premature close") when "close" comes before "end" (readable) or "finish" (writable): the stream was destroyed with no error of its own. With HTTP it means the peer went away mid-transfer (the client disconnected during a download, or the server closed during the response body; an http.IncomingMessage may report "aborted" with code ECONNRESET instead), or the program destroyed the stream itself.', '当 "close" 早于 "end"（可读流）或 "finish"（可写流）到来时，stream.finished() 和 stream.pipeline() 报告 ERR_STREAM_PREMATURE_CLOSE（"Premature close"）：该流被销毁，但它自己没有错误。对 HTTP 来说，这意味着对端在传输中途离开了（客户端在下载过程中断开，或服务端在发送响应体时关闭；http.IncomingMessage 也可能改为报告 code 为 ECONNRESET 的 "aborted"），或者程序自己销毁了该流。'),
    checks: [cmd('tcpdoc trace --live -i lo port {port}', 'live (use -i any for a remote peer): which side sends FIN or RST before the transfer ends', '实时查看（远端对端用 -i any）：哪一方在传输结束前发送了 FIN 或 RST'), t('Log `req.socket.remoteAddress`, bytes sent so far and `res.writableFinished` when it happens.', '发生时记录 `req.socket.remoteAddress`、已发送的字节数以及 `res.writableFinished`。')],
    fixes: [t('On a server, a client disconnecting mid-download is normal: catch it in the pipeline callback and stop the work (`pipeline(file, res, (err) => { if (err?.code === \'ERR_STREAM_PREMATURE_CLOSE\') return; ... })`). On a client, retry an idempotent download, or resume with a Range request.', '在服务端，客户端在下载中途断开是正常的：在 pipeline 回调中捕获它并停止工作（`pipeline(file, res, (err) => { if (err?.code === \'ERR_STREAM_PREMATURE_CLOSE\') return; ... })`）。在客户端，重试幂等的下载，或用 Range 请求续传。')],
    related: ['node:read-econnreset', 'node:socket-hang-up', 'node:err-stream-write-after-end'], sources: [SRC.nodeErrPrematureClose, SRC.nodeStreamFinished],
  },
  {
    kind: 'node', id: 'node:hpe-invalid-constant', name: 'Parse Error: Expected HTTP/ (HPE_INVALID_CONSTANT)', aliases: ['HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/', 'Expected HTTP/', 'HTTPParserError'], numbers: {},
    summary: t('Node expected an HTTP response, but the first bytes from {address}:{port} were not "HTTP/": the port speaks another protocol, or TLS.', 'Node 期待一个 HTTP 响应，但来自 {address}:{port} 的前几个字节不是 "HTTP/"：该端口说的是别的协议，或者是 TLS。'),
    details: t('llhttp, Node\'s HTTP parser, requires a response to start with "HTTP/" (or RTSP/, ICE/). Node\'s http client reports `Parse Error: Expected HTTP/, RTSP/ or ICE/` with code HPE_INVALID_CONSTANT, err.bytesParsed and err.rawPacket (the bytes received); fetch reports `fetch failed` with cause HTTPParserError "Response does not match the HTTP/1.1 protocol (Expected HTTP/)". Typical: http:// to a TLS port whose server answers with a TLS alert (binary bytes starting 0x15 0x03), or to a non-HTTP service (database, SSH, SMTP banner, Redis).', 'llhttp 是 Node 的 HTTP 解析器，它要求响应以 "HTTP/"（或 RTSP/、ICE/）开头。Node 的 http 客户端报告 `Parse Error: Expected HTTP/, RTSP/ or ICE/`，code 为 HPE_INVALID_CONSTANT，并带有 err.bytesParsed 和 err.rawPacket（收到的字节）；fetch 报告 `fetch failed`，其 cause 为 HTTPParserError "Response does not match the HTTP/1.1 protocol (Expected HTTP/)"。典型情况：对一个 TLS 端口使用 http://，而该服务端用 TLS 告警（以 0x15 0x03 开头的二进制字节）回答；或者连到了非 HTTP 服务（数据库、SSH、SMTP 欢迎语、Redis）。'),
    checks: [cmd('printf \'GET / HTTP/1.0\\r\\n\\r\\n\' | nc -w 3 {address} {port} | head -c 200 | od -c | head', 'what the service really sends first', '该服务实际先发送的内容'), cmd("ss -ltnp 'sport = :{port}'", 'which program listens on the port (on the server host)', '哪个程序在该端口上监听（在服务端主机上）'), t('Log `err.rawPacket` (http) or `err.cause.data` (fetch): the bytes that did not parse.', '记录 `err.rawPacket`（http）或 `err.cause.data`（fetch）：无法解析的字节。')],
    fixes: [t('Use https:// for a TLS port, and the right port for HTTP; talk to databases and other services with their own client, not HTTP.', 'TLS 端口使用 https://，HTTP 用正确的端口；与数据库等其他服务通信时使用它们自己的客户端，而不是 HTTP。')],
    related: ['node:err-ssl-wrong-version-number', 'node:err-ssl-http-request', 'node:fetch-failed'], sources: [SRC.llhttpConstants, SRC.nodeHttp, SRC.undiciErrorsMd, SRC.rfc8446],
  },
  {
    kind: 'node', id: 'node:err-stream-write-after-end', name: 'write after end (ERR_STREAM_WRITE_AFTER_END)', aliases: ['ERR_STREAM_WRITE_AFTER_END', 'write after end'], numbers: {},
    summary: t('The program wrote to a socket or HTTP response after calling end() on it.', '程序在调用 end() 之后又向套接字或 HTTP 响应写入。'),
    details: t('A bug in the program, not the network: after `socket.end()` or `res.end()` a later `write()` fails with ERR_STREAM_WRITE_AFTER_END ("write after end"), passed to the write callback and emitted as "error" on the stream; an unhandled one crashes the process. Typical: a handler that answers twice (a callback and a promise both call res.end, a missing return after an early response), or timers and stream data that arrive after the response is done.', '这是程序的缺陷，而不是网络问题：在 `socket.end()` 或 `res.end()` 之后的 `write()` 会以 ERR_STREAM_WRITE_AFTER_END（"write after end"）失败，该错误会传给 write 回调，并作为流的 "error" 事件发出；未处理时会让进程崩溃。典型情况：处理器回答了两次（回调和 promise 都调用了 res.end，提前响应后缺少 return），或者在响应完成后才到达的定时器和流数据。'),
    checks: [t('Print the stack of the failing write and of the first end(): `const end = res.end; res.end = function (...a) { console.trace(\'end\'); return end.apply(this, a); }` while debugging.', '调试时打印失败的 write 以及第一次 end() 的调用栈：`const end = res.end; res.end = function (...a) { console.trace(\'end\'); return end.apply(this, a); }`。')],
    fixes: [t('Return right after answering; guard late writers with `if (res.writableEnded) return;`; stop timers and unpipe sources in the "close" handler.', '回答后立即 return；用 `if (res.writableEnded) return;` 保护较晚的写入方；在 "close" 处理器中停止定时器并解除来源的 pipe。')],
    related: ['node:write-epipe', 'node:err-stream-premature-close'], sources: [SRC.nodeErrWriteAfterEnd],
  },
];
