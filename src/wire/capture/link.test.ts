import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../model/segment.js';
import { buildEthernet, buildIpv4, buildIpv6, buildNull, buildSll, buildSll2, buildTcp } from './capture-builders.test.helper.js';
import { decodeFrame } from './decode-frame.js';
import { FrameContext } from './frame-context.js';
import { LINKTYPE } from './link.js';

function decode(linkType: number, frame: Uint8Array): CaptureRecord {
  const ctx = new FrameContext();
  ctx.frame = 1;
  ctx.capturedLength = ctx.originalLength = frame.length;
  return decodeFrame(ctx, linkType, frame, new DataView(frame.buffer, frame.byteOffset, frame.byteLength), 0, frame.length);
}

const v4 = buildIpv4('192.0.2.1', '192.0.2.2', 6, buildTcp({ srcPort: 1111, dstPort: 2222 }));
const v6 = buildIpv6('2001:db8::1', '2001:db8::2', 6, buildTcp({ srcPort: 3333, dstPort: 4444 }));

function endpoints(record: CaptureRecord): string {
  if (record.kind !== 'tcp') return `${record.kind}:${record.kind === 'unparsed' ? record.reason : ''}`;
  const s = record.segment;
  return `${s.src}.${s.srcPort}>${s.dst}.${s.dstPort}${s.direction === undefined ? '' : ` ${s.direction}`}`;
}

test('Ethernet II, 802.1Q and stacked 802.1ad tags reach the IP header', () => {
  assert.equal(endpoints(decode(LINKTYPE.ETHERNET, buildEthernet(0x0800, v4))), '192.0.2.1.1111>192.0.2.2.2222');
  assert.equal(endpoints(decode(LINKTYPE.ETHERNET, buildEthernet(0x86dd, v6, [0x8100]))), '2001:db8::1.3333>2001:db8::2.4444');
  assert.equal(endpoints(decode(LINKTYPE.ETHERNET, buildEthernet(0x0800, v4, [0x88a8, 0x8100]))), '192.0.2.1.1111>192.0.2.2.2222');
  assert.deepEqual(decode(LINKTYPE.ETHERNET, buildEthernet(0x0806, new Uint8Array(28))), { kind: 'other', frame: 1, time: 0, protocol: 'arp' });
  assert.equal(endpoints(decode(LINKTYPE.ETHERNET, buildEthernet(0x0800, v4, [0x8100]).subarray(0, 16))), 'unparsed:truncated link-layer header');
});

test('Ethernet padding after a short IP packet is not payload', () => {
  const frame = new Uint8Array(buildEthernet(0x0800, v4).length + 6);
  frame.set(buildEthernet(0x0800, v4));
  const record = decode(LINKTYPE.ETHERNET, frame);
  assert.equal(record.kind === 'tcp' ? record.segment.payloadLength : -1, 0);
});

test('LINUX_SLL and LINUX_SLL2 give the protocol and the direction', () => {
  assert.equal(endpoints(decode(LINKTYPE.LINUX_SLL, buildSll(0x0800, v4, 4))), '192.0.2.1.1111>192.0.2.2.2222 out');
  assert.equal(endpoints(decode(LINKTYPE.LINUX_SLL, buildSll(0x86dd, v6, 0))), '2001:db8::1.3333>2001:db8::2.4444 in');
  assert.equal(endpoints(decode(LINKTYPE.LINUX_SLL2, buildSll2(0x0800, v4, 0))), '192.0.2.1.1111>192.0.2.2.2222 in');
  assert.equal(endpoints(decode(LINKTYPE.LINUX_SLL2, buildSll2(0x86dd, v6, 4))), '2001:db8::1.3333>2001:db8::2.4444 out');
});

test('NULL in either host byte order, LOOP big-endian, RAW and direct IPv4/IPv6', () => {
  assert.equal(endpoints(decode(LINKTYPE.NULL, buildNull(2, v4, true))), '192.0.2.1.1111>192.0.2.2.2222');
  assert.equal(endpoints(decode(LINKTYPE.NULL, buildNull(2, v4, false))), '192.0.2.1.1111>192.0.2.2.2222');
  assert.equal(endpoints(decode(LINKTYPE.NULL, buildNull(30, v6, true))), '2001:db8::1.3333>2001:db8::2.4444');
  assert.equal(endpoints(decode(LINKTYPE.LOOP, buildNull(24, v6, false))), '2001:db8::1.3333>2001:db8::2.4444');
  assert.equal(endpoints(decode(LINKTYPE.RAW, v4)), '192.0.2.1.1111>192.0.2.2.2222');
  assert.equal(endpoints(decode(LINKTYPE.RAW, v6)), '2001:db8::1.3333>2001:db8::2.4444');
  assert.equal(endpoints(decode(LINKTYPE.IPV4, v4)), '192.0.2.1.1111>192.0.2.2.2222');
  assert.equal(endpoints(decode(LINKTYPE.IPV6, v6)), '2001:db8::1.3333>2001:db8::2.4444');
});

test('an unknown link type is unparsed with its number', () => {
  assert.equal(endpoints(decode(147, v4)), 'unparsed:unsupported link type 147');
});
