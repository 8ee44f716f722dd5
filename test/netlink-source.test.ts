// netlinkSource against the real kernel and ss, inside a fresh network namespace that
// holds sockets in known states: a listener that never accepts (so its accept queue is
// non-empty), ESTABLISHED pairs, a TIME_WAIT, a CLOSE_WAIT/FIN_WAIT2 pair, IPv6 and
// IPv4-mapped connections.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createNetns, type Netns } from './helpers/netns.js';
import { waitForOutput } from './helpers/wait-for-output.js';
import { hasTool, isRoot, requireEnvironment } from './helpers/env.js';
import type { SocketListing, SocketQuery } from '../src/sources/kernel/socket-source.js';

const KOFFI = createRequire(import.meta.url).resolve('koffi');
const SOURCE_URL = new URL('../src/sources/kernel/netlink.js', import.meta.url).href;
// Under tsx (running the .ts file directly) the child needs the same loader.
const LOADER = import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [];
const ready = isRoot() && hasTool('ss') && hasTool('ip');

// Workload (CommonJS, run with `node -e`): listener on 7001 through raw libc calls with
// backlog 7 that never accepts, plus three clients queued on it; a Node server on 7002
// (ESTABLISHED, TIME_WAIT, CLOSE_WAIT/FIN_WAIT2); a dual-stack server on 7003.
const WORKLOAD = `
const net = require('node:net');
const koffi = require(${JSON.stringify(KOFFI)});
const lib = koffi.load('libc.so.6');
const socket = lib.func('int socket(int, int, int)');
const bind = lib.func('int bind(int, const void *, uint32_t)');
const listen = lib.func('int listen(int, int)');
const held = [];
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const connect = (opts) => new Promise((resolve, reject) => {
  const s = net.connect(opts, () => resolve(s));
  s.on('error', reject);
  held.push(s);
});
(async () => {
  const fd = socket(2, 1, 0);
  const addr = Buffer.alloc(16);
  addr.writeUInt16LE(2, 0); addr.writeUInt16BE(7001, 2); addr.writeUInt32BE(0x7f000001, 4);
  if (fd < 0 || bind(fd, addr, 16) !== 0 || listen(fd, 7) !== 0) throw new Error('raw listener failed');
  for (let i = 0; i < 3; i++) await connect({ host: '127.0.0.1', port: 7001 });
  let accepted = 0;
  const server = net.createServer({ allowHalfOpen: true }, (sock) => {
    held.push(sock);
    const n = ++accepted;
    sock.on('error', () => {});
    sock.on('end', () => { if (n === 2) sock.end(); });
  });
  await new Promise((r) => server.listen({ host: '127.0.0.1', port: 7002, backlog: 11 }, r));
  const c1 = await connect({ host: '127.0.0.1', port: 7002 });
  c1.write('x'.repeat(1000));
  await wait(50);
  const c2 = await connect({ host: '127.0.0.1', port: 7002 });
  await wait(50);
  c2.end();  // the server ends too: c2 goes to TIME_WAIT
  await wait(50);
  const c3 = await connect({ host: '127.0.0.1', port: 7002, allowHalfOpen: true });
  await wait(50);
  c3.end();  // the server keeps its side open: CLOSE_WAIT / FIN_WAIT2
  const s3 = net.createServer((sock) => { held.push(sock); sock.on('error', () => {}); });
  await new Promise((r) => s3.listen({ host: '::', port: 7003 }, r));
  await connect({ host: '::1', port: 7003 });
  await connect({ host: '127.0.0.1', port: 7003 });
  await wait(300);
  process.stdout.write('ready\\n');
})().catch((e) => { console.error(e); process.exit(1); });
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(0), 120000);
`;

let ns: Netns | undefined;

before(async () => {
  if (!ready) return;
  ns = createNetns('tcpdoc-nl');
  const child = ns.spawn('node', ['-e', WORKLOAD]);
  await waitForOutput(child, 'ready');
});

after(() => ns?.remove());

// Runs netlinkSource.listSockets(query) inside the namespace.
function listInNamespace(query: SocketQuery): SocketListing {
  if (ns === undefined) throw new Error('namespace missing');
  const script = `import { netlinkSource } from ${JSON.stringify(SOURCE_URL)};
process.stdout.write(JSON.stringify(netlinkSource.listSockets(JSON.parse(process.argv[1]))));`;
  const out = ns.exec('node', [...LOADER, '--input-type=module', '-e', script, JSON.stringify(query)]);
  return JSON.parse(out) as SocketListing;
}

