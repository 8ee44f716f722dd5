import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileBytecode, MAX_BYTECODE_LENGTH } from './bytecode.js';
import { auditBytecode, runBytecode } from './bytecode-check.js';
import type { CompareOp, FilterExpr, FilterSide } from '../../model/filter.js';

const port = (side: FilterSide, op: CompareOp, n: number): FilterExpr => ({ kind: 'port', side, op, port: n });
const host = (side: FilterSide, family: 4 | 6 | null, address: string | null, prefixLength: number, p: number | null = null): FilterExpr => ({
  kind: 'host', side, family, address, prefixLength, port: p,
});
const and = (left: FilterExpr, right: FilterExpr): FilterExpr => ({ kind: 'and', left, right });
const or = (left: FilterExpr, right: FilterExpr): FilterExpr => ({ kind: 'or', left, right });
const not = (expr: FilterExpr): FilterExpr => ({ kind: 'not', expr });
const hex = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b).toString('hex'));

// Programs captured from `ss -tanH FILTER` (iproute2 6.1.0) with
// `strace -e trace=sendmsg -e write=all`: the INET_DIAG_REQ_BYTECODE attribute's payload.
// Little-endian host; ss leaves hostcond padding uninitialized, shown here as zeros.
const SS_PROGRAMS: [string, FilterExpr, string][] = [
  ['sport = :22', port('src', 'eq', 22), '07101400' + '00000000' + '16000000' + '00000000'],
  ['not sport = :22', not(port('src', 'eq', 22)), '07101400000000001600000000000000' + '01040800'],
  ['sport != :22', port('src', 'ne', 22), '07101400000000001600000000000000' + '01040800'],
  ['src [::1]:80', host('src', 6, '::1', 128, 80), '071c2000' + '0a800000' + '50000000' + '00000000000000000000000000000001'],
  ['dst 10.0.0.0/8', host('dst', 4, '10.0.0.0', 8), '08101400' + '02080000' + 'ffffffff' + '0a000000'],
  ['dst 10.0.0.0/8:80', host('dst', 4, '10.0.0.0', 8, 80), '08101400' + '02080000' + '50000000' + '0a000000'],
  ['dst *:443', host('dst', null, null, 0, 443), '08101400' + '00000000' + 'bb010000' + '00000000'],
  ['sport >= :1024', port('src', 'ge', 1024), '02080c00' + '00000004'],
  ['sport <= :1024', port('src', 'le', 1024), '03080c00' + '00000004'],
  ['sport > :1024', port('src', 'gt', 1024), '03080c00' + '00000004' + '01040800'],
  ['sport < :1024', port('src', 'lt', 1024), '02080c00' + '00000004' + '01040800'],
  [
    'sport = :22 or dport = :80',
    or(port('src', 'eq', 22), port('dst', 'eq', 80)),
    '07101400000000001600000000000000' + '01041400' + '08101400000000005000000000000000',
  ],
  [
    'sport = :22 and dport = :80',
    and(port('src', 'eq', 22), port('dst', 'eq', 80)),
    '07102400000000001600000000000000' + '08101400000000005000000000000000',
  ],
  [
    'dst 1.2.3.4 src 5.6.7.8',
    and(host('dst', 4, '1.2.3.4', 32), host('src', 4, '5.6.7.8', 32)),
    '0810240002200000ffffffff01020304' + '0710140002200000ffffffff05060708',
  ],
  [
    '( sport = :1 or sport = :2 ) and not dport = :3',
    and(or(port('src', 'eq', 1), port('src', 'eq', 2)), not(port('dst', 'eq', 3))),
    '07101400000000000100000000000000' + '01041400' + '07102800000000000200000000000000' + '08101400000000000300000000000000' + '01040800',
  ],
  [
    'sport = :1 or sport = :2 and dport = :3',
    and(or(port('src', 'eq', 1), port('src', 'eq', 2)), port('dst', 'eq', 3)),
    '07101400000000000100000000000000' + '01041400' + '07102400000000000200000000000000' + '08101400000000000300000000000000',
  ],
  [
    'sport = :1 and sport = :2 or dport = :3',
    or(and(port('src', 'eq', 1), port('src', 'eq', 2)), port('dst', 'eq', 3)),
    '07102400000000000100000000000000' + '07101400000000000200000000000000' + '01041400' + '08101400000000000300000000000000',
  ],
  [
    'sport = :1 or not sport = :2 dport = :3',
    and(or(port('src', 'eq', 1), not(port('src', 'eq', 2))), port('dst', 'eq', 3)),
    '07101400000000000100000000000000' + '01041800' + '07101400000000000200000000000000' + '01041800' + '08101400000000000300000000000000',
  ],
];

