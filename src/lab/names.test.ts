import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLinkName, buildRunPrefix, parseOwnerPid } from './names.js';
import { parseProgramLine } from './session.js';

test('a run prefix carries the owner pid back out', () => {
  const prefix = buildRunPrefix(4194304, 12, 'close-wait');
  assert.equal(prefix, 'tcpdoc-lab-4194304-12-close-wait');
  assert.equal(parseOwnerPid(`${prefix}-server`), 4194304);
  assert.equal(parseOwnerPid('tcpdoc-lab-x-1'), null);
  assert.equal(parseOwnerPid('tcpdoc-t-1-2'), null);
});

test('link names fit the 15-byte interface limit and keep the prefix', () => {
  for (const [pid, serial] of [[1, 1], [4194304, 999], [99999, 12]] as const) {
    const name = buildLinkName(pid, serial, 'a');
    assert.ok(name.length <= 15, name);
    assert.ok(name.startsWith('tlab'));
  }
  assert.notEqual(buildLinkName(5, 1, 'a'), buildLinkName(5, 1, 'b'));
});

test('program lines: numbers kept, anything else ignored', () => {
  assert.deepEqual(parseProgramLine('{"event":"ready","connected":3,"name":"x"}'), { event: 'ready', numbers: { connected: 3 } });
  assert.equal(parseProgramLine('not json'), null);
  assert.equal(parseProgramLine('[1,2]'), null);
  assert.equal(parseProgramLine('{"connected":3}'), null);
});
