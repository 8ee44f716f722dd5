import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TCP_FLAGS, type Segment, type IcmpError } from '../../model/segment.js';
import { Tracker } from './tracker.js';
import { summarizeConnection, type ConnectionSummary } from './summary.js';
import { EXPERT, namesFromExpertMask } from './expert.js';

const { FIN, SYN, RST, ACK, PSH } = TCP_FLAGS;
const C = { addr: '10.0.0.1', port: 40000, isn: 1000 };
const S = { addr: '10.0.0.2', port: 80, isn: 5000 };

let frame = 0;
// A segment from the client ('c') or server ('s'); seq/ack are relative to each side's ISN.
function seg(time: number, from: 'c' | 's', flags: number, seq: number, ack: number, len = 0, win = 1000, options: Segment['options'] = {}): Segment {
  const [a, b] = from === 'c' ? [C, S] : [S, C];
  return {
    frame: ++frame,
    time,
    family: 4,
    src: a.addr,
    dst: b.addr,
    srcPort: a.port,
    dstPort: b.port,
    seq: (a.isn + seq) >>> 0,
    ack: (flags & ACK) !== 0 ? (b.isn + ack) >>> 0 : 0,
    flags,
    window: win,
    payloadLength: len,
    options,
    frameLength: 54 + len,
    ttl: 64,
    interface: null,
  };
}

// Runs segments through a tracker; returns every summary and the expert flag names per segment.
function run(segments: Segment[], icmp: IcmpError[] = []): { conns: ConnectionSummary[]; flags: string[][] } {
  const conns: ConnectionSummary[] = [];
  const tracker = new Tracker({ onRelease: (c, f) => conns.push(summarizeConnection(c, f)) });
  const flags: string[][] = [];
  for (const s of segments) {
    const r = tracker.push(s);
    const names: string[] = namesFromExpertMask(r.expert);
    if (r.dupAckNum > 0) names.push(`#${r.dupAckNum}`);
    flags.push(names);
  }
  for (const e of icmp) tracker.pushIcmp(e);
  tracker.finish();
  return { conns, flags };
}

const handshake = (t = 0): Segment[] => [seg(t, 'c', SYN, 0, 0, 0, 64240, { windowScale: 7 }), seg(t + 0.01, 's', SYN | ACK, 0, 1, 0, 65160, { windowScale: 7 }), seg(t + 0.02, 'c', ACK, 1, 1)];

