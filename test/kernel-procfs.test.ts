// The /proc socket source, process attribution and namespace entry against the real kernel:
// a workload in a fresh namespace holds sockets in known states (LISTEN, ESTABLISHED,
// CLOSE_WAIT, FIN_WAIT2, TIME_WAIT, SYN_SENT, SYN_RECV, IPv6, IPv4-mapped), and ss run inside
// the namespace is the reference.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createNetns, type Netns } from './helpers/netns.js';
import { hasTool, isRoot, requireEnvironment } from './helpers/env.js';
import { installWorkloadFirewall, startWorkload, WORKLOAD_PORTS } from './helpers/socket-workload.js';
import { parseSsLines } from './helpers/ss.js';
import { makeProcSource } from '../src/sources/kernel/procfs.js';
import { scanSocketOwners, attachOwners } from '../src/sources/kernel/processes.js';
import { enterNetns, runInNetns } from '../src/sources/kernel/netns.js';
import { procSource } from '../src/sources/kernel/procfs.js';
import { TcpdocError } from '../src/model/errors.js';
import type { SocketRecord } from '../src/model/socket.js';

// Under tsx (running the .ts file directly) children need the same loader.
const LOADER = import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [];
const url = (path: string) => new URL(path, import.meta.url).href;
const MODULES = {
  netns: url('../src/sources/kernel/netns.js'),
  procfs: url('../src/sources/kernel/procfs.js'),
  netlink: url('../src/sources/kernel/netlink.js'),
  processes: url('../src/sources/kernel/processes.js'),
};
// The repository root (package.json), so `--import tsx` resolves in children, also as another user.
const ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../' : '../', import.meta.url));
const ready = isRoot() && hasTool('ss') && hasTool('ip') && hasTool('iptables');

let ns: Netns | null = null;
let workload: { pid: number; stop: () => void } | null = null;
let hostServer: net.Server | null = null;
let hostPort = 0;

before(async () => {
  if (!ready) return;
  ns = createNetns('tcpdoc-proc');
  installWorkloadFirewall(ns);
  workload = await startWorkload(ns);
  // A host listener that must never show up in the namespace's view.
  hostServer = net.createServer();
  await new Promise<void>((resolve) => hostServer?.listen(0, '127.0.0.1', resolve));
  hostPort = (hostServer.address() as net.AddressInfo).port;
  // Let the TIME_WAIT and FIN_WAIT2 transitions settle.
  await new Promise((r) => setTimeout(r, 200));
});

after(() => {
  workload?.stop();
  hostServer?.close();
  ns?.remove();
});

// As test/helpers/ss.ts normalizes ss: IPv6 in brackets (its "*" wildcard becomes [::]), mapped IPv4 plain.
const endpoint = (family: 4 | 6, address: string, port: number) => (family === 6 && address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);
const keyOf = (s: SocketRecord) => `${s.state} ${endpoint(s.family, s.local.address, s.local.port)} ${endpoint(s.family, s.remote.address, s.remote.port)}`;
const sorted = (items: Iterable<string>) => [...items].sort();

function ssKeys(netns: Netns, flags: string): Map<string, string[]> {
  const rows = parseSsLines(netns.exec('ss', [flags]));
  const out = new Map<string, string[]>();
  for (const row of rows) out.set(`${row.state} ${row.local} ${row.peer}`, row.owners.map((o) => `${o.pid}/${o.fd}`).sort());
  return out;
}

