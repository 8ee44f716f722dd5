import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stepEndpoint, type EndpointState } from './state-machine.js';
import { TCP_FLAGS } from '../model/segment.js';

const { FIN, SYN, RST, ACK, PSH } = TCP_FLAGS;

// Runs a list of events from a starting state and returns every state visited.
function run(start: EndpointState, events: [dir: 'send' | 'recv', flags: number, acksOurFin?: boolean][]): EndpointState[] {
  const states: EndpointState[] = [start];
  let s = start;
  for (const [direction, flags, acksOurFin] of events) {
    s = stepEndpoint(s, { direction, flags, acksOurFin: acksOurFin ?? false });
    states.push(s);
  }
  return states;
}

test('active open and active close: client goes through TIME_WAIT', () => {
  assert.deepEqual(
    run('CLOSED', [['send', SYN], ['recv', SYN | ACK], ['send', ACK], ['send', FIN | ACK], ['recv', ACK, true], ['recv', FIN | ACK, true], ['send', ACK]]),
    ['CLOSED', 'SYN_SENT', 'ESTABLISHED', 'ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'TIME_WAIT'],
  );
});

test('passive open and passive close: server goes through CLOSE_WAIT and LAST_ACK', () => {
  assert.deepEqual(
    run('LISTEN', [['recv', SYN], ['send', SYN | ACK], ['recv', ACK], ['recv', FIN | ACK], ['send', ACK], ['send', FIN | ACK], ['recv', ACK, true]]),
    ['LISTEN', 'LISTEN', 'SYN_RECV', 'ESTABLISHED', 'CLOSE_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED'],
  );
});

test('FIN and ACK of our FIN together go straight from FIN_WAIT1 to TIME_WAIT', () => {
  assert.deepEqual(run('ESTABLISHED', [['send', FIN | ACK], ['recv', FIN | ACK, true]]), ['ESTABLISHED', 'FIN_WAIT1', 'TIME_WAIT']);
});

test('simultaneous open: both sides pass through SYN_RECV', () => {
  assert.deepEqual(run('CLOSED', [['send', SYN], ['recv', SYN], ['send', SYN | ACK], ['recv', SYN | ACK]]), [
    'CLOSED',
    'SYN_SENT',
    'SYN_RECV',
    'SYN_RECV',
    'ESTABLISHED',
  ]);
});

test('simultaneous close: FINs cross, both sides go through CLOSING', () => {
  assert.deepEqual(run('ESTABLISHED', [['send', FIN | ACK], ['recv', FIN | ACK, false], ['send', ACK], ['recv', ACK, true]]), [
    'ESTABLISHED',
    'FIN_WAIT1',
    'CLOSING',
    'CLOSING',
    'TIME_WAIT',
  ]);
});

test('half-close: data still flows towards the side in FIN_WAIT2', () => {
  assert.deepEqual(run('ESTABLISHED', [['send', FIN | ACK], ['recv', ACK, true], ['recv', PSH | ACK], ['recv', PSH | ACK], ['recv', FIN | ACK, true]]), [
    'ESTABLISHED',
    'FIN_WAIT1',
    'FIN_WAIT2',
    'FIN_WAIT2',
    'FIN_WAIT2',
    'TIME_WAIT',
  ]);
  assert.deepEqual(run('ESTABLISHED', [['recv', FIN | ACK], ['send', PSH | ACK], ['send', FIN | ACK], ['recv', ACK, true]]), [
    'ESTABLISHED',
    'CLOSE_WAIT',
    'CLOSE_WAIT',
    'LAST_ACK',
    'CLOSED',
  ]);
});

test('a RST received or sent closes every connection state; a listener survives one', () => {
  const states: EndpointState[] = ['SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'CLOSE_WAIT', 'CLOSING', 'LAST_ACK', 'TIME_WAIT'];
  for (const s of states) {
    assert.equal(stepEndpoint(s, { direction: 'recv', flags: RST | ACK, acksOurFin: false }), 'CLOSED', `recv RST in ${s}`);
    assert.equal(stepEndpoint(s, { direction: 'send', flags: RST, acksOurFin: false }), 'CLOSED', `send RST in ${s}`);
  }
  assert.equal(stepEndpoint('LISTEN', { direction: 'recv', flags: RST, acksOurFin: false }), 'LISTEN');
});

test('refused: a listener-less endpoint answers a SYN with RST', () => {
  assert.deepEqual(run('CLOSED', [['recv', SYN], ['send', RST | ACK]]), ['CLOSED', 'LISTEN', 'CLOSED']);
  assert.deepEqual(run('CLOSED', [['send', SYN], ['recv', RST | ACK]]), ['CLOSED', 'SYN_SENT', 'CLOSED']);
});

test('retransmitted SYNs and FINs do not move the state', () => {
  assert.deepEqual(run('CLOSED', [['send', SYN], ['send', SYN], ['send', SYN]]), ['CLOSED', 'SYN_SENT', 'SYN_SENT', 'SYN_SENT']);
  assert.deepEqual(run('TIME_WAIT', [['recv', FIN | ACK, true], ['send', ACK]]), ['TIME_WAIT', 'TIME_WAIT', 'TIME_WAIT']);
  assert.equal(stepEndpoint('FIN_WAIT1', { direction: 'send', flags: FIN | ACK, acksOurFin: false }), 'FIN_WAIT1');
});

test('an ACK that does not cover our FIN leaves FIN_WAIT1, CLOSING and LAST_ACK alone', () => {
  for (const s of ['FIN_WAIT1', 'CLOSING', 'LAST_ACK'] as const) {
    assert.equal(stepEndpoint(s, { direction: 'recv', flags: ACK, acksOurFin: false }), s);
  }
});

test('closing before the handshake completes, and FIN straight from SYN_RECV', () => {
  assert.equal(stepEndpoint('SYN_SENT', { direction: 'send', flags: FIN, acksOurFin: false }), 'CLOSED');
  assert.equal(stepEndpoint('SYN_RECV', { direction: 'send', flags: FIN | ACK, acksOurFin: false }), 'FIN_WAIT1');
  assert.equal(stepEndpoint('SYN_RECV', { direction: 'recv', flags: FIN | ACK, acksOurFin: false }), 'CLOSE_WAIT');
});
