import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../model/segment.js';
import { buildIpv4, buildIpv6, buildTcp, ByteWriter, concatBytes } from './capture-builders.test.helper.js';
import { decodeFrame } from './decode-frame.js';
import { FrameContext } from './frame-context.js';
import { LINKTYPE } from './link.js';

function decode(packet: Uint8Array): CaptureRecord {
  const ctx = new FrameContext();
  ctx.frame = 3;
  ctx.time = 9;
  ctx.capturedLength = ctx.originalLength = packet.length;
  return decodeFrame(ctx, LINKTYPE.RAW, packet, new DataView(packet.buffer, packet.byteOffset, packet.byteLength), 0, packet.length);
}

// ICMP header (RFC 792): type, code, checksum, 4 type-specific bytes, then the quoted datagram.
function icmp(type: number, code: number, rest: number, quoted: Uint8Array): Uint8Array {
  return concatBytes([new ByteWriter().u8(type).u8(code).u16(0).u32(rest).build(), quoted]);
}

const original4 = buildIpv4('10.0.0.1', '10.0.0.9', 6, buildTcp({ srcPort: 40001, dstPort: 9000, seq: 0xdeadbeef })).subarray(0, 28);

test('ICMP port unreachable quoting a TCP header gives the 4-tuple and seq', () => {
  const record = decode(buildIpv4('10.0.0.9', '10.0.0.1', 1, icmp(3, 3, 0, original4)));
  assert.deepEqual(record, {
    kind: 'icmp',
    error: { frame: 3, time: 9, family: 4, reporter: '10.0.0.9', type: 3, code: 3, quoted: { src: '10.0.0.1', dst: '10.0.0.9', srcPort: 40001, dstPort: 9000, seq: 0xdeadbeef }, mtu: null },
  });
});

test('fragmentation needed carries the next-hop MTU (RFC 1191)', () => {
  const record = decode(buildIpv4('10.0.0.254', '10.0.0.1', 1, icmp(3, 4, 1400, original4)));
  assert.equal(record.kind === 'icmp' ? record.error.mtu : -1, 1400);
  assert.equal(record.kind === 'icmp' ? record.error.reporter : '', '10.0.0.254');
});

test('ICMP errors quoting only the ports still name the connection, seq unknown', () => {
  const record = decode(buildIpv4('10.0.0.9', '10.0.0.1', 1, icmp(11, 0, 0, original4.subarray(0, 24))));
  assert.equal(record.kind === 'icmp' ? record.error.quoted.seq : 1, null);
});

test('echo and errors quoting UDP are other ICMP', () => {
  assert.deepEqual(decode(buildIpv4('10.0.0.9', '10.0.0.1', 1, icmp(0, 0, 0, new Uint8Array(8)))), { kind: 'other', frame: 3, time: 9, protocol: 'icmp' });
  const udp = buildIpv4('10.0.0.1', '10.0.0.9', 17, new Uint8Array(8));
  assert.equal(decode(buildIpv4('10.0.0.9', '10.0.0.1', 1, icmp(3, 3, 0, udp))).kind, 'other');
});

test('ICMPv6 packet too big and port unreachable (RFC 4443) quote the TCP 4-tuple', () => {
  const original6 = buildIpv6('2001:db8::1', '2001:db8::9', 6, buildTcp({ srcPort: 50000, dstPort: 443, seq: 77 }), { extensions: [{ type: 60 }] });
  const tooBig = decode(buildIpv6('2001:db8::fe', '2001:db8::1', 58, icmp(2, 0, 1280, original6)));
  assert.deepEqual(tooBig, {
    kind: 'icmp',
    error: { frame: 3, time: 9, family: 6, reporter: '2001:db8::fe', type: 2, code: 0, quoted: { src: '2001:db8::1', dst: '2001:db8::9', srcPort: 50000, dstPort: 443, seq: 77 }, mtu: 1280 },
  });
  const unreachable = decode(buildIpv6('2001:db8::9', '2001:db8::1', 58, icmp(1, 4, 0, original6)));
  assert.equal(unreachable.kind === 'icmp' ? `${unreachable.error.type}/${unreachable.error.code}/${unreachable.error.mtu}` : '', '1/4/null');
  assert.deepEqual(decode(buildIpv6('::1', '::1', 58, icmp(128, 0, 0, new Uint8Array(4)))), { kind: 'other', frame: 3, time: 9, protocol: 'icmpv6' });
});
