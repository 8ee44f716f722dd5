// Writes a synthetic but realistic classic pcap (Ethernet/IPv4+IPv6/TCP) for the trace benchmarks:
// many interleaved connections with handshakes, requests and multi-segment responses, closes,
// unanswered SYNs, refusals, resets, and lost segments that are retransmitted. Deterministic per seed.
// Usage: node --import tsx bench/make-capture.ts [--packets 1000000] [--seed 1] [--snaplen 200] [--out bench/capture.pcap]
import { closeSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    packets: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    snaplen: { type: 'string', default: '200' },
    out: { type: 'string', default: 'bench/capture.pcap' },
    concurrency: { type: 'string', default: '300' },
  },
});
const TOTAL = Number(values.packets);
const SNAPLEN = Number(values.snaplen);
const CONCURRENCY = Number(values.concurrency);

// Mulberry32 PRNG.
let state = Number(values.seed) >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (n: number) => Math.floor(random() * n);

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const PSH = 0x08;
const ACK = 0x10;
const MSS = 1448;

interface Packet {
  fromClient: boolean;
  flags: number;
  seq: number;
  ack: number;
  length: number;
  window: number;
  // Microseconds after the previous packet of this connection.
  gap: number;
}

interface Connection {
  v6: boolean;
  client: number;
  server: number;
  clientPort: number;
  serverPort: number;
  packets: Packet[];
  next: number;
  time: number;
}

let nextPort = 32768;
// Builds one connection's packet list: the story of a request/response exchange and its ending.
function buildConnection(time: number): Connection {
  const v6 = random() < 0.1;
  const conn: Connection = {
    v6,
    client: 0x0a000000 + 2 + pick(5000),
    server: 0x0a640000 + 1 + pick(20),
    clientPort: nextPort,
    serverPort: [80, 443, 8080, 5432][pick(4)] ?? 80,
    packets: [],
    next: 0,
    time,
  };
  nextPort = nextPort >= 60999 ? 32768 : nextPort + 1;
  const rtt = 50 + pick(20000);
  let c = pick(2 ** 32);
  let s = pick(2 ** 32);
  const p = conn.packets;
  const add = (fromClient: boolean, flags: number, length: number, gap: number, window = 502) => {
    p.push({ fromClient, flags, seq: fromClient ? c : s, ack: flags & ACK ? (fromClient ? s : c) : 0, length, window, gap });
    const advance = length + (flags & (SYN | FIN) ? 1 : 0);
    if (fromClient) c = (c + advance) >>> 0;
    else s = (s + advance) >>> 0;
  };
  const roll = random();
  if (roll < 0.03) {
    // Unanswered SYN, retried after 1 s and 3 s.
    add(true, SYN, 0, 0, 64240);
    c = (c - 1) >>> 0;
    add(true, SYN, 0, 1_000_000, 64240);
    c = (c - 1) >>> 0;
    add(true, SYN, 0, 2_000_000, 64240);
    return conn;
  }
  if (roll < 0.06) {
    add(true, SYN, 0, 0, 64240);
    s = 0;
    add(false, RST | ACK, 0, rtt, 0);
    return conn;
  }
  add(true, SYN, 0, 0, 64240);
  add(false, SYN | ACK, 0, rtt / 2, 65160);
  add(true, ACK, 0, rtt / 2);
  const rounds = 1 + pick(4);
  for (let r = 0; r < rounds; r++) {
    add(true, PSH | ACK, 80 + pick(600), 100 + pick(5000));
    const segments = 1 + pick(8);
    let total = segments * MSS - pick(MSS);
    for (let k = 0; k < segments && total > 0; k++) {
      const length = Math.min(MSS, total);
      total -= length;
      if (random() < 0.01) {
        // Lost on the way: the sender retransmits after a timeout; the capture sees only the retransmission.
        const lostSeq = s;
        s = (s + length) >>> 0;
        add(true, ACK, 0, rtt);
        p.push({ fromClient: false, flags: ACK, seq: lostSeq, ack: c, length, window: 502, gap: 200_000 });
      } else {
        add(false, k === segments - 1 ? PSH | ACK : ACK, length, 20 + pick(200));
      }
      if (k % 2 === 1 || k === segments - 1) add(true, ACK, 0, rtt / 2);
    }
  }
  if (random() < 0.05) {
    add(false, RST | ACK, 0, 1000 + pick(10000), 0);
    return conn;
  }
  add(true, FIN | ACK, 0, 1000 + pick(100000));
  add(false, FIN | ACK, 0, rtt / 2);
  add(true, ACK, 0, rtt / 2);
  return conn;
}

