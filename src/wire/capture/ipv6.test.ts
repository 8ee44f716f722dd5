import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../model/segment.js';
import { buildIpv4, buildIpv6, buildTcp } from './capture-builders.test.helper.js';
import { decodeFrame } from './decode-frame.js';
import { FrameContext } from './frame-context.js';
import { LINKTYPE } from './link.js';

function decode(packet: Uint8Array, linkType: number = LINKTYPE.RAW): CaptureRecord {
  const ctx = new FrameContext();
  ctx.capturedLength = ctx.originalLength = packet.length;
  return decodeFrame(ctx, linkType, packet, new DataView(packet.buffer, packet.byteOffset, packet.byteLength), 0, packet.length);
}

const tcp = buildTcp({ srcPort: 5000, dstPort: 443, payload: 100 });

test('hop-by-hop, routing, destination options and a first fragment are walked to TCP (RFC 8200 4)', () => {
  const packet = buildIpv6('fe80::1', 'fe80::2', 6, tcp, { hopLimit: 255, extensions: [{ type: 0 }, { type: 43 }, { type: 60 }, { type: 44, fragmentOffset: 0 }] });
  const record = decode(packet);
  assert.equal(record.kind, 'tcp');
  if (record.kind !== 'tcp') return;
  assert.equal(record.segment.payloadLength, 100);
  assert.equal(record.segment.ttl, 255);
  assert.equal(record.segment.dstPort, 443);
  assert.equal(record.segment.src, 'fe80::1');
});

test('fragments after the first are not TCP', () => {
  const packet = buildIpv6('fe80::1', 'fe80::2', 6, tcp, { extensions: [{ type: 44, fragmentOffset: 185 }] });
  assert.deepEqual(decode(packet), { kind: 'other', frame: 0, time: 0, protocol: 'ipv6-fragment' });
  const v4 = buildIpv4('10.0.0.1', '10.0.0.2', 6, tcp, { fragmentOffset: 185 });
  assert.deepEqual(decode(v4), { kind: 'other', frame: 0, time: 0, protocol: 'ipv4-fragment' });
});

test('an IPv4 first fragment (MF set, offset 0) still carries the TCP header', () => {
  assert.equal(decode(buildIpv4('10.0.0.1', '10.0.0.2', 6, tcp, { moreFragments: true })).kind, 'tcp');
});

test('truncated extension chains and wrong versions are unparsed', () => {
  const packet = buildIpv6('fe80::1', 'fe80::2', 6, tcp, { extensions: [{ type: 0 }] });
  assert.equal(decode(packet.subarray(0, 44), LINKTYPE.IPV6).kind, 'unparsed');
  assert.equal(decode(buildIpv4('10.0.0.1', '10.0.0.2', 6, tcp), LINKTYPE.IPV6).kind, 'unparsed');
  assert.equal(decode(packet, LINKTYPE.IPV4).kind, 'unparsed');
});

test('UDP and other next headers are counted as other protocols', () => {
  assert.deepEqual(decode(buildIpv6('::1', '::1', 17, new Uint8Array(8))), { kind: 'other', frame: 0, time: 0, protocol: 'udp' });
  assert.deepEqual(decode(buildIpv4('10.0.0.1', '10.0.0.2', 47, new Uint8Array(8))), { kind: 'other', frame: 0, time: 0, protocol: 'ip-proto-47' });
});

test('a zero payload length (offload super-packet) takes the length from the frame', () => {
  const packet = buildIpv6('::1', '::1', 6, tcp, { payloadLength: 0 });
  const record = decode(packet);
  assert.equal(record.kind === 'tcp' ? record.segment.payloadLength : -1, 100);
});
