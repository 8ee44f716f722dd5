import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateSockets, diffStateCounts } from './aggregate.js';
import { makeSocketRecord, type SocketRecord, type ProcessRef } from '../../model/socket.js';
import type { TcpState } from '../../model/tcp-state.js';

function sock(state: TcpState, local: string, remote: string, extra: Partial<SocketRecord> = {}): SocketRecord {
  const split = (ep: string) => {
    const i = ep.lastIndexOf(':');
    return { address: ep.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(ep.slice(i + 1)) };
  };
  const l = split(local);
  return makeSocketRecord({ family: l.address.includes(':') ? 6 : 4, state, local: l, remote: split(remote), ...extra });
}

const web: ProcessRef = { pid: 100, command: 'node', fd: 20 };
const client: ProcessRef = { pid: 200, command: 'curl', fd: 3 };

const sockets: SocketRecord[] = [
  sock('LISTEN', '0.0.0.0:80', '0.0.0.0:0', { recvQ: 3, sendQ: 511, process: web, processes: [web] }),
  sock('LISTEN', '[::]:443', '[::]:0', { recvQ: 0, sendQ: 4096, process: web, processes: [web, { ...web, pid: 101 }] }),
  sock('ESTABLISHED', '10.0.0.1:80', '10.0.0.9:5000', { process: web, processes: [web] }),
  sock('CLOSE_WAIT', '10.0.0.1:80', '10.0.0.9:5001', { process: web, processes: [web] }),
  sock('CLOSE_WAIT', '10.0.0.1:80', '10.0.0.8:5002', { process: web, processes: [web] }),
  sock('SYN_RECV', '10.0.0.1:80', '10.0.0.7:6000'),
  sock('ESTABLISHED', '10.0.0.1:443', '10.0.0.7:6001'),
  sock('TIME_WAIT', '10.0.0.1:40000', '10.0.0.50:5432'),
  sock('TIME_WAIT', '10.0.0.1:40001', '10.0.0.50:5432'),
  sock('ESTABLISHED', '10.0.0.1:40002', '10.0.0.50:5432', { process: client, processes: [client] }),
];

test('state counts cover all 11 states including zeros', () => {
  const inv = aggregateSockets(sockets, { top: 10, withProcesses: true, backlogKnown: true });
  assert.equal(inv.total, 10);
  assert.equal(Object.keys(inv.states).length, 11);
  assert.equal(inv.states.LISTEN, 2);
  assert.equal(inv.states.CLOSE_WAIT, 2);
  assert.equal(inv.states.TIME_WAIT, 2);
  assert.equal(inv.states.CLOSING, 0);
});

test('listeners carry queue, backlog, SYN_RECV and their connections', () => {
  const inv = aggregateSockets(sockets, { top: 10, withProcesses: true, backlogKnown: true });
  assert.equal(inv.listeners.length, 2);
  const [l80, l443] = inv.listeners;
  assert.equal(l80?.port, 80);
  assert.equal(l80?.acceptQueue, 3);
  assert.equal(l80?.backlog, 511);
  assert.equal(l80?.synRecv, 1);
  assert.equal(l80?.states.CLOSE_WAIT, 2);
  assert.equal(l80?.states.ESTABLISHED, 1);
  assert.equal(l80?.process?.pid, 100);
  // An IPv4 connection on a port that a dual-stack :: listener holds belongs to it.
  assert.equal(l443?.states.ESTABLISHED, 1);
});

test('backlog is null when the source cannot know it', () => {
  const inv = aggregateSockets(sockets, { top: 10, withProcesses: false, backlogKnown: false });
  assert.equal(inv.listeners[0]?.backlog, null);
  assert.deepEqual(inv.processes, []);
});

test('ports and remotes are ranked busiest first and cut to top N', () => {
  const inv = aggregateSockets(sockets, { top: 1, withProcesses: true, backlogKnown: true });
  assert.equal(inv.ports.length, 1);
  assert.equal(inv.ports[0]?.port, 80);
  assert.equal(inv.ports[0]?.total, 4);
  assert.equal(inv.ports[0]?.listening, true);
  assert.equal(inv.remotes.length, 1);
  assert.equal(inv.remotes[0]?.key, '10.0.0.50:5432');
  assert.equal(inv.remotes[0]?.states.TIME_WAIT, 2);
});

