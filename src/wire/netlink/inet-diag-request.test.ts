import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskFromStates } from '../../model/tcp-state.js';
import { TcpdocError } from '../../model/errors.js';
import { INET_DIAG_CONG, INET_DIAG_INFO, INET_DIAG_SKMEMINFO, encodeInetDiagRequest, extensionBit } from './inet-diag-request.js';

test('encodes nlmsghdr + inet_diag_req_v2 byte for byte', () => {
  const bytes = encodeInetDiagRequest({
    family: 6,
    states: maskFromStates(['LISTEN', 'ESTABLISHED']),
    extensions: extensionBit(INET_DIAG_INFO) | extensionBit(INET_DIAG_SKMEMINFO) | extensionBit(INET_DIAG_CONG),
    seq: 0x01020304,
  });
  const expected = new Uint8Array(72);
  // nlmsghdr: len 72, type 20, flags REQUEST|DUMP 0x301, seq, pid 0 (little-endian host).
  expected.set([72, 0, 0, 0, 20, 0, 0x01, 0x03, 0x04, 0x03, 0x02, 0x01, 0, 0, 0, 0], 0);
  // family AF_INET6, protocol TCP, ext INFO(2)|CONG(8)|SKMEMINFO(64), pad, states (1<<1)|(1<<10).
  expected.set([10, 6, 2 | 8 | 64, 0, 0x02, 0x04, 0, 0], 16);
  // id.idiag_cookie = INET_DIAG_NOCOOKIE twice.
  expected.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 64);
  assert.deepEqual(Array.from(bytes), Array.from(expected));
});

test('appends INET_DIAG_REQ_BYTECODE with padding and counts it in nlmsg_len', () => {
  const program = new Uint8Array([1, 2, 3, 4, 5, 6]);
  const bytes = encodeInetDiagRequest({ family: 4, states: 0xffe, extensions: 0, seq: 1, bytecode: program });
  assert.equal(bytes.length, 72 + 12);
  const view = new DataView(bytes.buffer);
  assert.equal(view.getUint32(0, true), 84);
  assert.equal(bytes[16], 2);
  assert.equal(view.getUint16(72, true), 10);
  assert.equal(view.getUint16(74, true), 1);
  assert.deepEqual(Array.from(bytes.subarray(76, 82)), [1, 2, 3, 4, 5, 6]);
  // null means no kernel filter.
  assert.equal(encodeInetDiagRequest({ family: 4, states: 0xffe, extensions: 0, seq: 1, bytecode: null }).length, 72);
  assert.throws(() => encodeInetDiagRequest({ family: 4, states: 1, extensions: 0, seq: 1, bytecode: new Uint8Array(70000) }), TcpdocError);
});
