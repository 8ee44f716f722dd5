import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCount, formatTimerDuration, formatAge, formatBytes, formatRate, formatMsFromUs, formatDelta } from './units.js';

test('units', () => {
  assert.equal(formatCount(1234567), '1,234,567');
  assert.equal(formatCount(999), '999');
  assert.equal(formatCount(1000), '1,000');
  assert.equal(formatCount(0), '0');
  assert.equal(formatCount(-12345), '-12,345');
  assert.equal(formatTimerDuration(350), '350ms');
  assert.equal(formatTimerDuration(4200), '4.2sec');
  assert.equal(formatTimerDuration(59_000), '59sec');
  assert.equal(formatTimerDuration(7_140_000), '1h59min');
  assert.equal(formatTimerDuration(-20), '-20ms');
  assert.equal(formatAge(4200), '4.2s');
  assert.equal(formatAge(190_000), '3m10s');
  assert.equal(formatBytes(512), '512B');
  assert.equal(formatBytes(1536 * 1024), '1.5M');
  assert.equal(formatRate(1_200_000), '9.6Mbps');
  assert.equal(formatMsFromUs(52), '0.052');
  assert.equal(formatDelta(0), '');
  assert.equal(formatDelta(3), '+3');
  assert.equal(formatDelta(-2), '-2');
});
