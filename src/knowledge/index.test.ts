import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_ENTRIES, findEntry } from './index.js';
import { ENTRY_KINDS } from './types.js';

const CJK = /[\u4e00-\u9fff]/;

test('entry ids are unique and carry their kind as prefix', () => {
  const ids = new Set<string>();
  for (const e of ALL_ENTRIES) {
    assert.ok(!ids.has(e.id), `duplicate id ${e.id}`);
    ids.add(e.id);
    assert.ok(e.id.startsWith(`${e.kind}:`), `${e.id} should start with ${e.kind}:`);
    assert.ok(ENTRY_KINDS.includes(e.kind));
  }
});

test('every entry has a summary and details in English and Chinese, and at least one source', () => {
  for (const e of ALL_ENTRIES) {
    for (const field of ['summary', 'details'] as const) {
      assert.ok(e[field].en.trim().length > 0, `${e.id} ${field}.en empty`);
      assert.ok(CJK.test(e[field].zh), `${e.id} ${field}.zh has no Chinese text`);
    }
    for (const item of [...e.checks, ...e.fixes]) {
      assert.ok(item.en.trim().length > 0, `${e.id}: empty English check/fix`);
      assert.ok(item.zh.trim().length > 0, `${e.id}: empty Chinese check/fix`);
    }
    assert.ok(e.sources.length > 0, `${e.id} has no source`);
    for (const s of e.sources) assert.ok(s.title !== '' && (s.url !== undefined || s.file !== undefined), `${e.id} source without url or file`);
  }
});

test('every related id resolves to an entry other than itself', () => {
  for (const e of ALL_ENTRIES) {
    for (const r of e.related) {
      assert.ok(findEntry(r) !== undefined, `${e.id} links to missing ${r}`);
      assert.notEqual(r, e.id);
    }
  }
});

test('the socket errors named in the issue have deep entries with checks and fixes', () => {
  const names = ['EPERM', 'EINTR', 'EBADF', 'EAGAIN', 'ENOMEM', 'EACCES', 'EFAULT', 'EINVAL', 'ENFILE', 'EMFILE', 'EPIPE', 'ENOBUFS'];
  for (let n = 88; n <= 115; n++) {
    const e = ALL_ENTRIES.find((x) => x.kind === 'errno' && x.numbers.linux === n);
    assert.ok(e !== undefined, `errno ${n} missing`);
    names.push(e.name);
  }
  for (const name of names) {
    const e = findEntry(`errno:${name}`);
    assert.ok(e !== undefined, name);
    assert.ok(e.checks.length > 0 && e.fixes.length > 0, `${name} needs checks and fixes`);
    assert.ok(e.related.length > 0, `${name} needs related entries`);
  }
});

test('the ids other modules rely on exist', () => {
  for (const id of ['errno:ECONNRESET', 'state:CLOSE_WAIT', 'state:TIME_WAIT', 'sysctl:net.ipv4.tcp_tw_reuse', 'counter:TcpExt:ListenOverflows', 'icmp:3/3', 'icmpv6:1/4', 'tcpdump:flags:R.', 'node:socket-hang-up', 'wsa:WSAECONNRESET', 'win32:ERROR_ALREADY_EXISTS']) {
    assert.ok(findEntry(id) !== undefined, id);
  }
});

test('all 11 TCP states are present with their kernel numbers', () => {
  const states = ALL_ENTRIES.filter((e) => e.kind === 'state');
  assert.equal(states.length, 11);
  assert.deepEqual(states.map((s) => s.numbers.state).sort((a, b) => (a ?? 0) - (b ?? 0)), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
});

test('sysctl advice keeps the facts that old blog posts get wrong', () => {
  const recycle = findEntry('sysctl:net.ipv4.tcp_tw_recycle');
  assert.match(recycle?.details.en ?? '', /4\.12/);
  const fin = findEntry('sysctl:net.ipv4.tcp_fin_timeout');
  assert.match(fin?.summary.en ?? '', /FIN_WAIT2/);
  assert.match(fin?.summary.en ?? '', /does not change TIME_WAIT/);
  assert.match(findEntry('state:TIME_WAIT')?.details.en ?? '', /fixed .*60 s/);
  assert.match(findEntry('sysctl:net.ipv4.tcp_tw_reuse')?.details.en ?? '', /loopback/);
});
