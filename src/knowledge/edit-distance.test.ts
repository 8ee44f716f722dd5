import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureEditDistance } from './edit-distance.js';

test('edit distance counts insertions, deletions and substitutions', () => {
  assert.equal(measureEditDistance('ECONNRESET', 'ECONNRESET'), 0);
  assert.equal(measureEditDistance('ECONNRESTE', 'ECONNRESET'), 2);
  assert.equal(measureEditDistance('', 'abc'), 3);
  assert.equal(measureEditDistance('kitten', 'sitting'), 3);
});
