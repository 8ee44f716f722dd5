import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeInetDiagMessage, formatCookie, formatIpv6At } from './inet-diag-msg.js';
import { formatIpv6, parseIp } from '../ip-address.js';
import { buildDiagPayload, buildTcpInfo, buildU32s } from './diag-builder.test.helper.js';

const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const ip = (text: string) => {
  const parsed = parseIp(text);
  if (parsed === null) throw new Error(text);
  return parsed.bytes;
};
const decode = (payload: Uint8Array) => decodeInetDiagMessage(viewOf(payload), 0, payload.length);

test('decodes an IPv4 ESTABLISHED socket with its attributes', () => {
  const payload = buildDiagPayload(
    {
      family: 2, state: 1, timer: 1, retrans: 2, sport: 8080, dport: 51234,
      src: ip('127.0.0.1'), dst: ip('10.1.2.3'), ifindex: 3, cookie: [0x1234, 0],
      expires: 199, rqueue: 5, wqueue: 77, uid: 1000, inode: 424242,
    },
    [
      { type: 2, payload: buildTcpInfo(232, { 0: 1, 68: 1500, 80: 10 }) },
      { type: 7, payload: buildU32s([1, 2, 3, 4, 5, 6, 7, 8, 9]) },
      { type: 4, payload: new TextEncoder().encode('cubic\0') },
      { type: 8, payload: new Uint8Array([2]) },
      { type: 99, payload: new Uint8Array([1, 2, 3]) },
      { type: 21, payload: new Uint8Array(8) },
    ],
  );
  const record = decode(payload);
  assert.ok(record);
  assert.equal(record.family, 4);
  assert.equal(record.state, 'ESTABLISHED');
  assert.deepEqual(record.local, { address: '127.0.0.1', port: 8080 });
  assert.deepEqual(record.remote, { address: '10.1.2.3', port: 51234 });
  assert.deepEqual(record.timer, { kind: 'on', expiresMs: 199, retransmits: 2 });
  assert.deepEqual([record.recvQ, record.sendQ, record.uid, record.inode, record.interfaceIndex], [5, 77, 1000, 424242, 3]);
  assert.equal(record.cookie, String(0x1234));
  assert.equal(record.tcpInfo?.rttUs, 1500);
  assert.equal(record.tcpInfo?.sndCwnd, 10);
  assert.equal(record.tcpInfo?.length, 232);
  assert.deepEqual(record.memory, { rmemAlloc: 1, rcvBuf: 2, wmemAlloc: 3, sndBuf: 4, fwdAlloc: 5, wmemQueued: 6, optMem: 7, backlog: 8, drops: 9 });
  assert.equal(record.congestion, 'cubic');
  assert.equal(record.shutdown, 2);
  assert.equal(record.process, null);
  assert.deepEqual(record.processes, []);
});

test('decodes IPv6 and IPv4-mapped addresses, TIME_WAIT and LISTEN entries', () => {
  const v6 = decode(buildDiagPayload({ family: 10, state: 10, sport: 443, dport: 0, src: ip('2001:db8::1'), dst: ip('::'), rqueue: 3, wqueue: 128 }));
  assert.equal(v6?.family, 6);
  assert.equal(v6?.state, 'LISTEN');
  assert.deepEqual(v6?.local, { address: '2001:db8::1', port: 443 });
  assert.deepEqual(v6?.remote, { address: '::', port: 0 });
  assert.deepEqual([v6?.recvQ, v6?.sendQ], [3, 128]);
  assert.equal(v6?.timer, null);
  assert.equal(v6?.tcpInfo, null);
  const mapped = decode(buildDiagPayload({ family: 10, state: 6, timer: 3, expires: 59000, sport: 1, dport: 2, src: ip('::ffff:127.0.0.1'), dst: ip('::ffff:192.0.2.9') }));
  assert.equal(mapped?.family, 6);
  assert.equal(mapped?.state, 'TIME_WAIT');
  assert.equal(mapped?.local.address, '127.0.0.1');
  assert.equal(mapped?.remote.address, '192.0.2.9');
  assert.deepEqual(mapped?.timer, { kind: 'timewait', expiresMs: 59000, retransmits: 0 });
  const odd = decode(buildDiagPayload({ family: 2, state: 1, timer: 9, sport: 1, dport: 2, src: ip('1.2.3.4'), dst: ip('5.6.7.8') }));
  assert.equal(odd?.timer?.kind, 'unknown');
});

