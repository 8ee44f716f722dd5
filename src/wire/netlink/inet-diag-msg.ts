// Decodes one sock_diag reply (struct inet_diag_msg + attributes) into a SocketRecord.
//
// struct inet_diag_msg {          72 bytes (include/uapi/linux/inet_diag.h)
//   __u8  idiag_family;             0   AF_INET 2 / AF_INET6 10
//   __u8  idiag_state;              1   TCP_ESTABLISHED 1 .. TCP_CLOSING 11
//   __u8  idiag_timer;              2   0 off, 1 on, 2 keepalive, 3 TIME_WAIT, 4 zero-window probe
//   __u8  idiag_retrans;            3
//   struct inet_diag_sockid id {    4
//     __be16 idiag_sport;           4   network byte order
//     __be16 idiag_dport;           6
//     __be32 idiag_src[4];          8   IPv4 uses the first word
//     __be32 idiag_dst[4];          24
//     __u32  idiag_if;              40
//     __u32  idiag_cookie[2];       44  low word first
//   };
//   __u32 idiag_expires;            52  ms until the timer fires
//   __u32 idiag_rqueue;             56
//   __u32 idiag_wqueue;             60
//   __u32 idiag_uid;                64
//   __u32 idiag_inode;              68
// };                                then rtattrs: INET_DIAG_INFO, SKMEMINFO, CONG, SHUTDOWN, ...
import type { SocketMemory, SocketRecord, SocketTimer, TimerKind } from '../../model/socket.js';
import type { TcpInfo } from '../../model/tcp-info.js';
import { stateFromNumber } from '../../model/tcp-state.js';
import { HOST_LITTLE_ENDIAN, alignNetlink } from './nlmsg.js';
import { checkRtattr, readRtattrType, RTA_HDRLEN } from './rtattr.js';
import { decodeTcpInfo, decodeTcpInfoBase } from './tcp-info.js';

export const INET_DIAG_MSG_LENGTH = 72;

// Reply attribute numbers this decoder reads (enum in inet_diag.h).
const ATTR_INFO = 2;
const ATTR_CONG = 4;
const ATTR_SKMEMINFO = 7;
const ATTR_SHUTDOWN = 8;

const TIMER_KINDS: readonly TimerKind[] = ['off', 'on', 'keepalive', 'timewait', 'probe0', 'delack'];

// The socket described by payload bytes [start, end) of one reply message, or null when
// the payload is too short or names a family or state this tool does not know.
// With basicInfo, tcp_info is cut to its first 104 bytes (the fields every kernel has): far
// less to allocate when a caller needs only timers, RTT and ages of 100k sockets.
export function decodeInetDiagMessage(view: DataView, start: number, end: number, basicInfo = false): SocketRecord | null {
  if (end - start < INET_DIAG_MSG_LENGTH || end > view.byteLength) return null;
  const le = HOST_LITTLE_ENDIAN;
  const rawFamily = view.getUint8(start);
  const family = rawFamily === 2 ? 4 : rawFamily === 10 ? 6 : 0;
  if (family === 0) return null;
  const state = stateFromNumber(view.getUint8(start + 1));
  if (state === undefined) return null;
  const timerCode = view.getUint8(start + 2);
  const timer: SocketTimer | null =
    timerCode === 0
      ? null
      : {
          kind: TIMER_KINDS[timerCode] ?? 'unknown',
          expiresMs: view.getUint32(start + 52, le),
          retransmits: view.getUint8(start + 3),
        };
  const local = family === 4 ? formatIpv4At(view, start + 8) : formatIpv6At(view, start + 8);
  const remote = family === 4 ? formatIpv4At(view, start + 24) : formatIpv6At(view, start + 24);

  let tcpInfo: TcpInfo | null = null;
  let memory: SocketMemory | null = null;
  let congestion: string | null = null;
  let shutdown: number | null = null;
  let at = start + INET_DIAG_MSG_LENGTH;
  while (at < end) {
    const length = checkRtattr(view, at, end);
    if (length < 0) break; // A malformed attribute ends the list; the fixed part is still good.
    const payload = at + RTA_HDRLEN;
    const size = length - RTA_HDRLEN;
    switch (readRtattrType(view, at)) {
      case ATTR_INFO:
        tcpInfo = basicInfo ? decodeTcpInfoBase(view, payload, size) : decodeTcpInfo(view, payload, size);
        break;
      case ATTR_SKMEMINFO:
        memory = decodeSkMemInfo(view, payload, size);
        break;
      case ATTR_CONG:
        congestion = decodeCString(view, payload, size);
        break;
      case ATTR_SHUTDOWN:
        if (size >= 1) shutdown = view.getUint8(payload);
        break;
      default:
        break; // Attributes added by newer kernels or not asked for are skipped.
    }
    at += alignNetlink(length);
  }

  return {
    family,
    state,
    local: { address: local, port: view.getUint16(start + 4, false) },
    remote: { address: remote, port: view.getUint16(start + 6, false) },
    recvQ: view.getUint32(start + 56, le),
    sendQ: view.getUint32(start + 60, le),
    timer,
    uid: view.getUint32(start + 64, le),
    inode: view.getUint32(start + 68, le),
    cookie: formatCookie(view.getUint32(start + 44, le), view.getUint32(start + 48, le)),
    interfaceIndex: view.getUint32(start + 40, le),
    tcpInfo,
    memory,
    congestion,
    shutdown,
    process: null,
    processes: [],
  };
}

