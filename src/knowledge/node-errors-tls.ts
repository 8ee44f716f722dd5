// TLS errors as Node 20 prints them: a TLS/plain-text mismatch on a port, and certificate verification failures.
import type { NodeMatcher } from './node-errors.js';
import { SRC } from './sources.js';
import { cmd, t, type KnowledgeEntry } from './types.js';

// Recognisers for TLS errors: Node's code, and the message text OpenSSL (via Node) puts in err.message.
export const NODE_TLS_MATCHERS: readonly NodeMatcher[] = [
  { id: 'node:err-ssl-wrong-version-number', code: 'ERR_SSL_WRONG_VERSION_NUMBER' },
  // Unanchored: https.request prints "write EPROTO <openssl error string ...>:wrong version number:<file:line>".
  { id: 'node:err-ssl-wrong-version-number', message: /\bwrong version number\b/i },
  { id: 'node:err-ssl-http-request', code: 'ERR_SSL_HTTP_REQUEST' },
  { id: 'node:err-ssl-http-request', message: /:SSL routines:[a-z0-9_]+:http request:/i },
  { id: 'node:depth-zero-self-signed-cert', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
  // OpenSSL 3 writes "self-signed"; OpenSSL 1.1 (Node 16 and older) wrote "self signed".
  { id: 'node:depth-zero-self-signed-cert', message: /^self[- ]signed certificate$/i },
  { id: 'node:self-signed-cert-in-chain', code: 'SELF_SIGNED_CERT_IN_CHAIN' },
  { id: 'node:self-signed-cert-in-chain', message: /^self[- ]signed certificate in certificate chain$/i },
  { id: 'node:unable-to-verify-leaf-signature', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
  { id: 'node:unable-to-verify-leaf-signature', message: /^unable to verify the first certificate$/i },
  { id: 'node:unable-to-get-issuer-cert-locally', code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' },
  { id: 'node:unable-to-get-issuer-cert-locally', message: /^unable to get local issuer certificate$/i },
  { id: 'node:cert-has-expired', code: 'CERT_HAS_EXPIRED' },
  { id: 'node:cert-has-expired', message: /^certificate has expired$/i },
  { id: 'node:err-tls-cert-altname-invalid', code: 'ERR_TLS_CERT_ALTNAME_INVALID' },
  { id: 'node:err-tls-cert-altname-invalid', message: /^Hostname\/IP does not match certificate's altnames/i },
];

const SHOW_CHAIN = 'openssl s_client -connect {host}:{port} -servername {host} -showcerts </dev/null';

const TRUST_CA_FIX = t(
  'Trust the CA that really issued the certificate, and only it: `https.get(url, { ca: fs.readFileSync(\'company-root.pem\') })` for one client, or `NODE_EXTRA_CA_CERTS=/etc/ssl/company-root.pem node app.js` for the whole process including fetch (read once at start-up; the file adds to Node\'s bundled roots). Do not ship `rejectUnauthorized: false` or `NODE_TLS_REJECT_UNAUTHORIZED=0`: they accept any certificate, an attacker\'s too.',
  '只信任真正签发该证书的 CA：对单个客户端使用 `https.get(url, { ca: fs.readFileSync(\'company-root.pem\') })`，对整个进程（包括 fetch）使用 `NODE_EXTRA_CA_CERTS=/etc/ssl/company-root.pem node app.js`（只在启动时读取一次；该文件是在 Node 内置根证书之外追加）。不要在正式代码中使用 `rejectUnauthorized: false` 或 `NODE_TLS_REJECT_UNAUTHORIZED=0`：它们接受任何证书，包括攻击者的。',
);

const CERT_SOURCES = [SRC.nodeTlsX509Codes, SRC.opensslVerifyCodes, SRC.opensslVerify, SRC.opensslSClient, SRC.nodeExtraCaCerts];

// TLS entries (ids node:NAME), registered beside the other Node entries.
export const NODE_TLS_ENTRIES: readonly KnowledgeEntry[] = [
  {
    kind: 'node', id: 'node:err-ssl-wrong-version-number', name: 'wrong version number (ERR_SSL_WRONG_VERSION_NUMBER)', aliases: ['ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number', 'SSL_R_WRONG_VERSION_NUMBER', 'EPROTO wrong version number'], numbers: {},
    summary: t('Node started a TLS handshake, but the answer was not TLS: the port speaks plain text (HTTP, SMTP ...) or a plain-text proxy sits in the way.', 'Node 发起了 TLS 握手，但收到的回答不是 TLS：该端口说的是明文协议（HTTP、SMTP……），或者中间有一个明文代理。'),
    details: t('OpenSSL reads the first five bytes it receives as a TLS record header; text such as "HTTP/1.1 400" carries no TLS version it knows. tls.connect reports code ERR_SSL_WRONG_VERSION_NUMBER with err.reason "wrong version number" and err.library "SSL routines"; https.request reports the same failure as `write EPROTO ...:SSL routines:ssl3_get_record:wrong version number:...` (code EPROTO, errno -71, syscall write) and fetch wraps it in `fetch failed`. Common causes: an https:// URL for a port that serves plain HTTP (a dev server, port 80 instead of 443), an HTTPS_PROXY written as https:// for a proxy that only speaks plain HTTP, and protocols that upgrade to TLS later (SMTP on 587, PostgreSQL) reached with TLS from the first byte.', 'OpenSSL 把收到的前五个字节当作 TLS 记录头来读；"HTTP/1.1 400" 这样的文本里没有它认识的 TLS 版本。tls.connect 报告 code 为 ERR_SSL_WRONG_VERSION_NUMBER，err.reason 为 "wrong version number"，err.library 为 "SSL routines"；https.request 把同一个失败报告为 `write EPROTO ...:SSL routines:ssl3_get_record:wrong version number:...`（code 为 EPROTO，errno 为 -71，syscall 为 write），fetch 则把它包在 `fetch failed` 中。常见原因：对只提供明文 HTTP 的端口使用 https:// 地址（开发服务器，用了 80 而不是 443）；只会明文 HTTP 的代理被写成 https:// 形式的 HTTPS_PROXY；以及先明文、后升级到 TLS 的协议（587 端口的 SMTP、PostgreSQL）被从第一个字节起就用 TLS 连接。'),
    checks: [
      cmd('curl -sv http://{host}:{port}/ -o /dev/null', 'an HTTP answer here means the port is plain HTTP', '这里得到 HTTP 回答说明该端口是明文 HTTP'),
      cmd('openssl s_client -connect {host}:{port} -servername {host} </dev/null', '"wrong version number" from openssl too confirms the port does not speak TLS', 'openssl 也报 "wrong version number"，即可确认该端口不说 TLS'),
      cmd('env | grep -i _proxy', 'an HTTPS_PROXY or HTTP_PROXY that starts with https:// for a plain proxy', '以 https:// 开头、指向明文代理的 HTTPS_PROXY 或 HTTP_PROXY'),
      cmd('tcpdoc trace --live -i lo port {port}', 'live (use -i any for a remote host): each connection closes right after the first exchange', '实时查看（远端主机用 -i any）：每个连接在第一次交换后立即关闭'),
    ],
    fixes: [t('Use the scheme the port speaks: `http://` for a plain port, or the port that really serves TLS (usually 443). Write a plain proxy as `http://proxy:3128`: the CONNECT tunnel still carries TLS end to end. For protocols that upgrade later, use the client library\'s STARTTLS/ssl option instead of tls.connect.', '使用端口实际说的协议：明文端口用 `http://`，或者改用真正提供 TLS 的端口（通常是 443）。明文代理写成 `http://proxy:3128`：CONNECT 隧道里仍然是端到端的 TLS。对于之后才升级的协议，使用客户端库的 STARTTLS/ssl 选项，而不是 tls.connect。')],
    related: ['node:err-ssl-http-request', 'node:hpe-invalid-constant', 'errno:EPROTO'], sources: [SRC.nodeTls, SRC.nodeErrors, SRC.opensslRecord, SRC.rfc8446],
  },
  {
    kind: 'node', id: 'node:err-ssl-http-request', name: 'http request (ERR_SSL_HTTP_REQUEST)', aliases: ['ERR_SSL_HTTP_REQUEST', 'SSL_R_HTTP_REQUEST'], numbers: {},
    summary: t('A Node TLS server received a plain HTTP request: a client used http:// on an https port.', 'Node 的 TLS 服务端收到了一个明文 HTTP 请求：有客户端对 https 端口使用了 http://。'),
    details: t('Where a ClientHello should start, OpenSSL saw "GET ", "POST" or similar and gave up with reason "http request". The tls.Server (and https.Server) emits "tlsClientError" with code ERR_SSL_HTTP_REQUEST and closes the connection without answering, so a Node http client reports `socket hang up` and fetch reports `other side closed` (UND_ERR_SOCKET). Servers that answer such a request with a TLS alert make a Node client fail with `Parse Error: Expected HTTP/` instead.', '在本应是 ClientHello 开头的位置，OpenSSL 看到了 "GET "、"POST" 之类的文本，以原因 "http request" 放弃。tls.Server（以及 https.Server）发出 "tlsClientError" 事件，code 为 ERR_SSL_HTTP_REQUEST，并在不作回答的情况下关闭连接，因此 Node 的 http 客户端报告 `socket hang up`，fetch 报告 `other side closed`（UND_ERR_SOCKET）。如果服务端用一条 TLS 告警来回答这种请求，Node 客户端则会以 `Parse Error: Expected HTTP/` 失败。'),
    checks: [
      t('On the server, log who does it: `server.on(\'tlsClientError\', (err, socket) => console.warn(err.code, socket.remoteAddress))`.', '在服务端记录是谁发来的：`server.on(\'tlsClientError\', (err, socket) => console.warn(err.code, socket.remoteAddress))`。'),
      cmd('curl -sv https://{host}:{port}/ -o /dev/null', 'the same port answers when asked with TLS', '用 TLS 访问时同一端口能正常回答'),
    ],
    fixes: [t('Fix the client\'s URL to https://. If one port must accept both, peek at the first byte (0x16 starts a TLS handshake record) and hand the socket to the TLS or the plain server, or redirect from a separate plain port.', '把客户端的地址改成 https://。如果一个端口必须同时接受两者，先看第一个字节（0x16 表示 TLS 握手记录），再把套接字交给 TLS 服务或明文服务；或者在另一个明文端口上做重定向。')],
    related: ['node:err-ssl-wrong-version-number', 'node:socket-hang-up', 'node:hpe-invalid-constant'], sources: [SRC.nodeTls, SRC.opensslRecord, SRC.rfc8446],
  },
  {
    kind: 'node', id: 'node:depth-zero-self-signed-cert', name: 'self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)', aliases: ['DEPTH_ZERO_SELF_SIGNED_CERT', 'X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', 'self signed certificate'], numbers: {},
    summary: t('The server presented one self-signed certificate, and Node does not trust it.', '服务端出示了一张自签名证书，而 Node 不信任它。'),
    details: t('OpenSSL X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT (18): the certificate at depth 0, the server\'s own, names itself as issuer and is not among the trusted roots. Node 20 (OpenSSL 3) prints "self-signed certificate"; Node 16 and older printed "self signed certificate". Typical of development servers, appliances and internal services set up with `openssl req -x509`. The client aborts the handshake; a Node server only sees a tlsClientError "socket hang up".', 'OpenSSL X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT（18）：深度 0 的证书，即服务端自己的证书，把自己列为签发者，且不在受信任的根证书中。Node 20（OpenSSL 3）显示 "self-signed certificate"；Node 16 及更早版本显示 "self signed certificate"。常见于开发服务器、设备和用 `openssl req -x509` 搭建的内部服务。客户端中止握手；Node 服务端只会看到一个 tlsClientError "socket hang up"。'),
    checks: [cmd(`${SHOW_CHAIN} | grep -E "s:|i:|Verify return"`, 'one certificate whose subject equals its issuer, and "Verify return code: 18 (self-signed certificate)"', '只有一张证书，其主体与签发者相同，并显示 "Verify return code: 18 (self-signed certificate)"')],
    fixes: [t('Trust exactly that certificate: `https.get(url, { ca: fs.readFileSync(\'server.crt\') })`, or `NODE_EXTRA_CA_CERTS=server.crt` for the whole process. Better: issue the server certificate from an internal CA and trust the CA. `rejectUnauthorized: false` is only for a throwaway test.', '只信任这一张证书：`https.get(url, { ca: fs.readFileSync(\'server.crt\') })`，或对整个进程使用 `NODE_EXTRA_CA_CERTS=server.crt`。更好的做法：由内部 CA 签发服务端证书，并信任该 CA。`rejectUnauthorized: false` 只能用于一次性的测试。')],
    related: ['node:self-signed-cert-in-chain', 'node:unable-to-verify-leaf-signature', 'node:err-tls-cert-altname-invalid'], sources: CERT_SOURCES,
  },
  {
    kind: 'node', id: 'node:self-signed-cert-in-chain', name: 'self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN)', aliases: ['SELF_SIGNED_CERT_IN_CHAIN', 'X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain', 'self signed certificate in certificate chain'], numbers: {},
    summary: t('The server sent a chain that ends in a self-signed root Node does not trust: a private CA, or a TLS-inspecting proxy.', '服务端发送的证书链以一个 Node 不信任的自签名根证书结尾：私有 CA，或做 TLS 检查的代理。'),
    details: t('OpenSSL X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN (19): the chain could be built up to a root that was sent along, but that root is not in Node\'s store. Node ships its own copy of the Mozilla roots and does not read the system store by default, so a company CA installed in /etc/ssl/certs or a corporate proxy that re-signs traffic (its root is trusted by browsers through policy) still fails in Node.', 'OpenSSL X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN（19）：证书链可以构建到一同发来的根证书，但该根证书不在 Node 的信任库中。Node 自带一份 Mozilla 根证书，默认不读取系统信任库，所以即使公司 CA 已安装在 /etc/ssl/certs 中，或者重新签名流量的公司代理的根证书已通过策略被浏览器信任，Node 仍然会失败。'),
    checks: [cmd(`${SHOW_CHAIN} | grep -E "s:|i:|Verify return"`, 'the last certificate\'s issuer (the root) and "Verify return code: 19"', '最后一张证书的签发者（根证书）以及 "Verify return code: 19"'), cmd('env | grep -i -E "_proxy|NODE_EXTRA_CA_CERTS"', 'a proxy in the path, and whether extra roots are configured', '路径上是否有代理，以及是否配置了额外的根证书')],
    fixes: [TRUST_CA_FIX],
    related: ['node:depth-zero-self-signed-cert', 'node:unable-to-get-issuer-cert-locally', 'node:unable-to-verify-leaf-signature'], sources: CERT_SOURCES,
  },
  {
    kind: 'node', id: 'node:unable-to-verify-leaf-signature', name: 'unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)', aliases: ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'], numbers: {},
    summary: t('The server sent only its own certificate, and Node cannot find the issuer: usually the server omits its intermediate certificate.', '服务端只发送了它自己的证书，Node 找不到签发者：通常是服务端漏发了中间证书。'),
    details: t('OpenSSL X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE (21): the chain has a single certificate, it is not self-signed, and its issuer is neither sent nor trusted. Browsers often hide the mistake (they cache intermediates or fetch them from the Authority Information Access URL); Node does neither, so "works in the browser, fails in Node" is the classic sign of a server configured with cert.pem instead of fullchain.pem. The other cause is a leaf signed by a private CA the client does not trust.', 'OpenSSL X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE（21）：链中只有一张证书，它不是自签名的，而它的签发者既没有被发送，也不受信任。浏览器常常掩盖这个错误（它们缓存中间证书，或从 Authority Information Access 地址下载）；Node 两者都不做，所以"浏览器正常、Node 失败"是服务端配置了 cert.pem 而不是 fullchain.pem 的典型迹象。另一个原因是叶证书由客户端不信任的私有 CA 签发。'),
    checks: [cmd(`${SHOW_CHAIN} | grep -E "^ *[0-9] s:|Verify return"`, 'only "0 s:" listed (no intermediate), and "Verify return code: 21"', '只列出 "0 s:"（没有中间证书），以及 "Verify return code: 21"')],
    fixes: [t('Fix the server: serve the leaf followed by its intermediates (`https.createServer({ key, cert: fs.readFileSync(\'fullchain.pem\') })`, nginx `ssl_certificate fullchain.pem`). If the issuer is a private CA, trust it on the client as below.', '修复服务端：先发叶证书，再发它的中间证书（`https.createServer({ key, cert: fs.readFileSync(\'fullchain.pem\') })`，nginx 使用 `ssl_certificate fullchain.pem`）。如果签发者是私有 CA，按下面的方法在客户端信任它。'), TRUST_CA_FIX],
    related: ['node:unable-to-get-issuer-cert-locally', 'node:self-signed-cert-in-chain', 'node:depth-zero-self-signed-cert'], sources: CERT_SOURCES,
  },
  {
    kind: 'node', id: 'node:unable-to-get-issuer-cert-locally', name: 'unable to get local issuer certificate (UNABLE_TO_GET_ISSUER_CERT_LOCALLY)', aliases: ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate'], numbers: {},
    summary: t('The chain the server sent stops at a certificate whose issuer Node does not have: a private or corporate CA, or a missing intermediate.', '服务端发送的证书链停在一张证书上，而 Node 没有它的签发者：私有或公司 CA，或缺少中间证书。'),
    details: t('OpenSSL X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY (20): the server sent more than its own certificate, but the topmost one was issued by a CA that is neither in the chain nor in Node\'s store. Seen behind TLS-inspecting proxies that do not send their root, with internal CAs whose root is installed only in the operating system (Node 20 does not read it by default), and with servers that send a wrong or outdated intermediate.', 'OpenSSL X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY（20）：服务端发送的不只是它自己的证书，但最上面那张证书的签发 CA 既不在链中，也不在 Node 的信任库中。常见于不发送自身根证书的 TLS 检查代理之后；根证书只安装在操作系统中的内部 CA（Node 20 默认不读取）；以及发送了错误或过时中间证书的服务端。'),
    checks: [cmd(`${SHOW_CHAIN} | grep -E "^ *[0-9] [si]:|Verify return"`, 'the issuer ("i:") of the last certificate is the CA Node needs; "Verify return code: 20"', '最后一张证书的签发者（"i:"）就是 Node 需要的 CA；"Verify return code: 20"')],
    fixes: [TRUST_CA_FIX, t('If the server sends a wrong intermediate, fix its chain file.', '如果服务端发送了错误的中间证书，修正它的证书链文件。')],
    related: ['node:unable-to-verify-leaf-signature', 'node:self-signed-cert-in-chain'], sources: CERT_SOURCES,
  },
  {
    kind: 'node', id: 'node:cert-has-expired', name: 'certificate has expired (CERT_HAS_EXPIRED)', aliases: ['CERT_HAS_EXPIRED', 'X509_V_ERR_CERT_HAS_EXPIRED', 'certificate has expired'], numbers: {},
    summary: t('A certificate in the server\'s chain is past its notAfter date, or this machine\'s clock is wrong.', '服务端证书链中的某张证书已超过其 notAfter 日期，或者本机时钟不对。'),
    details: t('OpenSSL X509_V_ERR_CERT_HAS_EXPIRED (10), checked against the client\'s clock for every certificate of the chain, intermediates included. Usual causes: a renewal that did not happen, a renewed certificate on disk that the server never reloaded (most servers read it only at start), an expired intermediate still served, or a client whose clock is far off (containers and VMs after a suspend, devices without NTP).', 'OpenSSL X509_V_ERR_CERT_HAS_EXPIRED（10），依据客户端的时钟检查链中的每一张证书，包括中间证书。常见原因：没有续期；磁盘上的证书已续期，但服务端从未重新加载（大多数服务端只在启动时读取）；仍在发送已过期的中间证书；或者客户端时钟偏差很大（挂起后恢复的容器和虚拟机、没有 NTP 的设备）。'),
    checks: [cmd(`${SHOW_CHAIN} 2>/dev/null | openssl x509 -noout -subject -dates`, 'notAfter of the certificate the server really serves', '服务端实际提供的证书的 notAfter'), cmd('date -u; timedatectl status', 'whether this machine\'s clock is right and synchronised', '本机时钟是否正确并已同步')],
    fixes: [t('Renew the certificate and reload or restart the server (for a Node server: `server.setSecureContext({ key, cert })` swaps it without a restart); replace an expired intermediate; fix the client clock with NTP.', '续期证书并让服务端重新加载或重启（Node 服务端可用 `server.setSecureContext({ key, cert })` 在不重启的情况下替换）；替换过期的中间证书；用 NTP 校正客户端时钟。')],
    related: ['node:unable-to-verify-leaf-signature', 'node:err-tls-cert-altname-invalid'], sources: CERT_SOURCES,
  },
  {
    kind: 'node', id: 'node:err-tls-cert-altname-invalid', name: 'Hostname/IP does not match certificate\'s altnames (ERR_TLS_CERT_ALTNAME_INVALID)', aliases: ['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH', 'Hostname/IP does not match certificate\'s altnames'], numbers: {},
    summary: t('The certificate is trusted but not issued for {host}: that name or IP is not among its subjectAltNames.', '证书是受信任的，但不是为 {host} 签发的：该名称或 IP 不在它的 subjectAltName 中。'),
    details: t('Chain verification passed; then tls.checkServerIdentity compared the name Node connected to (or the `servername` option) with the certificate. err.host holds that name, err.reason says what failed ("Host: api.example.test. is not in the cert\'s altnames: DNS:localhost", or "IP: 10.0.0.5 is not in the cert\'s list: " for an address), err.cert holds the certificate. An IP must appear as an IP SAN; a wildcard covers exactly one label (*.example.com does not match example.com or a.b.example.com); a name is matched against the subject CN only when the certificate has no DNS SANs. Typical: connecting by IP or an internal alias, or a load balancer serving the default certificate because the client sent no SNI.', '证书链校验已通过；随后 tls.checkServerIdentity 把 Node 所连接的名称（或 `servername` 选项）与证书作比较。err.host 是该名称，err.reason 说明哪里不符（"Host: api.example.test. is not in the cert\'s altnames: DNS:localhost"，地址则为 "IP: 10.0.0.5 is not in the cert\'s list: "），err.cert 是证书。IP 必须以 IP SAN 的形式出现；通配符只覆盖一级标签（*.example.com 不匹配 example.com 或 a.b.example.com）；只有当证书没有 DNS SAN 时，名称才与主体 CN 比较。典型情况：按 IP 或内部别名连接，或者客户端没有发送 SNI，负载均衡器因此给出了默认证书。'),
    checks: [cmd(`${SHOW_CHAIN} 2>/dev/null | openssl x509 -noout -subject -ext subjectAltName`, 'the names the certificate is valid for; compare with {host}', '证书适用的名称；与 {host} 比较')],
    fixes: [t('Connect by a name the certificate lists (or reissue it with the name or IP as a SAN). When you must connect by IP, pass the certificate\'s name: `tls.connect({ host: \'10.0.0.5\', servername: \'api.internal\' })`, or for https `{ host: \'10.0.0.5\', servername: \'api.internal\', headers: { host: \'api.internal\' } }`. Do not replace checkServerIdentity with a function that returns nothing.', '用证书中列出的名称连接（或重新签发证书，把该名称或 IP 加入 SAN）。必须按 IP 连接时，传入证书上的名称：`tls.connect({ host: \'10.0.0.5\', servername: \'api.internal\' })`，https 则用 `{ host: \'10.0.0.5\', servername: \'api.internal\', headers: { host: \'api.internal\' } }`。不要用一个什么都不返回的函数替换 checkServerIdentity。')],
    related: ['node:depth-zero-self-signed-cert', 'node:cert-has-expired'], sources: [SRC.nodeErrAltname, SRC.nodeTlsCheckServerIdentity, SRC.nodeTlsX509Codes, SRC.opensslSClient],
  },
];