test('short tcp_info, short meminfo and malformed attributes degrade without throwing', () => {
  const fields = { family: 2, state: 1, sport: 1, dport: 2, src: ip('1.2.3.4'), dst: ip('5.6.7.8') };
  const shortInfo = decode(buildDiagPayload(fields, [{ type: 2, payload: buildTcpInfo(104, { 80: 7 }) }, { type: 7, payload: buildU32s([1, 2, 3, 4, 5, 6, 7, 8]) }]));
  assert.equal(shortInfo?.tcpInfo?.sndCwnd, 7);
  assert.equal(shortInfo?.tcpInfo?.pacingRate, undefined);
  assert.equal(shortInfo?.memory?.drops, 0);
  const tooShort = decode(buildDiagPayload(fields, [{ type: 2, payload: new Uint8Array(50) }, { type: 7, payload: buildU32s([1]) }]));
  assert.equal(tooShort?.tcpInfo, null);
  assert.equal(tooShort?.memory, null);
  // An attribute whose length runs past the message: the fixed part still decodes.
  const payload = buildDiagPayload(fields, [{ type: 4, payload: new TextEncoder().encode('reno\0') }, { type: 8, payload: new Uint8Array([1]) }]);
  new DataView(payload.buffer).setUint16(72, 200, true);
  const broken = decode(payload);
  assert.equal(broken?.state, 'ESTABLISHED');
  assert.equal(broken?.congestion, null);
});

test('unknown family or state and short payloads are null', () => {
  const base = { family: 2, state: 1, sport: 1, dport: 2, src: ip('1.2.3.4'), dst: ip('5.6.7.8') };
  assert.equal(decode(buildDiagPayload({ ...base, family: 1 })), null);
  assert.equal(decode(buildDiagPayload({ ...base, state: 0 })), null);
  assert.equal(decode(buildDiagPayload({ ...base, state: 12 })), null);
  assert.equal(decode(buildDiagPayload(base).subarray(0, 71)), null);
  // Decoding at an offset inside a bigger buffer.
  const inner = buildDiagPayload(base, [{ type: 8, payload: new Uint8Array([3]) }]);
  const outer = new Uint8Array(inner.length + 20);
  outer.set(inner, 16);
  assert.equal(decodeInetDiagMessage(viewOf(outer), 16, 16 + inner.length)?.shutdown, 3);
});

test('cookies print as unsigned 64-bit decimals', () => {
  assert.equal(formatCookie(5, 0), '5');
  assert.equal(formatCookie(0xffffffff, 0x1fffff), String(2 ** 53 - 1));
  assert.equal(formatCookie(0xffffffff, 0xffffffff), '18446744073709551615');
  assert.equal(formatCookie(0, 0x200000), String(2n ** 53n));
});

test('formatIpv6At matches the shared RFC 5952 formatter', () => {
  const cases = ['::', '::1', '1::', '2001:db8::1', '2001:db8:0:0:1:0:0:1', '2001:0:0:1:0:0:0:1', 'fe80::1:2:3:4', '1:2:3:4:5:6:7:8', '1:0:3:4:5:6:7:8', '::ffff:1.2.3.4', '::1.2.3.4', '64:ff9b::c000:221'];
  for (const text of cases) {
    const bytes = ip(text);
    assert.equal(formatIpv6At(viewOf(bytes), 0), formatIpv6(bytes), text);
  }
  // Pseudo-random words drawn mostly from 0 so zero runs of every length appear.
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let n = 0; n < 5000; n++) {
    const bytes = new Uint8Array(16);
    for (let w = 0; w < 8; w++) {
      if (next() % 3 === 0) {
        bytes[2 * w] = next() & 0xff;
        bytes[2 * w + 1] = next() & 0xff;
      }
    }
    assert.equal(formatIpv6At(viewOf(bytes), 0), formatIpv6(bytes));
  }
});