const SS_STATES: Record<string, string> = {
  ESTAB: 'ESTABLISHED', 'SYN-SENT': 'SYN_SENT', 'SYN-RECV': 'SYN_RECV', 'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2', 'TIME-WAIT': 'TIME_WAIT', 'CLOSE-WAIT': 'CLOSE_WAIT', 'LAST-ACK': 'LAST_ACK',
  LISTEN: 'LISTEN', CLOSING: 'CLOSING', UNCONN: 'CLOSE',
};

interface Row {
  state: string;
  recvQ: number;
  sendQ: number;
  local: string;
  remote: string;
}

// ss endpoint text in the form endpoint() builds: mapped IPv4 unwrapped, "*" port as 0, no
// %iface, and "*" (how ss prints the any address of a dual-stack IPv6 socket) as [::].
function normalizeSs(text: string): string {
  const t = text.replace(/%[^\]:]+/, '').replace(/:\*$/, ':0').replace(/^\*:/, '[::]:');
  const mapped = /^\[::ffff:(\d+\.\d+\.\d+\.\d+)\]:(\d+)$/.exec(t);
  return mapped === null ? t : `${mapped[1]}:${mapped[2]}`;
}

function ssRows(args: string[] = []): Row[] {
  if (ns === undefined) throw new Error('namespace missing');
  return ns
    .exec('ss', ['-tnH', ...(args.length === 0 ? ['-a'] : args)])
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 5)
    .map(([state, recvQ, sendQ, local, remote]) => ({
      state: SS_STATES[state ?? ''] ?? `?${state}`,
      recvQ: Number(recvQ),
      sendQ: Number(sendQ),
      local: normalizeSs(local ?? ''),
      remote: normalizeSs(remote ?? ''),
    }));
}

function endpoint(e: { address: string; port: number }): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

function ourRows(listing: SocketListing): Row[] {
  return listing.sockets.map((s) => ({ state: s.state, recvQ: s.recvQ, sendQ: s.sendQ, local: endpoint(s.local), remote: endpoint(s.remote) }));
}

const keyOf = (r: Row) => `${r.state} ${r.local} ${r.remote}`;

test('lists the same (state, local, remote) set as ss -tan, with equal queues', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ss', 'ip'] })) return;
  const listing = listInNamespace({});
  assert.equal(listing.source, 'netlink');
  assert.equal(listing.unparsed, 0);
  assert.deepEqual(listing.notes, []);
  const ours = ourRows(listing);
  const theirs = ssRows();
  assert.deepEqual(ours.map(keyOf).sort(), theirs.map(keyOf).sort());
  const states = new Set(ours.map((r) => r.state));
  for (const s of ['LISTEN', 'ESTABLISHED', 'TIME_WAIT', 'CLOSE_WAIT', 'FIN_WAIT2']) assert.ok(states.has(s), `no ${s} among ${[...states].join(', ')}`);
  // Queues agree for every socket, LISTEN included (accept queue / backlog).
  const byKey = new Map(theirs.map((r) => [keyOf(r), r]));
  for (const r of ours) {
    const match = byKey.get(keyOf(r));
    assert.deepEqual([r.recvQ, r.sendQ], [match?.recvQ, match?.sendQ], keyOf(r));
  }
  const raw = ours.find((r) => r.state === 'LISTEN' && r.local === '127.0.0.1:7001');
  assert.deepEqual([raw?.recvQ, raw?.sendQ], [3, 7], 'three queued connections on a backlog of 7');
  // IPv6 and IPv4-mapped connections on the dual-stack listener.
  assert.ok(ours.some((r) => r.state === 'ESTABLISHED' && r.local === '[::1]:7003'));
  assert.ok(ours.some((r) => r.state === 'ESTABLISHED' && r.local === '127.0.0.1:7003'));
  const tw = listing.sockets.find((s) => s.state === 'TIME_WAIT');
  assert.equal(tw?.timer?.kind, 'timewait');
  assert.equal(tw?.inode, 0);
  assert.ok(listing.sockets.filter((s) => s.state !== 'TIME_WAIT').every((s) => s.cookie !== null && s.cookie !== '0'));
});

