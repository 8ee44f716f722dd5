import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectConfValues, normalizeSysctlKey, parseSysctlConf, type ConfSetting } from './parse-sysctl-conf.js';

function only(text: string): ConfSetting {
  const conf = parseSysctlConf(text);
  assert.equal(conf.settings.length, 1, text);
  return conf.settings[0] as ConfSetting;
}

test('key = value, key=value and tabs around =', () => {
  assert.deepEqual([only('net.ipv4.tcp_fin_timeout = 30').key, only('net.ipv4.tcp_fin_timeout = 30').value], ['net.ipv4.tcp_fin_timeout', '30']);
  assert.equal(only('net.ipv4.tcp_fin_timeout=30').value, '30');
  assert.equal(only('  net.ipv4.tcp_fin_timeout\t=\t30  ').value, '30');
});

test('slashes are separators; dots inside a slashed key stay part of a name', () => {
  const s = only('net/ipv4/tcp_fin_timeout = 30');
  assert.equal(s.key, 'net.ipv4.tcp_fin_timeout');
  assert.equal(s.rawKey, 'net/ipv4/tcp_fin_timeout');
  assert.equal(normalizeSysctlKey('net/ipv4/conf/eth0.100/rp_filter'), 'net.ipv4.conf.eth0.100.rp_filter');
  assert.equal(normalizeSysctlKey('net.ipv4.tcp_rmem'), 'net.ipv4.tcp_rmem');
});

test('# and ; comments, blank lines', () => {
  const conf = parseSysctlConf('# a comment\n; another\n\n   \n  # indented\nnet.core.somaxconn = 4096\n');
  assert.deepEqual(conf.lines.map((l) => l.kind), ['comment', 'comment', 'blank', 'blank', 'comment', 'setting']);
  assert.equal(conf.problems.length, 0);
  assert.equal(conf.settings[0]?.line, 6);
});

test('a leading - means ignore errors and is not part of the key', () => {
  const s = only('-net.ipv4.tcp_tw_recycle = 0');
  assert.equal(s.key, 'net.ipv4.tcp_tw_recycle');
  assert.equal(s.ignoreErrors, true);
  assert.equal(only('net.ipv4.tcp_tw_recycle = 0').ignoreErrors, false);
});

test('several whitespace-separated values become one single-spaced value', () => {
  assert.equal(only('net.ipv4.tcp_rmem = 4096\t131072   6291456').value, '4096 131072 6291456');
  assert.equal(only('net.ipv4.ip_local_port_range=1024 65000').value, '1024 65000');
});

test('garbage lines are reported with their line numbers, and parsing goes on', () => {
  const conf = parseSysctlConf('net.core.somaxconn = 1024\nthis is not a setting\n= 5\nnet..bad key = 1\nnet.ipv4.tcp_sack = 1\n');
  assert.deepEqual(conf.problems.map((p) => [p.line, p.severity]), [[2, 'error'], [3, 'error'], [4, 'error']]);
  assert.match(conf.problems[0]?.message.en ?? '', /invalid syntax/);
  assert.deepEqual(conf.settings.map((s) => s.key), ['net.core.somaxconn', 'net.ipv4.tcp_sack']);
});

test('quotes, empty values and trailing "# ..." text are flagged the way sysctl treats them', () => {
  const conf = parseSysctlConf('net.ipv4.tcp_syncookies = "1"\nnet.ipv4.tcp_sack =\nnet.ipv4.tcp_fin_timeout = 10 # shorten TIME_WAIT\n');
  assert.equal(conf.settings[0]?.value, '1');
  assert.equal(conf.settings[0]?.quoted, true);
  assert.equal(conf.settings[2]?.value, '10');
  assert.equal(conf.settings[2]?.trailingText, '# shorten TIME_WAIT');
  assert.deepEqual(conf.problems.map((p) => [p.line, p.severity]), [[1, 'error'], [2, 'error'], [3, 'note']]);
});

test('a later line for the same key wins and the earlier one is noted', () => {
  const conf = parseSysctlConf('net.core.somaxconn = 128\nnet.core.somaxconn = 4096\n');
  assert.deepEqual(collectConfValues(conf), { 'net.core.somaxconn': '4096' });
  assert.deepEqual(conf.problems.map((p) => [p.line, p.message.en]), [[1, 'overridden by line 2']]);
});

test('CRLF files, a missing final newline and an empty file', () => {
  assert.deepEqual(parseSysctlConf('net.ipv4.tcp_sack = 1\r\nnet.ipv4.tcp_timestamps = 1').settings.map((s) => s.value), ['1', '1']);
  assert.deepEqual(parseSysctlConf(''), { lines: [], settings: [], problems: [] });
});

test('hostile input stays bounded', () => {
  const long = parseSysctlConf(`net.core.somaxconn = ${'9'.repeat(10_000)}\n`);
  assert.equal(long.settings.length, 0);
  assert.equal(long.problems[0]?.line, 1);
  const many = parseSysctlConf('x\n'.repeat(100_005));
  assert.equal(many.lines.length, 100_000);
  assert.match(many.problems[many.problems.length - 1]?.message.en ?? '', /more than 100000 lines/);
});
