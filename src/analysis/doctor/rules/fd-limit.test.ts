import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fdLimitRule } from './fd-limit.js';
import { makeInputs } from '../fixtures.test.helper.js';

const proc = (openFds: number | null, softLimit: number | null) => ({ pid: 42, command: 'node', openFds, softLimit, hardLimit: 4096, sockets: 700 });

test('80 % of the soft limit warns and 95 % is critical, with the numbers', () => {
  const [f] = fdLimitRule.check(makeInputs({ processes: [proc(820, 1024)] }));
  assert.equal(f?.id, 'fd-limit');
  assert.equal(f?.severity, 'warning');
  assert.equal(f?.subject, 'node[42]');
  assert.ok(f?.evidence.some((e) => e.value === 820 && e.pid === 42));
  assert.ok(f?.evidence.some((e) => e.value === 1024));
  assert.equal(fdLimitRule.check(makeInputs({ processes: [proc(1000, 1024)] }))[0]?.severity, 'critical');
});

test('below 80 %, unlimited or unreadable is quiet', () => {
  assert.equal(fdLimitRule.check(makeInputs({ processes: [proc(800, 1024), proc(5000, null), proc(null, 1024)] })).length, 0);
});
