import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord, Segment } from '../../model/segment.js';
import { TCP_FLAGS } from '../../model/segment.js';
import { collectSink, feedInChunks } from './capture-builders.test.helper.js';
import { MAX_TEXT_CONNECTIONS, TcpdumpTextReader, type SequenceMode } from './tcpdump-text.js';
import { ABSOLUTE_EPOCH_LINES, RELATIVE_LINES } from './tcpdump-text-fixtures.test.helper.js';

function read(text: string, chunk = text.length, mode: SequenceMode = 'auto') {
  const sink = collectSink();
  const reader = new TcpdumpTextReader(sink, { sequenceNumbers: mode });
  feedInChunks(reader, new TextEncoder().encode(text), Math.max(1, chunk));
  return { sink, reader };
}

function segments(records: CaptureRecord[]): Segment[] {
  return records.flatMap((r) => (r.kind === 'tcp' ? [r.segment] : []));
}

const key = (s: Segment) => [s.src, s.srcPort, s.dst, s.dstPort, s.flags, s.seq, s.ack, s.window, s.payloadLength];

test('-S with -tt: absolute numbers and epoch times are taken as printed', () => {
  const { sink, reader } = read(ABSOLUTE_EPOCH_LINES.join('\n'));
  const segs = segments(sink.records);
  assert.equal(segs.length, 10);
  assert.equal(reader.mode, 'absolute');
  assert.deepEqual(key(segs[0]!), ['::1', 36920, '::1', 9000, TCP_FLAGS.SYN, 1065608421, 0, 65476, 0]);
  // Pure ACK: tcpdump prints no seq; it is the next byte the client would send.
  assert.deepEqual(key(segs[2]!), ['::1', 36920, '::1', 9000, TCP_FLAGS.ACK, 1065608422, 3162828612, 64, 0]);
  assert.deepEqual(key(segs[3]!), ['::1', 9000, '::1', 36920, TCP_FLAGS.PSH | TCP_FLAGS.ACK, 3162828612, 1065608422, 64, 2]);
  assert.equal(segs[0]!.time, 1795736866.860331);
  assert.equal(segs[0]!.interface, 'lo');
  assert.equal(segs[0]!.direction, 'in');
  assert.equal(segs[0]!.family, 6);
  assert.deepEqual(segs[0]!.options, { mss: 65476, sackPermitted: true, tsVal: 1022865625, tsEcr: 0, windowScale: 10 });
  assert.equal(segs[0]!.frameLength, null);
});

test('relative numbers (no -S) map back to the same absolute numbers', () => {
  const absolute = segments(read(ABSOLUTE_EPOCH_LINES.join('\n')).sink.records).map(key);
  const { sink, reader } = read(RELATIVE_LINES.join('\n'));
  assert.equal(reader.mode, 'relative');
  assert.deepEqual(segments(sink.records).map(key), absolute);
  const first = segments(sink.records)[0]!;
  assert.equal(first.time, 23 * 3600 + 47 * 60 + 46.860331);
});

test('a forced mode wins over detection', () => {
  const { sink } = read(RELATIVE_LINES.join('\n'), undefined, 'absolute');
  assert.equal(segments(sink.records)[3]!.seq, 1);
});

test('a capture starting midstream gets consistent numbers per connection', () => {
  const lines = [
    '10:00:00.000001 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [.], ack 1000, win 502, length 0',
    '10:00:00.000002 IP 10.0.0.2.80 > 10.0.0.1.5000: Flags [P.], seq 1:101, ack 1, win 510, length 100',
    '10:00:00.000003 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [.], ack 101, win 502, options [nop,nop,sack 1 {201:301}], length 0',
    '10:00:00.000004 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [R.], seq 1, ack 301, win 502, length 0',
  ];
  const segs = segments(read(lines.join('\n')).sink.records);
  // The first packet printed raw numbers (ack 1000) and set the bases (server 999, client unknown so 0),
  // exactly as tcpdump's table does; later numbers are relative to those bases.
  assert.deepEqual(segs.map((s) => [s.seq, s.ack]), [
    [0, 1000],
    [1000, 1],
    [0, 1100],
    [1, 1300],
  ]);
  assert.deepEqual(segs[2]!.options.sack, [[1200, 1300]]);
});

