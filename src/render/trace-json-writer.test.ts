import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectionSummary } from '../analysis/trace/summary.js';
import { formatTraceJsonConnection } from './trace-json.js';
import { JsonByteWriter, writeTraceJsonConnection } from './trace-json-writer.js';

const base: ConnectionSummary = {
  id: 12345,
  family: 4,
  client: { address: '10.0.0.1', port: 40000 },
  server: { address: '10.0.0.2', port: 443 },
  roleInferred: true,
  outcome: 'SF',
  history: 'ShADadFf',
  completeness: 31,
  firstFrame: 1_000_001,
  packets: { toServer: 10, toClient: 0 },
  bytes: { toServer: 2 ** 33, toClient: 0 },
  frameBytes: { toServer: 4_000_000_000, toClient: 9 },
  start: 1700000000.123456,
  end: 1700000170.004352,
  duration: 169.88089609146118,
  rtt: 0.000123,
  synAttempts: 2,
  states: { client: ['CLOSED', 'SYN_SENT', 'ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT'], server: ['LISTEN', 'SYN_RECV', 'ESTABLISHED', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED'] },
  closedBy: 'client',
  closeKind: 'fin',
  flags: { retransmission: 3, duplicateAck: 12 },
  zeroWindow: { client: 0, server: 1.5 },
  icmp: [],
  diagnosis: [{ text: 'normal open and close', severity: 'info', explain: ['state:TIME_WAIT', 'rfc:9293'] }],
};

// Variants that reach every branch: escapes, non-ASCII text, nulls, negative and huge numbers, ICMP, IPv6.
const variants: ConnectionSummary[] = [
  base,
  { ...base, id: 0, family: 6, client: { address: 'fd00::1', port: 0 }, server: { address: 'fd00::"2\\', port: 65535 }, roleInferred: false, rtt: null, closedBy: null, closeKind: null, flags: {} },
  { ...base, start: Number.NaN, end: Number.POSITIVE_INFINITY, duration: -0.5, zeroWindow: { client: -0, server: 1e-7 }, synAttempts: 2 ** 31 },
  { ...base, history: 'Sh\u0001', diagnosis: [{ text: 'zurückgesetzt — 🙂 "quoted"\n', severity: 'error', explain: [] }, { text: 'b', severity: 'warning', explain: ['x'] }] },
  { ...base, icmp: [{ time: 1.25, frame: 9, reporter: 'fd00::9', type: 1, code: 4, family: 6, mtu: null }, { time: 2, frame: 10, reporter: '10.9.9.9', type: 3, code: 4, family: 4, mtu: 1400 }] },
];

test('the byte writer produces exactly formatTraceJsonConnection text (and so JSON.stringify)', () => {
  const w = new JsonByteWriter(64);
  let expected = '';
  variants.forEach((c, i) => {
    writeTraceJsonConnection(w, c, i === 0);
    expected += formatTraceJsonConnection(c, i === 0);
  });
  assert.equal(w.take(), expected);
  assert.equal(w.length, 0);
  for (const c of variants) assert.equal(formatTraceJsonConnection(c, true), JSON.stringify(c));
});

test('repeated writes reuse cached encodings and grow the buffer without losing bytes', () => {
  const w = new JsonByteWriter(16);
  let expected = '';
  for (let i = 0; i < 2000; i++) {
    const v = variants[i % variants.length]!;
    // State lists of every length (more distinct lists than the cache holds) and one text with several
    // severities and explain lists.
    const states = { client: base.states.client.slice(0, 1 + (i % 6)), server: i % 100 === 0 ? [`X${i}`] : base.states.server.slice(i % 5) };
    const diagnosis = [...v.diagnosis, { text: 'same text', severity: i % 3 === 0 ? ('error' as const) : ('info' as const), explain: i % 2 === 0 ? ['a'] : ['a', 'b'] }];
    const c = { ...v, id: i * 7919, states: states as ConnectionSummary['states'], diagnosis };
    writeTraceJsonConnection(w, c, i === 0);
    expected += formatTraceJsonConnection(c, i === 0);
  }
  const text = w.take();
  assert.equal(text, expected);
  assert.equal((JSON.parse(`[${text}]`) as unknown[]).length, 2000);
});

test('ASCII-only output comes back as Latin-1, mixed output as UTF-8', () => {
  const w = new JsonByteWriter();
  w.string('plain');
  w.text('é');
  w.number(-12);
  w.number(0.1);
  assert.equal(w.take(), '"plain"é-120.1');
  w.string('x');
  assert.equal(w.take(), '"x"');
});

test('numbers come out as String(n) for microsecond times, nanosecond durations, tiny and huge values', () => {
  // Deterministic pseudo-random values (a linear congruential generator), many shaped like capture times.
  let seed = 12345;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed;
  };
  const values: number[] = [0.5, 0.1, 0.000001, 0.0000015, 1e-7, 2 ** 31 - 0.5, 2 ** 31 + 0.25, 1e21, 123456789.000001, 1.999999, 0.999999];
  for (let i = 0; i < 200_000; i++) {
    const seconds = [1_700_000_000, 1_000_000, 12, 0][i % 4]! + (next() % 100_000);
    const micros = next() % 1_000_000;
    const t = seconds + micros / 1e6;
    values.push(t, t - (seconds + (next() % 1_000_000) / 1e6), micros / 1e6, next() / 4294967296);
  }
  // Nanosecond-rounded durations as the summary makes them, and values just beside them.
  for (let i = 0; i < 200_000; i++) {
    const d = Math.round(([0, 3, 120, 8_388_607][i % 4]! + next() / 4294967296) * 1e9) / 1e9;
    values.push(d, d + 2 ** -40, d * (1 + 2 ** -52), (next() % 1000) / 1e9, 1e-6 + (next() % 1000) / 1e9);
  }
  values.push(8_388_607.999999999, 8_388_608.000000001, 0.000000999, 0.000001001, 4.000000001, 0.123456789);
  const w = new JsonByteWriter(16);
  for (const v of values) {
    w.number(v);
    const got = w.take();
    if (got !== String(v)) assert.fail(`${got} for ${String(v)}`);
  }
});

test('takeBuffer hands over the same bytes as take() and the writer goes on in a fresh buffer', () => {
  const w = new JsonByteWriter(8);
  w.ascii('{"a":');
  w.string('é"x');
  w.number(1.5);
  const first = w.takeBuffer();
  assert.equal(first.toString('utf8'), '{"a":"é\\"x"1.5');
  w.ascii('next');
  // The handed-over bytes are not overwritten by later writes.
  assert.equal(first.toString('utf8'), '{"a":"é\\"x"1.5');
  assert.equal(w.take(), 'next');
});
