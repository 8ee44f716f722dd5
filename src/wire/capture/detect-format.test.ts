import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEthernet, buildIpv4, buildPcap, buildTcp, collectSink, feedInChunks, PcapngSection } from './capture-builders.test.helper.js';
import { AutoCaptureReader } from './create-capture-reader.js';
import { detectCaptureFormat } from './detect-format.js';
import { LINKTYPE } from './link.js';

const packet = buildEthernet(0x0800, buildIpv4('10.0.0.1', '10.0.0.2', 6, buildTcp()));

test('pcap magics in both byte orders and both precisions, pcapng and text are recognised', () => {
  for (const littleEndian of [true, false]) {
    for (const nanoseconds of [true, false]) assert.equal(detectCaptureFormat(buildPcap([], { littleEndian, nanoseconds }), false), 'pcap');
  }
  assert.equal(detectCaptureFormat(new PcapngSection(false).build(), false), 'pcapng');
  assert.equal(detectCaptureFormat(new TextEncoder().encode('10:00:00.000001 IP 1.2.3.4.5 > 1.2.3.4.6: Flags [S]'), false), 'text');
  assert.equal(detectCaptureFormat(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0), false), 'unknown');
  assert.equal(detectCaptureFormat(Uint8Array.of(0xd4, 0xc3), false), null);
  assert.equal(detectCaptureFormat(new Uint8Array(0), true), 'unknown');
});

test('the auto reader detects, buffers the head across 1-byte chunks and forwards', () => {
  const inputs: [string, Uint8Array][] = [
    ['pcap', buildPcap([{ seconds: 1, fraction: 0, data: packet }])],
    ['pcapng', new PcapngSection(true).interface(LINKTYPE.ETHERNET).packet(0, 1000000, packet).build()],
    ['text', new TextEncoder().encode('10:00:00.000001 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 7, win 502, length 0\n')],
  ];
  for (const [format, bytes] of inputs) {
    const sink = collectSink();
    const reader = new AutoCaptureReader(sink);
    feedInChunks(reader, bytes, 1);
    assert.equal(reader.format, format);
    assert.equal(reader.frames, 1);
    assert.deepEqual(sink.records.map((r) => r.kind), ['tcp'], format);
  }
});

test('unknown and empty inputs are fatal with a format note', () => {
  for (const bytes of [Uint8Array.of(0, 1, 2, 3, 4, 5), new Uint8Array(0)]) {
    const sink = collectSink();
    const reader = new AutoCaptureReader(sink);
    feedInChunks(reader, bytes, 2);
    reader.end();
    assert.ok(reader.fatal !== null);
    assert.equal(sink.notes[0]?.kind, 'format');
  }
});
