import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRtattr, encodeRtattr, listRtattrs, readRtattrType } from './rtattr.js';
import { concatBytes } from './diag-builder.test.helper.js';

const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

test('encodes length without padding and pads the bytes to 4', () => {
  const attr = encodeRtattr(4, new Uint8Array([0x63, 0x75, 0x62, 0x69, 0x63, 0]));
  assert.equal(attr.length, 12);
  const view = viewOf(attr);
  assert.equal(view.getUint16(0, true), 10);
  assert.equal(readRtattrType(view, 0), 4);
  assert.deepEqual(Array.from(attr.subarray(10)), [0, 0]);
});

test('lists attributes and stops at a malformed one', () => {
  const bytes = concatBytes([encodeRtattr(1, new Uint8Array([7])), encodeRtattr(0x8000 | 2, new Uint8Array(0)), encodeRtattr(3, new Uint8Array(8))]);
  const view = viewOf(bytes);
  const { attributes, malformed } = listRtattrs(view, 0, bytes.length);
  assert.equal(malformed, false);
  assert.deepEqual(attributes.map((a) => [a.type, a.payloadOffset, a.payloadLength]), [[1, 4, 1], [2, 12, 0], [3, 16, 8]]);
  // Length past the end, and length below the header size, are both rejected.
  assert.equal(checkRtattr(view, 16, 24), -1);
  const bad = new Uint8Array([2, 0, 1, 0]);
  assert.equal(checkRtattr(viewOf(bad), 0, 4), -1);
  assert.equal(checkRtattr(view, 0, 3), -1);
  const truncated = listRtattrs(view, 0, bytes.length - 1);
  assert.equal(truncated.malformed, true);
  assert.equal(truncated.attributes.length, 2);
});
