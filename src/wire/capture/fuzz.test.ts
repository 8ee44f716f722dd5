// Mutation fuzzing of the capture readers: random byte flips, truncations, insertions and corrupted
// length fields applied to valid captures, with a fixed seed so failures reproduce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../model/segment.js';
import {
  buildEthernet,
  buildIpv4,
  buildIpv6,
  buildPcap,
  buildSll2,
  buildTcp,
  ByteWriter,
  concatBytes,
  PcapngSection,
  tcpOption,
} from './capture-builders.test.helper.js';
import { AutoCaptureReader } from './create-capture-reader.js';
import { LINKTYPE } from './link.js';
import { RELATIVE_LINES } from './tcpdump-text-fixtures.test.helper.js';

const ITERATIONS = 1500;

// Mulberry32: small, fast, deterministic.
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function samplePackets(): Uint8Array[] {
  const options = [...tcpOption.mss(1460), ...tcpOption.sackPermitted(), ...tcpOption.timestamps(1, 2), ...tcpOption.nop(), ...tcpOption.wscale(7)];
  const quoted = buildIpv4('10.0.0.1', '10.0.0.9', 6, buildTcp({ srcPort: 1, dstPort: 2 })).subarray(0, 28);
  return [
    buildEthernet(0x0800, buildIpv4('10.0.0.1', '10.0.0.2', 6, buildTcp({ options, payload: 20 }))),
    buildEthernet(0x86dd, buildIpv6('2001:db8::1', '2001:db8::2', 6, buildTcp({ payload: 5 }), { extensions: [{ type: 0 }, { type: 44 }] }), [0x8100]),
    buildEthernet(0x0800, buildIpv4('10.0.0.9', '10.0.0.1', 1, concatBytes([new ByteWriter().u8(3).u8(3).u16(0).u32(0).build(), quoted]))),
    buildEthernet(0x0806, new Uint8Array(28)),
  ];
}

function sampleCaptures(): Uint8Array[] {
  const packets = samplePackets();
  const pcap = buildPcap(packets.map((data, i) => ({ seconds: i, fraction: i, data })));
  const pcapBe = buildPcap(packets.map((data, i) => ({ seconds: i, fraction: i, data })), { littleEndian: false, nanoseconds: true });
  const ng = new PcapngSection(true).interface(LINKTYPE.ETHERNET, { name: 'eth0', tsresol: 9 }).interface(LINKTYPE.LINUX_SLL2);
  packets.forEach((data, i) => ng.packet(0, i * 1000, data, { flags: 1 }));
  ng.packet(1, 5, buildSll2(0x0800, buildIpv4('10.0.0.1', '10.0.0.2', 6, buildTcp())));
  ng.simplePacket(packets[0] ?? new Uint8Array(0)).statistics(0, 3, 1);
  const ngBe = new PcapngSection(false).interface(LINKTYPE.ETHERNET).packet(0, 7, packets[1] ?? new Uint8Array(0));
  const text = new TextEncoder().encode(RELATIVE_LINES.join('\n') + '\n10:00:00.000001 IP 10.0.0.9 > 10.0.0.1: ICMP 10.0.0.9 tcp port 80 unreachable, length 68\n');
  // tcpdump -e -v text (link headers, IP details, an IPv4 packet on its own line) and -ttt deltas.
  const verbose = new TextEncoder().encode(
    [
      '22:13:20.001000 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 54: (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 40)',
      '    10.0.0.1.40000 > 10.0.0.2.443: Flags [S], cksum 0x0000 (incorrect -> 0xfde3), seq 1, win 65535, length 0',
      '22:13:20.002000 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype 802.1Q (0x8100), length 58: vlan 100, p 0, ethertype IPv4 (0x0800), 10.0.0.1.40001 > 10.0.0.2.443: Flags [S], seq 1, win 65535, length 0',
      '22:13:20.003000 IP6 (hlim 64, next-header TCP (6) payload length: 20) 2001:db8::1.40002 > 2001:db8::2.443: Flags [S.], seq 1, ack 2, win 65535, length 0',
    ].join('\n') + '\n',
  );
  const deltas = new TextEncoder().encode([' 00:00:00.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 1, win 5, length 0', ' 00:00:00.000200 IP 10.0.0.2.2 > 10.0.0.1.1: Flags [S.], seq 9, ack 2, win 5, length 0', ' 00:00:00.000100 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [.], ack 1, win 5, length 0'].join('\n') + '\n');
  return [pcap, pcapBe, concatBytes([ng.build(), ngBe.build()]), text, verbose, deltas];
}

function mutate(input: Uint8Array, random: () => number): Uint8Array {
  let bytes: Uint8Array = input.slice();
  const rounds = 1 + Math.floor(random() * 4);
  for (let r = 0; r < rounds; r++) {
    const at = Math.floor(random() * Math.max(1, bytes.length));
    switch (Math.floor(random() * 5)) {
      case 0: // flip bits
        bytes[at] = (bytes[at] ?? 0) ^ (1 << Math.floor(random() * 8));
        break;
      case 1: // truncate
        bytes = bytes.slice(0, at);
        break;
      case 2: {
        // insert random bytes
        const extra = Uint8Array.from({ length: 1 + Math.floor(random() * 16) }, () => Math.floor(random() * 256));
        bytes = concatBytes([bytes.subarray(0, at), extra, bytes.subarray(at)]);
        break;
      }
      case 3: {
        // overwrite a 32-bit word with a length-like extreme
        const values = [0, 1, 0xffffffff, 0x7fffffff, 0x10000, 12, 13, 0xfffffff0];
        const value = values[Math.floor(random() * values.length)] ?? 0;
        if (at + 4 <= bytes.length) new DataView(bytes.buffer, bytes.byteOffset).setUint32(at & ~3, value, random() < 0.5);
        break;
      }
      default: // a 16-bit field set to 0 or 0xffff
        if (at + 2 <= bytes.length) new DataView(bytes.buffer, bytes.byteOffset).setUint16(at, random() < 0.5 ? 0 : 0xffff);
    }
  }
  return bytes;
}

test('mutated pcap, pcapng and text captures never throw, always end, and stay bounded', () => {
  const random = createRandom(0x7c9d0c);
  const captures = sampleCaptures();
  let records = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const input = mutate(captures[i % captures.length] ?? new Uint8Array(0), random);
    const out: CaptureRecord[] = [];
    let notes = 0;
    const reader = new AutoCaptureReader({ record: (r) => out.push(r), note: () => notes++ });
    const chunk = 1 + Math.floor(random() * 64);
    for (let p = 0; p < input.length; p += chunk) reader.push(input.subarray(p, p + chunk));
    reader.end();
    // Every record needs at least a few input bytes (text lines, packet headers): no runaway output.
    assert.ok(out.length <= input.length / 8 + 2, `iteration ${i}: ${out.length} records from ${input.length} bytes`);
    assert.ok(notes <= 10, `iteration ${i}: ${notes} notes`);
    for (const r of out) {
      if (r.kind === 'unparsed') assert.doesNotMatch(r.reason, /internal decoder error/, `iteration ${i}`);
      if (r.kind === 'tcp') {
        const s = r.segment;
        assert.ok(s.payloadLength >= 0 && s.payloadLength <= 0xffffff, `iteration ${i}: payload ${s.payloadLength}`);
        assert.ok(s.seq >= 0 && s.seq < 2 ** 32 && s.ack >= 0 && s.ack < 2 ** 32, `iteration ${i}: seq/ack`);
      }
    }
    records += out.length;
  }
  assert.ok(records > ITERATIONS, 'mutations still leave most captures decodable');
});
