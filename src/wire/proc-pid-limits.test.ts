import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProcLimit } from './proc-pid-limits.js';

// Layout as printed by proc_pid_limits (fs/proc/base.c).
const LIMITS = [
  'Limit                     Soft Limit           Hard Limit           Units     ',
  'Max cpu time              unlimited            unlimited            seconds   ',
  'Max open files            1024                 524288               files     ',
  'Max locked memory         8388608              8388608              bytes     ',
  '',
].join('\n');

test('reads soft and hard values, unlimited as null', () => {
  assert.deepEqual(decodeProcLimit(LIMITS, 'Max open files'), { soft: 1024, hard: 524288 });
  assert.deepEqual(decodeProcLimit(LIMITS, 'Max cpu time'), { soft: null, hard: null });
});

test('missing or malformed rows give null', () => {
  assert.equal(decodeProcLimit(LIMITS, 'Max processes'), null);
  assert.equal(decodeProcLimit('Max open files            lots', 'Max open files'), null);
  assert.equal(decodeProcLimit('', 'Max open files'), null);
});
