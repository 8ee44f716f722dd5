import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TCP_STATES, LIFECYCLE_ORDER, stateFromNumber, numberFromState, maskFromStates, makeStateCounts } from './tcp-state.js';

test('state numbers follow include/net/tcp_states.h', () => {
  assert.equal(stateFromNumber(1), 'ESTABLISHED');
  assert.equal(stateFromNumber(6), 'TIME_WAIT');
  assert.equal(stateFromNumber(10), 'LISTEN');
  assert.equal(stateFromNumber(11), 'CLOSING');
  assert.equal(stateFromNumber(0), undefined);
  assert.equal(stateFromNumber(12), undefined);
  for (const s of TCP_STATES) assert.equal(stateFromNumber(numberFromState(s)), s);
});

test('lifecycle order holds each state once', () => {
  assert.equal(new Set(LIFECYCLE_ORDER).size, 11);
  assert.deepEqual([...LIFECYCLE_ORDER].sort(), [...TCP_STATES].sort());
});

test('state mask sets bit 1<<state as idiag_states expects', () => {
  assert.equal(maskFromStates(['ESTABLISHED']), 0x2);
  assert.equal(maskFromStates(['LISTEN']), 0x400);
  assert.equal(maskFromStates(TCP_STATES), 0xffe);
});

test('state counts start at zero for all 11 states', () => {
  const counts = makeStateCounts();
  assert.equal(Object.keys(counts).length, 11);
  assert.ok(Object.values(counts).every((n) => n === 0));
});
