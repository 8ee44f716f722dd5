// Compiles a filter to inet_diag bytecode (the INET_DIAG_REQ_BYTECODE attribute of a
// sock_diag dump), laid out exactly as ss lays it out (ssfilter_bytecompile in
// iproute2 misc/ss.c), so the kernel's inet_diag_bc_audit accepts it.
//
// A program of length L is a run of ops; every op is a forward branch: to +yes when
// its test holds, to +no when it fails. Reaching offset L accepts the socket,
// reaching L+4 rejects it (include/uapi/linux/inet_diag.h; inet_diag_bc_run).
// Composition, as in ss.c:
//   A and B : A ++ B, with A's reject exits (no == remaining+4) moved past B
//   A or B  : A ++ JMP(no = len B + 4) ++ B    -- A accepts into the JMP, which skips B
//   not A   : A ++ JMP(no = 8)                 -- A accepts into the JMP, which rejects
//
// `state` nodes are not bytecode (the kernel filters states with idiag_states). They
// compile to constants chosen so the program accepts a superset of the filter: true
// where a state test counts for a match, false under an odd number of `not`s. The
// caller re-checks every returned socket in userspace.
//
// The same program serves both dumps: the kernel itself lets an IPv4 condition
// match IPv4-mapped addresses in an AF_INET6 dump and makes an IPv6 condition fail
// on AF_INET sockets, which is also what the userspace matcher does.
import type { FilterExpr } from '../../model/filter.js';
import { parseIpv4, parseIpv6 } from '../ip-address.js';

// Op codes (enum in include/uapi/linux/inet_diag.h).
export const BC = {
  NOP: 0,
  JMP: 1,
  S_GE: 2,
  S_LE: 3,
  D_GE: 4,
  D_LE: 5,
  AUTO: 6,
  S_COND: 7,
  D_COND: 8,
  DEV_COND: 9,
  MARK_COND: 10,
  S_EQ: 11,
  D_EQ: 12,
  CGROUP_COND: 13,
} as const;

// Address families as the kernel numbers them.
export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;

// Longest program that fits: rtattr length is a u16 including its 4-byte header.
export const MAX_BYTECODE_LENGTH = 65528;

// The kernel reads the op's u16 `no` and the hostcond's int `port` in host byte order.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// One op: struct inet_diag_bc_op { u8 code; u8 yes; u16 no; } plus its operand
// bytes; yes is always 4 + operand length (the next op).
interface Op {
  code: number;
  no: number;
  operand: Uint8Array;
}

type Program = Op[];

// Bytecode for one dump, or null when the kernel need not filter at all (the
// filter holds for every socket as far as bytecode can tell, or the program would
// not fit in a netlink attribute). family is the dump's address family.
export function compileBytecode(expr: FilterExpr, family: 4 | 6): Uint8Array | null {
  void family; // Same program for both families; see the header comment.
  const lowered = lowerExpr(expr, true);
  if (lowered === true) return null;
  const program = lowered === false ? [jumpOp(8)] : compileLowered(lowered);
  const bytes = serializeProgram(program);
  return bytes !== null && bytes.length <= MAX_BYTECODE_LENGTH ? bytes : null;
}

// The tree with state nodes replaced by constants and constants folded away.
type Lowered =
  | boolean
  | { kind: 'and' | 'or'; left: Lowered; right: Lowered }
  | { kind: 'not'; expr: Lowered }
  | Extract<FilterExpr, { kind: 'port' | 'host' }>;

// positive: whether the node sits under an even number of `not`s.
function lowerExpr(expr: FilterExpr, positive: boolean): Lowered {
  switch (expr.kind) {
    case 'all':
      return true;
    case 'state':
      return positive;
    case 'port':
    case 'host':
      return expr;
    case 'not': {
      const inner = lowerExpr(expr.expr, !positive);
      return typeof inner === 'boolean' ? !inner : { kind: 'not', expr: inner };
    }
    case 'and':
    case 'or': {
      const l = lowerExpr(expr.left, positive);
      const r = lowerExpr(expr.right, positive);
      const absorbing = expr.kind === 'or';
      if (l === absorbing || r === absorbing) return absorbing;
      if (typeof l === 'boolean') return r;
      if (typeof r === 'boolean') return l;
      return { kind: expr.kind, left: l, right: r };
    }
  }
}

