// Byte-exact capture fixtures for the decoder tests, built field by field with the spec beside each field.
import type { CaptureNote, CaptureRecord } from '../../model/segment.js';
import { parseIp } from '../ip-address.js';

// Growable byte writer with explicit byte order.
export class ByteWriter {
  private bytes: number[] = [];
  constructor(private readonly littleEndian = false) {}
  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.littleEndian ? this.u8(v).u8(v >>> 8) : this.u8(v >>> 8).u8(v);
  }
  u32(v: number): this {
    return this.littleEndian ? this.u16(v & 0xffff).u16(v >>> 16) : this.u16(v >>> 16).u16(v & 0xffff);
  }
  u64(v: number): this {
    const high = Math.floor(v / 4294967296);
    const low = v >>> 0;
    return this.littleEndian ? this.u32(low).u32(high) : this.u32(high).u32(low);
  }
  raw(data: Uint8Array | number[]): this {
    for (const b of data) this.bytes.push(b);
    return this;
  }
  pad4(): this {
    while (this.bytes.length % 4 !== 0) this.bytes.push(0);
    return this;
  }
  get length(): number {
    return this.bytes.length;
  }
  build(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function address(text: string): Uint8Array {
  const parsed = parseIp(text);
  if (parsed === null) throw new Error(`bad test address ${text}`);
  return parsed.bytes;
}

export interface TcpFields {
  srcPort?: number;
  dstPort?: number;
  seq?: number;
  ack?: number;
  flags?: number;
  window?: number;
  // Raw option bytes (padded to 4 by the builder).
  options?: number[];
  payload?: number;
}

// TCP header (RFC 9293 3.1) + zero payload bytes.
export function buildTcp(f: TcpFields = {}): Uint8Array {
  const options = [...(f.options ?? [])];
  while (options.length % 4 !== 0) options.push(0);
  const w = new ByteWriter();
  w.u16(f.srcPort ?? 40000).u16(f.dstPort ?? 80); // ports 0..4
  w.u32(f.seq ?? 1000).u32(f.ack ?? 0); // seq 4..8, ack 8..12
  w.u8(((20 + options.length) / 4) << 4).u8(f.flags ?? 0x02); // data offset 12, flags 13
  w.u16(f.window ?? 65535).u16(0).u16(0); // window 14..16, checksum, urgent
  w.raw(options).raw(new Array<number>(f.payload ?? 0).fill(0x61));
  return w.build();
}

// TCP option byte lists (RFC 9293, RFC 7323, RFC 2018).
export const tcpOption = {
  mss: (v: number) => [2, 4, v >> 8, v & 0xff],
  wscale: (v: number) => [3, 3, v],
  sackPermitted: () => [4, 2],
  sack: (blocks: [number, number][]) => {
    const w = new ByteWriter().u8(5).u8(2 + 8 * blocks.length);
    for (const [l, r] of blocks) w.u32(l).u32(r);
    return [...w.build()];
  },
  timestamps: (val: number, ecr: number) => [...new ByteWriter().u8(8).u8(10).u32(val).u32(ecr).build()],
  nop: () => [1],
};

// IPv4 header (RFC 791 3.1) around payload.
export function buildIpv4(src: string, dst: string, protocol: number, payload: Uint8Array, o: { ttl?: number; totalLength?: number; fragmentOffset?: number; moreFragments?: boolean } = {}): Uint8Array {
  const w = new ByteWriter();
  w.u8(0x45).u8(0).u16(o.totalLength ?? 20 + payload.length); // version/IHL, TOS, total length
  w.u16(1).u16((o.moreFragments === true ? 0x2000 : 0) | (o.fragmentOffset ?? 0)); // id, flags/fragment offset
  w.u8(o.ttl ?? 64).u8(protocol).u16(0); // TTL 8, protocol 9, checksum
  w.raw(address(src)).raw(address(dst)).raw(payload);
  return w.build();
}

// An IPv6 extension header: [nextHeader, body...] where body is padded to a multiple of 8 with the first two bytes.
export interface Ipv6Extension {
  type: 0 | 43 | 44 | 60;
  fragmentOffset?: number;
}

// IPv6 fixed header (RFC 8200 3) + extension headers (RFC 8200 4) around payload.
export function buildIpv6(src: string, dst: string, protocol: number, payload: Uint8Array, o: { hopLimit?: number; extensions?: Ipv6Extension[]; payloadLength?: number } = {}): Uint8Array {
  const extensions = o.extensions ?? [];
  const chain = new ByteWriter();
  extensions.forEach((ext, i) => {
    const next = extensions[i + 1]?.type ?? protocol;
    if (ext.type === 44) chain.u8(next).u8(0).u16((ext.fragmentOffset ?? 0) << 3).u32(7); // fragment header, 8 bytes
    else chain.u8(next).u8(1).raw(new Array<number>(14).fill(0)); // length 1 => 16 bytes
  });
  const ext = chain.build();
  const w = new ByteWriter();
  w.u32(0x60000000).u16(o.payloadLength ?? ext.length + payload.length); // version, payload length 4..6
  w.u8(extensions[0]?.type ?? protocol).u8(o.hopLimit ?? 64); // next header 6, hop limit 7
  w.raw(address(src)).raw(address(dst)).raw(ext).raw(payload);
  return w.build();
}

// Ethernet II (IEEE 802.3) with optional 802.1Q / 802.1ad tags (TPIDs outermost first).
export function buildEthernet(ethertype: number, payload: Uint8Array, tags: number[] = []): Uint8Array {
  const w = new ByteWriter();
  w.raw([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2]);
  for (const tpid of tags) w.u16(tpid).u16(100);
  return w.u16(ethertype).raw(payload).build();
}

// LINUX_SLL: packet type, ARPHRD, address length, 8-byte address, protocol.
export function buildSll(protocol: number, payload: Uint8Array, packetType = 0): Uint8Array {
  return new ByteWriter().u16(packetType).u16(772).u16(6).raw([0, 0, 0, 0, 0, 0, 0, 0]).u16(protocol).raw(payload).build();
}

// LINUX_SLL2: protocol, reserved, ifindex, ARPHRD, packet type, address length, 8-byte address.
export function buildSll2(protocol: number, payload: Uint8Array, packetType = 0, ifindex = 1): Uint8Array {
  return new ByteWriter().u16(protocol).u16(0).u32(ifindex).u16(772).u8(packetType).u8(6).raw([0, 0, 0, 0, 0, 0, 0, 0]).raw(payload).build();
}

// NULL (host order family) / LOOP (big-endian family).
export function buildNull(family: number, payload: Uint8Array, littleEndian: boolean): Uint8Array {
  return new ByteWriter(littleEndian).u32(family).raw(payload).build();
}

export interface PcapRecord {
  seconds: number;
  fraction: number;
  data: Uint8Array;
  // Wire length when the capture was cut (defaults to data length).
  originalLength?: number;
}

// Classic pcap file (draft-ietf-opsawg-pcap 4 and 5).
export function buildPcap(records: PcapRecord[], o: { littleEndian?: boolean; nanoseconds?: boolean; linkType?: number; snaplen?: number } = {}): Uint8Array {
  const w = new ByteWriter(o.littleEndian ?? true);
  w.u32(o.nanoseconds === true ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4); // magic, version 2.4
  w.u32(0).u32(0).u32(o.snaplen ?? 262144).u32(o.linkType ?? 1); // reserved x2, snaplen, link type
  for (const r of records) {
    w.u32(r.seconds).u32(r.fraction).u32(r.data.length).u32(r.originalLength ?? r.data.length).raw(r.data);
  }
  return w.build();
}

// pcapng block writer for one section (draft-ietf-opsawg-pcapng 3 and 4).
export class PcapngSection {
  private readonly blocks: Uint8Array[] = [];
  constructor(readonly littleEndian = true) {
    // SHB: magic, major 1, minor 0, section length -1 (unknown).
    this.block(0x0a0d0d0a, (w) => w.u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff));
  }
  private writer(): ByteWriter {
    return new ByteWriter(this.littleEndian);
  }
  // Any block: type, total length, body (padded), total length.
  block(type: number, body: (w: ByteWriter) => void): this {
    const b = this.writer();
    body(b);
    b.pad4();
    const content = b.build();
    this.blocks.push(this.writer().u32(type).u32(content.length + 12).raw(content).u32(content.length + 12).build());
    return this;
  }
  // IDB with optional if_name, if_tsresol, if_tsoffset.
  interface(linkType: number, o: { name?: string; tsresol?: number; tsoffset?: number; snaplen?: number } = {}): this {
    return this.block(1, (w) => {
      w.u16(linkType).u16(0).u32(o.snaplen ?? 0);
      if (o.name !== undefined) {
        const name = new TextEncoder().encode(o.name);
        w.u16(2).u16(name.length).raw(name).pad4();
      }
      if (o.tsresol !== undefined) w.u16(9).u16(1).u8(o.tsresol).pad4();
      if (o.tsoffset !== undefined) w.u16(14).u16(8).u64(o.tsoffset);
      w.u16(0).u16(0);
    });
  }
  // EPB with a 64-bit timestamp in interface units and optional epb_flags.
  packet(interfaceId: number, timestamp: number | bigint, data: Uint8Array, o: { originalLength?: number; flags?: number } = {}): this {
    const ts = BigInt(timestamp);
    return this.block(6, (w) => {
      w.u32(interfaceId).u32(Number(ts >> 32n)).u32(Number(ts & 0xffffffffn));
      w.u32(data.length).u32(o.originalLength ?? data.length).raw(data).pad4();
      if (o.flags !== undefined) w.u16(2).u16(4).u32(o.flags).u16(0).u16(0);
    });
  }
  // SPB: original length and data only.
  simplePacket(data: Uint8Array): this {
    return this.block(3, (w) => w.u32(data.length).raw(data));
  }
  // ISB with isb_ifdrop and isb_osdrop.
  statistics(interfaceId: number, ifdrop: number, osdrop: number): this {
    return this.block(5, (w) => w.u32(interfaceId).u32(0).u32(0).u16(5).u16(8).u64(ifdrop).u16(7).u16(8).u64(osdrop).u16(0).u16(0));
  }
  build(): Uint8Array {
    return concatBytes(this.blocks);
  }
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// Collects everything a reader emits.
export function collectSink(): { records: CaptureRecord[]; notes: CaptureNote[]; record: (r: CaptureRecord) => void; note: (n: CaptureNote) => void } {
  const records: CaptureRecord[] = [];
  const notes: CaptureNote[] = [];
  return { records, notes, record: (r) => records.push(r), note: (n) => notes.push(n) };
}

// Feeds bytes to a reader in chunks of the given sizes (cycled).
export function feedInChunks(reader: { push(c: Uint8Array): void; end(): void }, bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, Math.min(bytes.length, i + size)));
  reader.end();
}
