import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roundToNanoseconds } from './summary.js';

test('durations are rounded to nanoseconds, dropping float noise', () => {
  assert.equal(roundToNanoseconds(1795739488.368607 - 1795739488.365923), 0.002684116);
  assert.equal(roundToNanoseconds(0.000030040740966796875), 0.000030041);
  assert.equal(roundToNanoseconds(0), 0);
  assert.equal(roundToNanoseconds(4.2), 4.2);
});
