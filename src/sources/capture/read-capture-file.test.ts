import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { TcpdocError } from '../../model/errors.js';
import { buildEthernet, buildIpv4, buildPcap, buildTcp, collectSink } from '../../wire/capture/capture-builders.test.helper.js';
import { readCaptureFile, type CaptureProgress } from './read-capture-file.js';

function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdoc-capture-'));
  return run(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

function pcapOf(count: number): Uint8Array {
  return buildPcap(Array.from({ length: count }, (_, i) => ({ seconds: i, fraction: 0, data: buildEthernet(0x0800, buildIpv4('10.0.0.1', '10.0.0.2', 6, buildTcp({ seq: i, payload: 100 }))) })));
}

test('a file streams through in small chunks with progress up to its size', () =>
  withDir(async (dir) => {
    const path = join(dir, 'a.pcap');
    const bytes = pcapOf(2000);
    writeFileSync(path, bytes);
    const sink = collectSink();
    const progress: CaptureProgress[] = [];
    const result = await readCaptureFile(path, { sink, chunkSize: 4096, onProgress: (p) => progress.push(p) });
    assert.equal(result.format, 'pcap');
    assert.equal(result.frames, 2000);
    assert.equal(sink.records.length, 2000);
    assert.deepEqual(sink.records.map((r) => (r.kind === 'tcp' ? r.segment.seq : -1)), Array.from({ length: 2000 }, (_, i) => i));
    assert.ok(progress.length > 10);
    assert.deepEqual(progress.at(-1), { bytesRead: bytes.length, totalBytes: bytes.length });
  }));

test("'-' reads the given stdin stream", async () => {
  const sink = collectSink();
  const text = '10:00:00.000001 IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 7, win 502, length 0\n';
  const result = await readCaptureFile('-', { sink, stdin: Readable.from([Buffer.from(text.slice(0, 10)), Buffer.from(text.slice(10))]) });
  assert.equal(result.format, 'text');
  assert.equal(sink.records[0]?.kind, 'tcp');
});

test('missing files, directories and non-captures are TcpdocErrors with codes', () =>
  withDir(async (dir) => {
    await assert.rejects(readCaptureFile(join(dir, 'none.pcap'), { sink: collectSink() }), (e: unknown) => e instanceof TcpdocError && e.code === 'NOT_FOUND');
    await assert.rejects(readCaptureFile(dir, { sink: collectSink() }), (e: unknown) => e instanceof TcpdocError && e.code === 'BAD_INPUT');
    const binary = join(dir, 'x.bin');
    writeFileSync(binary, Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0));
    await assert.rejects(readCaptureFile(binary, { sink: collectSink() }), (e: unknown) => e instanceof TcpdocError && e.code === 'BAD_INPUT' && e.hint !== undefined);
    const empty = join(dir, 'empty.pcap');
    writeFileSync(empty, new Uint8Array(0));
    await assert.rejects(readCaptureFile(empty, { sink: collectSink() }), (e: unknown) => e instanceof TcpdocError && e.code === 'BAD_INPUT');
  }));

test('a file that turns unreadable part-way keeps what was decoded and reports why', () =>
  withDir(async (dir) => {
    const bytes = pcapOf(10);
    new DataView(bytes.buffer).setUint32(24 + 5 * (16 + 154) + 8, 0x7fffffff, true);
    const path = join(dir, 'bad.pcap');
    writeFileSync(path, bytes);
    const sink = collectSink();
    const result = await readCaptureFile(path, { sink });
    assert.equal(sink.records.filter((r) => r.kind === 'tcp').length, 5);
    assert.match(result.fatal ?? '', /cannot be followed/);
  }));

test('an aborted read stops early', () =>
  withDir(async (dir) => {
    const path = join(dir, 'big.pcap');
    writeFileSync(path, pcapOf(5000));
    const controller = new AbortController();
    const sink = collectSink();
    const result = await readCaptureFile(path, { sink, chunkSize: 1024, signal: controller.signal, onProgress: (p) => p.bytesRead > 10000 && controller.abort() });
    assert.equal(result.aborted, true);
    assert.ok(sink.records.length < 5000);
  }));

// An unreadable file (NO_PERMISSION, exit 3) is tested for real as an unprivileged user in
// test/cli-permissions.test.ts: as root every file is readable, so it cannot be tested here.

test('reuseRecords delivers every TCP segment in one reused object, with each frame its own values', () =>
  withDir(async (dir) => {
    const path = join(dir, 'r.pcap');
    writeFileSync(path, pcapOf(500));
    const seen = new Set<unknown>();
    const seqs: number[] = [];
    const result = await readCaptureFile(path, {
      sink: { record: (r) => (r.kind === 'tcp' ? (seen.add(r.segment), seqs.push(r.segment.seq)) : undefined), note: () => {} },
      chunkSize: 1000,
      reuseRecords: true,
    });
    assert.equal(result.frames, 500);
    assert.equal(seen.size, 1);
    assert.deepEqual(seqs, Array.from({ length: 500 }, (_, i) => i));
  }));

test('gzip-compressed captures (file and stdin) give the same records; progress counts the compressed file', () =>
  withDir(async (dir) => {
    const bytes = pcapOf(3000);
    const plain = collectSink();
    await readCaptureFile(writeTo(join(dir, 'a.pcap'), bytes), { sink: plain });
    const packed = gzipSync(bytes);
    const path = writeTo(join(dir, 'a.pcap.gz'), packed);
    const sink = collectSink();
    const progress: CaptureProgress[] = [];
    const result = await readCaptureFile(path, { sink, chunkSize: 4096, onProgress: (p) => progress.push(p) });
    assert.equal(result.format, 'pcap');
    assert.equal(result.frames, 3000);
    assert.deepEqual(sink.records, plain.records);
    assert.deepEqual(sink.notes, []);
    assert.deepEqual(progress.at(-1), { bytesRead: packed.length, totalBytes: packed.length });
    const piped = collectSink();
    await readCaptureFile('-', { sink: piped, stdin: Readable.from([packed.subarray(0, 1), packed.subarray(1, 5000), packed.subarray(5000)]) });
    assert.deepEqual(piped.records, plain.records);
  }));

test('a cut-off gzip capture keeps what came before with a note; one that never inflates is BAD_INPUT', () =>
  withDir(async (dir) => {
    const packed = gzipSync(pcapOf(3000));
    const sink = collectSink();
    const result = await readCaptureFile(writeTo(join(dir, 'cut.pcap.gz'), packed.subarray(0, Math.floor(packed.length / 2))), { sink });
    assert.ok(result.frames > 100 && result.frames < 3000, `${result.frames} frames before the cut`);
    assert.ok(sink.notes.some((n) => n.kind === 'truncated' && /gzip data ended early or is damaged \(unexpected end of file\)/.test(n.message)));
    const bad = writeTo(join(dir, 'bad.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    await assert.rejects(readCaptureFile(bad, { sink: collectSink() }), (e: unknown) => e instanceof TcpdocError && e.code === 'BAD_INPUT' && /not a readable gzip file/.test(e.message));
  }));

function writeTo(path: string, bytes: Uint8Array): string {
  writeFileSync(path, bytes);
  return path;
}
