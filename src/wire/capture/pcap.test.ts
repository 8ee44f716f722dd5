import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../model/segment.js';
import { buildEthernet, buildIpv4, buildIpv6, buildPcap, buildSll2, buildTcp, collectSink, feedInChunks, tcpOption, type PcapRecord } from './capture-builders.test.helper.js';
import { PcapReader } from './pcap.js';
import { LINKTYPE } from './link.js';

function sampleRecords(): PcapRecord[] {
  return [1, 2, 3].map((i) => ({
    seconds: 1700000000 + i,
    fraction: 250000 * i,
    data: buildEthernet(0x0800, buildIpv4('10.0.0.1', '10.0.0.2', 6, buildTcp({ seq: 100 * i, payload: 10 * i }))),
  }));
}

function read(bytes: Uint8Array, chunk = bytes.length) {
  const sink = collectSink();
  const reader = new PcapReader(sink);
  feedInChunks(reader, bytes, Math.max(1, chunk));
  return { sink, reader };
}

test('little- and big-endian microsecond files decode the same records', () => {
  for (const littleEndian of [true, false]) {
    const { sink, reader } = read(buildPcap(sampleRecords(), { littleEndian }));
    assert.equal(reader.header?.littleEndian, littleEndian);
    assert.deepEqual(
      sink.records.map((r) => (r.kind === 'tcp' ? [r.segment.frame, r.segment.time, r.segment.seq, r.segment.payloadLength] : r.kind)),
      [
        [1, 1700000001.25, 100, 10],
        [2, 1700000002.5, 200, 20],
        [3, 1700000003.75, 300, 30],
      ],
    );
    assert.deepEqual(sink.notes, []);
  }
});

test('nanosecond files (magic A1B23C4D) scale the fraction by 1e9', () => {
  const records = sampleRecords().map((r) => ({ ...r, fraction: 123456789 }));
  for (const littleEndian of [true, false]) {
    const { sink, reader } = read(buildPcap(records, { littleEndian, nanoseconds: true }));
    assert.equal(reader.header?.nanoseconds, true);
    const first = sink.records[0];
    assert.equal(first?.kind === 'tcp' ? first.segment.time : 0, 1700000001 + 0.123456789);
  }
});

test('every chunk size from 1 byte up gives the same records', () => {
  const bytes = buildPcap(sampleRecords());
  const whole = read(bytes).sink.records;
  for (let size = 1; size <= bytes.length; size++) assert.deepEqual(read(bytes, size).sink.records, whole, `chunk size ${size}`);
  // And every two-piece split point.
  for (let at = 0; at <= bytes.length; at++) {
    const sink = collectSink();
    const reader = new PcapReader(sink);
    reader.push(bytes.subarray(0, at));
    reader.push(bytes.subarray(at));
    reader.end();
    assert.deepEqual(sink.records, whole, `split at ${at}`);
  }
});

test('snaplen-truncated packets keep the wire lengths and are noted once', () => {
  const data = buildEthernet(0x0800, buildIpv4('10.0.0.1', '10.0.0.2', 6, buildTcp({ payload: 1400 })));
  const bytes = buildPcap([{ seconds: 1, fraction: 0, data: data.subarray(0, 68), originalLength: data.length }], { snaplen: 68 });
  const { sink } = read(bytes);
  const record = sink.records[0];
  assert.equal(record?.kind === 'tcp' ? record.segment.payloadLength : -1, 1400);
  assert.equal(record?.kind === 'tcp' ? record.segment.frameLength : -1, data.length);
  assert.equal(sink.notes.length, 1);
  assert.equal(sink.notes[0]?.kind, 'truncated');
});

test('wrong magic is a format note and nothing else', () => {
  const bytes = buildPcap(sampleRecords());
  bytes[0] = 0x00;
  const { sink, reader } = read(bytes);
  assert.deepEqual(sink.records, []);
  assert.match(reader.fatal ?? '', /not a pcap file/);
  assert.equal(sink.notes[0]?.kind, 'format');
});

test('a record claiming a huge length is rejected without buffering it', () => {
  const bytes = buildPcap(sampleRecords());
  // Second record's incl_len (little-endian) at 24 + first record size + 8.
  const second = 24 + 16 + (sampleRecords()[0]?.data.length ?? 0);
  new DataView(bytes.buffer).setUint32(second + 8, 0x7fffffff, true);
  const { sink, reader } = read(bytes, 7);
  assert.equal(sink.records.length, 2);
  assert.equal(sink.records[0]?.kind, 'tcp');
  assert.equal(sink.records[1]?.kind, 'unparsed');
  assert.match(reader.fatal ?? '', /claims 2147483647 captured bytes/);
});

