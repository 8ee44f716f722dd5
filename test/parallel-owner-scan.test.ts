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

test('pids are split by fd load, heaviest first, towards each side’s share', async () => {
  const { splitPidsByLoad, mergeOwnerScans } = await import('../src/sources/kernel/parallel-owner-scan.js');
  const fds = new Map([[1, 1000], [2, 1000], [3, 1000], [4, 10], [5, 10]]);
  const split = splitPidsByLoad([...fds.keys()], (pid) => fds.get(pid) ?? 0, 0.4);
  const load = (pids: number[]) => pids.reduce((s, p) => s + (fds.get(p) ?? 0), 0);
  assert.deepEqual([...split.main, ...split.worker].sort(), [1, 2, 3, 4, 5]);
  assert.ok(load(split.worker) >= load(split.main), `worker ${load(split.worker)} main ${load(split.main)}`);
  assert.ok(load(split.main) >= 1000, 'the main thread takes a share too');
  const merged = mergeOwnerScans(
    { owners: new Map([[7, [{ pid: 9, command: 'b', fd: 1 }]]]), processesScanned: 1, unreadableProcesses: 1, vanishedProcesses: 0, method: 'libc' },
    { owners: new Map([[7, [{ pid: 3, command: 'a', fd: 4 }]], [8, [{ pid: 3, command: 'a', fd: 5 }]]]), processesScanned: 2, unreadableProcesses: 0, vanishedProcesses: 1, method: 'libc' },
  );
  assert.deepEqual(merged.owners.get(7)?.map((r) => r.pid), [3, 9]);
  assert.equal(merged.owners.size, 2);
  assert.equal(merged.processesScanned, 3);
  assert.equal(merged.unreadableProcesses, 1);
  assert.equal(merged.vanishedProcesses, 1);
});
