import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synQueueRule } from './syn-queue.js';
import { counterSample, makeInputs, many, sock } from '../fixtures.test.helper.js';

const listener = (backlog: number) => sock({ state: 'LISTEN', local: '0.0.0.0:8081', remote: '0.0.0.0:0', sendQ: backlog, pid: 9, command: 'node' });
const halfOpen = (n: number) => many(n, { state: 'SYN_RECV', local: '10.0.0.1:8081', remote: '10.0.0.2:40000' });

test('SYN_RECV filling the backlog is critical and names the port, backlog and client', () => {
  const [f] = synQueueRule.check(makeInputs({ sockets: [listener(64), ...halfOpen(65)] }));
  assert.equal(f?.id, 'syn-recv-pileup');
  assert.equal(f?.severity, 'critical');
  assert.equal(f?.subject, 'port 8081 (node[9])');
  assert.ok(f?.evidence.some((e) => e.value === 65 && e.port === 8081 && e.pid === 9));
  assert.ok(f?.evidence.some((e) => e.value === 64 && e.port === 8081));
  assert.ok(f?.evidence.some((e) => e.address === '10.0.0.2' && e.value === 65));
});

test('half the backlog is a warning; less, or a busy listener with a big backlog, is quiet', () => {
  assert.equal(synQueueRule.check(makeInputs({ sockets: [listener(64), ...halfOpen(32)] }))[0]?.severity, 'warning');
  assert.equal(synQueueRule.check(makeInputs({ sockets: [listener(64), ...halfOpen(31)] })).length, 0);
  assert.equal(synQueueRule.check(makeInputs({ sockets: [listener(4096), ...halfOpen(200)] })).length, 0);
});

test('cookies during the window warn, dropped SYNs are critical, and no window says nothing', () => {
  const first = counterSample();
  const cookies = counterSample({ TcpExt: { TCPReqQFullDoCookies: 20, SyncookiesSent: 20 } });
  const [f] = synQueueRule.check(makeInputs({ first, second: cookies }));
  assert.equal(f?.id, 'syn-queue-overflow');
  assert.equal(f?.severity, 'warning');
  assert.ok(f?.evidence.some((e) => e.value === 20 && /SyncookiesSent in 2 s/.test(e.label.en)));
  const drops = counterSample({ TcpExt: { TCPReqQFullDrop: 5 } });
  assert.equal(synQueueRule.check(makeInputs({ first, second: drops }))[0]?.severity, 'critical');
  assert.equal(synQueueRule.check(makeInputs({ first: cookies, second: null })).length, 0);
});

test('a recent kernel "SYN flooding" line counts only for a listener that exists here', () => {
  const line = { kind: 'syn-flood' as const, text: 'TCP: request_sock_TCP: Possible SYN flooding on port 0.0.0.0:8081. Sending cookies.', bootMs: 1, ageMs: 60_000, port: 8081, address: '0.0.0.0', action: 'cookies' as const };
  const here = synQueueRule.check(makeInputs({ sockets: [listener(4096)], logMatches: [line, { ...line }] }));
  assert.equal(here[0]?.id, 'syn-queue-overflow');
  assert.equal(here[0]?.evidence.filter((e) => e.value === line.text).length, 1, 'repeated lines shown once');
  assert.equal(synQueueRule.check(makeInputs({ sockets: [], logMatches: [line] })).length, 0);
  assert.equal(synQueueRule.check(makeInputs({ sockets: [listener(4096)], logMatches: [{ ...line, ageMs: 86_400_000 }] })).length, 0);
});
