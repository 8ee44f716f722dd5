import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoCaptureReader } from '../../wire/capture/create-capture-reader.js';
import { buildEthernet, buildIpv4, buildIpv6, buildPcap, buildTcp, ByteWriter, concatBytes, tcpOption, type PcapRecord } from '../../wire/capture/capture-builders.test.helper.js';
import { readCaptureFile } from '../../sources/capture/read-capture-file.js';
import { TraceSession, type TraceTotals } from './session.js';
import type { ConnectionSummary } from './summary.js';

// The repository root when running from sources, dist/ when running compiled: both hold bench/.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const MAKE_CAPTURE = FROM_SOURCES ? ['--import', 'tsx', join(ROOT, 'bench/make-capture.ts')] : [join(ROOT, 'bench/make-capture.js')];

interface Outcome {
  connections: ConnectionSummary[];
  totals: TraceTotals;
}

// The whole analysis of a capture held in memory, fed in pieces of `chunk` bytes; records are either fresh
// objects per packet or one reused object (the path tcpdoc trace takes); with reuseSummaries, each summary
// is copied when it arrives, since the next one overwrites it (the JSON writer uses it right away).
function analyse(bytes: Uint8Array, reuseRecords: boolean, chunk: number, reuseSummaries = false): Outcome {
  const connections: ConnectionSummary[] = [];
  const session = new TraceSession({ reuseSummaries, onConnection: (c) => connections.push(reuseSummaries ? structuredClone(c) : c) });
  const reader = new AutoCaptureReader(session.sink, { reuseRecords });
  // One buffer refilled for every piece, as the file source does.
  const scratch = Buffer.alloc(chunk);
  for (let at = 0; at < bytes.length; at += chunk) {
    const n = Math.min(chunk, bytes.length - at);
    scratch.set(bytes.subarray(at, at + n));
    reader.push(scratch.subarray(0, n));
  }
  reader.end();
  const totals = session.end(reader.format);
  connections.sort((a, b) => a.id - b.id);
  return { connections, totals };
}

function assertSameOutcome(got: Outcome, expected: Outcome, what: string): void {
  assert.equal(got.connections.length, expected.connections.length, `${what}: number of connections`);
  for (let i = 0; i < expected.connections.length; i++) assert.deepEqual(got.connections[i], expected.connections[i], `${what}: connection ${i + 1}`);
  assert.deepEqual(got.totals, expected.totals, `${what}: totals`);
}

