// tcpdoc's socket inventory against ss, on the real kernel, in a namespace holding
// sockets in every common state; through netlink and through /proc.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createNetns, type Netns } from './helpers/netns.js';
import { requireEnvironment, isRoot, hasTool } from './helpers/env.js';
import { installWorkloadFirewall, startWorkload, WORKLOAD_PORTS } from './helpers/socket-workload.js';
import { runSs, type SsRow } from './helpers/ss.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const ready = isRoot() && hasTool('iptables') && hasTool('ss');

let ns: Netns | undefined;
let workload: { pid: number; stop: () => void } | undefined;

interface SocketsDoc {
  schema: string;
  source: string;
  sockets: { state: string; local: { address: string; port: number }; remote: { address: string; port: number }; recvQ: number; sendQ: number; inode: number; process: { pid: number; fd: number } | null; processes: { pid: number; fd: number; command: string }[]; tcpInfo: Record<string, number> | null }[];
}

function key(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function tcpdoc(args: string[]): string {
  if (ns === undefined) throw new Error('namespace missing');
  return ns.exec('node', [CLI, ...args]);
}

function rowsFromDoc(doc: SocketsDoc): string[] {
  return doc.sockets.map((s) => `${s.state} ${key(s.local.address, s.local.port)} ${key(s.remote.address, s.remote.port)}`).sort();
}

function rowsFromSs(rows: SsRow[]): string[] {
  return rows.map((r) => `${r.state} ${r.local} ${r.peer}`).sort();
}

before(() => {
  if (!ready) return;
  ns = createNetns('tcpdoc-inv');
  installWorkloadFirewall(ns);
});

after(() => {
  workload?.stop();
  ns?.remove();
});

test('workload holds every common state', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables', 'ss'] })) return;
  workload = await startWorkload(ns!);
  const states = new Set(runSs(ns!, []).map((r) => r.state));
  for (const s of ['LISTEN', 'ESTABLISHED', 'CLOSE_WAIT', 'FIN_WAIT2', 'TIME_WAIT', 'SYN_SENT', 'SYN_RECV']) {
    assert.ok(states.has(s), `ss shows no ${s}: ${[...states].join(', ')}`);
  }
});

for (const source of ['netlink', 'proc'] as const) {
  test(`ls --source ${source} lists the same sockets as ss`, (t) => {
    if (!requireEnvironment(t, { root: true, tools: ['iptables', 'ss'] })) return;
    assert.ok(workload !== undefined, 'workload did not start');
    const doc = JSON.parse(tcpdoc(['ls', '--json', '--source', source])) as SocketsDoc;
    const ss = runSs(ns!, []);
    assert.equal(doc.schema, 'tcpdoc.sockets/1');
    assert.equal(doc.source, source);
    assert.deepEqual(rowsFromDoc(doc), rowsFromSs(ss));
    // Queues agree; on LISTEN rows netlink gives the backlog in Send-Q, /proc cannot.
    for (const s of doc.sockets) {
      const match = ss.find((r) => r.local === key(s.local.address, s.local.port) && r.peer === key(s.remote.address, s.remote.port));
      assert.ok(match !== undefined);
      assert.equal(s.recvQ, match.recvQ, `Recv-Q of ${match.local}`);
      if (source === 'netlink' || s.state !== 'LISTEN') assert.equal(s.sendQ, match.sendQ, `Send-Q of ${match.local}`);
    }
    const main = doc.sockets.find((s) => s.state === 'LISTEN' && s.local.port === WORKLOAD_PORTS.main);
    if (source === 'netlink') assert.equal(main?.sendQ, 17, 'backlog of the 7001 listener');
  });

  test(`status --source ${source} counts the states ss shows`, (t) => {
    if (!requireEnvironment(t, { root: true, tools: ['iptables', 'ss'] })) return;
    const doc = JSON.parse(tcpdoc(['status', '--json', '--source', source])) as { schema: string; states: Record<string, number>; listeners: { port: number; synRecv: number; backlog: number | null; states: Record<string, number>; process: { pid: number } | null }[] };
    const ss = runSs(ns!, []);
    assert.equal(doc.schema, 'tcpdoc.status/1');
    assert.equal(Object.keys(doc.states).length, 11);
    const counts: Record<string, number> = {};
    for (const r of ss) counts[r.state] = (counts[r.state] ?? 0) + 1;
    for (const [state, n] of Object.entries(doc.states)) assert.equal(n, counts[state] ?? 0, state);
    const l7002 = doc.listeners.find((l) => l.port === WORKLOAD_PORTS.synRecv);
    assert.equal(l7002?.synRecv, 1);
    const l7001 = doc.listeners.find((l) => l.port === WORKLOAD_PORTS.main);
    assert.equal(l7001?.states.CLOSE_WAIT, 1);
    assert.equal(l7001?.process?.pid, workload?.pid);
    assert.equal(l7001?.backlog, source === 'netlink' ? 17 : null);
    const dual = doc.listeners.find((l) => l.port === WORKLOAD_PORTS.dual);
    assert.equal(dual?.states.ESTABLISHED, 2, 'IPv6 and IPv4-mapped connections belong to the :: listener');
  });
}

