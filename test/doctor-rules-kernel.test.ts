// The doctor rules no lab scenario covers, on the real kernel: each situation is brought up for
// real inside fresh namespaces (slow readers, dropped paths, random loss, a low open-files limit,
// a tiny TIME_WAIT table, wrong sysctls, scans, stuck closes), the finding must appear with the
// numbers ss and /proc show in the same namespace, and a healthy namespace must not get it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { requireEnvironment } from './helpers/env.js';
import { createNetns, linkNetns, type Netns } from './helpers/netns.js';
import { countersIn } from './helpers/lab-checks.js';
import { parseSsLines, type SsRow } from './helpers/ss.js';
import { runDoctor, type DoctorReport } from '../src/api/doctor.js';
import type { Evidence, Finding } from '../src/model/finding.js';

const NEEDS = { root: true, tools: ['iptables', 'ss'] };

// The built CLI next to this file (dist/test -> dist/src), or the TypeScript entry run through tsx.
const BUILT_CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const SOURCE_CLI = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const CLI: string[] = existsSync(BUILT_CLI) ? [BUILT_CLI] : ['--import', 'tsx', SOURCE_CLI];

// One Node program for every workload, configured by a JSON argument and driven by stdin lines.
// Servers hold what they accept; clients open `count` connections (to port + i with `spread`).
// Commands: write BYTES, end, destroy, stream MS, churn MS, connect N, block MS. It always exits
// within 100 s.
const PEER = `
const net = require('node:net');
const cfg = JSON.parse(process.argv[1]);
const socks = [];
const say = (s) => process.stdout.write(s + '\\n');
setTimeout(() => process.exit(0), 100000);
const keep = (c) => { c.on('error', () => {}); if (cfg.read) c.resume(); socks.push(c); };
let open = 0;
function connectOne(i) {
  const c = net.connect({ host: cfg.host, port: cfg.port + (cfg.spread ? i : 0), allowHalfOpen: true });
  keep(c);
  c.once('connect', () => { if (++open === cfg.count) say('connected ' + open); });
}
if (cfg.role === 'server') {
  // With a count, the server says when it has accepted that many (a client's connect completes earlier).
  const onConn = (c) => { keep(c); if (socks.length === cfg.count) say('accepted ' + socks.length); };
  const server = net.createServer({ allowHalfOpen: cfg.half === true }, onConn);
  server.listen({ host: cfg.host, port: cfg.port, ...(cfg.backlog ? { backlog: cfg.backlog } : {}) }, () => {
    if (cfg.extraPort) net.createServer(onConn).listen({ host: cfg.host, port: cfg.extraPort }, () => say('ready'));
    else say('ready');
  });
} else {
  for (let i = 0; i < (cfg.count || 0); i++) connectOne(i);
}
async function churn(ms) {
  const until = Date.now() + ms;
  let n = 0;
  while (Date.now() < until && n < 20000) {
    await new Promise((done) => {
      const c = net.connect({ host: cfg.host, port: cfg.port }, () => c.end());
      c.resume();
      c.on('close', done);
      c.on('error', done);
    });
    n++;
  }
  say('churned ' + n);
}
async function stream(ms) {
  const until = Date.now() + ms;
  const chunk = Buffer.alloc(65536, 120);
  let bytes = 0;
  await Promise.all(socks.map(async (c) => {
    while (Date.now() < until && !c.destroyed) {
      bytes += chunk.length;
      if (!c.write(chunk)) await new Promise((r) => { c.once('drain', r); setTimeout(r, until - Date.now()); });
    }
  }));
  say('streamed ' + bytes);
}
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, arg] = line.trim().split(' ');
  const n = Number(arg);
  if (cmd === 'write') { const b = Buffer.alloc(n, 120); for (const c of socks) c.write(b); say('written'); }
  else if (cmd === 'end') { for (const c of socks) c.end(); say('ended'); }
  else if (cmd === 'destroy') { for (const c of socks) c.destroy(); say('destroyed'); }
  else if (cmd === 'stream') stream(n);
  else if (cmd === 'churn') churn(n);
  else if (cmd === 'connect') { cfg.count = n; open = 0; for (let i = 0; i < n; i++) connectOne(i); }
  else if (cmd === 'block') { say('blocking'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, n); say('unblocked'); }
});
`;

interface PeerConfig {
  role: 'server' | 'client';
  host: string;
  port: number;
  count?: number;
  read?: boolean;
  half?: boolean;
  spread?: boolean;
  backlog?: number;
  extraPort?: number;
}

interface Program {
  pid: number;
  // The next output line starting with prefix (lines already returned are not seen again).
  next: (prefix: string, timeoutMs?: number) => Promise<string>;
  send: (line: string) => void;
}

