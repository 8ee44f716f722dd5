// Real TLS, HTTP, fetch and stream errors, produced on 127.0.0.1 with Node 20, fed to explainError and lookupQuery.
// undici's HeadersTimeoutError and BodyTimeoutError are not produced here: Node's global fetch cannot set
// headersTimeout/bodyTimeout without the undici package (not a dependency); src/knowledge/node-errors-http.test.ts
// checks them by code and message text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import http from 'node:http';
import https from 'node:https';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream';
import { promisify } from 'node:util';
import { explainError, type ErrorExplanation } from '../src/api/explain.js';
import { lookupQuery } from '../src/knowledge/lookup.js';
import { hasTool, requireEnvironment } from './helpers/env.js';

const run = promisify(execFile);
const TEST_TIMEOUT = { timeout: 15_000 };

function ids(x: ErrorExplanation): string[] {
  return x.entries.map((e) => e.id);
}

function lookupIds(message: string): string[] {
  return lookupQuery(message).matches.map((m) => m.entry.id);
}

// Server-side sockets, so close() can end them: a paused socket whose peer left never sees the EOF, and
// server.close() would wait for it forever.
const connections = new WeakMap<net.Server, Set<net.Socket>>();

async function listen(server: net.Server): Promise<number> {
  const open = new Set<net.Socket>();
  connections.set(server, open);
  // TLS servers report the raw TCP socket in 'connection' and the TLS one in 'secureConnection'.
  server.on('connection', (s: net.Socket) => {
    open.add(s);
    s.on('error', () => {});
    s.on('close', () => open.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as net.AddressInfo).port;
}

async function close(server: net.Server): Promise<void> {
  for (const s of connections.get(server) ?? []) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function nextError(emitter: NodeJS.EventEmitter): Promise<NodeJS.ErrnoException & Record<string, unknown>> {
  return new Promise((resolve) => emitter.once('error', resolve));
}

async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  return p.then(
    () => assert.fail('expected a failure'),
    (e: Error & Record<string, unknown>) => e,
  );
}

// ---- certificates, made with the openssl command line in a temporary directory ----

let dir = '';
let certsReady = false;
let expiredReady = false;
let expiredSetupError = '';
const pem = (name: string): Buffer => readFileSync(join(dir, name));

async function openssl(args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir, timeout: 20_000 });
}

// An EC key and a request for it; EC keys are made in milliseconds where RSA takes longer.
async function makeRequest(name: string, cn: string): Promise<void> {
  await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${cn}`, '-keyout', `${name}.key`, '-out', `${name}.csr`]);
}

async function sign(name: string, out: string, issuer: string, serial: number, extFile: string): Promise<void> {
  await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.crt`, '-CAkey', `${issuer}.key`, '-set_serial', String(serial), '-days', '1', '-extfile', extFile, '-out', out]);
}

