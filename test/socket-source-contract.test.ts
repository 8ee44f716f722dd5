// One contract, run against every SocketSource (netlink sock_diag and /proc/net/tcp):
// what each must return for the same sockets, so either can stand in for the other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { SocketSource } from '../src/sources/kernel/socket-source.js';
import { netlinkSource } from '../src/sources/kernel/netlink.js';
import { procSource } from '../src/sources/kernel/procfs.js';
import { TCP_STATES } from '../src/model/tcp-state.js';

let server4: net.Server;
let server6: net.Server;
let client: net.Socket;
let accepted: net.Socket | undefined;
let port4 = 0;
let port6 = 0;

before(async () => {
  server4 = net.createServer((s) => {
    accepted = s;
  });
  await new Promise<void>((resolve) => server4.listen({ host: '127.0.0.1', port: 0, backlog: 7 }, resolve));
  port4 = (server4.address() as net.AddressInfo).port;
  server6 = net.createServer();
  await new Promise<void>((resolve) => server6.listen({ host: '::1', port: 0, ipv6Only: true }, resolve));
  port6 = (server6.address() as net.AddressInfo).port;
  client = net.connect(port4, '127.0.0.1');
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, 50));
});

after(() => {
  client.destroy();
  accepted?.destroy();
  server4.close();
  server6.close();
});

const sources: [string, SocketSource][] = [
  ['netlink', netlinkSource],
  ['proc', procSource],
];

for (const [name, source] of sources) {
  test(`${name}: names itself and returns well-formed records`, () => {
    const listing = source.listSockets({});
    assert.equal(listing.source, name);
    assert.equal(typeof listing.unparsed, 'number');
    assert.ok(Array.isArray(listing.notes));
    for (const s of listing.sockets) {
      assert.ok(TCP_STATES.includes(s.state), s.state);
      assert.ok(s.family === 4 || s.family === 6);
      assert.ok(s.local.port >= 0 && s.local.port <= 65535);
      assert.ok(!s.local.address.startsWith('::ffff:'), 'IPv4-mapped addresses print as IPv4');
      assert.ok(s.recvQ >= 0 && s.sendQ >= 0 && s.uid >= 0 && s.inode >= 0);
      assert.equal(s.process, null, 'sources do not attribute processes');
    }
  });

  test(`${name}: sees our listeners and both ends of our connection`, () => {
    const listing = source.listSockets({});
    const mine = listing.sockets.filter((s) => s.local.port === port4 || s.remote.port === port4 || s.local.port === port6);
    const listen4 = mine.find((s) => s.state === 'LISTEN' && s.local.port === port4);
    assert.equal(listen4?.local.address, '127.0.0.1');
    assert.ok((listen4?.inode ?? 0) > 0);
    if (name === 'netlink') assert.equal(listen4?.sendQ, 7, 'backlog in Send-Q');
    const listen6 = mine.find((s) => s.state === 'LISTEN' && s.local.port === port6);
    assert.equal(listen6?.family, 6);
    assert.equal(listen6?.local.address, '::1');
    const ends = mine.filter((s) => s.state === 'ESTABLISHED');
    assert.equal(ends.length, 2);
    assert.ok(ends.some((s) => s.local.port === port4 && s.remote.port === client.localPort));
    assert.ok(ends.some((s) => s.remote.port === port4 && s.local.port === client.localPort));
  });

  test(`${name}: honours state and family selections`, () => {
    const listening = source.listSockets({ states: ['LISTEN'] });
    assert.ok(listening.sockets.length >= 2);
    assert.ok(listening.sockets.every((s) => s.state === 'LISTEN'));
    const v6 = source.listSockets({ families: [6] });
    assert.ok(v6.sockets.every((s) => s.family === 6));
    assert.ok(v6.sockets.some((s) => s.local.port === port6));
    const none = source.listSockets({ states: [] });
    assert.equal(none.sockets.length, 0);
  });
}

test('both sources see the same set of our sockets', () => {
  const key = (s: { state: string; local: { address: string; port: number }; remote: { address: string; port: number } }) => `${s.state} ${s.local.address}:${s.local.port} ${s.remote.address}:${s.remote.port}`;
  const ours = (s: { local: { port: number }; remote: { port: number } }) => [port4, port6].includes(s.local.port) || s.remote.port === port4;
  const a = netlinkSource.listSockets({}).sockets.filter(ours).map(key).sort();
  const b = procSource.listSockets({}).sockets.filter(ours).map(key).sort();
  assert.deepEqual(a, b);
});