test('a file cut in the middle of a record says so', () => {
  const bytes = buildPcap(sampleRecords());
  const { sink } = read(bytes.subarray(0, bytes.length - 5));
  assert.equal(sink.records.length, 2);
  assert.match(sink.notes.map((n) => n.message).join(), /ends in the middle of a packet/);
});

test('link type with FCS bits: the FCS length is taken off the frame end', () => {
  const frame = buildSll2(0x0800, buildIpv4('10.0.0.1', '10.0.0.2', 6, buildTcp()), 4);
  const withFcs = new Uint8Array(frame.length + 4);
  withFcs.set(frame);
  // Bit 26 set, FCS length 2 (x 16 bits) in bits 28-31.
  const bytes = buildPcap([{ seconds: 0, fraction: 0, data: withFcs }], { linkType: LINKTYPE.LINUX_SLL2 | 0x04000000 | (2 << 28) });
  const { sink, reader } = read(bytes);
  assert.equal(reader.header?.fcsLength, 4);
  assert.equal(reader.header?.linkType, LINKTYPE.LINUX_SLL2);
  const record = sink.records[0];
  assert.equal(record?.kind === 'tcp' ? record.segment.direction : '', 'out');
});

test('an unsupported link type is noted and its frames are unparsed', () => {
  const { sink } = read(buildPcap(sampleRecords(), { linkType: 147 }));
  assert.equal(sink.notes[0]?.kind, 'link-type');
  assert.ok(sink.records.every((r) => r.kind === 'unparsed'));
});

// Records with options and sizes that vary, big enough that a 300 kB chunk cuts many of them.
function variedRecords(count: number): PcapRecord[] {
  const out: PcapRecord[] = [];
  for (let i = 0; i < count; i++) {
    const syn = i % 7 === 0;
    const tcp = buildTcp({
      seq: i * 1000,
      ack: i,
      flags: syn ? 0x02 : 0x18,
      payload: (i * 37) % 1400,
      options: syn
        ? [...tcpOption.mss(1460), ...tcpOption.wscale(7), ...tcpOption.sackPermitted()]
        : i % 2 === 0
          ? [...tcpOption.nop(), ...tcpOption.nop(), ...tcpOption.timestamps(i, i + 1)]
          : i % 5 === 0
            ? tcpOption.sack([[i, i + 10]])
            : [],
    });
    const ip = i % 3 === 0 ? buildIpv6('2001:db8::1', '2001:db8::2', 6, tcp) : buildIpv4('10.0.0.1', `10.0.${i % 200}.2`, 6, tcp);
    out.push({ seconds: 1700000000 + i, fraction: i, data: buildEthernet(i % 3 === 0 ? 0x86dd : 0x0800, ip) });
  }
  return out;
}

// What a record says, copied out (reused records change after the sink returns).
function describeRecord(r: CaptureRecord): unknown {
  if (r.kind !== 'tcp') return r;
  const s = r.segment;
  const o = s.options;
  return [s.frame, s.time, s.family, s.src, s.dst, s.srcPort, s.dstPort, s.seq, s.ack, s.flags, s.window, s.payloadLength, s.frameLength, s.ttl, s.interface, s.direction ?? null, o.mss ?? null, o.windowScale ?? null, o.sackPermitted ?? null, o.tsVal ?? null, o.tsEcr ?? null, JSON.stringify(o.sack ?? null)];
}

test('reused records and a reused read buffer decode exactly what fresh records from one buffer do', () => {
  const bytes = buildPcap(variedRecords(3000));
  const expected = read(bytes).sink.records.map(describeRecord);
  assert.equal(expected.length, 3000);
  for (const chunkSize of [1000, 262_160, 300_000, 700_001]) {
    const got: unknown[] = [];
    const reader = new PcapReader({ record: (r) => got.push(describeRecord(r)), note: () => assert.fail('no notes expected') }, { reuseRecords: true });
    // One Node Buffer refilled for every chunk, as the file source does: the reader must copy what it keeps.
    const scratch = Buffer.alloc(chunkSize);
    for (let at = 0; at < bytes.length; at += chunkSize) {
      const n = Math.min(chunkSize, bytes.length - at);
      scratch.set(bytes.subarray(at, at + n));
      reader.push(scratch.subarray(0, n));
      scratch.fill(0xee);
    }
    reader.end();
    assert.deepEqual(got, expected, `chunk size ${chunkSize}`);
  }
});