test('process attribution matches ss -p', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables', 'ss'] })) return;
  const doc = JSON.parse(tcpdoc(['ls', '--json', '-p'])) as SocketsDoc;
  const ss = runSs(ns!, ['-p']);
  let compared = 0;
  for (const r of ss) {
    const ours = doc.sockets.find((s) => key(s.local.address, s.local.port) === r.local && key(s.remote.address, s.remote.port) === r.peer);
    assert.ok(ours !== undefined, `${r.local} ${r.peer} missing`);
    const theirs = r.owners.map((o) => `${o.pid}/${o.fd}`).sort();
    const mine = ours.processes.map((o) => `${o.pid}/${o.fd}`).sort();
    assert.deepEqual(mine, theirs, `owners of ${r.state} ${r.local} ${r.peer}`);
    if (theirs.length > 0) compared++;
  }
  assert.ok(compared >= 8, `only ${compared} sockets had owners`);
});

test('kernel-side filters give the same sockets as ss with the same filter', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables', 'ss'] })) return;
  const filters: [string[], string?][] = [
    [['state', 'established'], 'ESTABLISHED'],
    [['state', 'close-wait'], 'CLOSE_WAIT'],
    [['sport', '=', `:${WORKLOAD_PORTS.main}`]],
    [['dport', '=', `:${WORKLOAD_PORTS.main}`]],
    [['state', 'connected', 'sport', '>=', ':7002']],
    [['src', '[::1]']],
    [['dst', '127.0.0.0/8', 'and', 'not', 'dport', '=', `:${WORKLOAD_PORTS.dual}`]],
    [['(', 'sport', '=', `:${WORKLOAD_PORTS.dual}`, 'or', 'dport', '=', `:${WORKLOAD_PORTS.dual}`, ')']],
  ];
  for (const [f, onlyState] of filters) {
    const doc = JSON.parse(tcpdoc(['ls', '--json', ...f])) as SocketsDoc;
    const ss = runSs(ns!, f, onlyState);
    assert.deepEqual(rowsFromDoc(doc), rowsFromSs(ss), `filter: ${f.join(' ')}`);
  }
});

test('tcp_info is there for established sockets with -i', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables', 'ss'] })) return;
  const doc = JSON.parse(tcpdoc(['ls', '--json', '-i', 'state', 'established'])) as SocketsDoc;
  assert.ok(doc.sockets.length >= 4);
  for (const s of doc.sockets) {
    assert.ok(s.tcpInfo !== null, 'tcpInfo missing');
    assert.ok((s.tcpInfo.sndCwnd ?? 0) > 0, 'cwnd');
    assert.ok((s.tcpInfo.length ?? 0) >= 104, 'tcp_info length');
  }
});

test('a bad filter exits 2 and points at the token', (t) => {
  if (!requireEnvironment(t, { root: true })) return;
  let failed: { status: number; stderr: string } | undefined;
  try {
    tcpdoc(['ls', 'state', 'establishd']);
  } catch (error) {
    const e = error as { status: number; stderr: string };
    failed = { status: e.status, stderr: String(e.stderr) };
  }
  assert.equal(failed?.status, 2);
  assert.match(failed?.stderr ?? '', /establishd/);
});
