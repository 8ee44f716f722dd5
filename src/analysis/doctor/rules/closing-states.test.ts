import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closingStatesRule } from './closing-states.js';
import { makeInputs, many } from '../fixtures.test.helper.js';

test('FIN_WAIT2 held by a process and idle is reported with the process and destination', () => {
  const held = many(16, { state: 'FIN_WAIT2', local: '10.0.0.2:40000', remote: '10.0.0.1:8086', pid: 31, command: 'node', info: { lastDataSentMs: 3000, lastDataRecvMs: 3000, lastAckRecvMs: 3000 } }, 'local');
  const [f] = closingStatesRule.check(makeInputs({ sockets: held }));
  assert.equal(f?.id, 'fin-wait2-held');
  assert.equal(f?.subject, 'node[31]');
  assert.ok(f?.evidence.some((e) => e.value === 16 && e.pid === 31));
  assert.ok(f?.evidence.some((e) => e.value === 16 && e.address === '10.0.0.1' && e.port === 8086));
  const fresh = many(16, { state: 'FIN_WAIT2', pid: 31, info: { lastDataSentMs: 100, lastDataRecvMs: 100, lastAckRecvMs: 100 } });
  assert.equal(closingStatesRule.check(makeInputs({ sockets: fresh })).length, 0);
});

test('FIN_WAIT1 retransmitting or probing is stuck; a fresh FIN_WAIT1 is not', () => {
  const stuck = [
    ...many(8, { state: 'FIN_WAIT1', timer: { kind: 'on', retransmits: 4 } }),
    ...many(4, { state: 'FIN_WAIT1', timer: { kind: 'probe0', retransmits: 0 } }, 'remote', 50000),
  ];
  const [f] = closingStatesRule.check(makeInputs({ sockets: stuck }));
  assert.equal(f?.id, 'fin-wait1-stuck');
  assert.ok(f?.evidence.some((e) => e.value === 12));
  assert.ok(f?.evidence.some((e) => e.value === 4 && /zero window/.test(e.label.en)));
  assert.equal(closingStatesRule.check(makeInputs({ sockets: many(50, { state: 'FIN_WAIT1', timer: { kind: 'on', retransmits: 1 } }) })).length, 0);
});

test('orphaned FIN_WAIT2, LAST_ACK and CLOSING pile-ups', () => {
  const orphans = many(1000, { state: 'FIN_WAIT2', timer: { kind: 'timewait', retransmits: 0 } });
  for (const s of orphans) s.inode = 0;
  const lastAck = many(100, { state: 'LAST_ACK', timer: { kind: 'on', retransmits: 2 } }, 'remote', 20000);
  const closing = many(50, { state: 'CLOSING' }, 'remote', 30000);
  const ids = closingStatesRule.check(makeInputs({ sockets: [...orphans, ...lastAck, ...closing] })).map((f) => [f.id, f.severity]);
  assert.deepEqual(ids, [['fin-wait2-orphans', 'info'], ['last-ack-pileup', 'warning'], ['closing-pileup', 'warning']]);
  assert.equal(closingStatesRule.check(makeInputs({ sockets: many(99, { state: 'LAST_ACK', timer: { kind: 'on', retransmits: 2 } }) })).length, 0);
});

test('where the sockets are: the service port for incoming connections, the destination for outgoing ones', () => {
  // A client whose FINs go unanswered: its local ports are all different, its destination is one.
  const outgoing = many(120, { state: 'LAST_ACK', local: '10.0.0.2:40000', remote: '10.0.0.1:6379', timer: { kind: 'on', retransmits: 2 } }, 'local');
  // A server's side of the same trouble: one local port, many client ports.
  const incoming = many(110, { state: 'LAST_ACK', local: '10.0.0.1:8080', remote: '10.0.0.3:40000', timer: { kind: 'on', retransmits: 2 } });
  const [f] = closingStatesRule.check(makeInputs({ sockets: [...outgoing, ...incoming] }));
  assert.equal(f?.id, 'last-ack-pileup');
  assert.ok(f?.evidence.some((e) => e.value === 120 && e.address === '10.0.0.1' && e.port === 6379 && /towards/.test(e.label.en)));
  assert.ok(f?.evidence.some((e) => e.value === 110 && e.address === undefined && e.port === 8080 && /local port/.test(e.label.en)));
  // No evidence row is a single random ephemeral port.
  assert.ok(f?.evidence.every((e) => e.port === undefined || (typeof e.value === 'number' && e.value > 1)));
});
