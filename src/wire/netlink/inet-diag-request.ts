// Encodes a sock_diag dump request for TCP sockets of one family
// (include/uapi/linux/sock_diag.h, include/uapi/linux/inet_diag.h).
//
// nlmsghdr (16 bytes, type SOCK_DIAG_BY_FAMILY, flags NLM_F_REQUEST|NLM_F_DUMP), then
// struct inet_diag_req_v2 {   56 bytes
//   __u8  sdiag_family;        16  AF_INET 2 / AF_INET6 10
//   __u8  sdiag_protocol;      17  IPPROTO_TCP 6
//   __u8  idiag_ext;           18  1 << (INET_DIAG_x - 1) for each extension wanted
//   __u8  pad;                 19
//   __u32 idiag_states;        20  1 << TCP_STATE for each state wanted
//   struct inet_diag_sockid id; 24 (48 bytes; cookie at 24+40 = 64, 68)
// };
// then, optionally, an INET_DIAG_REQ_BYTECODE rtattr with a filter program.
import { TcpdocError } from '../../model/errors.js';
import { HOST_LITTLE_ENDIAN, NLMSG_HDRLEN, NLM_F_DUMP, NLM_F_REQUEST, writeNlmsghdr } from './nlmsg.js';
import { RTA_HDRLEN, encodeRtattr } from './rtattr.js';

export const SOCK_DIAG_BY_FAMILY = 20;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const IPPROTO_TCP = 6;
export const INET_DIAG_REQ_V2_LENGTH = 56;
export const INET_DIAG_REQ_BYTECODE = 1;
// Cookie value meaning "any socket" (INET_DIAG_NOCOOKIE).
export const INET_DIAG_NOCOOKIE = 0xffffffff;

// Attribute numbers of INET_DIAG_* (enum in inet_diag.h); request bits are 1 << (n - 1).
export const INET_DIAG_MEMINFO = 1;
export const INET_DIAG_INFO = 2;
export const INET_DIAG_VEGASINFO = 3;
export const INET_DIAG_CONG = 4;
export const INET_DIAG_TOS = 5;
export const INET_DIAG_TCLASS = 6;
export const INET_DIAG_SKMEMINFO = 7;
export const INET_DIAG_SHUTDOWN = 8;

// Bit in idiag_ext asking for attribute n (only attributes 1..8 fit the 8-bit field).
export function extensionBit(attribute: number): number {
  return 1 << (attribute - 1);
}

export interface InetDiagRequestOptions {
  family: 4 | 6;
  // idiag_states bitmask (maskFromStates); 0 would match nothing.
  states: number;
  // idiag_ext bitmask (extensionBit(...) | ...).
  extensions: number;
  seq: number;
  // Compiled inet_diag filter program, or null for none.
  bytecode?: Uint8Array | null;
}

// The request's bytes, ready to send on a NETLINK_SOCK_DIAG socket.
export function encodeInetDiagRequest(options: InetDiagRequestOptions): Uint8Array {
  const bytecode = options.bytecode ?? null;
  if (bytecode !== null && bytecode.length + RTA_HDRLEN > 0xffff) {
    throw new TcpdocError('BAD_FILTER', `filter program of ${bytecode.length} bytes is too large for the kernel`, {
      hint: 'Simplify the filter; tcpdoc also filters in userspace, so fewer kernel conditions still give correct results.',
    });
  }
  const attribute = bytecode === null ? null : encodeRtattr(INET_DIAG_REQ_BYTECODE, bytecode);
  const length = NLMSG_HDRLEN + INET_DIAG_REQ_V2_LENGTH + (attribute === null ? 0 : attribute.length);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  writeNlmsghdr(view, 0, { length, type: SOCK_DIAG_BY_FAMILY, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: options.seq });
  out[16] = options.family === 4 ? AF_INET : AF_INET6;
  out[17] = IPPROTO_TCP;
  out[18] = options.extensions & 0xff;
  view.setUint32(20, options.states >>> 0, HOST_LITTLE_ENDIAN);
  // id: ports, addresses and interface stay zero for a dump; the cookie says "any", as ss sends it.
  view.setUint32(64, INET_DIAG_NOCOOKIE, HOST_LITTLE_ENDIAN);
  view.setUint32(68, INET_DIAG_NOCOOKIE, HOST_LITTLE_ENDIAN);
  if (attribute !== null) out.set(attribute, NLMSG_HDRLEN + INET_DIAG_REQ_V2_LENGTH);
  return out;
}
