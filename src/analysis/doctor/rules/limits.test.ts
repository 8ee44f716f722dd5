import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limitsRule } from './limits.js';
import { counterSample, makeInputs } from '../fixtures.test.helper.js';

test('orphans against tcp_max_orphans: 25 % warns, 50 % is critical', () => {
  const at = (orphan: number) => limitsRule.check(makeInputs({ second: counterSample({}, { TCP: { orphan } }) }));
  assert.equal(at(16_383).length, 0);
  assert.deepEqual(at(16_384).map((f) => [f.id, f.severity]), [['orphan-limit', 'warning']]);
  assert.equal(at(32_768)[0]?.severity, 'critical');
  assert.ok(at(32_768)[0]?.evidence.some((e) => e.value === 50 && e.unit === '%'));
});

test('TIME_WAIT near tcp_max_tw_buckets warns; TCPTimeWaitOverflow during the window is critical', () => {
  assert.equal(limitsRule.check(makeInputs({ second: counterSample({}, { TCP: { tw: 50_000 } }) }))[0]?.id, 'time-wait-limit');
  const overflow = limitsRule.check(makeInputs({ second: counterSample({ TcpExt: { TCPTimeWaitOverflow: 7 } }) }));
  assert.equal(overflow[0]?.severity, 'critical');
  assert.ok(overflow[0]?.evidence.some((e) => e.value === 7));
});

test('TCP memory above the pressure threshold warns, at the hard limit is critical; a recent log line warns', () => {
  const mem = (pages: number) => limitsRule.check(makeInputs({ second: counterSample({}, { TCP: { mem: pages } }) }));
  assert.equal(mem(125_867).length, 0);
  assert.equal(mem(125_868)[0]?.severity, 'warning');
  assert.equal(mem(188_802)[0]?.severity, 'critical');
  const log = limitsRule.check(makeInputs({ logMatches: [{ kind: 'tcp-memory', text: 'TCP: out of memory -- consider tuning tcp_mem', bootMs: 1, ageMs: 5000, port: null, address: null, action: null }] }));
  assert.deepEqual(log.map((f) => [f.id, f.severity]), [['tcp-memory-pressure', 'warning']]);
});

test('a TIME_WAIT overflow line in the shared kernel log counts only where this namespace has overflowed', () => {
  const line = { kind: 'tw-overflow' as const, text: 'TCP: time wait bucket table overflow', bootMs: 1, ageMs: 5000, port: null, address: null, action: null };
  const clean = limitsRule.check(makeInputs({ second: counterSample({ TcpExt: { TCPTimeWaitOverflow: 0 } }), logMatches: [line] }));
  assert.equal(clean.length, 0, 'another namespace overflowed, not this one');
  const here = limitsRule.check(makeInputs({ second: counterSample({ TcpExt: { TCPTimeWaitOverflow: 3 } }), logMatches: [line] }));
  assert.equal(here[0]?.id, 'time-wait-limit');
  assert.ok(here[0]?.evidence.some((e) => String(e.value).includes('time wait bucket table overflow')));
});
