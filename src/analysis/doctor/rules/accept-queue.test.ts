import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptQueueRule } from './accept-queue.js';
import { counterSample, makeInputs, sock } from '../fixtures.test.helper.js';

const listener = (recvQ: number, backlog: number) => sock({ state: 'LISTEN', local: '10.0.0.1:8082', remote: '0.0.0.0:0', recvQ, sendQ: backlog, pid: 77, command: 'node' });

test('a full accept queue is critical, with Recv-Q, backlog and the process', () => {
  const [f] = acceptQueueRule.check(makeInputs({ sockets: [listener(9, 8)] }));
  assert.equal(f?.id, 'accept-queue-full');
  assert.equal(f?.severity, 'critical');
  assert.equal(f?.subject, 'port 8082 (node[77])');
  assert.ok(f?.evidence.some((e) => e.value === 9 && e.pid === 77 && e.port === 8082));
  assert.ok(f?.evidence.some((e) => e.value === 8 && e.port === 8082));
});

test("Node's default backlog 511 is named; nearly full is a warning; a draining queue is quiet", () => {
  const [f] = acceptQueueRule.check(makeInputs({ sockets: [listener(480, 511)] }));
  assert.equal(f?.severity, 'warning');
  assert.match(f?.explanation.en ?? '', /511 is Node\.js's default/);
  assert.equal(acceptQueueRule.check(makeInputs({ sockets: [listener(100, 511)] })).length, 0);
});

test('ListenOverflows rising with no full listener is a burst warning', () => {
  const [f] = acceptQueueRule.check(makeInputs({ sockets: [listener(0, 511)], first: counterSample(), second: counterSample({ TcpExt: { ListenOverflows: 23, ListenDrops: 23 } }) }));
  assert.equal(f?.id, 'listen-overflows');
  assert.ok(f?.evidence.some((e) => e.value === 23));
  assert.ok(f?.evidence.some((e) => e.value === 511 && e.port === 8082));
  assert.equal(acceptQueueRule.check(makeInputs({ sockets: [listener(0, 511)], second: null })).length, 0);
});
