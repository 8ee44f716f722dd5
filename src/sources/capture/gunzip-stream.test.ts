import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { gunzipIfCompressed, isGzipMagic, type GunzipState } from './gunzip-stream.js';

function fresh(): GunzipState {
  return { compressed: false, compressedBytes: 0, damage: null };
}

// The bytes in pieces of `size` (the last one shorter), as a pipe may deliver them.
async function* piecesOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of stream) parts.push(p);
  return Buffer.concat(parts);
}

const DATA = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7) % 251));

test('plain data passes through unchanged, in any chunking', async () => {
  for (const size of [1, 3, 4096, DATA.length]) {
    const state = fresh();
    assert.deepEqual(await collect(gunzipIfCompressed(piecesOf(DATA, size), state)), DATA);
    assert.equal(state.compressed, false);
    assert.equal(state.damage, null);
  }
  assert.equal((await collect(gunzipIfCompressed(piecesOf(new Uint8Array(0), 1), fresh()))).length, 0);
  // One byte that happens to be the first magic byte is still plain data.
  assert.deepEqual(await collect(gunzipIfCompressed(piecesOf(Buffer.from([0x1f]), 1), fresh())), Buffer.from([0x1f]));
});

test('gzip data is inflated, even when the magic arrives one byte at a time; compressed bytes are counted', async () => {
  const packed = gzipSync(DATA);
  assert.ok(isGzipMagic(packed));
  for (const size of [1, 2, 1000, packed.length]) {
    const state = fresh();
    assert.deepEqual(await collect(gunzipIfCompressed(piecesOf(packed, size), state)), DATA);
    assert.equal(state.compressed, true);
    assert.equal(state.compressedBytes, packed.length);
    assert.equal(state.damage, null);
  }
  // Concatenated members (gzip -c a >> f; gzip -c b >> f) inflate to both.
  const two = Buffer.concat([gzipSync(DATA.subarray(0, 100)), gzipSync(DATA.subarray(100, 300))]);
  assert.deepEqual(await collect(gunzipIfCompressed(piecesOf(two, 7), fresh())), DATA.subarray(0, 300));
});

test('a cut-off or damaged gzip stream delivers what came before and names the damage instead of throwing', async () => {
  const packed = gzipSync(DATA);
  const cut = fresh();
  const out = await collect(gunzipIfCompressed(piecesOf(packed.subarray(0, Math.floor(packed.length / 2)), 512), cut));
  assert.ok(out.length > 0 && out.length < DATA.length, `${out.length} bytes before the cut`);
  assert.deepEqual(out, DATA.subarray(0, out.length));
  assert.match(cut.damage ?? '', /unexpected end of file/);
  const garbage = fresh();
  assert.equal((await collect(gunzipIfCompressed(piecesOf(Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 3), garbage))).length, 0);
  assert.notEqual(garbage.damage, null);
});

test('a read error of the underlying stream is thrown as itself, not taken for damage', async () => {
  const packed = gzipSync(DATA);
  async function* failing(): AsyncGenerator<Uint8Array> {
    yield packed.subarray(0, 100);
    throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
  }
  const state = fresh();
  await assert.rejects(collect(gunzipIfCompressed(failing(), state)), (e: unknown) => (e as { code?: string }).code === 'EIO');
  assert.equal(state.damage, null);
});
