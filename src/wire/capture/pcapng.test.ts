import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../model/segment.js';
import { buildEthernet, buildIpv4, buildIpv6, buildSll, buildTcp, collectSink, concatBytes, feedInChunks, PcapngSection } from './capture-builders.test.helper.js';
import { convertTimestamp, MAX_INTERFACES, PcapngReader } from './pcapng.js';
import { LINKTYPE } from './link.js';

const ether = (seq: number) => buildEthernet(0x0800, buildIpv4('10.0.0.1', '10.0.0.2', 6, buildTcp({ seq, payload: 3 })));
const raw6 = (seq: number) => buildIpv6('2001:db8::1', '2001:db8::2', 6, buildTcp({ seq }));

// Two sections with opposite byte orders, several interfaces, nanosecond and 2^-20 resolutions,
// a time offset, SPB, ISB drops and blocks that must be skipped.
function sampleFile(): Uint8Array {
  const first = new PcapngSection(true)
    .interface(LINKTYPE.ETHERNET, { name: 'eth0' })
    .interface(LINKTYPE.RAW, { name: 'tun0', tsresol: 9 })
    .block(4, (w) => w.u16(1).u16(8).raw([10, 0, 0, 1, 0x61, 0x62, 0, 0]).u32(0)) // NRB: skipped
    .packet(0, 1700000000 * 1e6 + 500000, ether(1), { flags: 1 })
    .block(0x00000bad, (w) => w.u32(32473).raw([1, 2, 3])) // custom block: skipped
    .packet(1, 1700000001n * 1000000000n + 250000000n, raw6(2), { flags: 2 })
    .block(0x0000000a, (w) => w.u32(0x544c534b).u32(4).raw([1, 2, 3, 4])) // DSB: skipped
    .statistics(0, 5, 2);
  const second = new PcapngSection(false)
    .interface(LINKTYPE.LINUX_SLL, { tsresol: 0x80 | 20, tsoffset: 1000 })
    .packet(0, 3 * 2 ** 20 + 2 ** 19, buildSll(0x0800, buildIpv4('10.0.0.3', '10.0.0.4', 6, buildTcp({ seq: 3 }))))
    .simplePacket(buildSll(0x0800, buildIpv4('10.0.0.3', '10.0.0.4', 6, buildTcp({ seq: 4 }))));
  return concatBytes([first.build(), second.build()]);
}

function read(bytes: Uint8Array, chunk = bytes.length) {
  const sink = collectSink();
  const reader = new PcapngReader(sink);
  feedInChunks(reader, bytes, Math.max(1, chunk));
  return { sink, reader };
}

test('sections, interfaces, resolutions, offsets, SPB and skipped blocks', () => {
  const { sink, reader } = read(sampleFile());
  assert.equal(reader.sections, 2);
  assert.equal(reader.fatal, null);
  const rows = sink.records.map((r) => (r.kind === 'tcp' ? [r.segment.frame, r.segment.time, r.segment.seq, r.segment.interface, r.segment.direction ?? null, r.segment.family] : r.kind));
  assert.deepEqual(rows, [
    [1, 1700000000.5, 1, 'eth0', 'in', 4],
    [2, 1700000001.25, 2, 'tun0', 'out', 6],
    [3, 1003.5, 3, '0', 'in', 4],
    [4, 1003.5, 4, '0', 'in', 4],
  ]);
  assert.deepEqual(sink.notes, [{ kind: 'drops', message: 'interface eth0 dropped 7 packets during the capture (pcapng statistics); the trace may miss segments' }]);
});

test('every chunk size and every split point gives the same records', () => {
  const bytes = sampleFile();
  const whole = read(bytes).sink.records;
  for (let size = 1; size <= 64; size++) assert.deepEqual(read(bytes, size).sink.records, whole, `chunk size ${size}`);
  for (let at = 0; at <= bytes.length; at++) {
    const sink = collectSink();
    const reader = new PcapngReader(sink);
    reader.push(bytes.subarray(0, at));
    reader.push(bytes.subarray(at));
    reader.end();
    assert.deepEqual(sink.records, whole, `split at ${at}`);
  }
});

