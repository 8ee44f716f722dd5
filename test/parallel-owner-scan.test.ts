// The worker-thread process scan finds the same owners as the inline scan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startOwnerScan } from '../src/sources/kernel/parallel-owner-scan.js';
import { scanSocketOwners } from '../src/sources/kernel/processes.js';
import { takeSnapshot } from '../src/api/snapshot.js';

test('worker scan and inline scan agree on this process’s sockets', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const client = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  try {
    const pending = startOwnerScan({ pids: [process.pid] }, true);
    assert.equal(pending.mode, 'worker', 'the compiled worker should be used');
    const parallel = pending.finish();
    const inline = scanSocketOwners({ pids: [process.pid] });
    const norm = (m: Map<number, { pid: number; fd: number; command: string }[]>) => [...m].map(([inode, refs]) => `${inode}:${refs.map((r) => `${r.pid}/${r.fd}/${r.command}`).join(',')}`).sort();
    assert.deepEqual(norm(parallel.owners), norm(inline.owners));
    assert.ok(parallel.owners.size >= 3, 'listener, client and accepted socket at least');
    const snap = takeSnapshot({ filter: `sport = :${port} or dport = :${port}`, processes: true });
    assert.ok(snap.sockets.length >= 2);
    for (const s of snap.sockets.filter((x) => x.inode !== 0)) assert.equal(s.process?.pid, process.pid);
  } finally {
    client.destroy();
    server.close();
  }
});

test('a scan limited to another network namespace skips this process', async () => {
  const { readNetnsId } = await import('../src/sources/kernel/processes.js');
  const own = readNetnsId('/proc/self');
  assert.ok(own !== null && /^net:\[\d+\]$/.test(own), `namespace id: ${own}`);
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const same = scanSocketOwners({ pids: [process.pid], netnsId: own });
    const other = scanSocketOwners({ pids: [process.pid], netnsId: 'net:[1]' });
    assert.ok(same.owners.size >= 1);
    assert.equal(other.owners.size, 0);
    assert.equal(other.processesScanned, 0);
  } finally {
    server.close();
  }
});