test('bench/make-capture output: reused records, any chunking, give the same connections and totals as fresh records', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdoc-session-'));
  try {
    const path = join(dir, 'bench.pcap');
    execFileSync(process.execPath, [...MAKE_CAPTURE, '--packets', '30000', '--concurrency', '50', '--out', path], { cwd: ROOT, stdio: 'ignore' });
    const bytes = readFileSync(path);
    const expected = analyse(bytes, false, bytes.length);
    assert.ok(expected.connections.length > 500, 'the capture should hold many connections');
    assert.ok(expected.connections.some((c) => c.outcome === 'REJ') && expected.connections.some((c) => c.outcome === 'S0') && expected.connections.some((c) => (c.flags.retransmission ?? 0) > 0));
    for (const chunk of [4096, 300_000, 1 << 20]) assertSameOutcome(analyse(bytes, true, chunk), expected, `reused, ${chunk}-byte pieces`);
    assertSameOutcome(analyse(bytes, false, 4096), expected, 'fresh, 4096-byte pieces');
    assertSameOutcome(analyse(bytes, true, 1 << 20, true), expected, 'reused records and summaries');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// A small capture with what the bench capture lacks: window scaling, SACK, zero windows, an ICMP error,
// a reused port pair and a midstream connection, mixed IPv4 and IPv6.
function edgeCaseCapture(): Uint8Array {
  const records: PcapRecord[] = [];
  let t = 0;
  const add = (data: Uint8Array): void => {
    t += 1000;
    records.push({ seconds: 1_700_000_000 + Math.floor(t / 1e6), fraction: t % 1e6, data });
  };
  const v4 = (src: string, dst: string, tcp: Parameters<typeof buildTcp>[0]) => add(buildEthernet(0x0800, buildIpv4(src, dst, 6, buildTcp(tcp))));
  const v6 = (src: string, dst: string, tcp: Parameters<typeof buildTcp>[0]) => add(buildEthernet(0x86dd, buildIpv6(src, dst, 6, buildTcp(tcp))));
  const c = { srcPort: 40000, dstPort: 443 };
  const s = { srcPort: 443, dstPort: 40000 };
  for (const isn of [1000, 900_000]) {
    // The same ports twice: the second SYN (new ISN) starts a new connection.
    v4('10.0.0.1', '10.0.0.2', { ...c, seq: isn, flags: 0x02, window: 64240, options: [...tcpOption.mss(1460), ...tcpOption.wscale(7), ...tcpOption.sackPermitted()] });
    v4('10.0.0.2', '10.0.0.1', { ...s, seq: 5000, ack: isn + 1, flags: 0x12, window: 65160, options: [...tcpOption.mss(1460), ...tcpOption.wscale(9), ...tcpOption.sackPermitted()] });
    v4('10.0.0.1', '10.0.0.2', { ...c, seq: isn + 1, ack: 5001, flags: 0x10, window: 502 });
    v4('10.0.0.1', '10.0.0.2', { ...c, seq: isn + 1, ack: 5001, flags: 0x18, window: 502, payload: 100 });
    v4('10.0.0.2', '10.0.0.1', { ...s, seq: 5001, ack: isn + 101, flags: 0x10, window: 0 });
    v4('10.0.0.2', '10.0.0.1', { ...s, seq: 5001, ack: isn + 101, flags: 0x10, window: 0 });
    v4('10.0.0.2', '10.0.0.1', { ...s, seq: 5001, ack: isn + 101, flags: 0x10, window: 300, options: [...tcpOption.nop(), ...tcpOption.nop(), ...tcpOption.sack([[isn + 200, isn + 300]])] });
    v4('10.0.0.1', '10.0.0.2', { ...c, seq: isn + 101, ack: 5001, flags: 0x11, window: 502 });
    v4('10.0.0.2', '10.0.0.1', { ...s, seq: 5001, ack: isn + 102, flags: 0x11, window: 300 });
    v4('10.0.0.1', '10.0.0.2', { ...c, seq: isn + 102, ack: 5002, flags: 0x10, window: 502 });
  }
  // Midstream IPv6 data, and an unanswered SYN that gets an ICMP port unreachable.
  v6('2001:db8::1', '2001:db8::2', { srcPort: 50000, dstPort: 22, seq: 77, ack: 88, flags: 0x18, payload: 40 });
  v6('2001:db8::2', '2001:db8::1', { srcPort: 22, dstPort: 50000, seq: 88, ack: 117, flags: 0x10 });
  v4('10.0.0.1', '10.0.0.3', { srcPort: 40001, dstPort: 25, seq: 1, flags: 0x02 });
  // ICMP header (RFC 792): type 3 code 3, checksum, 4 unused bytes, then the quoted IP header and 8 TCP bytes.
  const quoted = buildIpv4('10.0.0.1', '10.0.0.3', 6, buildTcp({ srcPort: 40001, dstPort: 25, seq: 1, flags: 0x02 })).subarray(0, 28);
  add(buildEthernet(0x0800, buildIpv4('10.0.0.3', '10.0.0.1', 1, concatBytes([new ByteWriter().u8(3).u8(3).u16(0).u32(0).build(), quoted]))));
  return buildPcap(records);
}

test('edge cases: reused records give the same connections and totals as fresh records', () => {
  const bytes = edgeCaseCapture();
  const expected = analyse(bytes, false, bytes.length);
  assert.equal(expected.connections.length, 4);
  assert.ok(expected.connections.some((c) => (c.flags.reusedPorts ?? 0) > 0 || c.diagnosis.some((d) => d.text.includes('same ports'))));
  assert.ok(expected.totals.icmpErrors === 1 && expected.totals.icmpUnattached === 0);
  // The ICMP error comes last and moves its connection's end: the capture's end covers it.
  assert.equal(expected.totals.lastTime, Math.max(...expected.connections.map((c) => c.end)));
  for (const chunk of [7, 100, bytes.length]) assertSameOutcome(analyse(bytes, true, chunk), expected, `reused, ${chunk}-byte pieces`);
  assertSameOutcome(analyse(bytes, true, 100, true), expected, 'reused records and summaries');
});

test('a file read through the synchronous source gives what a buffer gives', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdoc-session-'));
  try {
    const path = join(dir, 'edge.pcap');
    const bytes = edgeCaseCapture();
    writeFileSync(path, bytes);
    const connections: ConnectionSummary[] = [];
    const session = new TraceSession({ onConnection: (c) => connections.push(c) });
    const result = await readCaptureFile(path, { sink: session.sink, reuseRecords: true, chunkSize: 64 });
    const totals = session.end(result.format, result.fatal);
    connections.sort((a, b) => a.id - b.id);
    assertSameOutcome({ connections, totals }, analyse(bytes, false, bytes.length), 'file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
