import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeWaitRule, CLOSE_WAIT_WARNING } from './close-wait.js';
import { makeInputs, many, sock } from '../fixtures.test.helper.js';

const leak = (n: number, ageMs = 30_000) =>
  many(n, { state: 'CLOSE_WAIT', local: '10.0.0.1:8080', remote: '10.0.0.9:40000', pid: 4242, command: 'node', info: { lastDataSentMs: ageMs, lastDataRecvMs: ageMs, lastAckRecvMs: ageMs } });

test('a leak of lingering CLOSE_WAIT sockets on one port names the port, process, peer and count', () => {
  const findings = closeWaitRule.check(makeInputs({ sockets: [...leak(25), sock({ state: 'ESTABLISHED', pid: 4242 })] }));
  assert.equal(findings.length, 1);
  const f = findings[0]!;
  assert.equal(f.id, 'close-wait-pileup');
  assert.equal(f.severity, 'warning');
  assert.equal(f.subject, 'port 8080 (node[4242])');
  assert.deepEqual(f.evidence[0], { label: f.evidence[0]!.label, value: 25, port: 8080, pid: 4242, command: 'node' });
  assert.ok(f.evidence.some((e) => e.address === '10.0.0.9' && e.value === 25));
  assert.ok(f.evidence.some((e) => e.unit === 's' && e.value === 30));
  assert.match(f.title.en, /25 connections stuck in CLOSE_WAIT on port 8080/);
  assert.match(f.title.zh, /8080/);
});

test('below the threshold, or only fresh closes in progress, nothing is reported', () => {
  assert.equal(closeWaitRule.check(makeInputs({ sockets: leak(CLOSE_WAIT_WARNING - 1) })).length, 0);
  assert.equal(closeWaitRule.check(makeInputs({ sockets: leak(500, 500) })).length, 0);
});

test('groups are per process and port, and a thousand is critical', () => {
  const other = many(30, { state: 'CLOSE_WAIT', local: '10.0.0.1:9090', pid: 7, command: 'java' });
  const findings = closeWaitRule.check(makeInputs({ sockets: [...leak(1000), ...other] }));
  assert.deepEqual(findings.map((f) => [f.subject, f.severity]).sort(), [
    ['port 8080 (node[4242])', 'critical'],
    ['port 9090 (java[7])', 'warning'],
  ]);
});