test('processes count each socket once per process and unowned sockets are counted', () => {
  const inv = aggregateSockets(sockets, { top: 10, withProcesses: true, backlogKnown: true });
  const node = inv.processes.find((p) => p.pid === 100);
  assert.equal(node?.total, 5);
  assert.equal(node?.states.CLOSE_WAIT, 2);
  assert.equal(inv.processes.find((p) => p.pid === 101)?.total, 1);
  assert.equal(inv.unowned.TIME_WAIT, 2);
  assert.equal(inv.unowned.SYN_RECV, 1);
});

test('remote keys bracket IPv6', () => {
  const inv = aggregateSockets([sock('ESTABLISHED', '[::1]:5000', '[::1]:80')], { top: 5, withProcesses: false, backlogKnown: true });
  assert.equal(inv.remotes[0]?.key, '[::1]:80');
});

test('state deltas', () => {
  const a = aggregateSockets(sockets, { top: 5, withProcesses: false, backlogKnown: true }).states;
  const b = aggregateSockets(sockets.slice(0, 5), { top: 5, withProcesses: false, backlogKnown: true }).states;
  const d = diffStateCounts(a, b);
  assert.equal(d.TIME_WAIT, 2);
  assert.equal(d.LISTEN, 0);
});

test('selectTop keeps the largest totals with ties in key order', async () => {
  const { selectTop } = await import('./aggregate.js');
  const entries: [number, number][] = [[5, 1], [3, 7], [9, 7], [1, 2], [4, 7]];
  assert.deepEqual(selectTop(entries, 3, (a, b) => a - b), [[3, 7], [4, 7], [9, 7]]);
  assert.deepEqual(selectTop(entries, 10, (a, b) => a - b).map(([k]) => k), [3, 4, 9, 1, 5]);
  assert.deepEqual(selectTop([], 3, (a: number, b: number) => a - b), []);
});

test('the builder keeps nothing of what it is given: one scratch record can be reused', async () => {
  const { InventoryBuilder } = await import('./inventory-builder.js');
  const listeners = sockets.filter((s) => s.state === 'LISTEN');
  const builder = new InventoryBuilder(listeners, { top: 10, withProcesses: true, backlogKnown: true });
  const scratch = sock('CLOSE', '0.0.0.0:1', '0.0.0.0:0');
  for (const s of sockets) {
    scratch.family = s.family;
    scratch.state = s.state;
    scratch.local.address = s.local.address;
    scratch.local.port = s.local.port;
    scratch.remote.address = s.remote.address;
    scratch.remote.port = s.remote.port;
    scratch.processes = s.processes;
    scratch.process = s.process;
    builder.add(scratch);
  }
  const streamed = builder.finish();
  const whole = aggregateSockets(sockets, { top: 10, withProcesses: true, backlogKnown: true });
  assert.deepEqual(streamed, whole);
});

test('selectTop gives the same answer through insertion and through sorting', async () => {
  const { selectTop } = await import('./select-top.js');
  const entries: [number, number][] = Array.from({ length: 500 }, (_, i) => [i, (i * 7919) % 13]);
  const small = selectTop(entries, 50, (a, b) => a - b);
  const large = selectTop(entries, 100, (a, b) => a - b).slice(0, 50);
  assert.deepEqual(small, large);
  assert.equal(selectTop(entries, Number.MAX_SAFE_INTEGER, (a, b) => a - b).length, 500);
});

test('remote hosts fold the ports of one peer address together', () => {
  const inv = aggregateSockets(sockets, { top: 10, withProcesses: false, backlogKnown: true });
  const host = inv.remoteHosts.find((h) => h.address === '10.0.0.9');
  assert.equal(host?.total, 2);
  assert.equal(host?.states.CLOSE_WAIT, 1);
  assert.equal(host?.states.ESTABLISHED, 1);
  assert.equal(inv.remoteHosts[0]?.address, '10.0.0.50');
  assert.equal(inv.remoteHosts[0]?.total, 3);
});
