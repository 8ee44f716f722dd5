import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord, Segment } from '../../model/segment.js';
import { collectSink, feedInChunks } from './capture-builders.test.helper.js';
import { readNetworkStart, readVerboseIpHeader } from './tcpdump-text-headers.js';
import { TcpdumpTextReader } from './tcpdump-text.js';

// Real tcpdump 4.99 lines (-n -e, -n -v, -n -e -v) of built captures: Ethernet, an 802.1Q-tagged frame,
// IPv6, an ICMP port unreachable, Linux cooked v1 and v2.
const E = [
  '22:13:20.001000 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 54: 10.0.0.1.40000 > 10.0.0.2.443: Flags [S], seq 1, win 65535, length 0',
  '22:13:20.002000 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype 802.1Q (0x8100), length 58: vlan 100, p 0, ethertype IPv4 (0x0800), 10.0.0.1.40001 > 10.0.0.2.443: Flags [S], seq 1, win 65535, length 0',
  '22:13:20.003000 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv6 (0x86dd), length 74: 2001:db8::1.40002 > 2001:db8::2.443: Flags [S], seq 1, win 65535, length 0',
  '22:13:20.004000 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 70: 10.0.0.3 > 10.0.0.1: ICMP 10.0.0.3 tcp port 25 unreachable, length 36',
  '22:13:20.005000 Out 00:00:00:00:00:00 ethertype IPv4 (0x0800), length 56: 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 1, win 65535, length 0',
  '22:13:20.006000 lo    In  ifindex 1 00:00:00:00:00:00 ethertype IPv6 (0x86dd), length 100: ::1.34462 > ::1.9000: Flags [S], seq 1139636625, win 65476, length 0',
  '22:13:20.007000 02:00:00:00:00:02 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 10.0.0.2 tell 10.0.0.1, length 28',
];
const V = [
  '22:13:20.001000 IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 40, bad cksum 0 (->66cd)!)',
  '    10.0.0.1.40000 > 10.0.0.2.443: Flags [S], cksum 0x0000 (incorrect -> 0xfde3), seq 1, win 65535, length 0',
  '22:13:20.003000 IP6 (hlim 63, next-header TCP (6) payload length: 20) 2001:db8::1.40002 > 2001:db8::2.443: Flags [S], cksum 0x0000 (incorrect -> 0xb66f), seq 1, win 65535, length 0',
  '22:13:20.004000 IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 56, bad cksum 0 (->66c1)!)',
  '    10.0.0.3 > 10.0.0.1: ICMP 10.0.0.3 tcp port 25 unreachable, length 36 (wrong icmp cksum 0 (->c76b)!)',
  '\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 40, bad cksum 0 (->66cc)!)',
  '    10.0.0.1.40003 > 10.0.0.3.25:  [|tcp]',
  '22:13:20.005000 IP6 (hlim 64, next-header ICMPv6 (58) payload length: 68) fd77::2 > fd77::1: [icmp6 sum ok] ICMP6, destination unreachable, unreachable port, fd77::2 tcp port 25',
  '22:13:20.006000 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 54: (tos 0x0, ttl 55, id 1, offset 0, flags [none], proto TCP (6), length 40, bad cksum 0 (->66cd)!)',
  '    10.0.0.1.40000 > 10.0.0.2.443: Flags [.], cksum 0x0000 (incorrect -> 0xfde3), ack 1, win 65535, length 0',
];

function read(lines: string[], chunk?: number): { records: CaptureRecord[]; notes: string[] } {
  const sink = collectSink();
  const text = new TextEncoder().encode(lines.join('\n') + '\n');
  feedInChunks(new TcpdumpTextReader(sink), text, chunk ?? text.length);
  return { records: sink.records, notes: sink.notes.map((n) => n.message) };
}

const tcp = (records: CaptureRecord[]): Segment[] => records.flatMap((r) => (r.kind === 'tcp' ? [r.segment] : []));

test('-e link headers: Ethernet, 802.1Q, Linux cooked v1 and v2 lead to the same packets; ARP stays other', () => {
  const { records } = read(E);
  assert.deepEqual(records.map((r) => r.kind), ['tcp', 'tcp', 'tcp', 'icmp', 'tcp', 'tcp', 'other']);
  assert.deepEqual(tcp(records).map((s) => `${s.src}.${s.srcPort}>${s.dst}.${s.dstPort}/${s.family}`), [
    '10.0.0.1.40000>10.0.0.2.443/4',
    '10.0.0.1.40001>10.0.0.2.443/4',
    '2001:db8::1.40002>2001:db8::2.443/6',
    '10.0.0.1.1>10.0.0.2.2/4',
    '::1.34462>::1.9000/6',
  ]);
  assert.equal(tcp(records)[4]?.interface, 'lo');
  assert.deepEqual(records.map((r) => r.kind === 'other' ? r.protocol : r.kind === 'icmp' ? r.error.quoted.dstPort : null).filter((x) => x !== null), [25, 'arp']);
});

