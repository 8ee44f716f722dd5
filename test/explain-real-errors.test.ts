// Real socket errors, produced on loopback and inside network namespaces, fed to explainError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { explainError, type ErrorExplanation } from '../src/api/explain.js';
import { requireEnvironment } from './helpers/env.js';
import { createNetns } from './helpers/netns.js';

const run = promisify(execFile);
const isTs = import.meta.url.endsWith('.ts');
const apiUrl = new URL(`../src/api/explain.${isTs ? 'ts' : 'js'}`, import.meta.url).href;
const repoRoot = fileURLToPath(new URL(isTs ? '..' : '../..', import.meta.url));

function ids(x: ErrorExplanation): string[] {
  return x.entries.map((e) => e.id);
}

function listen(server: net.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function nextError(emitter: NodeJS.EventEmitter): Promise<NodeJS.ErrnoException> {
  return new Promise((resolve) => emitter.once('error', resolve));
}

test('ECONNREFUSED on loopback maps to the connect entry with address and port', async () => {
  const server = net.createServer();
  const port = await listen(server);
  await close(server);
  const err = await nextError(net.connect({ host: '127.0.0.1', port }));
  const x = explainError(err);
  assert.equal(err.code, 'ECONNREFUSED');
  assert.deepEqual(ids(x).slice(0, 2), ['node:connect-econnrefused', 'errno:ECONNREFUSED']);
  assert.deepEqual([x.context.syscall, x.context.address, x.context.port, x.context.errno], ['connect', '127.0.0.1', port, -111]);
  assert.match(x.entries[0]?.summary ?? '', new RegExp(`127\\.0\\.0\\.1:${port}`));
  assert.ok(x.entries[0]?.checks.some((c) => c.includes(`sport = :${port}`)));
  assert.match(x.headline, new RegExp(`^connect ECONNREFUSED \\(127\\.0\\.0\\.1:${port}\\)`));
});

test('a peer resetAndDestroy() gives read ECONNRESET', async () => {
  const server = net.createServer((s) => s.once('data', () => s.resetAndDestroy()));
  const port = await listen(server);
  try {
    const client = net.connect({ host: '127.0.0.1', port }, () => client.write('hello'));
    const err = await nextError(client);
    const x = explainError(err);
    assert.equal(err.code, 'ECONNRESET');
    assert.deepEqual(ids(x), ['node:read-econnreset', 'errno:ECONNRESET']);
    assert.equal(x.context.syscall, 'read');
    assert.equal(x.entries[1]?.number, 104);
  } finally {
    await close(server);
  }
});

test('writing after the peer closed gives write EPIPE', async () => {
  const server = net.createServer((s) => s.destroy());
  const port = await listen(server);
  try {
    const client = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    client.on('data', () => {});
    const errP = nextError(client);
    await new Promise((resolve) => client.once('end', resolve));
    // The first write after the peer's FIN succeeds and draws a RST; a later one fails. Bounded loop.
    for (let i = 0; i < 50 && !client.destroyed; i++) {
      client.write('x');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const err = await errP;
    const x = explainError(err);
    assert.equal(err.code, 'EPIPE');
    assert.deepEqual(ids(x), ['node:write-epipe', 'errno:EPIPE']);
    assert.equal(x.context.syscall, 'write');
    assert.equal(x.context.errno, -32);
  } finally {
    await close(server);
  }
});

test('a second listener on the same port gives listen EADDRINUSE', async () => {
  const first = net.createServer();
  const port = await listen(first);
  try {
    const second = net.createServer();
    const err = await listen(second, port).then(
      () => assert.fail('second listen succeeded'),
      (e: NodeJS.ErrnoException) => e,
    );
    const x = explainError(err);
    assert.equal(err.code, 'EADDRINUSE');
    assert.deepEqual(ids(x), ['node:listen-eaddrinuse', 'errno:EADDRINUSE']);
    assert.deepEqual([x.context.syscall, x.context.address, x.context.port], ['listen', '127.0.0.1', port]);
    assert.ok(x.entries[0]?.checks.some((c) => c.includes(`:${port}`)));
  } finally {
    await close(first);
  }
});

test('an HTTP server that closes without answering gives socket hang up', async () => {
  const server = http.createServer((req) => req.socket.end());
  const port = await listen(server);
  try {
    const err = await nextError(http.get({ host: '127.0.0.1', port, agent: false }));
    const x = explainError(err);
    assert.equal(err.message, 'socket hang up');
    assert.equal(err.code, 'ECONNRESET');
    assert.deepEqual(ids(x).slice(0, 2), ['node:socket-hang-up', 'errno:ECONNRESET']);
  } finally {
    await close(server);
  }
});

test('fetch against a server that closes without answering gives other side closed', async () => {
  const server = net.createServer((s) => s.once('data', () => s.end()));
  const port = await listen(server);
  try {
    const err = await fetch(`http://127.0.0.1:${port}/`).then(
      () => assert.fail('fetch succeeded'),
      (e: Error) => e,
    );
    const x = explainError(err);
    assert.equal(x.entries[0]?.id, 'node:fetch-failed');
    const cause = x.causes[0];
    assert.equal(cause?.context.code, 'UND_ERR_SOCKET');
    assert.equal(cause?.entries[0]?.id, 'node:und-err-socket');
  } finally {
    await close(server);
  }
});

// A child script run inside a namespace: makes the error happen there and prints explainError's answer.
const CHILD = `
import net from 'node:net';
import dgram from 'node:dgram';
const [apiUrl, scenario, host, port, family] = process.argv.slice(2);
const { explainError } = await import(apiUrl);
const started = Date.now();
const done = (err) => {
  process.stdout.write(JSON.stringify({ code: err.code, ms: Date.now() - started, explanation: explainError(err) }));
  process.exit(0);
};
setTimeout(() => { process.stdout.write(JSON.stringify({ hung: true })); process.exit(0); }, 20000);
if (scenario === 'dns') {
  // A resolver that answers every question with NXDOMAIN (RFC 1035 4.1.1: QR=1, RD, RA, RCODE=3).
  const sock = dgram.createSocket('udp4');
  sock.on('message', (msg, rinfo) => {
    const reply = Buffer.from(msg);
    reply[2] = 0x81; reply[3] = 0x83;
    reply.writeUInt16BE(0, 6); reply.writeUInt16BE(0, 8); reply.writeUInt16BE(0, 10);
    sock.send(reply, rinfo.port, rinfo.address);
  });
  sock.bind(53, '127.0.0.1', () => net.connect({ host, port: 80 }).on('error', done));
} else {
  net.connect({ host, port: Number(port), autoSelectFamily: family === 'auto' }).on('error', done).on('connect', () => done({ code: 'CONNECTED' }));
}
`;

interface ChildResult {
  code?: string;
  ms?: number;
  hung?: boolean;
  explanation?: ErrorExplanation;
}

async function runInNamespace(ns: string, dir: string, args: string[]): Promise<ChildResult> {
  const script = join(dir, 'child.mjs');
  writeFileSync(script, CHILD);
  const loader = isTs ? ['--import', 'tsx'] : [];
  const { stdout } = await run('ip', ['netns', 'exec', ns, process.execPath, ...loader, script, apiUrl, ...args], { cwd: repoRoot, timeout: 30_000 });
  return JSON.parse(stdout) as ChildResult;
}

test('ETIMEDOUT when a namespace drops SYNs (tcp_syn_retries=1 there)', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ip', 'iptables', 'sysctl'] })) return;
  const ns = createNetns();
  const dir = mkdtempSync(join(tmpdir(), 'tcpdoc-explain-'));
  try {
    ns.exec('sysctl', ['-q', '-w', 'net.ipv4.tcp_syn_retries=1']);
    ns.exec('iptables', ['-A', 'INPUT', '-p', 'tcp', '--syn', '-j', 'DROP']);
    const r = await runInNamespace(ns.name, dir, ['connect', '127.0.0.1', '9']);
    assert.equal(r.code, 'ETIMEDOUT', JSON.stringify(r));
    // SYN at 0 s, one retry after 1 s, give up 2 s later: about 3 s.
    assert.ok((r.ms ?? 0) >= 2500, `gave up after ${r.ms} ms`);
    const x = r.explanation;
    assert.ok(x !== undefined);
    assert.equal(x.entries[0]?.id, 'errno:ETIMEDOUT');
    assert.deepEqual([x.context.syscall, x.context.address, x.context.port], ['connect', '127.0.0.1', 9]);
    assert.ok(x.entries[0]?.checks.some((c) => c.includes('host 127.0.0.1 and port 9')));
  } finally {
    ns.remove();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('EHOSTUNREACH from an iptables icmp-host-prohibited reject', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ip', 'iptables'] })) return;
  const ns = createNetns();
  const dir = mkdtempSync(join(tmpdir(), 'tcpdoc-explain-'));
  try {
    ns.exec('iptables', ['-A', 'OUTPUT', '-p', 'tcp', '--syn', '-j', 'REJECT', '--reject-with', 'icmp-host-prohibited']);
    const r = await runInNamespace(ns.name, dir, ['connect', '127.0.0.1', '9']);
    assert.equal(r.code, 'EHOSTUNREACH', JSON.stringify(r));
    const x = r.explanation;
    assert.ok(x !== undefined);
    assert.equal(x.entries[0]?.id, 'errno:EHOSTUNREACH');
    assert.deepEqual([x.context.syscall, x.context.address, x.context.port, x.context.errno], ['connect', '127.0.0.1', 9, -113]);
    assert.ok(x.entries[0]?.related.includes('icmp:3/10'));
  } finally {
    ns.remove();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ENOTFOUND for a .invalid name answered NXDOMAIN by a resolver inside a namespace', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ip'] })) return;
  const ns = createNetns();
  const dir = mkdtempSync(join(tmpdir(), 'tcpdoc-explain-'));
  // ip netns exec bind-mounts /etc/netns/NAME/resolv.conf over /etc/resolv.conf for the command.
  const etc = join('/etc/netns', ns.name);
  try {
    mkdirSync(etc, { recursive: true });
    writeFileSync(join(etc, 'resolv.conf'), 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
    const r = await runInNamespace(ns.name, dir, ['dns', 'tcpdoc-test.invalid']);
    assert.equal(r.code, 'ENOTFOUND', JSON.stringify(r));
    const x = r.explanation;
    assert.ok(x !== undefined);
    assert.equal(x.entries[0]?.id, 'node:getaddrinfo-enotfound');
    assert.deepEqual([x.context.syscall, x.context.hostname], ['getaddrinfo', 'tcpdoc-test.invalid']);
    assert.match(x.entries[0]?.summary ?? '', /tcpdoc-test\.invalid/);
    assert.ok(x.entries[0]?.checks.some((c) => c.startsWith('getent ahosts tcpdoc-test.invalid')));
  } finally {
    ns.remove();
    rmSync(etc, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});

test('autoSelectFamily over ::1 and 127.0.0.1 gives an AggregateError of two refusals', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ip'] })) return;
  const ns = createNetns();
  const dir = mkdtempSync(join(tmpdir(), 'tcpdoc-explain-'));
  const etc = join('/etc/netns', ns.name);
  try {
    // ip netns exec bind-mounts /etc/netns/NAME/hosts over /etc/hosts: one name, both families.
    mkdirSync(etc, { recursive: true });
    writeFileSync(join(etc, 'hosts'), '127.0.0.1 dual.tcpdoc.test\n::1 dual.tcpdoc.test\n');
    const r = await runInNamespace(ns.name, dir, ['connect', 'dual.tcpdoc.test', '9', 'auto']);
    assert.equal(r.code, 'ECONNREFUSED', JSON.stringify(r));
    const x = r.explanation;
    assert.ok(x !== undefined);
    assert.deepEqual(x.entries.map((e) => e.id), ['node:aggregate-error', 'errno:ECONNREFUSED']);
    const inner = x.causes.map((c) => [c.entries[0]?.id, c.context.address, c.context.port]);
    assert.deepEqual(inner.map((i) => i[0]), ['node:connect-econnrefused', 'node:connect-econnrefused']);
    assert.deepEqual(inner.map((i) => i[1]).sort(), ['127.0.0.1', '::1']);
  } finally {
    ns.remove();
    rmSync(etc, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});