test('programs are byte for byte what ss sends, for both address families', () => {
  for (const [text, expr, expected] of SS_PROGRAMS) {
    for (const family of [4, 6] as const) {
      const program = compileBytecode(expr, family);
      assert.equal(hex(program), expected, `${text} (IPv${family})`);
      assert.equal(auditBytecode(program ?? new Uint8Array()), null, text);
    }
  }
});

test('state nodes become constants that keep the program a superset of the filter', () => {
  const established: FilterExpr = { kind: 'state', states: ['ESTABLISHED'] };
  const p = port('dst', 'eq', 22);
  // The state part goes to idiag_states; the program is the rest, exactly as ss sends it.
  assert.equal(hex(compileBytecode(and(established, p), 4)), hex(compileBytecode(p, 4)));
  // Nothing left for the kernel to test: no program.
  assert.equal(compileBytecode(established, 4), null);
  assert.equal(compileBytecode({ kind: 'all' }, 6), null);
  assert.equal(compileBytecode(or(established, p), 4), null);
  // Under `not`, a state test must count as false, or sockets in other states would be lost:
  // not (ESTABLISHED and dport 22) keeps every socket in another state.
  assert.equal(compileBytecode(not(and(established, p)), 4), null);
  // not (ESTABLISHED or dport 22) needs at least "not dport 22".
  assert.equal(hex(compileBytecode(not(or(established, p)), 4)), hex(compileBytecode(not(p), 4)));
  // A filter that can match nothing compiles to a program that rejects everything.
  const never = compileBytecode(and(not({ kind: 'all' }), p), 4);
  assert.equal(hex(never), '01040800');
  assert.equal(auditBytecode(never ?? new Uint8Array()), null);
  assert.equal(runBytecode(never ?? new Uint8Array(), { family: 4, saddr: new Uint8Array(4), daddr: new Uint8Array(4), sport: 22, dport: 22 }), false);
});

test('an IPv4 condition in an IPv6 dump still matches IPv4-mapped sockets', () => {
  const program = compileBytecode(host('dst', 4, '10.0.0.0', 8), 6);
  assert.ok(program !== null);
  const mapped = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3]);
  const native = Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  const entry = (daddr: Uint8Array) => ({ family: 6 as const, saddr: new Uint8Array(16), daddr, sport: 1, dport: 2 });
  assert.equal(runBytecode(program, entry(mapped)), true);
  assert.equal(runBytecode(program, entry(native)), false);
});

test('programs too long for a netlink attribute are not compiled', () => {
  let big: FilterExpr = host('dst', 6, '2001:db8::1', 128);
  // 28-byte IPv6 conditions joined by or: 32 bytes each; 2100 of them pass 64 KiB.
  for (let i = 0; i < 2100; i++) big = or(big, host('dst', 6, '2001:db8::1', 128));
  assert.equal(compileBytecode(big, 6), null);
  let fits: FilterExpr = port('src', 'eq', 1);
  for (let i = 0; i < 100; i++) fits = or(fits, port('src', 'eq', i));
  const program = compileBytecode(fits, 4);
  assert.ok(program !== null && program.length <= MAX_BYTECODE_LENGTH);
  assert.equal(auditBytecode(program), null);
});

test('the audit copy rejects what the kernel rejects', () => {
  const good = Buffer.from('07101400000000001600000000000000', 'hex');
  assert.equal(auditBytecode(good), null);
  assert.match(auditBytecode(new Uint8Array(0)) ?? '', /shorter/);
  // yes not a multiple of 4 / smaller than the op.
  assert.match(auditBytecode(Buffer.from('07111400000000001600000000000000', 'hex')) ?? '', /yes/);
  // "no" beyond the reject exit (len + 4).
  assert.match(auditBytecode(Buffer.from('07101800000000001600000000000000', 'hex')) ?? '', /no/);
  // A jump that lands inside a hostcond (offset 8 of a 16-byte op).
  assert.match(auditBytecode(Buffer.from('01040800' + '07101400000000001600000000000000', 'hex')) ?? '', /inside an op/);
  // Unknown family and over-long prefix in a hostcond.
  assert.match(auditBytecode(Buffer.from('07101400070000001600000000000000', 'hex')) ?? '', /family/);
  assert.match(auditBytecode(Buffer.from('07101400022100001600000000000000', 'hex')) ?? '', /prefix/);
  // Truncated port comparison; unknown op code.
  assert.match(auditBytecode(Buffer.from('02040800', 'hex')) ?? '', /truncated/);
  assert.match(auditBytecode(Buffer.from('63040800', 'hex')) ?? '', /unknown op/);
  assert.match(auditBytecode(Buffer.from('0a0c1000' + '0000000000000000', 'hex'), false) ?? '', /CAP_NET_ADMIN/);
});
