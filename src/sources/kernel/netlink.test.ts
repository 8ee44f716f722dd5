import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { extensionsFromQuery, netlinkSource } from './netlink.js';

test('asks for tcp_info with congestion control, and skmem, only when the query wants them', () => {
  assert.equal(extensionsFromQuery({}), 0);
  assert.equal(extensionsFromQuery({ tcpInfo: true }), (1 << 1) | (1 << 3));
  assert.equal(extensionsFromQuery({ memory: true }), 1 << 6);
});

test('an empty state or family list lists nothing', () => {
  assert.deepEqual(netlinkSource.listSockets({ states: [] }).sockets, []);
  assert.deepEqual(netlinkSource.listSockets({ families: [] }).sockets, []);
});

test('finds a loopback listener and both ends of a connection made by this process', async () => {
  const server: Server = createServer((s) => s.on('error', () => {}));
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0, backlog: 5 }, resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  const client: Socket = connect({ host: '127.0.0.1', port: address.port });
  await new Promise<void>((resolve) => client.on('connect', () => resolve()));
  try {
    const listing = netlinkSource.listSockets({ families: [4], tcpInfo: true });
    assert.equal(listing.source, 'netlink');
    const listener = listing.sockets.find((s) => s.state === 'LISTEN' && s.local.port === address.port);
    assert.equal(listener?.local.address, '127.0.0.1');
    assert.equal(listener?.sendQ, 5, 'Send-Q of a listener is its backlog');
    assert.equal(listener?.uid, process.getuid?.());
    const ends = listing.sockets.filter((s) => s.state === 'ESTABLISHED' && (s.local.port === address.port || s.remote.port === address.port));
    assert.equal(ends.length, 2);
    assert.equal(ends[0]?.local.port, ends[1]?.remote.port);
    assert.ok(ends.every((s) => s.tcpInfo !== null && s.tcpInfo.sndCwnd > 0 && s.inode > 0));
  } finally {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
