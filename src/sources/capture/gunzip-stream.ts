// Transparent gzip: captures are often kept compressed (tcpdump -z gzip, log rotation, Wireshark's .pcapng.gz),
// and tshark reads them directly. A stream that starts with the gzip magic is inflated on the fly, so memory
// stays bounded however large the capture inflates to.
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';

// RFC 1952 section 2.3.1: ID1 = 31, ID2 = 139.
export function isGzipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

// What happened to the compressed stream: whether it was gzip, and why inflating stopped early.
export interface GunzipState {
  compressed: boolean;
  // Compressed bytes consumed so far (for progress against the file size).
  compressedBytes: number;
  // zlib's complaint when the data ended early or is damaged; what came before it was delivered.
  damage: string | null;
}

async function* toBytes(stream: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

// The stream as it is, or inflated when it starts with the gzip magic. A damaged or cut-off gzip stream
// ends the output early and is reported in state.damage instead of throwing.
export async function* gunzipIfCompressed(stream: AsyncIterable<Uint8Array | string>, state: GunzipState): AsyncGenerator<Uint8Array> {
  const source = toBytes(stream)[Symbol.asyncIterator]();
  // Enough bytes to see the magic (a pipe may deliver one byte at a time).
  const head: Uint8Array[] = [];
  let headLength = 0;
  while (headLength < 2) {
    const next = await source.next();
    if (next.done === true) break;
    head.push(next.value);
    headLength += next.value.length;
  }
  const first = Buffer.concat(head);
  if (!isGzipMagic(first)) {
    if (first.length > 0) yield first;
    for (;;) {
      const next = await source.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  state.compressed = true;
  const counted = async function* (): AsyncGenerator<Uint8Array> {
    state.compressedBytes += first.length;
    yield first;
    for (;;) {
      const next = await source.next();
      if (next.done === true) return;
      state.compressedBytes += next.value.length;
      yield next.value;
    }
  };
  const compressed = Readable.from(counted());
  const inflate = createGunzip();
  // pipe() does not pass a read error on: without this, inflate would wait for more input for ever.
  let readError: unknown = null;
  compressed.on('error', (error) => {
    readError = error;
    inflate.destroy(error);
  });
  compressed.pipe(inflate);
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch (error) {
    if (readError !== null) throw readError;
    state.damage = error instanceof Error ? error.message : String(error);
  } finally {
    compressed.destroy();
    inflate.destroy();
  }
}
