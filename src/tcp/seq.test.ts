import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seqAdd, seqDiff, seqGe, seqGt, seqInWindow, seqLe, seqLt, seqMax, seqRelative, seqWrap } from './seq.js';

test('comparisons without wraparound', () => {
  assert.equal(seqLt(1, 2), true);
  assert.equal(seqLt(2, 1), false);
  assert.equal(seqLt(2, 2), false);
  assert.equal(seqLe(2, 2), true);
  assert.equal(seqGt(3, 2), true);
  assert.equal(seqGe(2, 2), true);
  assert.equal(seqGe(1, 2), false);
});

test('comparisons across the 2**32 wrap', () => {
  const high = 0xfffffff0;
  const low = 0x10;
  assert.equal(seqLt(high, low), true, 'a number just before the wrap is earlier than one just after');
  assert.equal(seqGt(low, high), true);
  assert.equal(seqLe(high, low), true);
  assert.equal(seqDiff(low, high), 0x20);
  assert.equal(seqDiff(high, low), -0x20);
});

test('adding wraps to unsigned 32 bits', () => {
  assert.equal(seqAdd(0xffffffff, 1), 0);
  assert.equal(seqAdd(0xfffffffe, 5), 3);
  assert.equal(seqWrap(-1), 0xffffffff);
  assert.equal(seqWrap(2 ** 32 + 7), 7);
});

test('relative numbers from an ISN near the wrap', () => {
  assert.equal(seqRelative(5, 0xfffffffb), 10);
  assert.equal(seqRelative(0xfffffffb, 0xfffffffb), 0);
});

test('window membership and max across the wrap', () => {
  assert.equal(seqInWindow(2, 0xfffffff0, 0x10), true);
  assert.equal(seqInWindow(0x10, 0xfffffff0, 0x10), false, 'right edge excluded');
  assert.equal(seqInWindow(0xffffffef, 0xfffffff0, 0x10), false);
  assert.equal(seqMax(0xfffffff0, 3), 3);
  assert.equal(seqMax(3, 0xfffffff0), 3);
});

test('half the space away is the boundary of comparability', () => {
  assert.equal(seqLt(0, 0x7fffffff), true);
  assert.equal(seqLt(0, 0x80000001), false, 'more than 2**31 ahead reads as behind');
});