// u32 sk_meminfo[SK_MEMINFO_VARS] in enum order; counters a shorter (older) array lacks read 0.
export function decodeSkMemInfo(view: DataView, offset: number, length: number): SocketMemory | null {
  if (length < 32) return null; // Every kernel that sends it has at least the first 8 counters.
  const le = HOST_LITTLE_ENDIAN;
  return {
    rmemAlloc: view.getUint32(offset, le),
    rcvBuf: view.getUint32(offset + 4, le),
    wmemAlloc: view.getUint32(offset + 8, le),
    sndBuf: view.getUint32(offset + 12, le),
    fwdAlloc: view.getUint32(offset + 16, le),
    wmemQueued: view.getUint32(offset + 20, le),
    optMem: view.getUint32(offset + 24, le),
    backlog: view.getUint32(offset + 28, le),
    drops: length >= 36 ? view.getUint32(offset + 32, le) : 0,
  };
}

// Congestion control names seen so far, keyed by their first bytes (names are few and repeat).
const shortNames = new Map<number, string>();

// A NUL-terminated ASCII name (congestion control) of at most length bytes.
function decodeCString(view: DataView, offset: number, length: number): string {
  let end = 0;
  while (end < length && view.getUint8(offset + end) !== 0) end++;
  // Names of up to 6 bytes fit exactly in a number key (48 bits): look them up, don't rebuild.
  let key = -1;
  if (end <= 6) {
    key = end;
    for (let i = 0; i < end; i++) key = key * 256 + view.getUint8(offset + i);
    const known = shortNames.get(key);
    if (known !== undefined) return known;
  }
  let text = '';
  for (let i = 0; i < end; i++) text += String.fromCharCode(view.getUint8(offset + i));
  if (key >= 0 && shortNames.size < 256) shortNames.set(key, text);
  return text;
}

// The 64-bit socket cookie as decimal text; plain arithmetic while it is exact.
export function formatCookie(low: number, high: number): string {
  if (high < 0x20_0000) return String(high * 0x1_0000_0000 + low);
  return ((BigInt(high) << 32n) | BigInt(low)).toString();
}

// Recently formatted IPv4 addresses: a dump repeats a few local addresses thousands of
// times, and sharing one string per address saves allocation and garbage collection.
const ipv4Texts = new Map<number, string>();
const IPV4_CACHE_LIMIT = 65536;

// Dotted quad of the network-order address at offset.
export function formatIpv4At(view: DataView, offset: number): string {
  const key = view.getUint32(offset, false);
  let text = ipv4Texts.get(key);
  if (text === undefined) {
    text = `${key >>> 24}.${(key >>> 16) & 0xff}.${(key >>> 8) & 0xff}.${key & 0xff}`;
    if (ipv4Texts.size >= IPV4_CACHE_LIMIT) ipv4Texts.clear();
    ipv4Texts.set(key, text);
  }
  return text;
}

// Scratch words for formatIpv6At (no allocation per address).
const words = new Uint16Array(8);

// RFC 5952 text of the 16-byte network-order address at offset; IPv4-mapped prints as IPv4.
// Same output as formatIpv6 in src/wire/ip-address.ts, without its arrays and joins.
export function formatIpv6At(view: DataView, offset: number): string {
  let zeros = 0;
  for (let i = 0; i < 8; i++) {
    const w = view.getUint16(offset + 2 * i, false);
    words[i] = w;
    if (w === 0) zeros++;
  }
  if (zeros === 8) return '::';
  if (words[0] === 0 && words[1] === 0 && words[2] === 0 && words[3] === 0 && words[4] === 0 && words[5] === 0xffff) {
    return formatIpv4At(view, offset + 12);
  }
  // Longest run of two or more zero words; the first wins a tie.
  let bestStart = -1;
  let bestLength = 1;
  if (zeros >= 2) {
    let runStart = -1;
    for (let i = 0; i <= 8; i++) {
      if (i < 8 && words[i] === 0) {
        if (runStart < 0) runStart = i;
      } else if (runStart >= 0) {
        if (i - runStart > bestLength) {
          bestStart = runStart;
          bestLength = i - runStart;
        }
        runStart = -1;
      }
    }
  }
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += i === 0 ? '::' : ':';
      i += bestLength - 1;
      continue;
    }
    text += (words[i] as number).toString(16);
    if (i < 7) text += ':';
  }
  return text;
}

// The fixed part only (no attributes, no cookie), written into a caller's scratch record:
// for streaming aggregates that must not allocate per socket. Returns false for the
// same inputs decodeInetDiagMessage rejects. The record's local and remote objects are reused.
export function decodeInetDiagCoreInto(view: DataView, start: number, end: number, into: SocketRecord): boolean {
  if (end - start < INET_DIAG_MSG_LENGTH || end > view.byteLength) return false;
  const le = HOST_LITTLE_ENDIAN;
  const rawFamily = view.getUint8(start);
  const family = rawFamily === 2 ? 4 : rawFamily === 10 ? 6 : 0;
  if (family === 0) return false;
  const state = stateFromNumber(view.getUint8(start + 1));
  if (state === undefined) return false;
  into.family = family;
  into.state = state;
  into.local.address = family === 4 ? formatIpv4At(view, start + 8) : formatIpv6At(view, start + 8);
  into.local.port = view.getUint16(start + 4, false);
  into.remote.address = family === 4 ? formatIpv4At(view, start + 24) : formatIpv6At(view, start + 24);
  into.remote.port = view.getUint16(start + 6, false);
  into.recvQ = view.getUint32(start + 56, le);
  into.sendQ = view.getUint32(start + 60, le);
  into.uid = view.getUint32(start + 64, le);
  into.inode = view.getUint32(start + 68, le);
  into.interfaceIndex = view.getUint32(start + 40, le);
  return true;
}
