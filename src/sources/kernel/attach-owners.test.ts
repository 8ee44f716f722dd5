import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSocketRecord, type ProcessRef } from '../../model/socket.js';
import { attachOwners } from './attach-owners.js';
import { parseSocketLink } from './fd-links.js';

const endpoint = { address: '127.0.0.1', port: 1 };

test('attachOwners sets the first owner and all owners, and counts sockets nobody visible holds', () => {
  const shared = makeSocketRecord({ family: 4, state: 'LISTEN', local: endpoint, remote: endpoint, inode: 10 });
  const orphan = makeSocketRecord({ family: 4, state: 'ESTABLISHED', local: endpoint, remote: endpoint, inode: 11 });
  const timeWait = makeSocketRecord({ family: 4, state: 'TIME_WAIT', local: endpoint, remote: endpoint, inode: 0 });
  const owners = new Map<number, ProcessRef[]>([
    [10, [{ pid: 5, command: 'nginx', fd: 6 }, { pid: 7, command: 'nginx', fd: 6 }]],
  ]);
  assert.equal(attachOwners([shared, orphan, timeWait], owners), 1);
  assert.deepEqual(shared.process, { pid: 5, command: 'nginx', fd: 6 });
  assert.equal(shared.processes.length, 2);
  assert.equal(orphan.process, null);
  assert.equal(timeWait.process, null);
});

test('parseSocketLink accepts only socket:[digits]', () => {
  const bytes = (text: string) => new TextEncoder().encode(text.padEnd(64, '\0'));
  assert.equal(parseSocketLink(bytes('socket:[12345]'), 14), 12345);
  assert.equal(parseSocketLink(bytes('socket:[1]'), 10), 1);
  assert.equal(parseSocketLink(bytes('socket:[]'), 9), -1);
  assert.equal(parseSocketLink(bytes('socket:[12a]'), 12), -1);
  assert.equal(parseSocketLink(bytes('pipe:[12345]'), 12), -1);
  assert.equal(parseSocketLink(bytes('anon_inode:[eventfd]'), 20), -1);
  assert.equal(parseSocketLink(bytes('socket:[12345'), 13), -1);
});
