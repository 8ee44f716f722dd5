import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseColumns } from './ls.js';
import { TcpdocError } from '../../model/errors.js';

const none = { processes: false, extended: false, info: false, memory: false, columns: undefined };

test('column groups follow ss flags', () => {
  assert.deepEqual(chooseColumns(none), ['state', 'recvq', 'sendq', 'local', 'peer', 'timer']);
  assert.ok(chooseColumns({ ...none, processes: true }).includes('process'));
  assert.ok(chooseColumns({ ...none, extended: true }).includes('inode'));
  assert.ok(chooseColumns({ ...none, info: true }).includes('rtt'));
  assert.ok(chooseColumns({ ...none, memory: true }).includes('rmem'));
});

test('--columns picks exactly the named columns and rejects unknown ones', () => {
  assert.deepEqual(chooseColumns({ ...none, columns: 'state, local,rtt' }), ['state', 'local', 'rtt']);
  assert.throws(() => chooseColumns({ ...none, columns: 'state,bogus' }), (e: unknown) => e instanceof TcpdocError && /bogus/.test(e.message) && /rtt/.test(e.hint ?? ''));
  assert.throws(() => chooseColumns({ ...none, columns: ',' }), TcpdocError);
});