// Runs an ES module snippet in a child node (optionally as another user) and parses its JSON output.
function runChild(code: string, options: { asNobody?: boolean; netns?: string } = {}): unknown {
  const node = [process.execPath, ...LOADER, '--input-type=module', '-e', code];
  const prefix = options.asNobody === true ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
  const command = [...prefix, ...node];
  const out = execFileSync(command[0] as string, command.slice(1), { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out.trim().split('\n').pop() ?? 'null');
}

test('procSource read through /proc/PID/net sees exactly the sockets ss sees in the namespace', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ss', 'ip', 'iptables'] }) || ns === null || workload === null) return;
  const listing = makeProcSource({ pid: workload.pid }).listSockets({});
  const reference = ssKeys(ns, '-tanH');
  assert.equal(listing.unparsed, 0);
  assert.deepEqual(sorted(listing.sockets.map(keyOf)), sorted(reference.keys()));
  const states = new Set(listing.sockets.map((s) => s.state));
  for (const state of ['LISTEN', 'ESTABLISHED', 'CLOSE_WAIT', 'FIN_WAIT2', 'TIME_WAIT', 'SYN_SENT', 'SYN_RECV'] as const) {
    assert.ok(states.has(state), `workload state ${state} missing`);
  }
  assert.ok(listing.sockets.some((s) => s.family === 6 && s.local.address === '::1'));
  assert.ok(listing.sockets.some((s) => s.family === 6 && s.local.address === '127.0.0.1'), 'IPv4-mapped printed as IPv4');
  assert.ok(!listing.sockets.some((s) => s.local.port === hostPort), 'host listener leaked into the namespace view');
  assert.ok(listing.notes.some((n) => n.includes('backlog')));
  // Only the asked states and families come back.
  const listeners = makeProcSource({ pid: workload.pid }).listSockets({ states: ['LISTEN'], families: [4] }).sockets;
  assert.ok(listeners.length >= 2);
  assert.deepEqual(sorted(listeners.map(keyOf)), sorted(listing.sockets.filter((s) => s.state === 'LISTEN' && s.family === 4).map(keyOf)));
});

test('runInNetns by name: /proc/net/tcp read inside equals ss, and we come back to the host', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ss', 'ip', 'iptables'] }) || ns === null) return;
  const netns = ns;
  const inside = runInNetns({ name: netns.name }, () => procSource.listSockets({}));
  assert.equal(inside.label, `netns ${netns.name}`);
  assert.deepEqual(sorted(inside.value.sockets.map(keyOf)), sorted(ssKeys(netns, '-tanH').keys()));
  const home = procSource.listSockets({ states: ['LISTEN'] }).sockets;
  assert.ok(home.some((s) => s.local.port === hostPort), 'not back in the host namespace');
});

test('process attribution equals ss -tanp (pid and fd) for every socket with an owner', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ss', 'ip', 'iptables'] }) || ns === null || workload === null) return;
  const sockets = makeProcSource({ pid: workload.pid }).listSockets({}).sockets;
  const scan = scanSocketOwners();
  assert.equal(scan.method, 'libc');
  const unattributed = attachOwners(sockets, scan.owners);
  const reference = ssKeys(ns, '-tanpH');
  let compared = 0;
  for (const socket of sockets) {
    const expected = reference.get(keyOf(socket));
    assert.ok(expected !== undefined, `ss lacks ${keyOf(socket)}`);
    assert.deepEqual(socket.processes.map((p) => `${p.pid}/${p.fd}`).sort(), expected, keyOf(socket));
    if (expected.length > 0) compared++;
  }
  assert.ok(compared >= 10, `only ${compared} owned sockets compared`);
  assert.equal(unattributed, 0);
  assert.ok(sockets.filter((s) => s.process !== null).every((s) => s.process?.command === 'node' && s.process.pid === workload?.pid));
  // Restricting to the workload's pid gives the same owners; the node:fs path agrees with libc.
  const restricted = scanSocketOwners({ pids: [workload.pid] });
  assert.equal(restricted.processesScanned, 1);
  const viaFs = scanSocketOwners({ pids: [workload.pid], noLibc: true });
  assert.equal(viaFs.method, 'node-fs');
  for (const socket of sockets.filter((s) => s.inode !== 0)) {
    assert.deepEqual(restricted.owners.get(socket.inode), socket.processes);
    assert.deepEqual(viaFs.owners.get(socket.inode), socket.processes);
  }
});

test('a process that does not exist is counted as vanished, not thrown', () => {
  const scan = scanSocketOwners({ pids: [2 ** 22 + 17] });
  assert.equal(scan.vanishedProcesses, 1);
  assert.equal(scan.owners.size, 0);
});

