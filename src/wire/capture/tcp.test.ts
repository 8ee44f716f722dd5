import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TCP_FLAGS } from '../../model/segment.js';
import { buildIpv4, buildTcp, tcpOption } from './capture-builders.test.helper.js';
import { decodeFrame } from './decode-frame.js';
import { FrameContext } from './frame-context.js';
import { LINKTYPE } from './link.js';

function decodeIp(packet: Uint8Array, originalLength = packet.length) {
  const ctx = new FrameContext();
  ctx.frame = 7;
  ctx.time = 1.5;
  ctx.capturedLength = packet.length;
  ctx.originalLength = originalLength;
  return decodeFrame(ctx, LINKTYPE.IPV4, packet, new DataView(packet.buffer, packet.byteOffset, packet.byteLength), 0, packet.length);
}

test('TCP header fields and every supported option decode (RFC 9293, 7323, 2018)', () => {
  const options = [
    ...tcpOption.mss(1460),
    ...tcpOption.sackPermitted(),
    ...tcpOption.timestamps(123456, 654321),
    ...tcpOption.nop(),
    ...tcpOption.wscale(7),
    ...tcpOption.nop(),
    ...tcpOption.nop(),
    ...tcpOption.sack([
      [5000, 6000],
      [7000, 8000],
    ]),
  ];
  const tcp = buildTcp({ srcPort: 43210, dstPort: 9000, seq: 0xfffffff0, ack: 0x80000001, flags: TCP_FLAGS.SYN | TCP_FLAGS.ACK, window: 512, options, payload: 10 });
  const record = decodeIp(buildIpv4('10.0.0.1', '10.0.0.2', 6, tcp, { ttl: 63 }));
  assert.equal(record.kind, 'tcp');
  if (record.kind !== 'tcp') return;
  assert.deepEqual(record.segment, {
    frame: 7,
    time: 1.5,
    family: 4,
    src: '10.0.0.1',
    dst: '10.0.0.2',
    srcPort: 43210,
    dstPort: 9000,
    seq: 0xfffffff0,
    ack: 0x80000001,
    flags: TCP_FLAGS.SYN | TCP_FLAGS.ACK,
    window: 512,
    payloadLength: 10,
    options: { mss: 1460, sackPermitted: true, tsVal: 123456, tsEcr: 654321, windowScale: 7, sack: [[5000, 6000], [7000, 8000]] },
    frameLength: 20 + tcp.length,
    ttl: 63,
    interface: null,
  });
});

test('payload length comes from the IP total length when the capture cut the packet short', () => {
  const packet = buildIpv4('10.0.0.1', '10.0.0.2', 6, buildTcp({ payload: 1000 }));
  const snapped = packet.subarray(0, 60);
  const record = decodeIp(snapped, packet.length);
  assert.equal(record.kind, 'tcp');
  if (record.kind === 'tcp') {
    assert.equal(record.segment.payloadLength, 1000);
    assert.equal(record.segment.frameLength, packet.length);
  }
});

test('options cut by the snapshot length decode as far as they go', () => {
  const tcp = buildTcp({ options: [...tcpOption.mss(1400), ...tcpOption.timestamps(1, 2)] });
  const packet = buildIpv4('10.0.0.1', '10.0.0.2', 6, tcp);
  const record = decodeIp(packet.subarray(0, 20 + 20 + 4 + 5), packet.length);
  assert.equal(record.kind, 'tcp');
  if (record.kind === 'tcp') assert.deepEqual(record.segment.options, { mss: 1400 });
});

test('malformed TCP headers become unparsed records', () => {
  const tcp = buildTcp();
  tcp[12] = 0x30; // data offset 3 words < 5
  assert.deepEqual(decodeIp(buildIpv4('1.1.1.1', '2.2.2.2', 6, tcp)), { kind: 'unparsed', frame: 7, reason: 'bad TCP header length' });
  const short = buildIpv4('1.1.1.1', '2.2.2.2', 6, buildTcp()).subarray(0, 30);
  assert.equal(decodeIp(short, 40).kind, 'unparsed');
  const long = buildTcp({ options: [...tcpOption.mss(1)] });
  assert.equal(decodeIp(buildIpv4('1.1.1.1', '2.2.2.2', 6, long, { totalLength: 40 })).kind, 'unparsed');
});

test('a zero SACK option length or garbage option stops option parsing without throwing', () => {
  const record = decodeIp(buildIpv4('1.1.1.1', '2.2.2.2', 6, buildTcp({ options: [...tcpOption.mss(1200), 99, 0, 0, 0] })));
  assert.equal(record.kind, 'tcp');
  if (record.kind === 'tcp') assert.deepEqual(record.segment.options, { mss: 1200 });
});
