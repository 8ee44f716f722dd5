// decodeInetDiagCoreInto must agree with the full decoder on every fixed-part field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeInetDiagCoreInto, decodeInetDiagMessage } from './inet-diag-msg.js';
import { buildDiagPayload } from './diag-builder.test.helper.js';
import { makeSocketRecord } from '../../model/socket.js';
import { parseIp } from '../ip-address.js';

const cases = [
  { family: 2, state: 1, sport: 443, dport: 50000, src: parseIp('10.0.0.1')!.bytes, dst: parseIp('10.0.0.2')!.bytes, rqueue: 5, wqueue: 7, uid: 1000, inode: 4242, ifindex: 3 },
  { family: 10, state: 10, sport: 80, dport: 0, src: parseIp('::')!.bytes, dst: parseIp('::')!.bytes, rqueue: 1, wqueue: 511, inode: 9 },
  { family: 10, state: 8, sport: 8080, dport: 40000, src: parseIp('::ffff:127.0.0.1')!.bytes, dst: parseIp('2001:db8::7')!.bytes },
];

test('core decode into a reused record equals the full decode', () => {
  const scratch = makeSocketRecord({ family: 4, state: 'CLOSE', local: { address: '', port: 0 }, remote: { address: '', port: 0 } });
  const local = scratch.local;
  for (const fields of cases) {
    const payload = buildDiagPayload(fields);
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    const full = decodeInetDiagMessage(view, 0, payload.length);
    assert.ok(full !== null);
    assert.equal(decodeInetDiagCoreInto(view, 0, payload.length, scratch), true);
    assert.equal(scratch.local, local, 'nested objects are reused, not replaced');
    for (const key of ['family', 'state', 'recvQ', 'sendQ', 'uid', 'inode', 'interfaceIndex'] as const) assert.equal(scratch[key], full[key], key);
    assert.deepEqual(scratch.local, full.local);
    assert.deepEqual(scratch.remote, full.remote);
  }
});

test('core decode rejects what the full decoder rejects', () => {
  const scratch = makeSocketRecord({ family: 4, state: 'CLOSE', local: { address: '', port: 0 }, remote: { address: '', port: 0 } });
  const bad = [
    buildDiagPayload({ ...cases[0]!, family: 7 }),
    buildDiagPayload({ ...cases[0]!, state: 12 }),
    buildDiagPayload(cases[0]!).subarray(0, 60),
  ];
  for (const payload of bad) {
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    assert.equal(decodeInetDiagMessage(view, 0, payload.length), null);
    assert.equal(decodeInetDiagCoreInto(view, 0, payload.length, scratch), false);
  }
});
