import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeWaitRule } from './time-wait.js';
import { counterSample, makeInputs, many } from '../fixtures.test.helper.js';

const tw = (n: number, base = 40000, dest = '10.0.0.9:5432') => many(n, { state: 'TIME_WAIT', local: '10.0.0.1:40000', remote: dest }, 'local', base);

test('every port of a narrow range in TIME_WAIT to one destination is critical', () => {
  const [f] = timeWaitRule.check(makeInputs({ sockets: tw(64), sysctls: { 'net.ipv4.ip_local_port_range': '40000 40063' } }));
  assert.equal(f?.id, 'time-wait-pileup');
  assert.equal(f?.severity, 'critical');
  assert.equal(f?.subject, '10.0.0.9:5432');
  assert.ok(f?.evidence.some((e) => e.value === 64 && e.address === '10.0.0.9' && e.port === 5432));
  assert.ok(f?.evidence.some((e) => e.value === 100 && e.unit === '%'));
  assert.deepEqual(f?.related.includes('errno:EADDRNOTAVAIL'), true);
});

test('reserved ports shrink the budget; half of it is a warning', () => {
  const [f] = timeWaitRule.check(makeInputs({ sockets: tw(40), sysctls: { 'net.ipv4.ip_local_port_range': '40000 40099', 'net.ipv4.ip_local_reserved_ports': '40050-40099,50000' } }));
  assert.equal(f?.severity, 'warning');
  assert.ok(f?.evidence.some((e) => e.value === 50 && e.unit === '40000-40099'));
});

test('a few thousand TIME_WAIT on the default range is info; a high connect rate makes it a warning', () => {
  const sockets = tw(3000, 33000);
  assert.equal(timeWaitRule.check(makeInputs({ sockets }))[0]?.severity, 'info');
  const fast = timeWaitRule.check(makeInputs({ sockets, first: counterSample(), second: counterSample({ Tcp: { ActiveOpens: 1000 + 600 } }) }));
  assert.equal(fast[0]?.severity, 'warning');
  assert.ok(fast[0]?.evidence.some((e) => e.value === 300 && e.unit === '/s'));
});

test('incoming TIME_WAIT (server closed first) and small counts are quiet; tw_reuse advice fits the destination', () => {
  const incoming = many(5000, { state: 'TIME_WAIT', local: '10.0.0.1:80', remote: '10.0.0.2:40000' });
  assert.equal(timeWaitRule.check(makeInputs({ sockets: incoming })).length, 0);
  assert.equal(timeWaitRule.check(makeInputs({ sockets: tw(100) })).length, 0);
  const loop = timeWaitRule.check(makeInputs({ sockets: tw(64, 40000, '127.0.0.1:6379'), sysctls: { 'net.ipv4.ip_local_port_range': '40000 40063' } }));
  assert.match(loop[0]?.fixes[1]?.text.en ?? '', /tcp_tw_reuse=2 already lets/);
});
