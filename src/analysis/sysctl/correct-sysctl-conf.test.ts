import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditSysctls } from './audit.js';
import { buildCorrectedConf } from './correct-sysctl-conf.js';
import { collectConfValues, parseSysctlConf } from './parse-sysctl-conf.js';

const HOST = { 'net.ipv4.tcp_ehash_entries': '262144' };

function correct(text: string, kernel = '6.18.0', lang: 'en' | 'zh' = 'en') {
  const conf = parseSysctlConf(text);
  const verdicts = auditSysctls({ ...HOST, ...collectConfValues(conf) }, kernel);
  return buildCorrectedConf(conf, verdicts, lang);
}

const BAD = [
  '# tuning from a blog',
  'net.ipv4.tcp_tw_recycle = 1',
  'net.ipv4.tcp_fin_timeout = 10',
  'net.ipv4.tcp_max_tw_buckets = 5000',
  'net.ipv4.tcp_syncookies = 0',
  'vm.swappiness = 10',
  'net.core.somaxconn = 65535',
  '',
].join('\n');

test('wrong lines are commented out under a note; safe defaults are written back where portable', () => {
  const { text, changed } = correct(BAD);
  const lines = text.split('\n');
  // Comments, order and untouched lines survive.
  assert.equal(lines[0], '# tuning from a blog');
  assert.ok(lines.includes('vm.swappiness = 10'));
  assert.ok(lines.includes('net.core.somaxconn = 65535'));
  assert.ok(lines.indexOf('vm.swappiness = 10') < lines.indexOf('net.core.somaxconn = 65535'));
  // tcp_tw_recycle: commented out, nothing written back (it does not exist on this kernel).
  assert.ok(lines.includes('# net.ipv4.tcp_tw_recycle = 1'));
  assert.ok(!lines.some((l) => /^net\.ipv4\.tcp_tw_recycle/.test(l)));
  assert.match(text, /# tcpdoc: wrong: tcp_tw_recycle was removed in Linux 4\.12/);
  // tcp_max_tw_buckets: commented out; its default depends on the machine, so no number is written.
  assert.ok(lines.includes('# net.ipv4.tcp_max_tw_buckets = 5000'));
  assert.ok(!lines.some((l) => /^net\.ipv4\.tcp_max_tw_buckets/.test(l)));
  // tcp_syncookies: replaced by 1 under the commented original.
  const i = lines.indexOf('# net.ipv4.tcp_syncookies = 0');
  assert.equal(lines[i + 1], 'net.ipv4.tcp_syncookies = 1');
  // tcp_fin_timeout 10 is kept, with a note that it does not touch TIME_WAIT.
  const f = lines.indexOf('net.ipv4.tcp_fin_timeout = 10');
  assert.ok(f > 0);
  assert.match(lines[f - 2] ?? '', /^# tcpdoc: worth a look: .*does not shorten TIME_WAIT/);
  assert.equal(changed, 3);
});

test('the corrected file parses cleanly and audits with nothing wrong', () => {
  const first = correct(BAD).text;
  const again = parseSysctlConf(first);
  assert.equal(again.problems.filter((p) => p.severity === 'error').length, 0);
  const verdicts = auditSysctls({ ...HOST, ...collectConfValues(again) }, '6.18.0');
  assert.deepEqual(verdicts.filter((v) => v.verdict === 'wrong').map((v) => v.key), []);
});

test('on a kernel before 4.12, tcp_tw_recycle = 1 is fixed to 0', () => {
  const lines = correct('net.ipv4.tcp_tw_recycle = 1\n', '4.9.0').text.split('\n');
  assert.deepEqual(lines.slice(-3), ['# net.ipv4.tcp_tw_recycle = 1', 'net.ipv4.tcp_tw_recycle = 0', '']);
});

test('slashed keys, the "-" prefix and indentation are kept when a line is rewritten', () => {
  const lines = correct('  -net/ipv4/tcp_timestamps = 0\n').text.split('\n');
  assert.ok(lines.includes('# -net/ipv4/tcp_timestamps = 0'));
  assert.ok(lines.includes('  -net/ipv4/tcp_timestamps = 1'));
});

test('garbage lines are commented out; quoted values lose their quotes', () => {
  const { text, changed } = correct('this is garbage\nnet.ipv4.tcp_sack = "1"\n');
  assert.deepEqual(text.split('\n'), [
    '# tcpdoc: cannot be parsed, sysctl skips it: no "=": sysctl reports "invalid syntax" and skips the line',
    '# this is garbage',
    '# tcpdoc: quotes removed (the kernel rejects quoted values)',
    'net.ipv4.tcp_sack = 1',
    '',
  ]);
  assert.equal(changed, 2);
});

test('notes follow --lang', () => {
  assert.match(correct('net.ipv4.tcp_abort_on_overflow = 1\n', '6.18.0', 'zh').text, /# tcpdoc: 错误: .*ECONNRESET/);
});

test('an earlier line overridden by a later one is left as written; it is noted when the later one is judged', () => {
  assert.equal(correct('net.ipv4.tcp_syncookies = 0\nnet.ipv4.tcp_syncookies = 1\n').text, 'net.ipv4.tcp_syncookies = 0\nnet.ipv4.tcp_syncookies = 1\n');
  const lines = correct('net.ipv4.tcp_syncookies = 1\nnet.ipv4.tcp_syncookies = 0\n').text.split('\n');
  assert.deepEqual(lines.slice(0, 2), ['# tcpdoc: overridden by a later line', 'net.ipv4.tcp_syncookies = 1']);
  assert.deepEqual(lines.slice(-3), ['# net.ipv4.tcp_syncookies = 0', 'net.ipv4.tcp_syncookies = 1', '']);
});

test('keys the kernel lacks keep their line under a note, unless the "-" prefix already ignores the error', () => {
  const conf = parseSysctlConf('net.ipv4.tcp_nosuch = 1\n-net.ipv4.tcp_other = 1\n');
  const { text, changed } = buildCorrectedConf(conf, [], 'en', ['net.ipv4.tcp_nosuch', 'net.ipv4.tcp_other']);
  assert.deepEqual(text.split('\n'), ['# tcpdoc: this kernel has no net.ipv4.tcp_nosuch; sysctl will report an error (prefix the key with "-" to ignore it)', 'net.ipv4.tcp_nosuch = 1', '-net.ipv4.tcp_other = 1', '']);
  assert.equal(changed, 0);
});
