import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synSentRule, SCAN_DESTINATIONS } from './syn-sent.js';
import { makeInputs, many, sock } from '../fixtures.test.helper.js';

const waiting = (n: number, retransmits: number) => many(n, { state: 'SYN_SENT', local: '10.0.0.2:40000', remote: '10.0.0.1:8088', pid: 5, command: 'curl', timer: { kind: 'on', retransmits } }, 'local');

test('connects whose SYN was retransmitted are reported per destination with the process', () => {
  const [f] = synSentRule.check(makeInputs({ sockets: waiting(16, 2) }));
  assert.equal(f?.id, 'syn-sent-pileup');
  assert.equal(f?.severity, 'warning');
  assert.equal(f?.subject, '10.0.0.1:8088');
  assert.ok(f?.evidence.some((e) => e.value === 16 && e.address === '10.0.0.1' && e.port === 8088));
  assert.ok(f?.evidence.some((e) => e.pid === 5 && e.command === 'curl' && e.value === 16));
});

test('fresh connects (no retransmit yet) and fewer than three are quiet', () => {
  assert.equal(synSentRule.check(makeInputs({ sockets: waiting(50, 0) })).length, 0);
  assert.equal(synSentRule.check(makeInputs({ sockets: waiting(2, 3) })).length, 0);
});

test('SYN_SENT to hundreds of destinations looks like a scan', () => {
  const sockets = Array.from({ length: SCAN_DESTINATIONS }, (_, i) => sock({ state: 'SYN_SENT', local: `10.0.0.2:${40000 + i}`, remote: `10.0.1.${i % 250}:${1 + i}`, pid: 6, command: 'nmap', timer: { kind: 'on', retransmits: 0 } }));
  const found = synSentRule.check(makeInputs({ sockets }));
  assert.deepEqual(found.map((f) => f.id), ['syn-sent-scan']);
  assert.ok(found[0]?.evidence.some((e) => e.pid === 6 && e.command === 'nmap'));
});