test('-v: the IPv4 packet line after its header line, IPv6 on one line, TTL and hop limit kept, ICMP both ways', () => {
  for (const chunk of [undefined, 1, 17]) {
    const { records } = read(V, chunk);
    assert.deepEqual(records.map((r) => r.kind), ['tcp', 'tcp', 'icmp', 'icmp', 'tcp'], `chunk ${chunk}`);
    assert.deepEqual(tcp(records).map((s) => [s.frame, s.ttl, s.seq, s.window]), [[1, 64, 1, 65535], [2, 63, 1, 65535], [5, 55, 2, 65535]]);
    const icmp = records.flatMap((r) => (r.kind === 'icmp' ? [r.error] : []));
    assert.deepEqual(icmp.map((e) => [e.frame, e.family, e.type, e.code, e.quoted.dstPort]), [[3, 4, 3, 3, 25], [4, 6, 1, 4, 25]]);
  }
});

test('a -v header line whose packet line never comes is one unparsed frame, at the next packet or at the end', () => {
  const cut = read([V[0]!, V[2]!, V[0]!]).records;
  assert.deepEqual(cut.map((r) => (r.kind === 'unparsed' ? `unparsed:${r.frame}:${r.reason}` : `${r.kind}`)), [
    'unparsed:1:verbose IP header line without its packet line',
    'tcp',
    'unparsed:3:verbose IP header line without its packet line',
  ]);
});

test('-ttt deltas are added up, -ttttt offsets taken as they are, told apart by whether a value goes down', () => {
  const line = (time: string, seq: number) => ` ${time} IP 10.0.0.1.40000 > 10.0.0.2.443: Flags [S], seq ${seq}, win 65535, length 0`;
  const deltas = read([line('00:00:00.000000', 1), line('00:00:00.500000', 2), line('00:00:00.250000', 3), line('00:00:01.000000', 4)]);
  assert.deepEqual(tcp(deltas.records).map((s) => s.time), [0, 0.5, 0.75, 1.75]);
  assert.match(deltas.notes.join(), /-ttt deltas/);
  const offsets = read([line('00:00:00.000000', 1), line('00:00:00.500000', 2), line('00:00:00.750000', 3)], 5);
  assert.deepEqual(tcp(offsets.records).map((s) => s.time), [0, 0.5, 0.75]);
  assert.match(offsets.notes.join(), /-ttttt offsets/);
  // Continuation lines held with their packet stay with it.
  const held = read([' 00:00:00.000000 IP (tos 0x0, ttl 9, id 1, offset 0, flags [none], proto TCP (6), length 40)', '    10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 1, win 5, length 0']);
  assert.deepEqual(tcp(held.records).map((s) => [s.time, s.ttl]), [[0, 9]]);
});

test('header readers: keywords, link headers with VLAN tags, balanced parentheses, no header', () => {
  assert.deepEqual(readNetworkStart('IP6 ::1.1 > ::1.2: x'), { family: 6, rest: '::1.1 > ::1.2: x' });
  assert.deepEqual(readNetworkStart('aa:bb:cc:dd:ee:ff > 11:22:33:44:55:66, ethertype Unknown (0x88b5), length 60: 0x0000: 0102'), { other: 'ethertype 0x88b5' });
  assert.deepEqual(readNetworkStart('ARP, Request who-has 10.0.0.2'), { other: 'arp' });
  assert.deepEqual(readVerboseIpHeader('(tos 0x0, ttl 64, proto TCP (6), length 60)'), { ttl: 64, rest: '' });
  assert.deepEqual(readVerboseIpHeader('(flowlabel 0xf27d5, hlim 1, next-header TCP (6) payload length: 40) ::1.1 > ::1.2: x'), { ttl: 1, rest: '::1.1 > ::1.2: x' });
  assert.equal(readVerboseIpHeader('(tos 0x0, ttl 64'), null);
  assert.equal(readVerboseIpHeader('10.0.0.1.1 > 10.0.0.2.2: x'), null);
});

test('a line that only looks like a relative timestamp after packets have come does not switch the clock', () => {
  // tcpdump -A prints payload text at the start of the line; one may happen to read " 12:00:00.5 ...".
  const lines = [
    '12:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:20, ack 1, win 502, length 19',
    ' 00:00:01.500000 IP looks like a timestamp',
    '12:00:00.100000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [.], ack 20, win 509, length 0',
  ];
  const { records, notes } = read(lines);
  assert.deepEqual(notes, []);
  assert.deepEqual(tcp(records).map((s) => s.time), [43200, 43200.1]);
});

test('held lines are bounded: many continuation lines after the first relative timestamp force a decision', () => {
  const lines = [' 00:00:00.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 1, win 5, length 0', ...Array.from({ length: 1000 }, (_, i) => `\t0x${i.toString(16).padStart(4, '0')}:  4500 0028`)];
  const sink = collectSink();
  const reader = new TcpdumpTextReader(sink);
  reader.push(new TextEncoder().encode(lines.join('\n') + '\n'));
  // Decided and delivered before the end of input: the held lines did not pile up until then.
  assert.equal(tcp(sink.records).length, 1);
  assert.match(sink.notes.map((n) => n.message).join(), /-ttttt offsets/);
  reader.end();
  assert.equal(tcp(sink.records).length, 1);
});