test('enterNetns by name and by pid: /proc/self/net and netlink sockets follow the namespace', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ss', 'ip', 'iptables'] }) || ns === null || workload === null) return;
  for (const target of [{ name: ns.name }, { pid: workload.pid }]) {
    const code = `
      import fs from 'node:fs';
      const { enterNetns } = await import(${JSON.stringify(MODULES.netns)});
      const { procSource } = await import(${JSON.stringify(MODULES.procfs)});
      const { netlinkSource } = await import(${JSON.stringify(MODULES.netlink)});
      const { label } = enterNetns(${JSON.stringify(target)});
      const ports = (list) => list.sockets.filter((s) => s.state === 'LISTEN').map((s) => s.local.port);
      const selfNet = fs.readFileSync('/proc/self/net/tcp', 'latin1').split('\\n').length;
      console.log(JSON.stringify({ label, proc: ports(procSource.listSockets({})), netlink: ports(netlinkSource.listSockets({})), selfNet }));
    `;
    const result = runChild(code) as { label: string; proc: number[]; netlink: number[]; selfNet: number };
    assert.equal(result.label, 'name' in target ? `netns ${target.name}` : `netns of pid ${target.pid}`);
    for (const view of [result.proc, result.netlink]) {
      assert.ok(view.includes(WORKLOAD_PORTS.main), `namespace listener missing in ${JSON.stringify(result)}`);
      assert.ok(!view.includes(hostPort), `host listener visible in ${JSON.stringify(result)}`);
    }
    assert.ok(result.selfNet > 2);
  }
});

test('an unknown namespace name or pid is NOT_FOUND, listing the names that exist', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ip'] }) || ns === null) return;
  const netns = ns;
  assert.throws(
    () => enterNetns({ name: 'tcpdoc-no-such-namespace' }),
    (error: unknown) => error instanceof TcpdocError && error.code === 'NOT_FOUND' && (error.hint ?? '').includes(netns.name),
  );
  assert.throws(() => enterNetns({ pid: 2 ** 22 + 17 }), (error: unknown) => error instanceof TcpdocError && error.code === 'NOT_FOUND');
  // Still in the host namespace.
  assert.ok(procSource.listSockets({ states: ['LISTEN'] }).sockets.some((s) => s.local.port === hostPort));
});

test('as an unprivileged user: entering is NO_PERMISSION with a sudo hint, the process scan counts what it cannot read', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ip', 'setpriv', 'iptables'] }) || ns === null || workload === null) return;
  const code = `
    const { enterNetns } = await import(${JSON.stringify(MODULES.netns)});
    const { scanSocketOwners } = await import(${JSON.stringify(MODULES.processes)});
    const attempt = (target) => { try { enterNetns(target); return { code: 'entered' }; } catch (e) { return { code: e.code, hint: e.hint }; } };
    const byName = attempt({ name: ${JSON.stringify(ns.name)} });
    const byPid = attempt({ pid: ${workload.pid} });
    const scan = scanSocketOwners();
    const pids = [...new Set([...scan.owners.values()].flat().map((p) => p.pid))];
    console.log(JSON.stringify({ uid: process.getuid(), byName, byPid, unreadable: scan.unreadableProcesses, scanned: scan.processesScanned, pids }));
  `;
  const result = runChild(code, { asNobody: true }) as {
    uid: number;
    byName: { code: string; hint?: string };
    byPid: { code: string; hint?: string };
    unreadable: number;
    scanned: number;
    pids: number[];
  };
  assert.equal(result.uid, 65534);
  assert.equal(result.byName.code, 'NO_PERMISSION');
  assert.match(result.byName.hint ?? '', /sudo tcpdoc .*--netns/);
  assert.equal(result.byPid.code, 'NO_PERMISSION');
  assert.ok(result.unreadable > 0, 'root processes should be unreadable for nobody');
  assert.ok(result.scanned > result.unreadable);
  // Its own sockets (stdio socketpairs) are visible; root's workload is not.
  assert.ok(!result.pids.includes(workload.pid), 'a root process was attributed to nobody');
});