function corruptFirstPacketLength(value: number): Uint8Array {
  const bytes = sampleFile();
  // Find the first EPB (type 6, little-endian section) and overwrite its total length.
  const view = new DataView(bytes.buffer);
  for (let pos = 0; pos < bytes.length; ) {
    const total = view.getUint32(pos + 4, true);
    if (view.getUint32(pos, true) === 6) {
      view.setUint32(pos + 4, value, true);
      return bytes;
    }
    pos += total;
  }
  throw new Error('no EPB');
}

test('zero, misaligned and huge block lengths stop the reader with a format note, no crash', () => {
  for (const length of [0, 8, 30, 0xfffffff0]) {
    const { sink, reader } = read(corruptFirstPacketLength(length), 5);
    assert.deepEqual(sink.records, [{ kind: 'unparsed', frame: 1, reason: `packet block with impossible length ${length}` }], `length ${length}`);
    assert.match(reader.fatal ?? '', /impossible length/);
    assert.equal(sink.notes.at(-1)?.kind, 'format');
  }
});

test('a trailing length that disagrees is an error, not a misread', () => {
  const bytes = corruptFirstPacketLength(64);
  const { reader } = read(bytes);
  assert.ok(reader.fatal !== null);
});

test('a file that does not start with a section header is refused', () => {
  const bytes = sampleFile().subarray(28);
  const { sink, reader } = read(bytes);
  assert.deepEqual(sink.records, []);
  assert.match(reader.fatal ?? '', /no section header/);
});

test('captured length beyond the block and unknown interface ids are unparsed records', () => {
  const section = new PcapngSection(true).interface(LINKTYPE.ETHERNET).packet(3, 0, ether(1));
  const { sink } = read(section.build());
  assert.deepEqual(sink.records, [{ kind: 'unparsed', frame: 1, reason: 'packet refers to undefined interface 3' }]);
  const bad = new PcapngSection(true).interface(LINKTYPE.ETHERNET).block(6, (w) => w.u32(0).u32(0).u32(0).u32(5000).u32(5000).raw(ether(1)));
  assert.deepEqual(read(bad.build()).sink.records, [{ kind: 'unparsed', frame: 1, reason: 'packet block captured length exceeds the block' }]);
});

test('nanosecond timestamps convert exactly enough for a double', () => {
  assert.equal(convertTimestamp(0x179ab3c5, 0x6b4a5e40, 1e9), Number((0x179ab3c5n << 32n | 0x6b4a5e40n) / 1000000000n) + Number((0x179ab3c5n << 32n | 0x6b4a5e40n) % 1000000000n) / 1e9);
  assert.equal(convertTimestamp(0, 3 * 2 ** 20, 2 ** 20), 3);
});

test('a cut-off last block is reported at the end', () => {
  const bytes = sampleFile();
  const { sink } = read(bytes.subarray(0, bytes.length - 3));
  assert.equal(sink.records.length, 3);
  assert.match(sink.notes.map((n) => n.message).join(), /ends in the middle of a block/);
});

test('reused records and a reused read buffer decode exactly what fresh records from one buffer do', () => {
  const describe = (r: CaptureRecord): unknown => {
    if (r.kind !== 'tcp') return JSON.parse(JSON.stringify(r)) as unknown;
    const s = r.segment;
    return [s.frame, s.time, s.family, s.src, s.dst, s.srcPort, s.dstPort, s.seq, s.ack, s.flags, s.window, s.payloadLength, s.frameLength, s.ttl, s.interface, s.direction ?? null, s.options.mss ?? null];
  };
  const bytes = concatBytes([sampleFile(), sampleFile()]);
  const expected = read(bytes).sink.records.map(describe);
  for (const chunkSize of [1, 13, 64, 1000]) {
    const got: unknown[] = [];
    const reader = new PcapngReader({ record: (r) => got.push(describe(r)), note: () => {} }, { reuseRecords: true });
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

test('a section that describes endless interfaces stops with a format error instead of growing', () => {
  const section = new PcapngSection(true);
  for (let i = 0; i <= MAX_INTERFACES; i++) section.interface(LINKTYPE.ETHERNET);
  section.packet(0, 0, ether(1));
  const { sink, reader } = read(section.build(), 1 << 16);
  assert.match(reader.fatal ?? '', new RegExp(`more than ${MAX_INTERFACES} interfaces`));
  assert.equal(reader.interfaces.length, MAX_INTERFACES);
  assert.deepEqual(sink.records, []);
});
