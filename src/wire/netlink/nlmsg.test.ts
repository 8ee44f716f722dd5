import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NlmsgDecoder, type NlmsgRecord, NLMSG_DONE, alignNetlink } from './nlmsg.js';
import { buildDone, buildError, buildNlmsg, concatBytes } from './diag-builder.test.helper.js';

// A record summary that does not depend on which chunk held the bytes.
function summarize(record: NlmsgRecord): string {
  switch (record.kind) {
    case 'message':
      return `message type=${record.type} seq=${record.seq} payload=${Array.from(record.bytes.subarray(record.payloadOffset, record.end)).join(',')}`;
    case 'done':
      return `done seq=${record.seq} errno=${record.errno}`;
    case 'error':
      return `error seq=${record.seq} errno=${record.errno}`;
    case 'malformed':
      return `malformed ${record.reason}`;
  }
}

function decodeChunks(chunks: Uint8Array[], options: { maxLength?: number } = {}): string[] {
  const decoder = new NlmsgDecoder(options);
  const out: string[] = [];
  const visit = (r: NlmsgRecord) => out.push(summarize(r));
  for (const c of chunks) decoder.push(c, visit);
  decoder.finish(visit);
  return out;
}

// Three messages: payload lengths 5 (padded to 8), 0 and 8, then DONE.
const stream = concatBytes([
  buildNlmsg(20, new Uint8Array([1, 2, 3, 4, 5]), { seq: 7 }),
  buildNlmsg(20, new Uint8Array(0), { seq: 7 }),
  buildNlmsg(20, new Uint8Array([9, 8, 7, 6, 5, 4, 3, 2]), { seq: 7 }),
  buildDone(7),
]);

test('decodes a whole stream and advances by the aligned length', () => {
  assert.deepEqual(decodeChunks([stream]), [
    'message type=20 seq=7 payload=1,2,3,4,5',
    'message type=20 seq=7 payload=',
    'message type=20 seq=7 payload=9,8,7,6,5,4,3,2',
    'done seq=7 errno=0',
  ]);
  assert.equal(alignNetlink(21), 24);
});

test('gives the same records when the stream is split at every byte boundary', () => {
  const expected = decodeChunks([stream]);
  for (let cut = 0; cut <= stream.length; cut++) {
    assert.deepEqual(decodeChunks([stream.subarray(0, cut), stream.subarray(cut)]), expected, `cut at ${cut}`);
  }
  for (let a = 1; a < stream.length; a += 3) {
    for (let b = a; b < stream.length; b += 5) {
      assert.deepEqual(decodeChunks([stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b)]), expected, `cuts at ${a},${b}`);
    }
  }
  // One byte at a time: the decoder keeps only the unfinished tail.
  const decoder = new NlmsgDecoder();
  const out: string[] = [];
  for (let i = 0; i < stream.length; i++) {
    decoder.push(stream.subarray(i, i + 1), (r) => out.push(summarize(r)));
    assert.ok(decoder.pendingBytes < 40, `held ${decoder.pendingBytes} bytes at ${i}`);
  }
  assert.deepEqual(out, expected);
});

test('accepts a final message without its padding', () => {
  const unpadded = buildNlmsg(20, new Uint8Array([1, 2, 3]), { pad: false });
  assert.equal(unpadded.length, 19);
  assert.deepEqual(decodeChunks([unpadded]), ['message type=20 seq=1 payload=1,2,3']);
});

test('NLMSG_ERROR yields the positive errno; DONE carries a dump status', () => {
  assert.deepEqual(decodeChunks([buildError(2, 5)]), ['error seq=5 errno=2']);
  assert.deepEqual(decodeChunks([buildError(0, 5)]), ['error seq=5 errno=0']);
  assert.deepEqual(decodeChunks([buildDone(3, -4)]), ['done seq=3 errno=4']);
  // A DONE with no payload (old kernels) is a clean end.
  assert.deepEqual(decodeChunks([buildNlmsg(NLMSG_DONE, new Uint8Array(0), { seq: 3 })]), ['done seq=3 errno=0']);
  // An error message too short to hold its code is malformed, and the stream goes on.
  assert.deepEqual(decodeChunks([concatBytes([buildNlmsg(2, new Uint8Array(2)), buildDone()])]), ['malformed short-error', 'done seq=1 errno=0']);
});

test('a stream cut inside a message reports truncation at the end', () => {
  for (let cut = 1; cut < 21; cut++) {
    const records = decodeChunks([stream.subarray(0, cut)]);
    assert.deepEqual(records, ['malformed truncated'], `cut at ${cut}`);
  }
  assert.deepEqual(decodeChunks([stream.subarray(0, 30)]), ['message type=20 seq=7 payload=1,2,3,4,5', 'malformed truncated']);
});

test('zero, short and huge lengths stop the stream with one error record', () => {
  const zero = new Uint8Array(32);
  assert.deepEqual(decodeChunks([zero]), ['malformed short-length']);
  const short = buildNlmsg(20, new Uint8Array(8));
  new DataView(short.buffer).setUint32(0, 15, true);
  assert.deepEqual(decodeChunks([concatBytes([buildNlmsg(20, new Uint8Array([1])), short, buildDone()])]), [
    'message type=20 seq=1 payload=1',
    'malformed short-length',
  ]);
  const huge = buildNlmsg(20, new Uint8Array(8));
  new DataView(huge.buffer).setUint32(0, 0xffffffff, true);
  assert.deepEqual(decodeChunks([huge, stream]), ['malformed too-long']);
  assert.deepEqual(decodeChunks([stream], { maxLength: 20 }), ['malformed too-long']);
  // After a framing error further input is ignored rather than misread.
  const decoder = new NlmsgDecoder();
  const out: string[] = [];
  decoder.push(zero, (r) => out.push(summarize(r)));
  decoder.push(stream, (r) => out.push(summarize(r)));
  assert.equal(decoder.isFailed, true);
  assert.deepEqual(out, ['malformed short-length']);
});
