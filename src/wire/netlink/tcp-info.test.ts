import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTcpInfo } from './tcp-info.js';
import { buildTcpInfo } from './diag-builder.test.helper.js';

const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

// Distinct values at the offsets of linux/tcp.h so a shifted read cannot pass.
const fields: Record<number, number> = {
  0: 1, 1: 3, 2: 2, 3: 4, 4: 5, 5: 7, 6: 0x97, 7: 0x05,
  8: 204000, 12: 40000, 16: 1448, 20: 536, 24: 11, 28: 12, 32: 13, 36: 14,
  44: 15, 52: 16, 56: 17, 60: 65535, 64: 64076, 68: 123, 72: 45, 76: 0x7fffffff,
  80: 10, 84: 65483, 88: 3, 92: 77, 96: 14600, 100: 21,
  104: 2 ** 40 + 5, 112: 9000, 120: 1000, 128: 2000, 136: 31, 140: 32, 144: 33, 148: 34,
  152: 35, 156: 36, 160: 5000, 168: 7001, 176: 7002, 184: 7003, 192: 41, 196: 42,
  200: 8000, 208: 8001, 216: 43, 220: 44, 224: 45, 228: 46,
  232: 47, 236: 48, 240: 49, 242: 50, 244: 51,
  248: 52, 252: 53, 256: 54, 260: 55, 264: 56, 268: 57, 272: 58,
};

test('decodes the 104-byte base struct and leaves later fields undefined', () => {
  const info = decodeTcpInfo(viewOf(buildTcpInfo(104, fields)), 0, 104);
  assert.ok(info);
  assert.equal(info.length, 104);
  assert.deepEqual(
    [info.state, info.caState, info.retransmits, info.probes, info.backoff, info.options],
    [1, 3, 2, 4, 5, 7],
  );
  // Byte 6: snd_wscale low nibble 7, rcv_wscale high nibble 9; byte 7: app-limited bit, fastopen fail 2.
  assert.equal(info.sndWscale, 7);
  assert.equal(info.rcvWscale, 9);
  assert.equal(info.deliveryRateAppLimited, true);
  assert.equal(info.fastopenClientFail, 2);
  assert.deepEqual(
    [info.rtoUs, info.atoUs, info.sndMss, info.rcvMss, info.unacked, info.sacked, info.lost, info.retrans],
    [204000, 40000, 1448, 536, 11, 12, 13, 14],
  );
  assert.deepEqual([info.lastDataSentMs, info.lastDataRecvMs, info.lastAckRecvMs], [15, 16, 17]);
  assert.deepEqual(
    [info.pmtu, info.rcvSsthresh, info.rttUs, info.rttVarUs, info.sndSsthresh, info.sndCwnd, info.advmss, info.reordering, info.rcvRttUs, info.rcvSpace, info.totalRetrans],
    [65535, 64076, 123, 45, 0x7fffffff, 10, 65483, 3, 77, 14600, 21],
  );
  assert.equal(info.pacingRate, undefined);
  assert.equal(info.sndWnd, undefined);
});

test('a 192-byte struct stops after sndbuf_limited', () => {
  const info = decodeTcpInfo(viewOf(buildTcpInfo(192, fields)), 0, 192);
  assert.ok(info);
  assert.equal(info.pacingRate, 2 ** 40 + 5);
  assert.deepEqual(
    [info.maxPacingRate, info.bytesAcked, info.bytesReceived, info.segsOut, info.segsIn, info.notsentBytes, info.minRttUs, info.dataSegsIn, info.dataSegsOut],
    [9000, 1000, 2000, 31, 32, 33, 34, 35, 36],
  );
  assert.deepEqual([info.deliveryRate, info.busyTimeUs, info.rwndLimitedUs, info.sndbufLimitedUs], [5000, 7001, 7002, 7003]);
  assert.equal(info.delivered, undefined);
});

test('232 (Debian 12 header), 248 (6.7+) and 280 bytes decode every known field', () => {
  const at232 = decodeTcpInfo(viewOf(buildTcpInfo(232, fields)), 0, 232);
  assert.deepEqual(
    [at232?.delivered, at232?.deliveredCe, at232?.bytesSent, at232?.bytesRetrans, at232?.dsackDups, at232?.reordSeen, at232?.rcvOooPack, at232?.sndWnd, at232?.rcvWnd],
    [41, 42, 8000, 8001, 43, 44, 45, 46, undefined],
  );
  const at248 = decodeTcpInfo(viewOf(buildTcpInfo(248, fields)), 0, 248);
  assert.deepEqual([at248?.rcvWnd, at248?.rehash, at248?.totalRto, at248?.totalRtoRecoveries, at248?.totalRtoTimeMs, at248?.receivedCe], [47, 48, 49, 50, 51, undefined]);
  // More bytes than this decoder knows: the known prefix decodes, the rest is ignored.
  const long = decodeTcpInfo(viewOf(buildTcpInfo(320, fields)), 0, 320);
  assert.equal(long?.length, 320);
  assert.deepEqual(
    [long?.receivedCe, long?.deliveredE1Bytes, long?.deliveredE0Bytes, long?.deliveredCeBytes, long?.receivedE1Bytes, long?.receivedE0Bytes, long?.receivedCeBytes],
    [52, 53, 54, 55, 56, 57, 58],
  );
});

test('the "unlimited" max pacing rate (~0) reads as 2^64; short or overrunning input is null', () => {
  const bytes = buildTcpInfo(232, fields);
  new DataView(bytes.buffer).setBigUint64(112, 0xffffffffffffffffn, true);
  assert.equal(decodeTcpInfo(viewOf(bytes), 0, 232)?.maxPacingRate, 2 ** 64);
  assert.equal(decodeTcpInfo(viewOf(buildTcpInfo(103)), 0, 103), null);
  assert.equal(decodeTcpInfo(viewOf(buildTcpInfo(104)), 4, 104), null);
  // Decoding at an offset inside a bigger buffer.
  const padded = new Uint8Array(300);
  padded.set(buildTcpInfo(104, fields), 40);
  assert.equal(decodeTcpInfo(viewOf(padded), 40, 104)?.sndCwnd, 10);
});

test('the base decode agrees with the full one on the first 104 bytes and leaves the rest out', async () => {
  const { decodeTcpInfoBase } = await import('./tcp-info.js');
  const { buildTcpInfo } = await import('./diag-builder.test.helper.js');
  const bytes = buildTcpInfo(280, { 2: 3, 4: 2, 68: 1234, 52: 99, 100: 7 });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const full = decodeTcpInfo(view, 0, bytes.length)!;
  const base = decodeTcpInfoBase(view, 0, bytes.length)!;
  for (const [key, value] of Object.entries(base)) if (key !== 'length') assert.equal(value, (full as unknown as Record<string, unknown>)[key], key);
  assert.equal(base.length, 104);
  assert.equal('bytesSent' in base, false);
  assert.equal(decodeTcpInfoBase(view, 0, 103), null);
});