test('ICMP unreachable lines become ICMP errors naming the quoted destination', () => {
  const lines = [
    '23:47:44.571593 lo    In  IP 127.0.0.1 > 127.0.0.1: ICMP 127.0.0.1 tcp port 9001 unreachable, length 68',
    '23:47:44.664591 lo    In  IP 127.0.0.1 > 127.0.0.1: ICMP host 127.0.0.1 unreachable - admin prohibited filter, length 68',
    '23:47:44.757810 IP 10.0.0.254 > 10.0.0.1: ICMP 10.0.0.9 unreachable - need to frag (mtu 1400), length 556',
    '23:47:44.852185 lo    In  IP6 ::1 > ::1: ICMP6, destination unreachable, unreachable port, ::1 tcp port 9001, length 88',
    '23:47:45.864129 IP6 fe80::1 > fe80::2: ICMP6, packet too big, mtu 1280, length 1240',
    '23:47:45.864130 IP 10.0.0.9 > 10.0.0.1: ICMP 10.0.0.9 udp port 53 unreachable, length 68',
  ];
  const errors = read(lines.join('\n')).sink.records.map((r) => (r.kind === 'icmp' ? [r.error.type, r.error.code, r.error.reporter, r.error.quoted.src, r.error.quoted.dst, r.error.quoted.dstPort, r.error.mtu] : r.kind));
  assert.deepEqual(errors, [
    [3, 3, '127.0.0.1', '127.0.0.1', '127.0.0.1', 9001, null],
    [3, 13, '127.0.0.1', '127.0.0.1', '127.0.0.1', 0, null],
    [3, 4, '10.0.0.254', '10.0.0.1', '10.0.0.9', 0, 1400],
    [1, 4, '::1', '::1', '::1', 9001, null],
    [2, 0, 'fe80::1', 'fe80::2', '', 0, 1280],
    'other',
  ]);
});

test('garbage is counted as unparsed; chatter, continuation lines and untimed lines after a packet are not', () => {
  const text = [
    'reading from file x.pcap, link-type EN10MB (Ethernet), snapshot length 262144',
    '10:00:00.000001 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 7, win 502, length 0',
    '\t0x0000:  4500 0034 0000 4000 4006 0000 0a00 0001',
    'hello world',
    '10:00:00.000002 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 7, win 502',
    '10:00:00.000003 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [Z], seq 7, win 502, length 0',
    '10:00:00.000004 ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28',
    '10:00:00.000005 IP 10.0.0.1.53 > 10.0.0.2.5353: UDP, length 20',
    '',
    '3 packets captured',
  ].join('\r\n');
  const { sink, reader } = read(text);
  assert.deepEqual(
    sink.records.map((r) => r.kind),
    ['tcp', 'unparsed', 'unparsed', 'other', 'other'],
  );
  assert.equal(reader.unparsedLines, 2);
  // 'hello world' after a packet line reads as payload (tcpdump -A): no frame number, one note.
  assert.deepEqual(sink.records.map((r) => (r.kind === 'tcp' ? r.segment.frame : r.kind === 'icmp' ? r.error.frame : r.frame)), [1, 2, 3, 4, 5]);
  assert.deepEqual(sink.notes.map((n) => n.message), ["1 lines without a timestamp were skipped (payload printed by tcpdump -A or -x, or text that is not tcpdump's)"]);
  // Before any packet line, a line without a timestamp is a frame that failed.
  assert.deepEqual(read('hello\n10:00:00.000001 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 7, win 502, length 0\n').sink.records.map((r) => r.kind), ['unparsed', 'tcp']);
});

test('every chunk size gives the same records, including a multi-byte interface name', () => {
  const text = RELATIVE_LINES.map((l) => l.replace(' lo    In', ' lö    Out')).join('\n');
  const whole = read(text).sink.records;
  assert.equal(segments(whole)[0]!.interface, 'lö');
  assert.equal(segments(whole)[0]!.direction, 'out');
  for (let size = 1; size < 200; size += 7) assert.deepEqual(read(text, size).sink.records, whole, `chunk ${size}`);
  const bytes = new TextEncoder().encode(text);
  for (let at = 0; at <= bytes.length; at += 3) {
    const sink = collectSink();
    const reader = new TcpdumpTextReader(sink);
    reader.push(bytes.subarray(0, at));
    reader.push(bytes.subarray(at));
    reader.end();
    assert.deepEqual(sink.records, whole, `split ${at}`);
  }
});

