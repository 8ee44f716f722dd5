import { test } from 'node:test';
import assert from 'node:assert/strict';
import { halfOpenRule, HALF_OPEN_SILENCE_MS } from './half-open.js';
import { makeInputs, many, sock } from '../fixtures.test.helper.js';

const silent = (ms: number) => ({ lastDataSentMs: ms, lastDataRecvMs: ms, lastAckRecvMs: ms });
const listener = sock({ state: 'LISTEN', local: '10.0.0.1:8085', remote: '0.0.0.0:0', sendQ: 511, pid: 3 });

test('idle ESTABLISHED without keepalive and a silent peer is an info finding per process', () => {
  const conns = many(8, { state: 'ESTABLISHED', local: '10.0.0.1:8085', remote: '10.0.0.2:40000', pid: 3, command: 'node', info: silent(120_000) });
  const [f] = halfOpenRule.check(makeInputs({ sockets: [listener, ...conns] }));
  assert.equal(f?.id, 'half-open-risk');
  assert.equal(f?.severity, 'info');
  assert.ok(f?.evidence.some((e) => e.value === 8 && e.pid === 3));
  assert.ok(f?.evidence.some((e) => e.value === 120 && e.unit === 's'));
  assert.ok(f?.evidence.some((e) => e.address === 'port 8085 (incoming)'));
  assert.match(f?.fixes[0]?.code?.source ?? '', /setKeepAlive\(true/);
});

test('keepalive timers, recent traffic or queued data keep it quiet', () => {
  const base = { state: 'ESTABLISHED' as const, pid: 3 };
  assert.equal(halfOpenRule.check(makeInputs({ sockets: many(5, { ...base, timer: { kind: 'keepalive' }, info: silent(600_000) }) })).length, 0);
  assert.equal(halfOpenRule.check(makeInputs({ sockets: many(5, { ...base, info: silent(HALF_OPEN_SILENCE_MS - 1) }) })).length, 0);
  assert.equal(halfOpenRule.check(makeInputs({ sockets: many(5, { ...base, sendQ: 100, info: silent(600_000) }) })).length, 0);
});