function compileLowered(node: Exclude<Lowered, boolean>): Program {
  switch (node.kind) {
    case 'and': {
      const a = compileLowered(node.left as Exclude<Lowered, boolean>);
      const b = compileLowered(node.right as Exclude<Lowered, boolean>);
      relocateRejects(a, lengthOf(b));
      return [...a, ...b];
    }
    case 'or': {
      const a = compileLowered(node.left as Exclude<Lowered, boolean>);
      const b = compileLowered(node.right as Exclude<Lowered, boolean>);
      return [...a, jumpOp(lengthOf(b) + 4), ...b];
    }
    case 'not':
      return negate(compileLowered(node.expr as Exclude<Lowered, boolean>));
    case 'port':
      return compilePort(node);
    case 'host':
      return [hostOp(node.side === 'src' ? BC.S_COND : BC.D_COND, node)];
  }
}

// ss compiles `sport = :N` as a host condition with no address (S_COND, AF_UNSPEC,
// port N), `>` as not `<=`, `<` as not `>=`, and `!=` as not `=`.
function compilePort(node: Extract<FilterExpr, { kind: 'port' }>): Program {
  const src = node.side === 'src';
  const eq = (): Op => hostOp(src ? BC.S_COND : BC.D_COND, { family: null, address: null, prefixLength: 0, port: node.port });
  const ge = (): Op => portCompareOp(src ? BC.S_GE : BC.D_GE, node.port);
  const le = (): Op => portCompareOp(src ? BC.S_LE : BC.D_LE, node.port);
  switch (node.op) {
    case 'eq':
      return [eq()];
    case 'ne':
      return negate([eq()]);
    case 'ge':
      return [ge()];
    case 'le':
      return [le()];
    case 'gt':
      return negate([le()]);
    case 'lt':
      return negate([ge()]);
  }
}

function negate(program: Program): Program {
  return [...program, jumpOp(8)];
}

// ssfilter_patch: a jump to this part's reject exit (remaining length + 4) must now skip `by` more bytes.
function relocateRejects(program: Program, by: number): void {
  let remaining = lengthOf(program);
  for (const op of program) {
    if (op.no === remaining + 4) op.no += by;
    remaining -= 4 + op.operand.length;
  }
}

function lengthOf(program: Program): number {
  let n = 0;
  for (const op of program) n += 4 + op.operand.length;
  return n;
}

// JMP: always branches to +no (yes = 4 keeps the audit's op walk intact).
function jumpOp(no: number): Op {
  return { code: BC.JMP, no, operand: new Uint8Array(0) };
}

// S_GE/S_LE/D_GE/D_LE: the port rides in the `no` field of a second op, whose code and yes are 0.
function portCompareOp(code: number, port: number): Op {
  const operand = new Uint8Array(4);
  new DataView(operand.buffer).setUint16(2, port, LITTLE_ENDIAN);
  return { code, no: 8 + 4, operand };
}

// S_COND/D_COND with struct inet_diag_hostcond:
//   0 u8 family (AF_UNSPEC, AF_INET, AF_INET6)   1 u8 prefix_len   2..3 padding
//   4 int port (-1 = any)                         8 __be32 addr[]: 4 bytes, or 16 for AF_INET6
// ss sends 4 zero address bytes for AF_UNSPEC; the audit only requires 0.
function hostOp(
  code: number,
  host: { family: 4 | 6 | null; address: string | null; prefixLength: number; port: number | null },
): Op {
  const v6 = host.family === 6 && host.address !== null ? parseIpv6(host.address) : null;
  const v4 = host.family === 4 && host.address !== null ? parseIpv4(host.address) : null;
  const family = v6 !== null ? AF_INET6 : v4 !== null ? AF_INET : AF_UNSPEC;
  const operand = new Uint8Array(8 + (family === AF_INET6 ? 16 : 4));
  const view = new DataView(operand.buffer);
  operand[0] = family;
  operand[1] = family === AF_UNSPEC ? 0 : host.prefixLength;
  view.setInt32(4, host.port ?? -1, LITTLE_ENDIAN);
  if (v6 !== null) operand.set(v6, 8);
  if (v4 !== null) operand.set(v4, 8);
  return { code, no: 4 + operand.length + 4, operand };
}

// Bytes of a program; null when a jump does not fit its u16 field.
function serializeProgram(program: Program): Uint8Array | null {
  const out = new Uint8Array(lengthOf(program));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const op of program) {
    if (op.no > 0xffff) return null;
    out[at] = op.code;
    out[at + 1] = 4 + op.operand.length;
    view.setUint16(at + 2, op.no, LITTLE_ENDIAN);
    out.set(op.operand, at + 4);
    at += 4 + op.operand.length;
  }
  return out;
}
