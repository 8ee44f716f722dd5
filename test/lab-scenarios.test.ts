// Every lab scenario on the real kernel: the pathology is really there (ss and kernel counters
// inside the namespace agree with what the lab's programs saw), and stopping the lab leaves no
// namespace, link or process behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { requireEnvironment } from './helpers/env.js';
import { assertNothingLeft, counterIn, execIn, listenersIn, ssIn } from './helpers/lab-checks.js';
import { startLab, type RunningLab } from '../src/lab/start-lab.js';
import { LAB_SCENARIOS } from '../src/lab/scenarios/index.js';
import type { LabBuilt } from '../src/lab/types.js';

const SERVER = '10.200.0.1';
const CLIENT = '10.200.0.2';

function nsOf(built: LabBuilt, role: string): string {
  const ns = built.namespaces.find((n) => n.role === role);
  assert.ok(ns !== undefined, `no ${role} namespace`);
  return ns.name;
}

function pidOf(built: LabBuilt, program: string): number {
  const p = built.processes.find((x) => x.program === program);
  assert.ok(p !== undefined, `no ${program} process`);
  return p.pid;
}

// Brings a scenario up, runs the checks, always stops it, then checks nothing is left.
async function withLab(name: string, check: (built: LabBuilt) => void | Promise<void>): Promise<void> {
  let lab: RunningLab | undefined;
  try {
    lab = await startLab(name, { lifetimeMs: 60_000 });
    assert.ok(lab.built.namespaces.length >= 2, 'a lab has at least two namespaces');
    assert.ok(lab.built.doctorNetns.startsWith('tcpdoc-lab-'), 'the doctor namespace has the lab prefix');
    await check(lab.built);
  } finally {
    if (lab !== undefined) assert.deepEqual(await lab.stop(), [], 'stop() saw no problems');
  }
  assertNothingLeft(lab.built);
}

test('the list of scenarios is the ten the issue names', () => {
  assert.deepEqual(
    LAB_SCENARIOS.map((s) => s.name).sort(),
    ['accept-overflow', 'blackhole', 'close-wait', 'fin-wait2', 'half-open', 'port-exhaustion', 'refused', 'reset', 'syn-flood', 'time-wait'],
  );
});

test('close-wait: the server holds every connection the client closed in CLOSE_WAIT', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] })) return;
  await withLab('close-wait', (built) => {
    const server = nsOf(built, 'server');
    const pid = pidOf(built, 'tcpdoc-lab-server');
    const rows = ssIn(server, 'close-wait');
    assert.equal(rows.length, built.observed.connectionsClosedByClient);
    assert.ok(rows.length > 0);
    for (const r of rows) {
      assert.equal(r.local, `${SERVER}:8080`);
      assert.deepEqual(r.owners.map((o) => o.pid), [pid], 'owned by the server process');
    }
  });
});

test('syn-flood: the SYN queue is full of SYN_RECV and syncookies answer the rest', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] })) return;
  await withLab('syn-flood', (built) => {
    const server = nsOf(built, 'server');
    const listener = listenersIn(server).find((l) => l.local === `${SERVER}:8081`);
    assert.ok(listener !== undefined, 'listener on 8081');
    const backlog = listener.sendQ;
    assert.equal(backlog, 64);
    const synRecv = ssIn(server, 'syn-recv').filter((r) => r.local === `${SERVER}:8081`);
    // The queue counts as full once it holds more than the backlog.
    assert.ok(synRecv.length >= backlog && synRecv.length <= backlog + 1, `SYN_RECV ${synRecv.length} vs backlog ${backlog}`);
    const cookies = counterIn(server, 'TcpExt.SyncookiesSent');
    // Every handshake is queued or answered with a cookie (more keep coming while the scenario is up).
    assert.ok(cookies > 0, 'syncookies were sent');
    assert.ok(cookies + synRecv.length >= (built.observed.handshakesStarted ?? Infinity), `cookies ${cookies} + SYN_RECV ${synRecv.length}`);
    assert.ok(counterIn(server, 'TcpExt.TCPReqQFullDoCookies') >= cookies);
    assert.equal(built.observed.serverAccepted, 0, 'no handshake ever completed');
    assert.equal(built.observed.clientsThinkingConnected, built.observed.handshakesStarted, 'every client believes it connected');
  });
});

test('accept-overflow: Recv-Q at backlog + 1 on a listener that never accepts, ListenOverflows rising', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] })) return;
  await withLab('accept-overflow', (built) => {
    const server = nsOf(built, 'server');
    const listener = listenersIn(server).find((l) => l.local === `${SERVER}:8082`);
    assert.ok(listener !== undefined, 'listener on 8082');
    assert.equal(listener.sendQ, 8, 'backlog');
    assert.equal(listener.recvQ, listener.sendQ + 1, 'accept queue full');
    assert.deepEqual(listener.owners.map((o) => o.pid), [pidOf(built, 'tcpdoc-lab-raw-listener')]);
    const overflows = counterIn(server, 'TcpExt.ListenOverflows');
    assert.ok(overflows > 0, `ListenOverflows ${overflows}`);
    assert.ok(counterIn(server, 'TcpExt.ListenDrops') >= overflows);
    const waiting = ssIn(nsOf(built, 'client'), 'syn-sent').length;
    assert.ok(waiting > 0, 'late clients wait in SYN_SENT');
    assert.ok((built.observed.clientsConnected ?? 0) >= listener.recvQ, 'every queued connection is a client that got in');
  });
});