// Starts the PEER program inside a namespace, optionally under `ulimit -n nofile`.
function startPeer(ns: Netns, cfg: PeerConfig, options: { nofile?: number } = {}): Program {
  const args = ['-e', PEER, JSON.stringify(cfg)];
  // sh -c SCRIPT $0 $1...: the program text travels as an argument, never through the shell's parser.
  const child: ChildProcess =
    options.nofile === undefined ? ns.spawn(process.execPath, args) : ns.spawn('sh', ['-c', `ulimit -n ${options.nofile} && exec "$0" "$@"`, process.execPath, ...args]);
  const lines: string[] = [];
  let stderr = '';
  let pending = '';
  const waiters: (() => void)[] = [];
  const wake = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  child.stdout?.on('data', (d: Buffer) => {
    pending += d.toString();
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    lines.push(...parts);
    wake();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.on('exit', wake);
  assert.ok(child.pid !== undefined, 'the program started');
  return {
    // ip netns exec and sh both exec, so the spawned pid is node's.
    pid: child.pid,
    next: async (prefix, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = lines.findIndex((l) => l.startsWith(prefix));
        if (i >= 0) return lines.splice(0, i + 1)[i] ?? '';
        if (child.exitCode !== null || Date.now() >= deadline) throw new Error(`no "${prefix}" from the program (exit ${child.exitCode}): ${stderr}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    send: (line) => {
      child.stdin?.write(`${line}\n`);
    },
  };
}

// Namespaces made by a test, always removed afterwards.
async function withNamespaces(count: number, body: (ns: Netns[]) => Promise<void>): Promise<void> {
  const made: Netns[] = [];
  try {
    for (let i = 0; i < count; i++) made.push(createNetns('tcpdoc-dr'));
    await body(made);
  } finally {
    for (const ns of made) ns.remove();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Polls until check() holds (every 100 ms, at most timeoutMs); fails with what was last seen.
async function until(what: string, check: () => boolean | string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: boolean | string = false;
  while (Date.now() < deadline) {
    last = check();
    if (last === true) return;
    await sleep(100);
  }
  last = check();
  assert.equal(last, true, `${what} did not happen within ${timeoutMs} ms: ${String(last)}`);
}

// ss rows inside a namespace, with -o and -i extras kept as text per row.
interface SsDetail extends SsRow {
  extra: string;
}

// `ss -tanoiH [state S]` (and -p with owners): ss prints tcp_info on a second line per socket.
function ssDetail(ns: Netns, state?: string, owners = false): SsDetail[] {
  const args = [owners ? '-tanopiH' : '-tanoiH', ...(state !== undefined ? ['state', state] : [])];
  const onlyState = state?.toUpperCase().replace(/-/g, '_').replace('FIN_WAIT_', 'FIN_WAIT');
  const out: SsDetail[] = [];
  for (const line of ns.exec('ss', args).split('\n')) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line) && out.length > 0) {
      const last = out[out.length - 1];
      if (last !== undefined) last.extra += ` ${line.trim()}`;
      continue;
    }
    const row = parseSsLines(line, onlyState)[0];
    if (row !== undefined) out.push({ ...row, extra: line });
  }
  return out;
}

// A number after a tag in ss's text: "backoff:4" -> 4; timer:(persist,1.2sec,3) -> 3 for 'timer'.
function ssNumber(extra: string, tag: string): number {
  const m = new RegExp(`\\b${tag}:(\\d+)`).exec(extra);
  return m === null ? 0 : Number(m[1]);
}

function ssTimer(extra: string): { kind: string; retransmits: number } | null {
  const m = /timer:\((\w+),[^,]*,(\d+)\)/.exec(extra);
  return m === null ? null : { kind: m[1] ?? '', retransmits: Number(m[2]) };
}

// Kernel counters and sockstat inside a namespace.
function counter(ns: Netns, name: string): number {
  const value = countersIn(ns.name).get(name);
  assert.ok(value !== undefined, `counter ${name} missing`);
  return value;
}

function sockstat(ns: Netns, field: string): number {
  const m = new RegExp(`^TCP:.*\\b${field} (\\d+)`, 'm').exec(ns.exec('cat', ['/proc/net/sockstat']));
  assert.ok(m !== null, `sockstat TCP ${field}`);
  return Number(m[1]);
}

async function doctorIn(ns: Netns, windowMs = 1000): Promise<DoctorReport> {
  const report = await runDoctor({ netns: ns.name, windowMs });
  assert.equal(report.namespace, `netns ${ns.name}`);
  assert.equal(report.source, 'netlink');
  return report;
}

function ids(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.severity} ${f.id}${f.subject !== null ? ` (${f.subject})` : ''}`).join(', ') || 'none';
}

function findingsOf(report: DoctorReport, id: string): Finding[] {
  return report.findings.filter((f) => f.id === id);
}

function findingOf(report: DoctorReport, id: string, subject?: (f: Finding) => boolean): Finding {
  const f = report.findings.find((x) => x.id === id && (subject === undefined || subject(x)));
  assert.ok(f !== undefined, `no ${id} finding; got ${ids(report.findings)}`);
  return f;
}

function evidenceOf(f: Finding, label: string): Evidence {
  const e = f.evidence.find((x) => x.label.en.startsWith(label));
  assert.ok(e !== undefined, `${f.id} has no evidence "${label}": ${f.evidence.map((x) => x.label.en).join(' | ')}`);
  return e;
}

function numberOf(f: Finding, label: string): number {
  const v = evidenceOf(f, label).value;
  assert.equal(typeof v, 'number', `${label} is a number`);
  return v as number;
}

function assertNoFinding(report: DoctorReport, id: string): void {
  assert.deepEqual(findingsOf(report, id).map((f) => f.title.en), [], `${id} in a namespace without the problem`);
}

// Sum of Send-Q over rows.
function sendQueued(rows: readonly SsRow[]): number {
  return rows.reduce((n, r) => n + r.sendQ, 0);
}

// Small send and receive buffers inside a namespace, so queues fill with little memory.
function smallBuffers(ns: Netns): void {
  ns.exec('sysctl', ['-qw', 'net.ipv4.tcp_rmem=4096 16384 65536', 'net.ipv4.tcp_wmem=4096 16384 65536']);
}

test('stalled-connections (zero window), then fin-wait1-stuck: a server writes to clients that stopped reading', { timeout: 60_000 }, async (t) => {
  if (!requireEnvironment(t, NEEDS)) return;
  await withNamespaces(1, async ([ns]) => {
    assert.ok(ns !== undefined);
    smallBuffers(ns);
    const port = 9101;
    const clients = 12;
    const server = startPeer(ns, { role: 'server', host: '127.0.0.1', port, count: clients });
    await server.next('ready');
    // The readers connect and never read; the server writes more than both buffers hold.
    const reader = startPeer(ns, { role: 'client', host: '127.0.0.1', port, count: clients });
    await reader.next('connected');
    // A client's connect completes before the server has accepted: wait, or some sockets get no write.
    await server.next('accepted');
    server.send('write 1048576');
    await server.next('written');
    // Zero-window probes back off 0.2, 0.4, 0.8, 1.6 s...: wait until each has backed off 4 times.
    const serverSide = (): SsDetail[] => ssDetail(ns, 'established', true).filter((r) => r.local === `127.0.0.1:${port}`);
    await until('zero-window probing with backoff >= 4', () => {
      const rows = serverSide();
      const ok = rows.length === clients && rows.every((r) => ssTimer(r.extra)?.kind === 'persist' && ssNumber(r.extra, 'backoff') >= 4);
      return ok || rows.map((r) => `${r.sendQ} ${ssTimer(r.extra)?.kind} ${ssNumber(r.extra, 'backoff')}`).join('; ');
    }, 15_000);
    const before = serverSide();
    const report = await doctorIn(ns);
    const after = serverSide();
    const stalled = findingsOf(report, 'stalled-connections');
    assert.equal(stalled.length, 1, `one group: ${ids(report.findings)}`);
    const f = findingOf(report, 'stalled-connections');
    assert.equal(f.severity, 'warning');
    assert.match(f.title.en, /zero window/);
    assert.equal(f.subject, `node[${server.pid}] -> clients on port ${port}`);
    const count = evidenceOf(f, 'connections probing a zero window');
    assert.equal(count.value, clients);
    assert.equal(count.pid, server.pid);
    assert.equal(count.command, 'node');
    for (const r of before) assert.deepEqual(r.owners.map((o) => o.pid), [server.pid], 'ss names the server as owner');
    // The queues are full and stay put while nothing is read.
    assert.equal(sendQueued(before), sendQueued(after), 'the send queues did not move');
    assert.equal(numberOf(f, 'bytes waiting in their send queues'), sendQueued(before));
    assert.ok(sendQueued(before) > 0);
    const backoff = numberOf(f, 'highest backoff');
    assert.ok(backoff >= 4 && backoff <= Math.max(...after.map((r) => Math.max(ssNumber(r.extra, 'backoff'), ssTimer(r.extra)?.retransmits ?? 0))), `backoff ${backoff}`);
    const example = evidenceOf(f, 'example connection');
    assert.equal(example.address, '127.0.0.1');
    assert.ok(after.some((r) => r.peer === `127.0.0.1:${example.port}`), 'the example is one of the stalled connections');
    // The readers' own sockets hold full receive queues but send nothing: not stalled.
    assert.ok(!f.subject?.includes(String(reader.pid)));

    // The server gives up and closes: the FINs wait behind the queued data, still probing a zero window.
    server.send('destroy');
    await server.next('destroyed');
    await until('FIN_WAIT1 probing', () => {
      const rows = ssDetail(ns, 'fin-wait-1').filter((r) => r.local === `127.0.0.1:${port}`);
      return (rows.length === clients && rows.every((r) => ssTimer(r.extra)?.kind === 'persist')) || `${rows.length} FIN_WAIT1`;
    }, 10_000);
    const closing = await doctorIn(ns);
    const fin1 = ssDetail(ns, 'fin-wait-1');
    const stuck = findingOf(closing, 'fin-wait1-stuck');
    assert.equal(stuck.severity, 'warning');
    assert.equal(numberOf(stuck, 'FIN_WAIT1 retransmitting or probing'), fin1.length);
    assert.equal(numberOf(stuck, 'of them probing a zero window'), fin1.filter((r) => ssTimer(r.extra)?.kind === 'persist').length);
    assert.equal(fin1.length, clients);
    assert.ok(stuck.evidence.some((e) => e.address === '127.0.0.1' && e.value === clients), 'the peer with its count');
    assert.ok(stuck.evidence.some((e) => e.port === port && e.value === clients), 'the local port with its count');
    assertNoFinding(closing, 'stalled-connections');
  });
});

const SERVER4 = '10.213.0.1';
const CLIENT4 = '10.213.0.2';

// A client namespace and a server namespace joined by a veth pair.
async function withLinkedPair(body: (client: Netns, server: Netns) => Promise<void>): Promise<void> {
  await withNamespaces(2, async ([client, server]) => {
    assert.ok(client !== undefined && server !== undefined);
    linkNetns(client, server, { a4: CLIENT4, b4: SERVER4 });
    await body(client, server);
  });
}

test('stalled-connections (retransmitting): the peer vanishes while data is in flight', { timeout: 60_000 }, async (t) => {
  if (!requireEnvironment(t, NEEDS)) return;
  await withLinkedPair(async (clientNs, serverNs) => {
    const port = 9102;
    const conns = 3;
    const server = startPeer(serverNs, { role: 'server', host: SERVER4, port, read: true });
    await server.next('ready');
    const client = startPeer(clientNs, { role: 'client', host: SERVER4, port, count: conns });
    await client.next('connected');
    // Healthy first: the same connections moving data get no finding.
    client.send('write 200000');
    await client.next('written');
    await until('the data is acknowledged', () => sendQueued(ssDetail(clientNs, 'established')) === 0, 5000);
    assertNoFinding(await doctorIn(clientNs, 0), 'stalled-connections');
    // Now the server's namespace drops everything from the client: nothing is acknowledged.
    serverNs.exec('iptables', ['-A', 'INPUT', '-s', CLIENT4, '-p', 'tcp', '-j', 'DROP']);
    client.send('write 100000');
    await client.next('written');
    // RTO doubles from 200 ms: backoff 4 comes after about 3 s.
    const rows = (): SsDetail[] => ssDetail(clientNs, 'established', true).filter((r) => r.peer === `${SERVER4}:${port}`);
    await until('retransmitting with backoff >= 4', () => {
      const r = rows();
      return (r.length === conns && r.every((x) => x.sendQ > 0 && ssTimer(x.extra)?.kind === 'on' && ssNumber(x.extra, 'backoff') >= 4)) || r.map((x) => x.extra).join('; ');
    }, 15_000);
    const report = await doctorIn(clientNs);
    const after = rows();
    const f = findingOf(report, 'stalled-connections');
    assert.equal(findingsOf(report, 'stalled-connections').length, 1, ids(report.findings));
    assert.equal(f.severity, 'warning');
    assert.match(f.title.en, /retransmitting/);
    assert.equal(f.subject, `node[${client.pid}] -> ${SERVER4}:${port}`);
    const count = evidenceOf(f, 'connections retransmitting with backoff');
    assert.equal(count.value, conns);
    assert.equal(count.pid, client.pid);
    for (const r of after) assert.deepEqual(r.owners.map((o) => o.pid), [client.pid]);
    // Nothing is acknowledged, so the queues hold exactly what was written after the drop.
    assert.equal(numberOf(f, 'bytes waiting in their send queues'), sendQueued(after));
    assert.equal(sendQueued(after), conns * 100000);
    const backoff = numberOf(f, 'highest backoff');
    const ssMax = Math.max(...after.map((r) => Math.max(ssNumber(r.extra, 'backoff'), ssTimer(r.extra)?.retransmits ?? 0)));
    assert.ok(backoff >= 4 && backoff <= ssMax, `doctor ${backoff}, ss ${ssMax}`);
    assert.ok(numberOf(f, 'longest time since an ACK arrived') >= 3, 'no ACK for seconds');
    assert.equal(evidenceOf(f, 'example connection').address, SERVER4);
    assert.equal(evidenceOf(f, 'example connection').port, port);
    assert.ok(f.related.includes('sysctl:net.ipv4.tcp_retries2'));
  });
});

test('retransmission-rate: 10 % random loss on the path of a bulk transfer', { timeout: 60_000 }, async (t) => {
  if (!requireEnvironment(t, NEEDS)) return;
  await withLinkedPair(async (clientNs, serverNs) => {
    const port = 9103;
    const server = startPeer(serverNs, { role: 'server', host: SERVER4, port, read: true });
    await server.next('ready');
    const client = startPeer(clientNs, { role: 'client', host: SERVER4, port, count: 8 });
    await client.next('connected');
    // Control: the same transfer on a clean path.
    const measure = async (): Promise<{ report: DoctorReport; retrans: number; out: number }> => {
      client.send('stream 3000');
      await sleep(300);
      const r0 = counter(clientNs, 'Tcp.RetransSegs');
      const o0 = counter(clientNs, 'Tcp.OutSegs');
      const report = await doctorIn(clientNs, 2000);
      const retrans = counter(clientNs, 'Tcp.RetransSegs') - r0;
      const out = counter(clientNs, 'Tcp.OutSegs') - o0;
      await client.next('streamed', 10_000);
      return { report, retrans, out };
    };
    const clean = await measure();
    assert.ok(clean.out >= 1000, `the clean transfer sent ${clean.out} segments`);
    assertNoFinding(clean.report, 'retransmission-rate');
    serverNs.exec('iptables', ['-A', 'INPUT', '-p', 'tcp', '--dport', String(port), '-m', 'statistic', '--mode', 'random', '--probability', '0.1', '-j', 'DROP']);
    const lossy = await measure();
    const f = findingOf(lossy.report, 'retransmission-rate');
    const retrans = numberOf(f, 'RetransSegs in');
    const out = numberOf(f, 'OutSegs in');
    // The doctor's window lies inside the bracket read around it from /proc/net/snmp.
    assert.ok(retrans > 0 && retrans <= lossy.retrans, `doctor ${retrans} retransmits, /proc ${lossy.retrans}`);
    assert.ok(out >= 1000 && out <= lossy.out, `doctor ${out} segments, /proc ${lossy.out}`);
    const share = numberOf(f, 'retransmitted share');
    assert.equal(share, Math.round((retrans / out) * 1000) / 10);
    assert.ok(share >= 2, `share ${share} %`);
    assert.equal(f.severity, share >= 10 ? 'critical' : 'warning');
    // The bracket's own share agrees with the doctor's to within a few points.
    assert.ok(Math.abs((lossy.retrans / lossy.out) * 100 - share) < 5, `bracket ${(lossy.retrans / lossy.out) * 100} %, doctor ${share} %`);
    const drops = Number(/^\s*(\d+)/m.exec(serverNs.exec('iptables', ['-nvxL', 'INPUT']).split('\n').slice(2).join('\n'))?.[1] ?? 0);
    assert.ok(drops > 0, 'iptables dropped packets');
    t.diagnostic(`clean path: ${clean.retrans}/${clean.out} segments retransmitted; lossy: doctor ${retrans}/${out} = ${share} %, /proc ${lossy.retrans}/${lossy.out}, iptables dropped ${drops}`);
  });
});

// Open descriptors of a process, as /proc shows them.
function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

function softNofile(pid: number): number {
  const m = /^Max open files\s+(\d+)\s+(\d+|unlimited)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  assert.ok(m !== null, 'Max open files in /proc/PID/limits');
  return Number(m[1]);
}

test('fd-limit: a Node process under ulimit -n 128 holding most of its descriptors as sockets', { timeout: 60_000 }, async (t) => {
  if (!requireEnvironment(t, NEEDS)) return;
  await withNamespaces(1, async ([ns]) => {
    assert.ok(ns !== undefined);
    const port = 9104;
    // The same program twice: one under a low limit (both ends of 45 connections in one process),
    // one with a roomy limit as the control.
    const tight = startPeer(ns, { role: 'server', host: '127.0.0.1', port }, { nofile: 128 });
    await tight.next('ready');
    tight.send('connect 45');
    await tight.next('connected');
    const roomy = startPeer(ns, { role: 'server', host: '127.0.0.1', port: port + 1 }, { nofile: 4096 });
    await roomy.next('ready');
    roomy.send('connect 45');
    await roomy.next('connected');
    const fdsBefore = openFds(tight.pid);
    const report = await doctorIn(ns, 0);
    const fds = openFds(tight.pid);
    assert.equal(fds, fdsBefore, 'the process is idle: its descriptors do not change');
    assert.equal(softNofile(tight.pid), 128);
    assert.ok(fds / 128 >= 0.8 && fds < 128, `${fds} descriptors open`);
    const mine = findingsOf(report, 'fd-limit');
    assert.deepEqual(mine.map((f) => f.subject), [`node[${tight.pid}]`], 'only the process under the low limit');
    const f = findingOf(report, 'fd-limit');
    assert.equal(f.severity, fds / 128 >= 0.95 ? 'critical' : 'warning');
    const open = evidenceOf(f, 'open file descriptors');
    assert.equal(open.value, fds);
    assert.equal(open.pid, tight.pid);
    assert.equal(open.command, 'node');
    assert.equal(numberOf(f, 'soft limit'), 128);
    assert.equal(evidenceOf(f, 'hard limit').value, Number(/^Max open files\s+\d+\s+(\d+)/m.exec(readFileSync(`/proc/${tight.pid}/limits`, 'utf8'))?.[1]));
    assert.equal(numberOf(f, 'share used'), Math.round((fds / 128) * 1000) / 10);
    // Its TCP sockets: the listener and both ends of every connection, as ss -p counts them.
    const owned = parseSsLines(ns.exec('ss', ['-tanpH']), undefined).filter((r) => r.owners.some((o) => o.pid === tight.pid));
    assert.equal(owned.length, 1 + 2 * 45);
    assert.equal(numberOf(f, 'TCP sockets among them'), owned.length);
    assert.match(f.title.en, new RegExp(`uses ${fds} of 128 `));
    t.diagnostic(`node[${tight.pid}]: ${fds} of 128 descriptors, ${owned.length} TCP sockets; control node[${roomy.pid}]: ${openFds(roomy.pid)} of ${softNofile(roomy.pid)}`);
  });
});

test('time-wait-limit and sysctl-wrong: tcp_max_tw_buckets lowered to 16 inside a namespace, short connections overflow it', { timeout: 60_000 }, async (t) => {
  if (!requireEnvironment(t, NEEDS)) return;
  await withNamespaces(2, async ([ns, fresh]) => {
    assert.ok(ns !== undefined && fresh !== undefined);
    const port = 9105;
    const buckets = 16;
    ns.exec('sysctl', ['-qw', `net.ipv4.tcp_max_tw_buckets=${buckets}`]);
    assert.equal(ns.exec('sysctl', ['-n', 'net.ipv4.tcp_max_tw_buckets']).trim(), String(buckets));
    const server = startPeer(ns, { role: 'server', host: '127.0.0.1', port });
    await server.next('ready');
    const client = startPeer(ns, { role: 'client', host: '127.0.0.1', port });
    // Short connections closed by the client during the whole window: the table overflows.
    const overflow0 = counter(ns, 'TcpExt.TCPTimeWaitOverflow');
    client.send('churn 2500');
    await sleep(200);
    const report = await doctorIn(ns, 1000);
    const made = Number((await client.next('churned', 10_000)).split(' ')[1]);
    const overflowed = counter(ns, 'TcpExt.TCPTimeWaitOverflow') - overflow0;
    const f = findingOf(report, 'time-wait-limit');
    assert.equal(f.severity, 'critical', 'TCPTimeWaitOverflow rose in the window');
    const inWindow = numberOf(f, 'TCPTimeWaitOverflow in');
    assert.ok(inWindow > 0 && inWindow <= overflowed, `doctor ${inWindow}, /proc ${overflowed} over ${made} connections`);
    assert.equal(numberOf(f, 'net.ipv4.tcp_max_tw_buckets'), buckets);
    // Every close beyond the table skips TIME_WAIT: the table stays at its limit.
    const tw = numberOf(f, 'TIME_WAIT sockets');
    assert.ok(tw >= buckets * 0.75 && tw <= buckets, `tw ${tw}`);
    assert.equal(sockstat(ns, 'tw'), buckets);
    assert.equal(parseSsLines(ns.exec('ss', ['-tanH', 'state', 'time-wait']), 'TIME_WAIT').length, buckets);
    // The lowered setting itself is reported with its key and value.
    const wrong = findingOf(report, 'sysctl-wrong', (x) => x.subject === 'net.ipv4.tcp_max_tw_buckets');
    assert.equal(wrong.severity, 'warning');
    assert.equal(evidenceOf(wrong, 'current value').value, String(buckets));
    // After the churn: no overflow in the window any more, but the table is still full (warning).
    const calm = await doctorIn(ns, 500);
    const full = findingOf(calm, 'time-wait-limit');
    assert.equal(full.severity, 'warning');
    assert.equal(numberOf(full, 'TIME_WAIT sockets'), sockstat(ns, 'tw'));
    assert.equal(numberOf(full, 'TCPTimeWaitOverflow in'), 0);
    // Another namespace keeps its own table and setting: nothing to report there.
    const control = await doctorIn(fresh, 500);
    assertNoFinding(control, 'time-wait-limit');
    assert.equal(control.findings.filter((x) => x.subject === 'net.ipv4.tcp_max_tw_buckets').length, 0);
    assert.equal(counter(fresh, 'TcpExt.TCPTimeWaitOverflow'), 0);
    t.diagnostic(`${made} short connections, TCPTimeWaitOverflow +${overflowed} (doctor's window: ${inWindow}), tw ${tw} of ${buckets}`);
  });
});

test('sysctl-wrong and sysctl-worth-a-look: settings changed inside a namespace, a fresh namespace as control', { timeout: 60_000 }, async (t) => {
  if (!requireEnvironment(t, NEEDS)) return;
  await withNamespaces(2, async ([bad, fresh]) => {
    assert.ok(bad !== undefined && fresh !== undefined);
    // Per-namespace settings: wrong (no SYN cookies, giving up after ~6 s of retransmission) and odd (retries1).
    bad.exec('sysctl', ['-qw', 'net.ipv4.tcp_syncookies=0', 'net.ipv4.tcp_retries2=4', 'net.ipv4.tcp_retries1=5']);
    const changed = { 'net.ipv4.tcp_syncookies': '0', 'net.ipv4.tcp_retries2': '4', 'net.ipv4.tcp_retries1': '5' };
    for (const [key, value] of Object.entries(changed)) assert.equal(bad.exec('sysctl', ['-n', key]).trim(), value, `${key} inside`);
    const report = await doctorIn(bad, 0);
    const control = await doctorIn(fresh, 0);
    const expected: Record<string, string> = { 'net.ipv4.tcp_syncookies': 'sysctl-wrong', 'net.ipv4.tcp_retries2': 'sysctl-wrong', 'net.ipv4.tcp_retries1': 'sysctl-worth-a-look' };
    for (const [key, id] of Object.entries(expected)) {
      const f = findingOf(report, id, (x) => x.subject === key);
      assert.equal(f.severity, id === 'sysctl-wrong' ? 'warning' : 'info');
      assert.equal(evidenceOf(f, 'current value').value, changed[key as keyof typeof changed]);
      assert.ok(f.title.en.startsWith(`${key} = ${changed[key as keyof typeof changed]} `), f.title.en);
      assert.ok(String(evidenceOf(f, 'default on Linux').value).length > 0);
      // The same key in a fresh namespace holds its default: no finding.
      assert.equal(control.findings.filter((x) => x.subject === key).length, 0, `${key} in the fresh namespace`);
      assert.ok(f.fixes.some((x) => (x.commands ?? []).includes(`tcpdoc explain ${key}`)));
    }
    // The host is not what was looked at: its own values differ from the namespace's.
    assert.equal(readFileSync('/proc/sys/net/ipv4/tcp_retries2', 'utf8').trim() === '4', false, 'the host keeps its own tcp_retries2');
    assert.deepEqual(control.findings.filter((x) => x.id === 'sysctl-wrong').map((x) => x.subject), [], 'a fresh namespace has no wrong setting');
  });
});

test('syn-sent-scan: one process connecting to 210 ports that never answer', { timeout: 60_000 }, async (t) => {
  if (!requireEnvironment(t, NEEDS)) return;
  await withNamespaces(1, async ([ns]) => {
    assert.ok(ns !== undefined);
    const first = 20000;
    const ports = 210;
    ns.exec('iptables', ['-A', 'INPUT', '-i', 'lo', '-p', 'tcp', '--syn', '--dport', `${first}:${first + ports - 1}`, '-j', 'DROP']);
    const scanner = startPeer(ns, { role: 'client', host: '127.0.0.1', port: first, count: ports, spread: true });
    await until('SYN_SENT to every port', () => parseSsLines(ns.exec('ss', ['-tanH', 'state', 'syn-sent']), 'SYN_SENT').length === ports, 10_000);
    const report = await doctorIn(ns, 0);
    const rows = parseSsLines(ns.exec('ss', ['-tanpH', 'state', 'syn-sent']), 'SYN_SENT');
    const f = findingOf(report, 'syn-sent-scan');
    assert.equal(f.severity, 'warning');
    assert.equal(numberOf(f, 'destinations with SYN_SENT'), new Set(rows.map((r) => r.peer)).size);
    assert.equal(numberOf(f, 'SYN_SENT sockets'), rows.length);
    assert.equal(rows.length, ports);
    const owner = evidenceOf(f, 'SYN_SENT of process');
    assert.equal(owner.pid, scanner.pid);
    assert.equal(owner.command, 'node');
    assert.equal(owner.value, rows.filter((r) => r.owners.some((o) => o.pid === scanner.pid)).length);
    // One SYN per destination: no destination is a pile-up of its own.
    assertNoFinding(report, 'syn-sent-pileup');
  });
});

// Rows of one state between the pair's addresses, seen from one side.
function between(ns: Netns, state: string, port: number): SsDetail[] {
  return ssDetail(ns, state).filter((r) => r.local.endsWith(`:${port}`) || r.peer.endsWith(`:${port}`));
}

test('last-ack-pileup and fin-wait1-stuck: the client closes and then hears nothing back', { timeout: 60_000 }, async (t) => {
  if (!requireEnvironment(t, NEEDS)) return;
  await withLinkedPair(async (clientNs, serverNs) => {
    const port = 9106;
    const conns = 110;
    // The server closes its side as soon as the client does (Node's default, allowHalfOpen false).
    const server = startPeer(serverNs, { role: 'server', host: SERVER4, port, count: conns, read: true });
    await server.next('ready');
    const client = startPeer(clientNs, { role: 'client', host: SERVER4, port, count: conns, read: true });
    await client.next('connected');
    await server.next('accepted');
    // From now on the client's namespace hears nothing from the server: ACKs and FINs are lost.
    clientNs.exec('iptables', ['-A', 'INPUT', '-s', SERVER4, '-p', 'tcp', '-j', 'DROP']);
    client.send('end');
    await client.next('ended');
    // LAST_ACK retransmits its FIN after one RTO; FIN_WAIT1 needs 3 tries (0.2 + 0.4 + 0.8 s).
    await until('LAST_ACK retransmitting', () => {
      const rows = between(serverNs, 'last-ack', port);
      return (rows.length === conns && rows.every((r) => (ssTimer(r.extra)?.retransmits ?? 0) >= 1)) || `${rows.length} LAST_ACK`;
    }, 10_000);
    await until('FIN_WAIT1 retransmitted 3 times', () => {
      const rows = between(clientNs, 'fin-wait-1', port);
      return (rows.length === conns && rows.every((r) => (ssTimer(r.extra)?.retransmits ?? 0) >= 3)) || `${rows.length} FIN_WAIT1`;
    }, 10_000);
    const serverReport = await doctorIn(serverNs, 0);
    const lastAck = between(serverNs, 'last-ack', port).filter((r) => (ssTimer(r.extra)?.retransmits ?? 0) >= 1);
    const f = findingOf(serverReport, 'last-ack-pileup');
    assert.equal(f.severity, 'warning');
    assert.equal(numberOf(f, 'sockets'), lastAck.length);
    assert.equal(lastAck.length, conns);
    assert.ok(f.evidence.some((e) => e.address === CLIENT4 && e.value === conns), 'the silent peer with its count');
    assert.ok(f.evidence.some((e) => e.port === port && e.value === conns), 'the server port with its count');

    const clientReport = await doctorIn(clientNs, 0);
    const fin1 = between(clientNs, 'fin-wait-1', port);
    const stuck = findingOf(clientReport, 'fin-wait1-stuck');
    assert.equal(numberOf(stuck, 'FIN_WAIT1 retransmitting or probing'), fin1.filter((r) => (ssTimer(r.extra)?.retransmits ?? 0) >= 3).length);
    assert.equal(numberOf(stuck, 'of them probing a zero window'), 0, 'the FINs are retransmitted, not probing');
    assert.ok(stuck.evidence.some((e) => e.address === SERVER4 && e.value === conns));
    assert.equal(stuck.severity, 'warning');
    // The client still holds its sockets: they are not orphans and no LAST_ACK is on its side.
    assertNoFinding(clientReport, 'last-ack-pileup');
    assertNoFinding(serverReport, 'fin-wait1-stuck');
  });
});

test('closing-pileup: both sides close at once and nothing from the server reaches the client', { timeout: 60_000 }, async (t) => {
  if (!requireEnvironment(t, NEEDS)) return;
  await withLinkedPair(async (clientNs, serverNs) => {
    const port = 9107;
    const conns = 60;
    // The server keeps half-closed sockets open: it closes only when told.
    const server = startPeer(serverNs, { role: 'server', host: SERVER4, port, count: conns, read: true, half: true });
    await server.next('ready');
    const client = startPeer(clientNs, { role: 'client', host: SERVER4, port, count: conns, read: true });
    await client.next('connected');
    // 'end' reaches only the sockets the server has accepted by then: wait for all of them.
    await server.next('accepted');
    clientNs.exec('iptables', ['-A', 'INPUT', '-s', SERVER4, '-p', 'tcp', '-j', 'DROP']);
    // The server's FIN is lost on the way; the client's FIN then arrives at a server in FIN_WAIT1
    // without acknowledging the server's FIN: a simultaneous close, and the server waits in CLOSING.
    server.send('end');
    await server.next('ended');
    await until('server in FIN_WAIT1', () => between(serverNs, 'fin-wait-1', port).length === conns, 5000);
    client.send('end');
    await client.next('ended');
    await until('server in CLOSING', () => between(serverNs, 'closing', port).length === conns || `${between(serverNs, 'closing', port).length} CLOSING`, 10_000);
    const report = await doctorIn(serverNs, 0);
    const rows = between(serverNs, 'closing', port);
    const f = findingOf(report, 'closing-pileup');
    assert.equal(f.severity, 'warning');
    assert.equal(numberOf(f, 'sockets'), rows.length);
    assert.equal(rows.length, conns);
    assert.ok(f.evidence.some((e) => e.address === CLIENT4 && e.value === conns));
    assert.ok(f.evidence.some((e) => e.port === port && e.value === conns));
    // The client has no CLOSING of its own (it never received the server's FIN).
    assertNoFinding(await doctorIn(clientNs, 0), 'closing-pileup');
    assert.equal(between(clientNs, 'closing', port).length, 0);
  });
});

test('close-wait-pileup on the client side: a pool that never closes what the server ended is grouped by the server', { timeout: 60_000 }, async (t) => {
  if (!requireEnvironment(t, NEEDS)) return;
  await withNamespaces(1, async ([ns]) => {
    assert.ok(ns !== undefined);
    const port = 9109;
    const conns = 30;
    const server = startPeer(ns, { role: 'server', host: '127.0.0.1', port, count: conns, read: true });
    await server.next('ready');
    // The client allows half-open connections and never ends them: after the server's FIN they wait in CLOSE_WAIT,
    // each on its own ephemeral port.
    const client = startPeer(ns, { role: 'client', host: '127.0.0.1', port, count: conns, read: true });
    await client.next('connected');
    await server.next('accepted');
    server.send('end');
    await server.next('ended');
    const leaked = (): SsDetail[] => ssDetail(ns, 'close-wait', true).filter((r) => r.peer === `127.0.0.1:${port}`);
    await until('client sockets in CLOSE_WAIT', () => leaked().length === conns || `${leaked().length} CLOSE_WAIT`, 5000);
    // A CLOSE_WAIT counts as a leak once the peer has been silent for a second.
    await sleep(1500);
    const report = await doctorIn(ns, 0);
    const rows = leaked();
    assert.equal(rows.length, conns);
    assert.equal(new Set(rows.map((r) => r.local)).size, conns, 'every socket has its own local port');
    assert.ok(rows.every((r) => r.owners.some((o) => o.pid === client.pid)), 'the client holds them');
    const f = findingOf(report, 'close-wait-pileup');
    assert.equal(f.subject, `127.0.0.1:${port} (node[${client.pid}])`);
    assert.deepEqual({ ...f.evidence[0], label: null }, { label: null, value: conns, address: '127.0.0.1', port, pid: client.pid, command: 'node' });
    assert.match(f.title.en, new RegExp(`^${conns} connections stuck in CLOSE_WAIT towards 127\\.0\\.0\\.1:${port}`));
    // One finding for the pool, not one per ephemeral port (each of those would be below the threshold).
    assert.equal(report.findings.filter((x) => x.id === 'close-wait-pileup').length, 1);
  });
});

test('fin-wait2-orphans: a server closes 1050 connections whose clients never close their side', { timeout: 60_000 }, async (t) => {
  if (!requireEnvironment(t, NEEDS)) return;
  await withNamespaces(1, async ([ns]) => {
    assert.ok(ns !== undefined);
    const port = 9108;
    const conns = 1050;
    const server = startPeer(ns, { role: 'server', host: '127.0.0.1', port, count: conns, read: true }, { nofile: 4096 });
    await server.next('ready');
    // The clients allow half-open connections: after the server's FIN they keep their side open.
    const client = startPeer(ns, { role: 'client', host: '127.0.0.1', port, count: conns, read: true }, { nofile: 4096 });
    await client.next('connected', 20_000);
    await server.next('accepted', 20_000);
    server.send('destroy');
    await server.next('destroyed');
    const orphans = (): SsDetail[] => ssDetail(ns, 'fin-wait-2', true).filter((r) => r.local === `127.0.0.1:${port}`);
    await until('every server socket in FIN_WAIT2', () => orphans().length === conns || `${orphans().length} FIN_WAIT2`, 10_000);
    const report = await doctorIn(ns, 0);
    const rows = orphans();
    // Orphans: no process holds them. The kernel keeps most as timewait sockets until tcp_fin_timeout;
    // one whose FIN_WAIT1 -> FIN_WAIT2 step met a busy socket stays a full socket on a keepalive timer.
    const odd = rows.filter((r) => r.owners.length > 0 || !['timewait', 'keepalive'].includes(ssTimer(r.extra)?.kind ?? ''));
    assert.deepEqual(odd.map((r) => r.extra), [], 'orphaned FIN_WAIT2');
    const f = findingOf(report, 'fin-wait2-orphans');
    assert.equal(f.severity, 'info');
    assert.equal(numberOf(f, 'sockets'), rows.length);
    assert.equal(rows.length, conns);
    assert.ok(f.evidence.some((e) => e.address === '127.0.0.1' && e.value === conns), 'the peer with its count');
    assert.ok(f.evidence.some((e) => e.port === port && e.value === conns), 'the server port with its count');
    // The kernel counts the timewait ones against the TIME_WAIT table, as the explanation says.
    const asTimewait = rows.filter((r) => ssTimer(r.extra)?.kind === 'timewait').length;
    assert.ok(asTimewait > conns / 2, `${asTimewait} timewait sockets`);
    assert.equal(sockstat(ns, 'tw'), asTimewait + parseSsLines(ns.exec('ss', ['-tanH', 'state', 'time-wait']), 'TIME_WAIT').length);
    // Not held by a process: this is not fin-wait2-held.
    assertNoFinding(report, 'fin-wait2-held');
  });
});

test('listen-overflows: a burst overflows a backlog of 4 while the server is busy, then drains', { timeout: 60_000 }, async (t) => {
  if (!requireEnvironment(t, NEEDS)) return;
  await withNamespaces(1, async ([ns]) => {
    assert.ok(ns !== undefined);
    const port = 9109;
    const nodeDefault = 9110;
    const server = startPeer(ns, { role: 'server', host: '127.0.0.1', port, backlog: 4, extraPort: nodeDefault, read: true });
    await server.next('ready');
    const listeners = parseSsLines(ns.exec('ss', ['-ltnH']), 'LISTEN');
    assert.equal(listeners.find((l) => l.local === `127.0.0.1:${port}`)?.sendQ, 4);
    assert.equal(listeners.find((l) => l.local === `127.0.0.1:${nodeDefault}`)?.sendQ, 511, "Node's default backlog");
    const client = startPeer(ns, { role: 'client', host: '127.0.0.1', port });
    const overflows0 = counter(ns, 'TcpExt.ListenOverflows');
    // The server's event loop stops for 1 s; 40 clients arrive meanwhile; afterwards it accepts them all.
    server.send('block 1000');
    await server.next('blocking');
    const doctor = doctorIn(ns, 2000);
    await sleep(100);
    client.send('connect 40');
    const report = await doctor;
    await server.next('unblocked');
    const overflowed = counter(ns, 'TcpExt.ListenOverflows') - overflows0;
    const queue = parseSsLines(ns.exec('ss', ['-ltnH']), 'LISTEN').find((l) => l.local === `127.0.0.1:${port}`);
    assert.ok(queue !== undefined && queue.recvQ < 4, `accept queue drained: ${queue?.recvQ}`);
    assertNoFinding(report, 'accept-queue-full');
    const f = findingOf(report, 'listen-overflows');
    assert.equal(f.severity, 'warning');
    const inWindow = numberOf(f, 'ListenOverflows in');
    assert.ok(inWindow > 0 && inWindow <= overflowed, `doctor ${inWindow}, /proc ${overflowed}`);
    const node511 = evidenceOf(f, "listener with Node's default backlog");
    assert.equal(node511.port, nodeDefault);
    assert.equal(node511.value, 511);
    assert.equal(f.evidence.filter((e) => e.port === port).length, 0, 'the backlog-4 listener is not called a Node default');
    // The clients get in on their SYN retries.
    await client.next('connected 40', 15_000);
    t.diagnostic(`ListenOverflows +${overflowed} (doctor's window: ${inWindow})`);
  });
});

// Every id this file brings about; none may appear in the healthy namespace.
const TESTED_IDS = [
  'stalled-connections',
  'fin-wait1-stuck',
  'retransmission-rate',
  'fd-limit',
  'time-wait-limit',
  'sysctl-wrong',
  'syn-sent-scan',
  'last-ack-pileup',
  'closing-pileup',
  'fin-wait2-orphans',
  'listen-overflows',
];

interface DoctorDoc {
  schema: string;
  namespace: string | null;
  findings: { id: string; severity: string; subject: string | null; evidence: { label: string; value: number | string; pid?: number }[] }[];
  summary: { allClear: boolean; counts: { critical: number; warning: number; info: number } };
}

// `tcpdoc doctor --netns NAME --json ...` as a separate process: exit code and parsed document.
function doctorCli(ns: Netns, args: string[]): { status: number | null; doc: DoctorDoc; stderr: string } {
  const run = spawnSync(process.execPath, [...CLI, 'doctor', '--netns', ns.name, '--json', '--window', '1', ...args], { encoding: 'utf8', timeout: 30_000 });
  let doc: DoctorDoc;
  try {
    doc = JSON.parse(run.stdout) as DoctorDoc;
  } catch {
    throw new Error(`tcpdoc doctor printed no JSON (exit ${run.status}): ${run.stdout} ${run.stderr}`);
  }
  assert.equal(doc.schema, 'tcpdoc.doctor/1');
  assert.equal(doc.namespace, `netns ${ns.name}`);
  return { status: run.status, doc, stderr: run.stderr };
}

test('tcpdoc doctor --fail-on warning: exit 1 with a process at its fd limit, exit 0 in a busy healthy namespace', { timeout: 60_000 }, async (t) => {
  if (!requireEnvironment(t, NEEDS)) return;
  await withNamespaces(2, async ([healthy, sick]) => {
    assert.ok(healthy !== undefined && sick !== undefined);
    // Healthy: bulk transfers on loopback, a reader that reads, a roomy fd limit, default settings.
    const port = 9111;
    const server = startPeer(healthy, { role: 'server', host: '127.0.0.1', port, read: true });
    await server.next('ready');
    const client = startPeer(healthy, { role: 'client', host: '127.0.0.1', port, count: 8, read: true });
    await client.next('connected');
    client.send('stream 6000');
    await sleep(300);
    const api = await doctorIn(healthy, 1000);
    for (const id of TESTED_IDS) assertNoFinding(api, id);
    const ok = doctorCli(healthy, ['--fail-on', 'warning']);
    assert.equal(ok.status, 0, `healthy exit: ${ok.stderr} ${ok.doc.findings.map((f) => `${f.severity} ${f.id}`).join(', ')}`);
    assert.equal(ok.doc.summary.allClear, true);
    assert.equal(ok.doc.findings.filter((f) => f.severity !== 'info').length, 0);
    for (const id of TESTED_IDS) assert.ok(!ok.doc.findings.some((f) => f.id === id), `${id} in the healthy namespace`);
    assert.ok(parseSsLines(healthy.exec('ss', ['-tanH', 'state', 'established']), 'ESTABLISHED').length >= 16, 'the traffic was there');

    // Sick: a process holding 110 of its 128 descriptors.
    const hog = startPeer(sick, { role: 'server', host: '127.0.0.1', port }, { nofile: 128 });
    await hog.next('ready');
    hog.send('connect 45');
    await hog.next('connected');
    const failed = doctorCli(sick, ['--fail-on', 'warning']);
    assert.equal(failed.status, 1, failed.stderr);
    assert.equal(failed.doc.summary.allClear, false);
    const fd = failed.doc.findings.find((f) => f.id === 'fd-limit');
    assert.ok(fd !== undefined, `findings: ${failed.doc.findings.map((f) => f.id).join(', ')}`);
    assert.equal(fd.severity, 'warning');
    assert.equal(fd.subject, `node[${hog.pid}]`);
    assert.equal(fd.evidence.find((e) => e.label === 'open file descriptors')?.value, openFds(hog.pid));
    // The same warning does not reach --fail-on critical.
    const lenient = doctorCli(sick, ['--fail-on', 'critical']);
    assert.equal(lenient.status, 0, lenient.stderr);
    assert.ok(lenient.doc.findings.some((f) => f.id === 'fd-limit'));
    await client.next('streamed', 10_000);
  });
});
