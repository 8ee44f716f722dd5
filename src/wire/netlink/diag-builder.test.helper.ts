// Test-only builder for byte-exact sock_diag replies. Layouts follow the kernel uapi
// headers: nlmsghdr (linux/netlink.h, 16 bytes), inet_diag_msg (linux/inet_diag.h,
// 72 bytes), rtattr (linux/rtnetlink.h, 4 bytes), all host order except ports and
// addresses, which are network order.
import { HOST_LITTLE_ENDIAN, NLMSG_DONE, NLMSG_ERROR, NLM_F_MULTI, alignNetlink } from './nlmsg.js';
import { encodeRtattr } from './rtattr.js';

const le = HOST_LITTLE_ENDIAN;

// One netlink message with header and padding.
export function buildNlmsg(type: number, payload: Uint8Array, options: { flags?: number; seq?: number; pid?: number; pad?: boolean } = {}): Uint8Array {
  const length = 16 + payload.length;
  const out = new Uint8Array(options.pad === false ? length : alignNetlink(length));
  const view = new DataView(out.buffer);
  view.setUint32(0, length, le);
  view.setUint16(4, type, le);
  view.setUint16(6, options.flags ?? NLM_F_MULTI, le);
  view.setUint32(8, options.seq ?? 1, le);
  view.setUint32(12, options.pid ?? 0, le);
  out.set(payload, 16);
  return out;
}

// NLMSG_DONE carrying the dump status (0 or a negative errno).
export function buildDone(seq = 1, status = 0): Uint8Array {
  const payload = new Uint8Array(4);
  new DataView(payload.buffer).setInt32(0, status, le);
  return buildNlmsg(NLMSG_DONE, payload, { seq });
}

// NLMSG_ERROR: struct nlmsgerr { int error (negative errno); struct nlmsghdr msg; }.
export function buildError(errno: number, seq = 1): Uint8Array {
  const payload = new Uint8Array(20);
  const view = new DataView(payload.buffer);
  view.setInt32(0, -errno, le);
  view.setUint32(4, 16, le);
  view.setUint16(8, 20, le);
  view.setUint32(12, seq, le);
  return buildNlmsg(NLMSG_ERROR, payload, { seq, flags: 0 });
}

export interface DiagMsgFields {
  family: number;
  state: number;
  timer?: number;
  retrans?: number;
  sport: number;
  dport: number;
  // 4 or 16 bytes, network order.
  src: Uint8Array;
  dst: Uint8Array;
  ifindex?: number;
  cookie?: [number, number];
  expires?: number;
  rqueue?: number;
  wqueue?: number;
  uid?: number;
  inode?: number;
}

// struct inet_diag_msg followed by attributes (each padded).
export function buildDiagPayload(fields: DiagMsgFields, attributes: { type: number; payload: Uint8Array }[] = []): Uint8Array {
  const encoded = attributes.map((a) => encodeRtattr(a.type, a.payload));
  const out = new Uint8Array(72 + encoded.reduce((n, a) => n + a.length, 0));
  const view = new DataView(out.buffer);
  out[0] = fields.family;
  out[1] = fields.state;
  out[2] = fields.timer ?? 0;
  out[3] = fields.retrans ?? 0;
  view.setUint16(4, fields.sport, false);
  view.setUint16(6, fields.dport, false);
  out.set(fields.src, 8);
  out.set(fields.dst, 24);
  view.setUint32(40, fields.ifindex ?? 0, le);
  view.setUint32(44, fields.cookie?.[0] ?? 0, le);
  view.setUint32(48, fields.cookie?.[1] ?? 0, le);
  view.setUint32(52, fields.expires ?? 0, le);
  view.setUint32(56, fields.rqueue ?? 0, le);
  view.setUint32(60, fields.wqueue ?? 0, le);
  view.setUint32(64, fields.uid ?? 0, le);
  view.setUint32(68, fields.inode ?? 0, le);
  let at = 72;
  for (const a of encoded) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

// A tcp_info of `length` bytes with selected fields set: u8 at offsets < 8, u16 at 240/242,
// u64 at the 8-byte counters, u32 elsewhere (see the offset table in tcp-info.ts). Fields
// past `length` are cut off, as a shorter kernel struct would be.
export function buildTcpInfo(length: number, fields: Record<number, number> = {}): Uint8Array {
  const full = new Uint8Array(Math.max(length, 320));
  const out = full.subarray(0, length);
  const view = new DataView(full.buffer);
  const u64At = new Set([104, 112, 120, 128, 160, 168, 176, 184, 200, 208]);
  for (const [key, value] of Object.entries(fields)) {
    const at = Number(key);
    if (at < 8) out[at] = value;
    else if (at === 240 || at === 242) view.setUint16(at, value, le);
    else if (u64At.has(at)) view.setBigUint64(at, BigInt(value), le);
    else view.setUint32(at, value, le);
  }
  return out.slice();
}

// u32 array in host order (SKMEMINFO payloads).
export function buildU32s(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v, le));
  return out;
}

// Concatenates byte arrays.
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
