import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeWatchArgs, buildFilterWords } from './status.js';
import { TcpdocError } from '../../model/errors.js';

test('--watch takes an optional number of seconds', () => {
  assert.deepEqual(normalizeWatchArgs(['--watch']), ['--watch=2']);
  assert.deepEqual(normalizeWatchArgs(['--watch', '5', '--json']), ['--watch=5', '--json']);
  assert.deepEqual(normalizeWatchArgs(['--watch', '--json']), ['--watch=2', '--json']);
  assert.deepEqual(normalizeWatchArgs(['-w', '0.5']), ['--watch=0.5']);
  assert.deepEqual(normalizeWatchArgs(['--watch=3']), ['--watch=3']);
});

test('--state and --port become ss filter words', () => {
  assert.deepEqual(buildFilterWords(['close-wait'], [], []), ['state', 'close-wait']);
  assert.deepEqual(buildFilterWords(['close-wait,time-wait'], [], []), ['state', 'close-wait', 'state', 'time-wait']);
  assert.deepEqual(buildFilterWords([], ['443'], []), ['(', 'sport', '=', ':443', 'or', 'dport', '=', ':443', ')']);
  assert.deepEqual(buildFilterWords([], ['80', '443'], ['dst', '10.0.0.0/8']), [
    '(', 'sport', '=', ':80', 'or', 'dport', '=', ':80', 'or', 'sport', '=', ':443', 'or', 'dport', '=', ':443', ')',
    'and', '(', 'dst', '10.0.0.0/8', ')',
  ]);
});

test('a bad --port is a usage error', () => {
  assert.throws(() => buildFilterWords([], ['http'], []), (e: unknown) => e instanceof TcpdocError && e.code === 'USAGE' && /http/.test(e.message));
  assert.throws(() => buildFilterWords([], ['70000'], []), TcpdocError);
});
