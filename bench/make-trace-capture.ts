// Writes a synthetic classic pcap (Ethernet/IPv4/TCP) for the trace benchmark: many interleaved
// connections, each with a handshake, a request, a multi-segment response and a close; a few with
// a retransmission or a reset. Usage: node --import tsx bench/make-trace-capture.ts OUT.pcap [PACKETS] [SNAPLEN]
import { openSync, writeSync, closeSync } from 'node:fs';

const SYN = 0x02, ACK = 0x10, FIN = 0x01, PSH = 0x08, RST = 0x04;

interface Step {
  fromClient: boolean;
  flags: number;
  seq: number;
  ack: number;
  len: number;
  syn?: boolean;
}

// The packets of one connection, with sequence numbers relative to the ISNs.
function planConnection(n: number): Step[] {
  const steps: Step[] = [];
  const cs = (seq: number, ack: number, flags: number, len = 0): void => void steps.push({ fromClient: true, flags, seq, ack, len });
  const ss = (seq: number, ack: number, flags: number, len = 0): void => void steps.push({ fromClient: false, flags, seq, ack, len });
  steps.push({ fromClient: true, flags: SYN, seq: 0, ack: 0, len: 0, syn: true });
  steps.push({ fromClient: false, flags: SYN | ACK, seq: 0, ack: 1, len: 0, syn: true });
  cs(1, 1, ACK);
  const req = 120 + (n % 200);
  cs(1, 1, PSH | ACK, req);
  ss(1, 1 + req, ACK);
  let sseq = 1;
  const segments = 6 + (n % 5);
  for (let i = 0; i < segments; i++) {
    ss(sseq, 1 + req, ACK, 1448);
    sseq += 1448;
    if (i % 2 === 1) cs(1 + req, sseq, ACK);
    // One connection in 20 loses a segment: the client repeats its ACK and the server retransmits.
    if (n % 20 === 7 && i === 2) {
      cs(1 + req, sseq - 1448, ACK);
      ss(sseq - 1448, 1 + req, ACK, 1448);
    }
  }
  if (n % 50 === 13) {
    ss(sseq, 1 + req, RST | ACK);
    return steps;
  }
  cs(1 + req, sseq, FIN | ACK);
  ss(sseq, 2 + req, FIN | ACK);
  cs(2 + req, sseq + 1, ACK);
  return steps;
}

function main(): void {
  const out = process.argv[2];
  if (out === undefined) throw new Error('usage: make-trace-capture.ts OUT.pcap [PACKETS] [SNAPLEN]');
  const target = Number(process.argv[3] ?? 1_000_000);
  const snaplen = Number(process.argv[4] ?? 96);
  const fd = openSync(out, 'w');
  const buf = Buffer.alloc(8 << 20);
  let pos = 0;
  const flush = (): void => {
    writeSync(fd, buf, 0, pos);
    pos = 0;
  };
  // pcap file header (draft-ietf-opsawg-pcap section 4), little-endian, microseconds, LINKTYPE_ETHERNET.
  buf.writeUInt32LE(0xa1b2c3d4, 0);
  buf.writeUInt16LE(2, 4);
  buf.writeUInt16LE(4, 6);
  buf.writeUInt32LE(0, 8);
  buf.writeUInt32LE(0, 12);
  buf.writeUInt32LE(snaplen, 16);
  buf.writeUInt32LE(1, 20);
  pos = 24;
  const concurrency = 200;
  const active: { n: number; steps: Step[]; i: number; cisn: number; sisn: number; cport: number; caddr: number }[] = [];
  let next = 0;
  let packets = 0;
  let usec = 0;
  const start = 1_700_000_000;
  const frame = new Uint8Array(2048);
  const view = new DataView(frame.buffer);
  const open = (): void => {
    const n = next++;
    active.push({ n, steps: planConnection(n), i: 0, cisn: (n * 2654435761) >>> 0, sisn: (n * 40503 + 12345) >>> 0, cport: 10000 + (n % 50000), caddr: 0x0a010000 + ((n / 50000) | 0) + 1 });
  };
  for (let i = 0; i < concurrency; i++) open();
  let k = 0;
  while (packets < target) {
    if (active.length === 0) open();
    k = (k + 1) % active.length;
    const c = active[k]!;
    const st = c.steps[c.i++]!;
    if (c.i >= c.steps.length) {
      active.splice(k, 1);
      open();
    }
    const optLen = st.syn === true ? 12 : 0;
    const tcpLen = 20 + optLen;
    const ipLen = 20 + tcpLen + st.len;
    const wireLen = 14 + ipLen;
    // Ethernet: dst, src, type IPv4.
    frame.fill(0, 0, 14 + 20 + tcpLen);
    frame[5] = st.fromClient ? 2 : 1;
    frame[11] = st.fromClient ? 1 : 2;
    view.setUint16(12, 0x0800);
    // IPv4 (RFC 791): version/IHL, total length, TTL, protocol 6, addresses.
    frame[14] = 0x45;
    view.setUint16(16, ipLen);
    frame[22] = 64;
    frame[23] = 6;
    const server = 0x0a000001;
    view.setUint32(26, st.fromClient ? c.caddr : server);
    view.setUint32(30, st.fromClient ? server : c.caddr);
    // TCP (RFC 9293 section 3.1): ports, seq, ack, data offset, flags, window.
    const t = 34;
    view.setUint16(t, st.fromClient ? c.cport : 80);
    view.setUint16(t + 2, st.fromClient ? 80 : c.cport);
    view.setUint32(t + 4, ((st.fromClient ? c.cisn : c.sisn) + st.seq) >>> 0);
    view.setUint32(t + 8, (st.flags & ACK) !== 0 ? ((st.fromClient ? c.sisn : c.cisn) + st.ack) >>> 0 : 0);
    frame[t + 12] = (tcpLen / 4) << 4;
    frame[t + 13] = st.flags;
    view.setUint16(t + 14, st.syn === true ? 64240 : 502);
    if (optLen > 0) {
      // MSS 1460, NOP, window scale 7, SACK permitted, NOP, NOP.
      frame.set([2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 1, 1], t + 20);
    }
    const incl = Math.min(wireLen, snaplen);
    if (pos + 16 + incl > buf.length) flush();
    usec += 7 + (packets % 13);
    buf.writeUInt32LE(start + Math.floor(usec / 1e6), pos);
    buf.writeUInt32LE(usec % 1e6, pos + 4);
    buf.writeUInt32LE(incl, pos + 8);
    buf.writeUInt32LE(wireLen, pos + 12);
    buf.set(frame.subarray(0, incl), pos + 16);
    pos += 16 + incl;
    packets++;
  }
  flush();
  closeSync(fd);
  process.stdout.write(`${out}: ${packets} packets, ${next} connections started\n`);
}

main();