test('time-wait: thousands of TIME_WAIT sockets on the client towards one destination', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] })) return;
  await withLab('time-wait', (built) => {
    const rows = ssIn(nsOf(built, 'client'), 'time-wait');
    assert.equal(built.observed.connectionsFailed, 0);
    assert.ok(rows.length >= (built.observed.connectionsCompleted ?? Infinity), `TIME_WAIT ${rows.length} < completed ${built.observed.connectionsCompleted}`);
    assert.ok(rows.every((r) => r.peer === `${SERVER}:8083`), 'all towards the server');
    assert.equal(ssIn(nsOf(built, 'server'), 'time-wait').length, 0, 'the server closes second: no TIME_WAIT there');
  });
});

test('port-exhaustion: every port of the narrow range is in TIME_WAIT and connect() fails with EADDRNOTAVAIL', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] })) return;
  await withLab('port-exhaustion', (built) => {
    const client = nsOf(built, 'client');
    const [low, high] = execIn(client, 'sysctl', ['-n', 'net.ipv4.ip_local_port_range']).trim().split(/\s+/).map(Number) as [number, number];
    assert.equal(high - low + 1, built.observed.portsInRange);
    const ports = new Set(ssIn(client, 'time-wait').filter((r) => r.peer === `${SERVER}:8084`).map((r) => Number(r.local.split(':')[1])));
    assert.equal(ports.size, high - low + 1, 'every port of the range is held');
    for (const port of ports) assert.ok(port >= low && port <= high);
    assert.ok((built.observed.eaddrnotavail ?? 0) >= 5, 'the client saw EADDRNOTAVAIL');
    assert.equal(built.observed.connectionsCompleted, high - low + 1);
  });
});

test('half-open: the server keeps ESTABLISHED sockets to a peer whose namespace is gone', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] })) return;
  await withLab('half-open', (built) => {
    const server = nsOf(built, 'server');
    const client = nsOf(built, 'client');
    assert.ok(built.removed.includes(client));
    assert.ok(!readdirSync('/run/netns').includes(client), 'the peer namespace is gone');
    const rows = ssIn(server, 'established');
    assert.equal(rows.length, built.observed.serverAccepted);
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.local === `${SERVER}:8085` && r.peer.startsWith(`${CLIENT}:`)));
    assert.ok(!/tlab/.test(execIn(server, 'ip', ['-o', 'link', 'show'])), 'the veth is gone');
    // No keepalive timer on any of them ("timer:(keepalive" would show in ss -o).
    assert.ok(!/keepalive/.test(execIn(server, 'ss', ['-tanoH', 'state', 'established'])));
  });
});

test('fin-wait2: the client sits in FIN_WAIT2 (held by its process), the server in CLOSE_WAIT', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] })) return;
  await withLab('fin-wait2', (built) => {
    const finWait2 = ssIn(nsOf(built, 'client'), 'fin-wait-2');
    assert.equal(finWait2.length, built.observed.clientsHalfClosed);
    assert.ok(finWait2.length > 0);
    const pid = pidOf(built, 'tcpdoc-lab-clients');
    assert.ok(finWait2.every((r) => r.peer === `${SERVER}:8086` && r.owners.some((o) => o.pid === pid)));
    assert.equal(ssIn(nsOf(built, 'server'), 'close-wait').length, finWait2.length);
  });
});

test('refused: every SYN gets a RST; the client counts ECONNREFUSED, the kernels count AttemptFails and OutRsts', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] })) return;
  await withLab('refused', (built) => {
    const client = nsOf(built, 'client');
    const server = nsOf(built, 'server');
    assert.equal(built.observed.econnrefused, built.observed.attemptsEnded, 'every attempt that ended was refused');
    assert.ok((built.observed.econnrefused ?? 0) >= 10);
    assert.equal(listenersIn(server).length, 0, 'nothing listens in the server namespace');
    const fails = counterIn(client, 'Tcp.AttemptFails');
    assert.ok(fails >= (built.observed.econnrefused ?? Infinity), `AttemptFails ${fails}`);
    assert.equal(counterIn(client, 'Tcp.CurrEstab'), 0);
    assert.ok(counterIn(server, 'Tcp.OutRsts') >= (built.observed.econnrefused ?? Infinity));
  });
});

test('blackhole: SYNs dropped by the firewall leave the client in SYN_SENT', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] })) return;
  await withLab('blackhole', (built) => {
    const synSent = ssIn(nsOf(built, 'client'), 'syn-sent');
    assert.equal(synSent.length, built.observed.clientsWaiting);
    assert.ok(synSent.length > 0);
    assert.ok(synSent.every((r) => r.peer === `${SERVER}:8088`));
    // The DROP rule's packet counter: every SYN (and retransmission) hit it.
    const rules = execIn(nsOf(built, 'server'), 'iptables', ['-w', '-L', 'INPUT', '-v', '-n', '-x']);
    const drop = rules.split('\n').find((l) => /DROP/.test(l) && /dpt:8088/.test(l));
    assert.ok(drop !== undefined, rules);
    assert.ok(Number(drop.trim().split(/\s+/)[0]) >= synSent.length);
  });
});

test('reset: the server resets each connection; the client sees ECONNRESET and the counters agree', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] })) return;
  await withLab('reset', (built) => {
    const server = nsOf(built, 'server');
    assert.ok((built.observed.econnreset ?? 0) >= 10);
    assert.equal(built.observed.econnreset, built.observed.attemptsEnded, 'every attempt that ended was reset');
    assert.ok(counterIn(server, 'Tcp.OutRsts') >= (built.observed.econnreset ?? Infinity));
    assert.ok(counterIn(server, 'Tcp.EstabResets') >= (built.observed.econnreset ?? Infinity));
    assert.ok(counterIn(nsOf(built, 'client'), 'Tcp.EstabResets') >= (built.observed.econnreset ?? Infinity));
  });
});
