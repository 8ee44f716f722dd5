import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stalledRule, classifyStall } from './stalled.js';
import { makeInputs, many, sock } from '../fixtures.test.helper.js';

test('data not acknowledged with backoff is a stalled connection, named by process and destination', () => {
  const conns = many(3, { state: 'ESTABLISHED', local: '10.0.0.1:40000', remote: '10.0.0.5:443', pid: 12, command: 'node', sendQ: 5000, timer: { kind: 'on', retransmits: 5 }, info: { backoff: 5, unacked: 4, lastAckRecvMs: 12_000 } }, 'local');
  const [f] = stalledRule.check(makeInputs({ sockets: conns }));
  assert.equal(f?.id, 'stalled-connections');
  assert.equal(f?.severity, 'warning');
  assert.equal(f?.subject, 'node[12] -> 10.0.0.5:443');
  assert.ok(f?.evidence.some((e) => e.value === 15000 && e.unit === 'B'));
  assert.ok(f?.evidence.some((e) => e.value === 12 && e.unit === 's'));
});

test('zero-window probing is its own kind; a moving queue is not stalled', () => {
  const zero = sock({ state: 'ESTABLISHED', sendQ: 100_000, timer: { kind: 'probe0', retransmits: 0 }, info: { backoff: 6 } });
  assert.equal(classifyStall(zero), 'zero-window');
  assert.match(stalledRule.check(makeInputs({ sockets: [zero] }))[0]?.title.en ?? '', /zero window/);
  assert.equal(classifyStall(sock({ state: 'ESTABLISHED', sendQ: 100_000, timer: { kind: 'on', retransmits: 1 }, info: { backoff: 1, unacked: 10, lastAckRecvMs: 5 } })), null);
  assert.equal(classifyStall(sock({ state: 'ESTABLISHED', sendQ: 0, timer: { kind: 'on', retransmits: 9 } })), null);
});