before(async () => {
  if (!hasTool('openssl')) return;
  dir = mkdtempSync(join(tmpdir(), 'tcpdoc-tls-'));
  writeFileSync(join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  writeFileSync(join(dir, 'localhost.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  writeFileSync(join(dir, 'other.ext'), 'subjectAltName=DNS:other.example\n');
  // A self-signed server certificate, as in the usual development set-up.
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', 'self.key', '-out', 'self.crt']);
  // A private root CA, an intermediate under it, and server certificates.
  await makeRequest('ca', 'tcpdoc test root');
  await openssl(['x509', '-req', '-in', 'ca.csr', '-signkey', 'ca.key', '-days', '2', '-extfile', 'ca.ext', '-out', 'ca.crt']);
  await makeRequest('inter', 'tcpdoc test intermediate');
  await sign('inter', 'inter.crt', 'ca', 2, 'ca.ext');
  await makeRequest('leaf', 'localhost');
  await sign('leaf', 'leaf.crt', 'ca', 3, 'localhost.ext');
  await sign('leaf', 'other.crt', 'ca', 4, 'other.ext');
  await sign('leaf', 'leaf-by-inter.crt', 'inter', 5, 'localhost.ext');
  certsReady = true;
  // An expired certificate: -days cannot be negative and this OpenSSL 3.0 has no x509 -not_after, but
  // `openssl ca` takes explicit -startdate/-enddate.
  try {
    mkdirSync(join(dir, 'db'));
    writeFileSync(join(dir, 'db/index.txt'), '');
    writeFileSync(join(dir, 'db/serial'), '10\n');
    writeFileSync(join(dir, 'ca.cnf'), [
      '[ca]', 'default_ca = test', '[test]', 'database = db/index.txt', 'serial = db/serial', 'new_certs_dir = db',
      'default_md = sha256', 'policy = any', 'x509_extensions = leaf_ext', '[any]', 'commonName = supplied',
      '[leaf_ext]', 'subjectAltName = DNS:localhost,IP:127.0.0.1', '',
    ].join('\n'));
    await openssl(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-in', 'leaf.csr', '-startdate', '20200101000000Z', '-enddate', '20200102000000Z', '-out', 'expired.crt']);
    expiredReady = true;
  } catch (e) {
    expiredSetupError = `openssl ca could not back-date a certificate: ${(e as Error).message.split('\n')[0]}`;
  }
});

after(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

// Runs an https server with these credentials and returns the error an https.get to it produced.
async function httpsError(serverOptions: https.ServerOptions, clientOptions: https.RequestOptions = {}): Promise<NodeJS.ErrnoException & Record<string, unknown>> {
  const server = https.createServer(serverOptions, (_req, res) => res.end('ok'));
  const port = await listen(server);
  try {
    const req = https.get({ host: '127.0.0.1', port, agent: false, ...clientOptions });
    req.on('response', (res) => res.resume());
    return await Promise.race([nextError(req), once(req, 'response').then(() => assert.fail('the certificate was accepted'))]);
  } finally {
    await close(server);
  }
}

function certificateTest(name: string, id: string, code: string, message: string, server: () => https.ServerOptions, client: () => https.RequestOptions = () => ({})): void {
  test(name, TEST_TIMEOUT, async (t) => {
    if (!requireEnvironment(t, { tools: ['openssl'] })) return;
    assert.ok(certsReady, 'certificates were not made');
    const err = await httpsError(server(), client());
    assert.equal(err.code, code);
    assert.equal(err.message, message);
    assert.equal(explainError(err).entries[0]?.id, id);
    assert.deepEqual(lookupIds(err.message), [id]);
    assert.deepEqual(lookupIds(code), [id]);
  });
}

certificateTest('a self-signed server certificate gives DEPTH_ZERO_SELF_SIGNED_CERT', 'node:depth-zero-self-signed-cert', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate',
  () => ({ key: pem('self.key'), cert: pem('self.crt') }));

certificateTest('a chain ending in an untrusted root gives SELF_SIGNED_CERT_IN_CHAIN', 'node:self-signed-cert-in-chain', 'SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain',
  () => ({ key: pem('leaf.key'), cert: Buffer.concat([pem('leaf.crt'), pem('ca.crt')]) }));

certificateTest('a lone certificate from an unknown CA gives UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'node:unable-to-verify-leaf-signature', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate',
  () => ({ key: pem('leaf.key'), cert: pem('leaf.crt') }));

certificateTest('leaf and intermediate without a known root give UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'node:unable-to-get-issuer-cert-locally', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate',
  () => ({ key: pem('leaf.key'), cert: Buffer.concat([pem('leaf-by-inter.crt'), pem('inter.crt')]) }));

test('an expired certificate from a trusted CA gives CERT_HAS_EXPIRED', TEST_TIMEOUT, async (t) => {
  if (!requireEnvironment(t, { tools: ['openssl'] })) return;
  // A certificate that cannot be back-dated is a broken test setup, not a case to skip.
  assert.ok(expiredReady, expiredSetupError);
  const err = await httpsError({ key: pem('leaf.key'), cert: pem('expired.crt') }, { ca: pem('ca.crt') });
  assert.equal(err.code, 'CERT_HAS_EXPIRED');
  assert.equal(err.message, 'certificate has expired');
  assert.equal(explainError(err).entries[0]?.id, 'node:cert-has-expired');
  assert.deepEqual(lookupIds(err.message), ['node:cert-has-expired']);
});

test('a trusted certificate for another name gives ERR_TLS_CERT_ALTNAME_INVALID with err.host filled in', TEST_TIMEOUT, async (t) => {
  if (!requireEnvironment(t, { tools: ['openssl'] })) return;
  const err = await httpsError({ key: pem('leaf.key'), cert: pem('other.crt') }, { ca: pem('ca.crt'), servername: 'localhost' });
  assert.equal(err.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
  assert.equal(err.host, 'localhost');
  assert.equal(err.message, "Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames: DNS:other.example");
  const x = explainError(err);
  assert.equal(x.entries[0]?.id, 'node:err-tls-cert-altname-invalid');
  assert.equal(x.context.hostname, 'localhost');
  assert.match(x.entries[0]?.summary ?? '', /not issued for localhost/);
  assert.match(x.headline, /^ERR_TLS_CERT_ALTNAME_INVALID \(localhost\): /);
  assert.deepEqual(lookupIds(err.message), ['node:err-tls-cert-altname-invalid']);
});

test('TLS spoken to a plain-text port gives wrong version number (tls.connect, https.get, fetch)', TEST_TIMEOUT, async () => {
  const server = net.createServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
  const port = await listen(server);
  try {
    const direct = await nextError(tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }));
    assert.equal(direct.code, 'ERR_SSL_WRONG_VERSION_NUMBER');
    assert.equal(direct.reason, 'wrong version number');
    assert.equal(explainError(direct).entries[0]?.id, 'node:err-ssl-wrong-version-number');
    assert.deepEqual(lookupIds(direct.message), ['node:err-ssl-wrong-version-number']);

    // https.request reports the same failure as a system error: write EPROTO <OpenSSL error string>.
    const viaHttps = await nextError(https.get({ host: '127.0.0.1', port, agent: false }));
    assert.equal(viaHttps.code, 'EPROTO');
    assert.match(viaHttps.message, /^write EPROTO .*wrong version number/);
    const x = explainError(viaHttps);
    assert.deepEqual(ids(x).slice(0, 2), ['node:err-ssl-wrong-version-number', 'errno:EPROTO']);
    // Node gives no address here; the OpenSSL text must not be taken for one.
    assert.deepEqual([x.context.syscall, x.context.address, x.context.port], ['write', undefined, undefined]);

    const viaFetch = await rejection(fetch(`https://127.0.0.1:${port}/`));
    const f = explainError(viaFetch);
    assert.equal(f.entries[0]?.id, 'node:fetch-failed');
    assert.equal(f.causes[0]?.entries[0]?.id, 'node:err-ssl-wrong-version-number');
  } finally {
    await close(server);
  }
});

test('plain HTTP spoken to a Node TLS server: the server sees ERR_SSL_HTTP_REQUEST, the client socket hang up', TEST_TIMEOUT, async (t) => {
  if (!requireEnvironment(t, { tools: ['openssl'] })) return;
  const server = tls.createServer({ key: pem('self.key'), cert: pem('self.crt') });
  const serverError = once(server, 'tlsClientError').then(([e]) => e as NodeJS.ErrnoException & Record<string, unknown>);
  const port = await listen(server);
  try {
    const clientErr = await nextError(http.get({ host: '127.0.0.1', port, agent: false }));
    const err = await serverError;
    assert.equal(err.code, 'ERR_SSL_HTTP_REQUEST');
    assert.equal(err.reason, 'http request');
    assert.equal(explainError(err).entries[0]?.id, 'node:err-ssl-http-request');
    assert.deepEqual(lookupIds(err.message), ['node:err-ssl-http-request']);
    assert.equal(clientErr.message, 'socket hang up');
    assert.equal(explainError(clientErr).entries[0]?.id, 'node:socket-hang-up');
  } finally {
    await close(server);
  }
});

test('a non-HTTP answer gives HPE_INVALID_CONSTANT in http and HTTPParserError in fetch', TEST_TIMEOUT, async () => {
  const hello = net.createServer((s) => s.end('HELLO\r\n'));
  // What a TLS server may answer to plain HTTP: a fatal alert record (RFC 8446 5.1 and 6: type 21, version 3.3, length 2, level 2, protocol_version 70).
  const alert = net.createServer((s) => s.once('data', () => s.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]))));
  const helloPort = await listen(hello);
  const alertPort = await listen(alert);
  try {
    for (const port of [helloPort, alertPort]) {
      const err = await nextError(http.get({ host: '127.0.0.1', port, agent: false }));
      assert.equal(err.code, 'HPE_INVALID_CONSTANT');
      assert.equal(err.message, 'Parse Error: Expected HTTP/, RTSP/ or ICE/');
      assert.equal(explainError(err).entries[0]?.id, 'node:hpe-invalid-constant');
      assert.deepEqual(lookupIds(err.message), ['node:hpe-invalid-constant']);
    }
    const viaFetch = await rejection(fetch(`http://127.0.0.1:${helloPort}/`));
    const cause = explainError(viaFetch).causes[0];
    assert.equal(cause?.context.code, 'HPE_INVALID_CONSTANT');
    assert.equal(cause?.context.message, 'Response does not match the HTTP/1.1 protocol (Expected HTTP/)');
    assert.equal(cause?.entries[0]?.id, 'node:hpe-invalid-constant');
  } finally {
    await close(hello);
    await close(alert);
  }
});

test('a request that stops half-way: the server sees ERR_HTTP_REQUEST_TIMEOUT, the clients get a 408 response', TEST_TIMEOUT, async () => {
  // Node checks the deadlines every connectionsCheckingInterval (30 s by default); 50 ms keeps the test short.
  const server = http.createServer({ requestTimeout: 300, headersTimeout: 200, connectionsCheckingInterval: 50 }, (req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  // Watch clientError without adding a listener: a listener would replace Node's default 408 answer.
  const serverErrors: (Error & { code?: string })[] = [];
  const emit = server.emit.bind(server);
  server.emit = ((event: string, ...args: unknown[]) => {
    if (event === 'clientError') serverErrors.push(args[0] as Error);
    return emit(event, ...args);
  }) as typeof server.emit;
  const port = await listen(server);
  try {
    // Half the headers: caught by headersTimeout.
    const raw = net.connect({ host: '127.0.0.1', port }, () => raw.write('GET / HTTP/1.1\r\nHost: x\r\n'));
    let answer = '';
    raw.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    await once(raw, 'close');
    assert.match(answer, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    // Whole headers, part of the body: caught by requestTimeout. The http client gets a 408, not an error.
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', agent: false, headers: { 'content-length': '100' } });
    req.write('abc');
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    res.resume();
    assert.equal(res.statusCode, 408);
    assert.equal(res.headers.connection, 'close');
    req.destroy();
    assert.equal(serverErrors.length, 2);
    for (const err of serverErrors) {
      assert.equal(err.code, 'ERR_HTTP_REQUEST_TIMEOUT');
      assert.equal(err.message, 'Request timeout');
      assert.equal(explainError(err).entries[0]?.id, 'node:err-http-request-timeout');
      assert.deepEqual(lookupIds(err.message), ['node:err-http-request-timeout']);
    }
    assert.deepEqual(lookupIds(`${res.statusCode} ${res.statusMessage}`), ['node:err-http-request-timeout']);
  } finally {
    await close(server);
  }
});

test('fetch with AbortSignal.timeout against a silent server gives TimeoutError; abort() gives AbortError', TEST_TIMEOUT, async () => {
  const server = net.createServer(() => {});
  const port = await listen(server);
  try {
    const timedOut = await rejection(fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(50) }));
    assert.equal(timedOut.name, 'TimeoutError');
    assert.equal(timedOut.message, 'The operation was aborted due to timeout');
    assert.deepEqual(ids(explainError(timedOut)), ['node:timeout-error']);
    assert.deepEqual(lookupIds(`${timedOut.name}: ${timedOut.message}`), ['node:timeout-error']);

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await rejection(fetch(`http://127.0.0.1:${port}/`, { signal: controller.signal }));
    assert.equal(aborted.name, 'AbortError');
    assert.equal(aborted.message, 'This operation was aborted');
    assert.deepEqual(ids(explainError(aborted)), ['node:abort-error']);

    // Node's own http client wraps the timeout: AbortError (ABORT_ERR) with the TimeoutError as cause.
    const viaHttp = await nextError(http.get({ host: '127.0.0.1', port, agent: false, signal: AbortSignal.timeout(50) }));
    assert.equal(viaHttp.code, 'ABORT_ERR');
    const x = explainError(viaHttp);
    assert.equal(x.entries[0]?.id, 'node:abort-error');
    assert.equal(x.causes[0]?.entries[0]?.id, 'node:timeout-error');
  } finally {
    await close(server);
  }
});

test('stream.finished on a socket destroyed mid-way gives ERR_STREAM_PREMATURE_CLOSE', TEST_TIMEOUT, async () => {
  const server = net.createServer((s) => s.resume());
  const port = await listen(server);
  try {
    const socket = net.connect({ host: '127.0.0.1', port });
    await once(socket, 'connect');
    const err = await new Promise<NodeJS.ErrnoException | null | undefined>((resolve) => {
      finished(socket, resolve);
      socket.destroy();
    });
    assert.ok(err);
    assert.equal(err.code, 'ERR_STREAM_PREMATURE_CLOSE');
    assert.equal(err.message, 'Premature close');
    assert.deepEqual(ids(explainError(err)), ['node:err-stream-premature-close']);
    assert.deepEqual(lookupIds(err.message), ['node:err-stream-premature-close']);
  } finally {
    await close(server);
  }
});

test('writing to a socket after end() gives ERR_STREAM_WRITE_AFTER_END', TEST_TIMEOUT, async () => {
  const server = net.createServer((s) => s.resume());
  const port = await listen(server);
  try {
    const socket = net.connect({ host: '127.0.0.1', port });
    await once(socket, 'connect');
    socket.end('x');
    const errP = nextError(socket);
    socket.write('y');
    const err = await errP;
    assert.equal(err.code, 'ERR_STREAM_WRITE_AFTER_END');
    assert.equal(err.message, 'write after end');
    assert.deepEqual(ids(explainError(err)), ['node:err-stream-write-after-end']);
    assert.deepEqual(lookupIds(err.message), ['node:err-stream-write-after-end']);
    socket.destroy();
  } finally {
    await close(server);
  }
});