test('normal request, response and close: SF, history, states, RTT, counts', () => {
  const { conns, flags } = run([
    ...handshake(),
    seg(0.03, 'c', PSH | ACK, 1, 1, 100),
    seg(0.04, 's', ACK, 1, 101),
    seg(0.05, 's', PSH | ACK, 1, 101, 200),
    seg(0.06, 'c', ACK, 101, 201),
    seg(0.07, 'c', FIN | ACK, 101, 201),
    seg(0.08, 's', FIN | ACK, 201, 102),
    seg(0.09, 'c', ACK, 102, 202),
  ]);
  assert.equal(conns.length, 1);
  const c = conns[0]!;
  assert.equal(c.outcome, 'SF');
  assert.equal(c.history, 'ShADadFf');
  assert.equal(c.completeness, 31);
  assert.deepEqual(c.packets, { toServer: 6, toClient: 4 });
  assert.deepEqual(c.bytes, { toServer: 100, toClient: 200 });
  assert.ok(c.rtt !== null && Math.abs(c.rtt - 0.02) < 1e-9, `iRTT is SYN to first ACK: ${c.rtt}`);
  assert.deepEqual(c.client, { address: '10.0.0.1', port: 40000 });
  assert.equal(c.roleInferred, false);
  assert.deepEqual(c.states.client, ['CLOSED', 'SYN_SENT', 'ESTABLISHED', 'FIN_WAIT1', 'TIME_WAIT']);
  assert.deepEqual(c.states.server, ['LISTEN', 'SYN_RECV', 'ESTABLISHED', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED']);
  assert.equal(c.closedBy, 'client');
  assert.deepEqual(c.flags, {});
  assert.ok(flags.every((f) => f.length === 0), 'no expert flag on a clean exchange');
  assert.match(c.diagnosis[0]!.text, /normal close: the client closed first/);
  assert.deepEqual(c.diagnosis[0]!.explain, ['state:TIME_WAIT']);
});

test('refused port: REJ, completeness 37, ECONNREFUSED', () => {
  const { conns, flags } = run([seg(0, 'c', SYN, 0, 0), seg(0.001, 's', RST | ACK, 0, 1, 0, 0)]);
  const c = conns[0]!;
  assert.equal(c.outcome, 'REJ');
  assert.equal(c.completeness, 37);
  assert.equal(c.history, 'Sr');
  assert.deepEqual(flags[1], ['rst']);
  assert.equal(c.diagnosis[0]!.text, 'refused: the server answered the SYN with RST (ECONNREFUSED)');
  assert.deepEqual(c.diagnosis[0]!.explain, ['errno:ECONNREFUSED']);
  assert.deepEqual(c.states.server, ['CLOSED'], 'no listener: the server side never left CLOSED');
  assert.deepEqual(c.states.client, ['CLOSED', 'SYN_SENT', 'CLOSED']);
});

test('SYN never answered: S0, SYN retransmissions, tries and span in the diagnosis', () => {
  const { conns, flags } = run([seg(0, 'c', SYN, 0, 0), seg(1, 'c', SYN, 0, 0), seg(3, 'c', SYN, 0, 0)]);
  const c = conns[0]!;
  assert.equal(c.outcome, 'S0');
  assert.equal(c.completeness, 1);
  assert.deepEqual(flags, [[], ['retransmission'], ['retransmission']]);
  assert.equal(c.diagnosis[0]!.text, 'SYN never answered (3 tries over 3 s): filtered or host down');
  assert.deepEqual(c.diagnosis[0]!.explain, ['errno:ETIMEDOUT']);
});

test('ICMP port unreachable attached to the connection it quotes', () => {
  const icmp: IcmpError = { frame: 99, time: 0.001, family: 4, reporter: '10.0.0.2', type: 3, code: 3, quoted: { src: C.addr, dst: S.addr, srcPort: C.port, dstPort: S.port, seq: C.isn }, mtu: null };
  const { conns } = run([seg(0, 'c', SYN, 0, 0)], [icmp]);
  const c = conns[0]!;
  assert.equal(c.icmp.length, 1);
  assert.match(c.diagnosis[0]!.text, /^ICMP port unreachable from 10\.0\.0\.2/);
  assert.deepEqual(c.diagnosis[0]!.explain, ['icmp:3/3', 'errno:ECONNREFUSED']);
});

test('server reset after the request: RSTR and the delay in the diagnosis', () => {
  const { conns } = run([...handshake(), seg(0.03, 'c', PSH | ACK, 1, 1, 50), seg(0.032, 's', RST | ACK, 1, 51, 0, 0)]);
  const c = conns[0]!;
  assert.equal(c.outcome, 'RSTR');
  assert.equal(c.closedBy, 'server');
  assert.equal(c.closeKind, 'rst');
  assert.match(c.diagnosis[0]!.text, /^server reset the connection 2\.0 ms after the request/);
  assert.deepEqual(c.diagnosis[0]!.explain, ['errno:ECONNRESET']);
  assert.equal(c.states.client.at(-1), 'CLOSED');
});

test('client abort: RSTO', () => {
  const { conns } = run([...handshake(), seg(0.03, 'c', RST | ACK, 1, 1, 0, 0)]);
  assert.equal(conns[0]!.outcome, 'RSTO');
  assert.equal(conns[0]!.flags.rst, 1);
});

test('retransmission after a timeout, spurious retransmission of acknowledged data', () => {
  const { flags } = run([
    ...handshake(),
    seg(0.03, 'c', PSH | ACK, 1, 1, 100),
    seg(0.5, 'c', PSH | ACK, 1, 1, 100),
    seg(0.51, 's', ACK, 1, 101),
    seg(1.0, 'c', PSH | ACK, 1, 1, 100),
  ]);
  assert.deepEqual(flags[4], ['retransmission']);
  assert.deepEqual(flags[6], ['spuriousRetransmission']);
});

test('duplicate ACKs are numbered, then a fast retransmission within 20 ms', () => {
  const { flags, conns } = run([
    ...handshake(),
    seg(0.1, 'c', ACK, 1, 1, 100),
    seg(0.1001, 'c', ACK, 101, 1, 100),
    seg(0.1002, 'c', ACK, 201, 1, 100),
    seg(0.1003, 'c', ACK, 301, 1, 100),
    seg(0.12, 's', ACK, 1, 101),
    seg(0.121, 's', ACK, 1, 101),
    seg(0.122, 's', ACK, 1, 101),
    seg(0.123, 's', ACK, 1, 101),
    seg(0.125, 'c', ACK, 101, 1, 100),
  ]);
  assert.deepEqual(flags[8], ['duplicateAck', '#1']);
  assert.deepEqual(flags[9], ['duplicateAck', '#2']);
  assert.deepEqual(flags[10], ['duplicateAck', '#3']);
  assert.deepEqual(flags[11], ['fastRetransmission']);
  assert.equal(conns[0]!.flags.duplicateAck, 3);
  assert.match(conns[0]!.history, /T/, 'retransmitted client payload shows as T in the history');
});

test('out-of-order within the RTT, and a gap: previous segment not captured, ACKed unseen', () => {
  const ooo = run([...handshake(), seg(0.1, 'c', ACK, 101, 1, 100), seg(0.101, 'c', ACK, 1, 1, 100)]);
  assert.deepEqual(ooo.flags[3], ['lostSegment']);
  assert.deepEqual(ooo.flags[4], ['outOfOrder']);
  const unseen = run([...handshake(), seg(0.1, 'c', ACK, 1, 1, 100), seg(0.2, 's', ACK, 1, 301)]);
  assert.deepEqual(unseen.flags[4], ['ackedUnseen']);
});

test('zero window, zero-window probe and its ACK, window update, and the diagnosis of a long stall', () => {
  const { flags, conns } = run([
    ...handshake(),
    seg(0.1, 'c', ACK, 1, 1, 1000),
    seg(0.2, 's', ACK, 1, 1001, 0, 0),
    seg(0.5, 'c', ACK, 1001, 1, 1),
    seg(0.51, 's', ACK, 1, 1001, 0, 0),
    seg(4.4, 's', ACK, 1, 1001, 0, 500),
  ]);
  assert.deepEqual(flags[4], ['zeroWindow']);
  assert.deepEqual(flags[5], ['zeroWindowProbe']);
  assert.deepEqual(flags[6], ['zeroWindow', 'zeroWindowProbeAck']);
  assert.deepEqual(flags[7], ['windowUpdate']);
  const c = conns[0]!;
  assert.ok(c.diagnosis.some((d) => d.text === "receiver's window stayed at zero for 4.2 s: the server application stopped reading"), JSON.stringify(c.diagnosis));
  assert.match(c.history, /w/);
});

test('window full uses the scaled window only when both SYNs carried window scale', () => {
  // Server window 10 << 7 = 1280 bytes: a 1280-byte segment fills it.
  const scaled = run([...handshake(), seg(0.05, 's', ACK, 1, 1, 0, 10), seg(0.1, 'c', ACK, 1, 1, 1280)]);
  assert.deepEqual(scaled.flags[4], ['windowFull']);
  const unscaled = run([seg(0, 'c', SYN, 0, 0, 0, 64240), seg(0.01, 's', SYN | ACK, 0, 1, 0, 65160, { windowScale: 7 }), seg(0.02, 'c', ACK, 1, 1), seg(0.05, 's', ACK, 1, 1, 0, 10), seg(0.1, 'c', ACK, 1, 1, 10)]);
  assert.deepEqual(unscaled.flags[4], ['windowFull'], 'no scaling: the raw window of 10 bytes is the limit');
});

test('keep-alive and keep-alive ACK', () => {
  const { flags, conns } = run([...handshake(), seg(10, 'c', ACK, 0, 1), seg(10.001, 's', ACK, 1, 1, 0, 65160)]);
  assert.deepEqual(flags[3], ['keepAlive']);
  assert.deepEqual(flags[4], ['keepAliveAck']);
  assert.ok(conns[0]!.diagnosis.some((d) => d.text === '1 keep-alive probe, 1 answered'));
});

test('port reuse: a SYN with a new ISN on a known 4-tuple starts a new connection', () => {
  const second = seg(5, 'c', SYN, 777777, 0);
  const { conns, flags } = run([...handshake(), seg(0.05, 'c', RST | ACK, 1, 1), second, seg(5.01, 's', SYN | ACK, 0, 777778)]);
  assert.equal(conns.length, 2);
  assert.deepEqual(flags[4], ['reusedPorts']);
  assert.deepEqual(conns.map((c) => c.id), [1, 2]);
  assert.equal(conns[1]!.flags.reusedPorts, 1);
  assert.equal(conns[1]!.packets.toServer, 1);
});

test('simultaneous close: both sides go through CLOSING', () => {
  const { conns } = run([...handshake(), seg(0.1, 'c', FIN | ACK, 1, 1), seg(0.1001, 's', FIN | ACK, 1, 1), seg(0.11, 'c', ACK, 2, 2), seg(0.11, 's', ACK, 2, 2)]);
  const c = conns[0]!;
  assert.deepEqual(c.states.client, ['CLOSED', 'SYN_SENT', 'ESTABLISHED', 'FIN_WAIT1', 'CLOSING', 'TIME_WAIT']);
  assert.deepEqual(c.states.server, ['LISTEN', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT1', 'CLOSING', 'TIME_WAIT']);
  assert.equal(c.outcome, 'SF');
});

test('half-close: the server keeps sending after the client FIN', () => {
  const { conns } = run([
    ...handshake(),
    seg(0.1, 'c', FIN | ACK, 1, 1),
    seg(0.11, 's', ACK, 1, 2),
    seg(0.2, 's', PSH | ACK, 1, 2, 500),
    seg(0.21, 'c', ACK, 2, 501),
    seg(0.3, 's', FIN | ACK, 501, 2),
    seg(0.31, 'c', ACK, 2, 502),
  ]);
  const c = conns[0]!;
  assert.deepEqual(c.states.client, ['CLOSED', 'SYN_SENT', 'ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT']);
  assert.deepEqual(c.states.server, ['LISTEN', 'SYN_RECV', 'ESTABLISHED', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED']);
  assert.equal(c.bytes.toClient, 500);
});

test('simultaneous open: both sides send SYN', () => {
  const { conns } = run([seg(0, 'c', SYN, 0, 0), seg(0.0001, 's', SYN, 0, 0), seg(0.01, 'c', SYN | ACK, 0, 1), seg(0.01, 's', SYN | ACK, 0, 1)]);
  const c = conns[0]!;
  assert.deepEqual(c.states.client, ['CLOSED', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED']);
  assert.deepEqual(c.states.server, ['CLOSED', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED']);
});

test('midstream capture: roles from the ports, OTH, relative numbers start at 1', () => {
  const conns: ConnectionSummary[] = [];
  const tracker = new Tracker({ onRelease: (c, f) => conns.push(summarizeConnection(c, f)) });
  const r = tracker.push(seg(0, 's', PSH | ACK, 100, 100, 10));
  assert.equal(r.relSeq, 1);
  assert.equal(r.relAck, 1);
  assert.equal(r.fromClient, false);
  tracker.push(seg(0.01, 'c', ACK, 100, 110));
  tracker.finish();
  assert.equal(conns[0]!.outcome, 'OTH');
  assert.equal(conns[0]!.roleInferred, true);
  assert.equal(conns[0]!.server.port, 80);
});

test('RST is counted as an expert flag and the ladder result carries states and scaled windows', () => {
  const tracker = new Tracker({ onRelease: () => {} });
  for (const s of handshake()) tracker.push(s);
  const r = tracker.push(seg(0.05, 's', ACK, 1, 1, 0, 10));
  assert.equal(r.window, 1280);
  assert.equal(r.clientState, 'ESTABLISHED');
  const rst = tracker.push(seg(0.06, 's', RST, 1, 0));
  assert.equal(rst.expert & EXPERT.rst, EXPERT.rst);
  assert.equal(rst.serverState, 'CLOSED');
});

test('memory stays bounded: closed connections are released after the grace period', () => {
  let released = 0;
  const tracker = new Tracker({ onRelease: () => released++, closeGrace: 1 });
  let peakLive = 0;
  const n = 50_000;
  for (let i = 0; i < n; i++) {
    const port = 1024 + (i % 60000);
    const t = i * 0.001;
    const base = { family: 4 as const, src: '10.1.0.1', dst: '10.1.0.2', options: {}, frameLength: 60, ttl: 64, interface: null, window: 100 };
    tracker.push({ ...base, frame: i * 3 + 1, time: t, srcPort: port, dstPort: 80, seq: i, ack: 0, flags: SYN, payloadLength: 0 });
    tracker.push({ ...base, frame: i * 3 + 2, time: t, srcPort: port, dstPort: 80, seq: i + 1, ack: 1, flags: RST | ACK, payloadLength: 0, src: '10.1.0.1' });
    peakLive = Math.max(peakLive, tracker.live);
  }
  tracker.finish();
  assert.equal(released, n);
  assert.ok(peakLive < 10_000, `live connections stayed bounded (peak ${peakLive})`);
  assert.equal(tracker.live, 0);
});

test('idle connections and the maxLive cap release connections early', () => {
  let released = 0;
  const tracker = new Tracker({ onRelease: () => released++, idleTimeout: 10, maxLive: 1000 });
  for (let i = 0; i < 20_000; i++) {
    tracker.push({ frame: i + 1, time: i * 0.01, family: 6, src: 'fd00::1', dst: 'fd00::2', srcPort: 1024 + i, dstPort: 443, seq: 1, ack: 0, flags: SYN, window: 1, payloadLength: 0, options: {}, frameLength: 74, ttl: 64, interface: null });
  }
  assert.ok(tracker.live <= 1000 + 8192, `live ${tracker.live}`);
  tracker.finish();
  assert.equal(released, 20_000);
});

test('random segments never throw, and every packet lands in exactly one released connection', () => {
  let state = 12345;
  const random = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
  const conns: ConnectionSummary[] = [];
  const tracker = new Tracker({ onRelease: (c, f) => conns.push(summarizeConnection(c, f)), closeGrace: 0.5, idleTimeout: 5, maxLive: 50 });
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const a = random(2) === 0;
    const port = 1000 + random(40);
    tracker.push({
      frame: i + 1,
      time: i * 0.001 + random(3) * 0.0001,
      family: 4,
      src: a ? '192.0.2.1' : '192.0.2.2',
      dst: a ? '192.0.2.2' : '192.0.2.1',
      srcPort: a ? port : 80,
      dstPort: a ? 80 : port,
      seq: random(4) === 0 ? random(2 ** 32) : random(5000),
      ack: random(2 ** 32),
      flags: random(256),
      window: random(3) === 0 ? 0 : random(65536),
      payloadLength: random(4) === 0 ? random(1500) : 0,
      options: random(5) === 0 ? { windowScale: random(20), mss: 1460 } : {},
      frameLength: 60,
      ttl: 64,
      interface: null,
    });
    tracker.pushIcmp({ frame: i + 1, time: i * 0.001, family: 4, reporter: '192.0.2.9', type: 3, code: random(16), quoted: { src: '192.0.2.1', dst: '192.0.2.2', srcPort: port, dstPort: 80, seq: null }, mtu: null });
  }
  tracker.finish();
  const total = conns.reduce((sum, c) => sum + c.packets.toServer + c.packets.toClient, 0);
  assert.equal(total, n);
  assert.equal(new Set(conns.map((c) => c.id)).size, conns.length);
  for (const c of conns) {
    assert.ok(c.diagnosis.length >= 1, `connection ${c.id} has a diagnosis`);
    assert.ok(c.states.client.length <= 24 && c.states.server.length <= 24);
    assert.ok(c.history.length <= 64 + 20);
    assert.ok(c.icmp.length <= 8);
  }
});

test('address ids are renumbered from the live connections when they pile up, with the same results', () => {
  // Long-lived connections (one with equal ports, whose orientation depends on the ids) talk throughout,
  // while SYNs from 20,000 other addresses come and go: with a limit of 64 ids the tracker compacts many times.
  const raw = (time: number, src: string, sport: number, dst: string, dport: number, flags: number, seq: number, ack: number, len = 0): Segment => ({
    frame: 0, time, family: 4, src, dst, srcPort: sport, dstPort: dport, seq, ack, flags, window: 1000, payloadLength: len, options: {}, frameLength: 54 + len, ttl: 64, interface: null,
  });
  const N = 20_000;
  const segments: Segment[] = [];
  let t = 0;
  const long = [
    { c: '192.168.9.9', cp: 5000, s: '192.168.1.1', sp: 5000 },
    { c: '192.168.9.8', cp: 41000, s: '192.168.1.2', sp: 443 },
  ];
  for (const l of long) {
    segments.push(raw((t += 0.001), l.c, l.cp, l.s, l.sp, SYN, 100, 0));
    segments.push(raw((t += 0.001), l.s, l.sp, l.c, l.cp, SYN | ACK, 900, 101));
    segments.push(raw((t += 0.001), l.c, l.cp, l.s, l.sp, ACK, 101, 901));
  }
  for (let i = 0; i < N; i++) {
    // Refused at once: each of these is released after the close grace, and its address can be forgotten.
    const scanner = `10.${(i >> 8) & 255}.${i & 255}.7`;
    segments.push(raw((t += 0.001), scanner, 30000 + (i % 1000), '10.255.255.1', 80, SYN, i, 0));
    segments.push(raw(t, '10.255.255.1', 80, scanner, 30000 + (i % 1000), RST | ACK, 0, i + 1));
    const l = long[i % 2]!;
    const k = Math.floor(i / 2);
    segments.push(raw((t += 0.001), l.c, l.cp, l.s, l.sp, ACK | PSH, 101 + k * 10, 901, 10));
    segments.push(raw((t += 0.001), l.s, l.sp, l.c, l.cp, ACK, 901, 111 + k * 10));
  }
  segments.forEach((s, i) => (s.frame = i + 1));
  let peak = 0;
  const summaries = (maxAddressIds: number): string[] => {
    const out: string[] = [];
    const tracker = new Tracker({ maxAddressIds, onRelease: (c, f) => out.push(JSON.stringify(summarizeConnection(c, f))) });
    peak = 0;
    for (const s of segments) {
      tracker.push(s);
      peak = Math.max(peak, tracker.knownAddresses);
    }
    tracker.finish();
    return out.sort();
  };
  const compacted = summaries(64);
  const compactedPeak = peak;
  assert.deepEqual(compacted, summaries(1 << 20));
  // Live connections hold the addresses of a few seconds of refusals (released after the close grace, at
  // sweeps every 8,192 segments); without compaction every address ever seen keeps its id.
  assert.ok(compactedPeak < N / 2, `${compactedPeak} ids at the peak`);
  assert.ok(peak > N, `${peak} ids without compaction`);
  assert.equal(compacted.length, N + 2);
  // The long connections kept one identity each across every renumbering.
  const longOnes = compacted.map((j) => JSON.parse(j) as ConnectionSummary).filter((c) => c.client.address.startsWith('192.168.9.'));
  assert.deepEqual(longOnes.map((c) => [c.client.port, c.packets.toServer, c.packets.toClient, c.outcome]).sort(), [[41000, N / 2 + 2, N / 2 + 1, 'S1'], [5000, N / 2 + 2, N / 2 + 1, 'S1']]);
  assert.ok(compacted.every((j) => !j.includes('"outcome":"OTH"')), 'no connection was split by a renumbering');
});