test('a time of day that jumps back crosses midnight', () => {
  const lines = ['23:59:59.900000 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 7, win 502, length 0', '00:00:00.100000 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 7, win 502, length 0'];
  const times = segments(read(lines.join('\n')).sink.records).map((s) => s.time);
  assert.ok(Math.abs((times[1] ?? 0) - (times[0] ?? 0) - 0.2) < 1e-6);
});

test('-tttt dates are read as UTC seconds since the epoch; -t lines without time are unparsed', () => {
  const { sink } = read('2026-11-26 23:47:46.860331 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 7, win 502, length 0\nIP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 7, win 502, length 0\n');
  assert.equal(segments(sink.records)[0]?.time, Date.UTC(2026, 10, 26, 23, 47, 46) / 1000 + 0.860331);
  assert.equal(sink.records[1]?.kind, 'unparsed');
});

test('an endless line is dropped with one unparsed record, memory bounded', () => {
  const sink = collectSink();
  const reader = new TcpdumpTextReader(sink);
  const block = new Uint8Array(10000).fill(0x41);
  for (let i = 0; i < 100; i++) reader.push(block);
  reader.push(new TextEncoder().encode('\n10:00:00.000001 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 7, win 502, length 0\n'));
  reader.end();
  assert.deepEqual(sink.records.map((r) => r.kind), ['unparsed', 'tcp']);
});

test("tshark's one-line summaries are named as such instead of passing for continuation lines", () => {
  // Real `tshark -r F` output: indented, so it once read as nothing at all.
  const lines = [
    '    1   0.000000    127.0.0.1 → 127.0.0.1    TCP 74 50932 → 8080 [SYN] Seq=0 Win=65495 Len=0 MSS=65495 SACK_PERM TSval=1804820229 TSecr=0 WS=1024',
    '    2   0.000014    127.0.0.1 → 127.0.0.1    TCP 74 8080 → 50932 [SYN, ACK] Seq=0 Ack=1 Win=65483 Len=0 MSS=65495 SACK_PERM TSval=3720301206 TSecr=1804820229 WS=1024',
  ];
  const { sink, reader } = read(lines.join('\n'), 7);
  assert.match(reader.fatal ?? '', /tshark or Wireshark text output/);
  assert.equal(reader.frames, 0);
  assert.deepEqual(sink.records, []);
  // Older tshark prints "->"; the same answer.
  assert.match(read(lines[0]!.replace(/→/g, '->')).reader.fatal ?? '', /tshark/);
});

test('indented lines with no packet line before them are skipped with a note, not in silence', () => {
  const { sink, reader } = read('    0x0000:  4500 0028\n    0x0010:  0a00 0001\n');
  assert.equal(reader.frames, 0);
  assert.equal(reader.fatal, null);
  assert.deepEqual(sink.notes.map((n) => n.message), ['2 indented lines were skipped: tcpdump prints those under a packet line, and no packet line came']);
});

test('the per-connection numbering memory is bounded: the oldest connections are forgotten past the limit', () => {
  const lines: string[] = [];
  const n = MAX_TEXT_CONNECTIONS + 10;
  for (let i = 0; i < n; i++) {
    // One SYN per connection, each from its own address and port pair.
    lines.push(`12:00:00.000000 IP 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}.40000 > 10.255.0.1.443: Flags [S], seq 1, win 65535, length 0`);
  }
  const { sink, reader } = read(lines.join('\n'), 1 << 20);
  assert.equal(segments(sink.records).length, n);
  assert.ok(reader.rememberedConnections <= MAX_TEXT_CONNECTIONS, `${reader.rememberedConnections} remembered`);
  assert.ok(reader.rememberedConnections > MAX_TEXT_CONNECTIONS / 2);
});