test('with tcpInfo and memory, ESTABLISHED sockets carry tcp_info, congestion control and skmem', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ss', 'ip'] })) return;
  const listing = listInNamespace({ tcpInfo: true, memory: true, states: ['ESTABLISHED'] });
  assert.ok(listing.sockets.length >= 6);
  for (const s of listing.sockets) {
    assert.equal(s.state, 'ESTABLISHED');
    assert.ok(s.tcpInfo !== null, `${endpoint(s.local)} has no tcp_info`);
    assert.equal(s.tcpInfo.state, 1);
    assert.ok(s.tcpInfo.rttUs > 0 && s.tcpInfo.sndCwnd > 0, `rtt ${s.tcpInfo.rttUs} cwnd ${s.tcpInfo.sndCwnd}`);
    assert.ok(s.tcpInfo.length >= 104);
    assert.ok(s.congestion !== null && s.congestion.length > 0);
    assert.ok(s.memory !== null && s.memory.rcvBuf > 0 && s.memory.sndBuf > 0);
  }
  // The congestion control names agree with ss -i.
  const ssText = ns!.exec('ss', ['-tinH', 'state', 'established']);
  for (const name of new Set(listing.sockets.map((s) => s.congestion))) assert.ok(ssText.includes(` ${name} `), `ss -i does not show ${name}`);
  // The client that wrote 1000 bytes to 7002 sees them acknowledged.
  const withData = listing.sockets.find((s) => s.remote.port === 7002 && s.tcpInfo !== null && (s.tcpInfo.bytesAcked ?? 0) > 0);
  assert.ok(withData !== undefined, 'the writing client shows acknowledged bytes');
  // Without the flags, no extensions are asked for.
  const plain = listInNamespace({ states: ['ESTABLISHED'] });
  assert.ok(plain.sockets.every((s) => s.tcpInfo === null && s.memory === null && s.congestion === null));
});

test('a state mask returns only those states, and a family list only that family', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ss', 'ip'] })) return;
  const listeners = listInNamespace({ states: ['LISTEN'] });
  assert.ok(listeners.sockets.length >= 3);
  assert.ok(listeners.sockets.every((s) => s.state === 'LISTEN'));
  assert.deepEqual(ourRows(listeners).map(keyOf).sort(), ssRows(['-l']).map(keyOf).sort());
  const closing = listInNamespace({ states: ['TIME_WAIT', 'CLOSE_WAIT', 'FIN_WAIT2'] });
  assert.deepEqual([...new Set(closing.sockets.map((s) => s.state))].sort(), ['CLOSE_WAIT', 'FIN_WAIT2', 'TIME_WAIT']);
  const v6 = listInNamespace({ families: [6] });
  assert.ok(v6.sockets.length >= 3);
  assert.ok(v6.sockets.every((s) => s.family === 6));
  const v4 = listInNamespace({ families: [4] });
  assert.ok(v4.sockets.every((s) => s.family === 4));
  assert.equal(v4.sockets.length + v6.sockets.length, listInNamespace({}).sockets.length);
  assert.equal(listInNamespace({ states: [] }).sockets.length, 0);
});

test('a filter program the kernel rejects is refused with EINVAL as a NETLINK error', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ss', 'ip'] })) return;
  // A jump past the end of the program fails the kernel's bytecode audit.
  const script = `import { dumpInetDiag, withDiagSocket } from ${JSON.stringify(SOURCE_URL)};
try {
  withDiagSocket((c, fd) => dumpInetDiag(c, fd, { family: 4, states: 0xffe, extensions: 0, bytecode: new Uint8Array([1, 1, 64, 0]) }, () => {}));
  process.stdout.write('accepted');
} catch (e) { process.stdout.write(JSON.stringify({ code: e.code, message: e.message, withBytecode: e.withBytecode })); }`;
  const out = ns!.exec('node', [...LOADER, '--input-type=module', '-e', script]);
  const result = JSON.parse(out) as { code: string; message: string; withBytecode: boolean };
  assert.equal(result.code, 'NETLINK');
  assert.match(result.message, /EINVAL/);
  assert.equal(result.withBytecode, true);
});
