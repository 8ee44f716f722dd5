import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnoseConnection, type DiagnosisFacts } from './diagnose.js';
import type { ConnectionSummary } from './summary.js';
import type { ConnState } from './zeek.js';
import { findEntry } from '../../knowledge/index.js';

const facts: DiagnosisFacts = { clientSynTimes: { first: 0, last: 3 }, lastClientDataTime: 1, serverLastDataTime: -1, serverRstTime: 1.002, clientRstTime: -1, serverAnsweredSyn: true };

function summary(outcome: ConnState, more: Partial<ConnectionSummary> = {}): ConnectionSummary {
  return {
    id: 1, family: 4, client: { address: '10.0.0.1', port: 40000 }, server: { address: '10.0.0.2', port: 80 }, roleInferred: false,
    outcome, history: '', completeness: 0, firstFrame: 1, packets: { toServer: 1, toClient: 1 }, bytes: { toServer: 0, toClient: 0 },
    frameBytes: { toServer: 0, toClient: 0 }, start: 0, end: 1, duration: 1, rtt: null, synAttempts: 3,
    states: { client: [], server: [] }, closedBy: 'client', closeKind: 'fin', flags: {}, zeroWindow: { client: 0, server: 0 }, icmp: [], diagnosis: [],
    ...more,
  };
}

test('every outcome has a main diagnosis, and every explain id names a real tcpdoc explain entry', () => {
  const outcomes: ConnState[] = ['S0', 'S1', 'SF', 'REJ', 'S2', 'S3', 'RSTO', 'RSTR', 'RSTOS0', 'RSTRH', 'SH', 'SHR', 'OTH'];
  const ids = new Set<string>();
  for (const o of outcomes) {
    const d = diagnoseConnection(summary(o), facts);
    assert.ok(d.length >= 1 && d[0]!.text.length > 10, o);
    for (const x of d) for (const id of x.explain) ids.add(id);
  }
  const icmp: [4 | 6, number, number][] = [[4, 3, 3], [4, 3, 1], [4, 3, 0], [4, 3, 13], [4, 3, 4], [4, 11, 0], [6, 1, 4], [6, 1, 3], [6, 1, 1], [6, 2, 0]];
  for (const [family, type, code] of icmp) {
    const d = diagnoseConnection(summary('S0', { icmp: [{ time: 0, frame: 2, reporter: '10.0.0.2', type, code, family, mtu: 1400 }] }), { ...facts, serverAnsweredSyn: false });
    assert.match(d[0]!.text, /^ICMP/);
    for (const id of d[0]!.explain) ids.add(id);
  }
  for (const id of ids) assert.ok(findEntry(id) !== undefined, `explain entry ${id} exists`);
  assert.ok(ids.has('errno:ECONNREFUSED') && ids.has('state:TIME_WAIT') && ids.has('icmp:3/3'));
});

test('diagnosis texts for the common stories', () => {
  assert.equal(diagnoseConnection(summary('S0'), facts)[0]!.text, 'SYN never answered (3 tries over 3 s): filtered or host down');
  assert.equal(diagnoseConnection(summary('S0', { synAttempts: 1 }), facts)[0]!.text, 'SYN never answered (1 try): filtered or host down');
  assert.equal(diagnoseConnection(summary('RSTR'), facts)[0]!.text, 'server reset the connection 2.0 ms after the request, without answering it (the client sees ECONNRESET)');
  assert.equal(diagnoseConnection(summary('RSTR'), { ...facts, serverLastDataTime: 1.001 })[0]!.text, 'server reset the connection (the client sees ECONNRESET)');
  assert.equal(diagnoseConnection(summary('SF', { closedBy: 'server' }), facts)[0]!.text, 'normal close: the server closed first and keeps TIME_WAIT');
  const stalled = diagnoseConnection(summary('SF', { zeroWindow: { client: 0, server: 4.2 } }), facts);
  assert.ok(stalled.some((d) => d.text === "receiver's window stayed at zero for 4.2 s: the server application stopped reading"));
  const lossy = diagnoseConnection(summary('SF', { flags: { retransmission: 2, fastRetransmission: 1 } }), facts);
  assert.ok(lossy.some((d) => d.text === '3 retransmissions (1 fast): segments were lost or delayed on the path'));
  const mtu = diagnoseConnection(summary('S1', { icmp: [{ time: 0, frame: 2, reporter: '192.0.2.1', type: 3, code: 4, family: 4, mtu: 1400 }] }), facts);
  assert.ok(mtu.some((d) => d.text === 'ICMP fragmentation needed from 192.0.2.1: path MTU 1400'));
});