const out = openSync(values.out, 'w');
const buffer = Buffer.alloc(8 * 1024 * 1024);
let used = 0;
function flush(): void {
  writeSync(out, buffer, 0, used);
  used = 0;
}
// Classic pcap header (little-endian, microseconds, Ethernet).
buffer.writeUInt32LE(0xa1b2c3d4, 0);
buffer.writeUInt16LE(2, 4);
buffer.writeUInt16LE(4, 6);
buffer.writeUInt32LE(SNAPLEN, 16);
buffer.writeUInt32LE(1, 20);
used = 24;

function writePacket(conn: Connection, packet: Packet, time: number): void {
  const ipHeader = conn.v6 ? 40 : 20;
  const tcpHeader = 32; // 20 + NOP NOP timestamps
  const wire = 14 + ipHeader + tcpHeader + packet.length;
  const captured = Math.min(wire, SNAPLEN);
  if (used + 16 + captured > buffer.length) flush();
  const b = buffer;
  let o = used;
  const seconds = Math.floor(time / 1e6);
  b.writeUInt32LE(seconds, o);
  b.writeUInt32LE(Math.floor(time - seconds * 1e6), o + 4);
  b.writeUInt32LE(captured, o + 8);
  b.writeUInt32LE(wire, o + 12);
  o += 16;
  const start = o;
  b.fill(0, o, o + captured);
  b.writeUInt16BE(conn.v6 ? 0x86dd : 0x0800, o + 12);
  o += 14;
  const src = packet.fromClient ? conn.client : conn.server;
  const dst = packet.fromClient ? conn.server : conn.client;
  if (conn.v6) {
    b.writeUInt32BE(0x60000000, o);
    b.writeUInt16BE(tcpHeader + packet.length, o + 4);
    b[o + 6] = 6;
    b[o + 7] = 64;
    b.writeUInt32BE(0x20010db8, o + 8);
    b.writeUInt32BE(src, o + 20);
    b.writeUInt32BE(0x20010db8, o + 24);
    b.writeUInt32BE(dst, o + 36);
  } else {
    b[o] = 0x45;
    b.writeUInt16BE(20 + tcpHeader + packet.length, o + 2);
    b[o + 6] = 0x40;
    b[o + 8] = packet.fromClient ? 64 : 58;
    b[o + 9] = 6;
    b.writeUInt32BE(src, o + 12);
    b.writeUInt32BE(dst, o + 16);
  }
  o += ipHeader;
  b.writeUInt16BE(packet.fromClient ? conn.clientPort : conn.serverPort, o);
  b.writeUInt16BE(packet.fromClient ? conn.serverPort : conn.clientPort, o + 2);
  b.writeUInt32BE(packet.seq, o + 4);
  b.writeUInt32BE(packet.ack, o + 8);
  b[o + 12] = (tcpHeader / 4) << 4;
  b[o + 13] = packet.flags;
  b.writeUInt16BE(packet.window, o + 14);
  b[o + 20] = 1;
  b[o + 21] = 1;
  b[o + 22] = 8;
  b[o + 23] = 10;
  b.writeUInt32BE((time / 1000) >>> 0, o + 24);
  used = start + captured;
}

let clock = 1_700_000_000 * 1e6;
const active: Connection[] = [];
let written = 0;
while (written < TOTAL) {
  while (active.length < CONCURRENCY) active.push(buildConnection(clock));
  const index = pick(active.length);
  const conn = active[index];
  if (conn === undefined) break;
  const packet = conn.packets[conn.next++];
  if (packet === undefined) {
    active[index] = active[active.length - 1] as Connection;
    active.pop();
    continue;
  }
  conn.time = Math.max(conn.time + packet.gap, clock);
  clock = conn.time + 1;
  writePacket(conn, packet, Math.floor(conn.time));
  written++;
  if (conn.next >= conn.packets.length) {
    active[index] = active[active.length - 1] as Connection;
    active.pop();
  }
}
flush();
closeSync(out);
process.stdout.write(`wrote ${written} packets to ${values.out}\n`);
