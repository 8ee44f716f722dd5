import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../main.js';
import { makeBufferIo } from '../io.js';
import { AUDITED_KEYS } from '../../analysis/sysctl/audit.js';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const io = makeBufferIo({ env });
  const code = await main(['sysctl', ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpdoc-sysctl-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

// The advice found on many blogs: every line of it is wrong or pointless on a current kernel.
const BAD_CONF = [
  '# /etc/sysctl.d/99-fast-tcp.conf',
  'net.ipv4.tcp_tw_recycle = 1',
  '# to shorten TIME_WAIT',
  'net.ipv4.tcp_fin_timeout = 10',
  'net.ipv4.tcp_max_tw_buckets = 5000',
  'net.core.somaxconn=65535',
  'this line is garbage',
  '',
].join('\n');

function writeConf(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function hostTwDefault(): number {
  return Math.floor(Math.abs(Number(fs.readFileSync('/proc/sys/net/ipv4/tcp_ehash_entries', 'utf8'))) / 2);
}

interface SysctlJson {
  schema: string;
  kernel: string;
  netns: string | null;
  summary: { wrong: number; look: number; fine: number };
  settings: { key: string; value: string | null; default: string; verdict: string; reason: string; advice: string; sources: { title: string }[]; related: string[] }[];
  check: null | { file: string; settings: { line: number; key: string; value: string }[]; problems: { line: number; severity: string; message: string }[]; missing: string[]; corrected: string; changed: number };
}

test('--check FILE with blog advice: each bad line is named with its line number and reason', async () => {
  const file = writeConf('bad.conf', BAD_CONF);
  const r = await run(['--check', file]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, new RegExp(`Checking ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: 4 keys, 1 problem`));
  assert.match(r.out, /line 7: error: no "="/);
  assert.match(r.out, /WRONG {2}net\.ipv4\.tcp_tw_recycle = 1 {2}\(line 2\)\n {2}why: tcp_tw_recycle was removed in Linux 4\.12/);
  assert.match(r.out, /look {2}net\.ipv4\.tcp_fin_timeout = 10 {2}\(line 4\)\n {2}why: 10 s does not shorten TIME_WAIT/);
  if (hostTwDefault() > 5000) assert.match(r.out, new RegExp(`WRONG {2}net\\.ipv4\\.tcp_max_tw_buckets = 5000 {2}\\(line 5\\)\\n {2}why: Lowered to 5000 \\(default here ${hostTwDefault()}\\)`));
  assert.match(r.out, /fine {2}net\.core\.somaxconn = 65535 {2}\(line 6\)/);
  // Wrong first.
  assert.ok(r.out.indexOf('WRONG  net.ipv4.tcp_tw_recycle') < r.out.indexOf('look  net.ipv4.tcp_fin_timeout'));
});

test('--fail-on sets the exit code: wrong settings or syntax errors in the file give 1', async () => {
  const bad = writeConf('bad2.conf', BAD_CONF);
  assert.equal((await run(['--check', bad, '--fail-on', 'wrong'])).code, 1);
  const lookOnly = writeConf('look.conf', 'net.ipv4.tcp_fin_timeout = 10\n');
  assert.equal((await run(['--check', lookOnly, '--fail-on', 'wrong'])).code, 0);
  assert.equal((await run(['--check', lookOnly, '--fail-on', 'look'])).code, 1);
  const good = writeConf('good.conf', 'net.ipv4.tcp_syncookies = 1\nnet.core.somaxconn = 8192\n');
  assert.equal((await run(['--check', good, '--fail-on', 'look'])).code, 0);
  const garbage = writeConf('garbage.conf', 'net.core.somaxconn 8192\n');
  assert.equal((await run(['--check', garbage, '--fail-on', 'wrong'])).code, 1);
});

test('--corrected prints the fixed file; --write-corrected writes it', async () => {
  const file = writeConf('bad3.conf', BAD_CONF);
  const r = await run(['--check', file, '--corrected']);
  assert.equal(r.code, 0);
  const lines = r.out.split('\n');
  assert.equal(lines[0], '# /etc/sysctl.d/99-fast-tcp.conf');
  assert.ok(lines.includes('# net.ipv4.tcp_tw_recycle = 1'));
  assert.ok(lines.includes('net.ipv4.tcp_fin_timeout = 10'));
  assert.ok(lines.includes('net.core.somaxconn=65535'));
  assert.ok(lines.includes('# this line is garbage'));
  assert.ok(lines.some((l) => /^# tcpdoc: worth a look: 10 s does not shorten TIME_WAIT/.test(l)));
  const out = path.join(dir, 'fixed.conf');
  const w = await run(['--check', file, '--write-corrected', out]);
  assert.equal(w.code, 0);
  assert.equal(fs.readFileSync(out, 'utf8'), r.out);
  assert.match(w.out, /Wrote the corrected file to .*fixed\.conf \(\d+ lines changed\)/);
  // The corrected file passes its own check.
  assert.equal((await run(['--check', out, '--fail-on', 'wrong'])).code, 0);
});

test('--json has the documented shape for the host and for --check', async () => {
  const host = await run(['--json']);
  assert.equal(host.code, 0);
  const doc = JSON.parse(host.out) as SysctlJson;
  assert.equal(doc.schema, 'tcpdoc.sysctl/1');
  assert.equal(doc.kernel, fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
  assert.equal(doc.netns, null);
  assert.equal(doc.check, null);
  assert.deepEqual(doc.settings.map((s) => s.key), [...AUDITED_KEYS]);
  assert.equal(doc.summary.wrong + doc.summary.look + doc.summary.fine, AUDITED_KEYS.length);
  for (const s of doc.settings) {
    assert.deepEqual(Object.keys(s), ['key', 'value', 'default', 'verdict', 'reason', 'advice', 'sources', 'related']);
    assert.ok(['fine', 'look', 'wrong'].includes(s.verdict));
    assert.equal(typeof s.reason, 'string');
    assert.ok(s.sources.length > 0 && s.related[0] === `sysctl:${s.key}`);
  }
  // Values are the live ones.
  const somaxconn = doc.settings.find((s) => s.key === 'net.core.somaxconn');
  assert.equal(somaxconn?.value, fs.readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim());
  // Without --check, --fail-on judges every setting.
  const failing = await run(['--json', '--fail-on', 'wrong']);
  assert.equal(failing.code, doc.summary.wrong > 0 ? 1 : 0);

  const file = writeConf('bad4.conf', BAD_CONF);
  const checked = JSON.parse((await run(['--check', file, '--json'])).out) as SysctlJson;
  assert.equal(checked.check?.file, file);
  assert.deepEqual(checked.check?.settings.map((s) => [s.line, s.key]), [[2, 'net.ipv4.tcp_tw_recycle'], [4, 'net.ipv4.tcp_fin_timeout'], [5, 'net.ipv4.tcp_max_tw_buckets'], [6, 'net.core.somaxconn']]);
  assert.deepEqual(checked.check?.problems.map((p) => [p.line, p.severity]), [[7, 'error']]);
  assert.match(checked.check?.corrected ?? '', /^# net\.ipv4\.tcp_tw_recycle = 1$/m);
  assert.equal(checked.settings.find((s) => s.key === 'net.ipv4.tcp_tw_recycle')?.verdict, 'wrong');
  assert.equal(checked.settings.find((s) => s.key === 'net.ipv4.tcp_fin_timeout')?.value, '10');
});

test('--lang zh and the locale choose Chinese', async () => {
  assert.match((await run(['--lang', 'zh'])).out, /^TCP 内核设置（内核 /);
  assert.match((await run([], { LANG: 'zh_CN.UTF-8' })).out, /^TCP 内核设置/);
  const zh = JSON.parse((await run(['--json', '--lang', 'zh'])).out) as SysctlJson;
  assert.match(zh.settings[0]?.reason ?? '', /[\u4e00-\u9fff]/);
});

test('keys this kernel does not have are reported and count as errors', async () => {
  const file = writeConf('missing.conf', 'net.ipv4.tcp_no_such_setting = 1\n');
  const r = await run(['--check', file, '--fail-on', 'wrong']);
  assert.equal(r.code, 1);
  assert.match(r.out, /line 1: error: this kernel has no net\.ipv4\.tcp_no_such_setting/);
});

test('usage and input errors exit 2 with a hint', async () => {
  assert.equal((await run(['--corrected'])).code, 2);
  assert.equal((await run(['--fail-on', 'critical'])).code, 2);
  assert.equal((await run(['extra'])).code, 2);
  const missing = await run(['--check', path.join(dir, 'nope.conf')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no such file/);
  assert.equal((await run(['--check', dir])).code, 2);
  assert.equal((await run(['--netns', 'a', '--pid-ns', '1'])).code, 2);
  const ns = await run(['--netns', 'tcpdoc-no-such-namespace']);
  assert.equal(ns.code, 2);
  assert.match(ns.err, /no network namespace named/);
});

test('--help lists every option with examples', async () => {
  const r = await run(['--help']);
  for (const option of ['--all', '--check', '--corrected', '--write-corrected', '--netns', '--pid-ns', '--lang', '--json', '--fail-on']) assert.ok(r.out.includes(option), option);
  assert.match(r.out, /Examples:/);
});
