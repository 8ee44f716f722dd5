import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditSysctls } from './audit.js';
import { parseReservedPorts } from './rules-tuning.js';
import type { SysctlVerdict } from './verdict.js';

function audit(key: string, value: string | null, kernel: string, extra: Record<string, string> = {}): SysctlVerdict {
  const v = auditSysctls({ ...extra, [key]: value }, kernel).find((x) => x.key === key);
  assert.ok(v !== undefined, key);
  return v;
}

test('parseReservedPorts reads the kernel list syntax and refuses anything else', () => {
  assert.deepEqual(parseReservedPorts(''), []);
  assert.deepEqual(parseReservedPorts('8080,9000-9100'), [[8080, 8080], [9000, 9100]]);
  assert.equal(parseReservedPorts('9100-9000'), undefined);
  assert.equal(parseReservedPorts('65536'), undefined);
  assert.equal(parseReservedPorts('80;81'), undefined);
});

test('reserved ports are counted against the configured ephemeral range', () => {
  const v = audit('net.ipv4.ip_local_reserved_ports', '40000-40999', '6.18.0', { 'net.ipv4.ip_local_port_range': '40000 41999' });
  assert.equal(v.verdict, 'fine');
  const most = audit('net.ipv4.ip_local_reserved_ports', '40000-41500', '6.18.0', { 'net.ipv4.ip_local_port_range': '40000 41999' });
  assert.equal(most.verdict, 'look');
  assert.match(most.reason.en, /1501 of the 2000 ephemeral ports \(40000-41999\) are reserved, leaving 499/);
});

test('tcp_challenge_ack_limit: default and advice follow 4.7 and 6.0', () => {
  assert.equal(audit('net.ipv4.tcp_challenge_ack_limit', '100', '4.4.0').defaultValue, '100');
  assert.equal(audit('net.ipv4.tcp_challenge_ack_limit', '100', '4.4.0').verdict, 'wrong');
  assert.match(audit('net.ipv4.tcp_challenge_ack_limit', '100', '4.4.0').reason.en, /CVE-2016-5696/);
  assert.equal(audit('net.ipv4.tcp_challenge_ack_limit', '999999999', '4.4.0').verdict, 'fine');
  assert.equal(audit('net.ipv4.tcp_challenge_ack_limit', '1000', '5.15.0').defaultValue, '1000');
  assert.equal(audit('net.ipv4.tcp_challenge_ack_limit', '1000', '5.15.0').verdict, 'fine');
  assert.equal(audit('net.ipv4.tcp_challenge_ack_limit', '100', '5.15.0').verdict, 'look');
  assert.equal(audit('net.ipv4.tcp_challenge_ack_limit', '1000', '6.0.0').defaultValue, '2147483647');
  assert.equal(audit('net.ipv4.tcp_challenge_ack_limit', '1000', '6.0.0').verdict, 'look');
  const zero = audit('net.ipv4.tcp_challenge_ack_limit', '0', '5.15.0');
  assert.equal(zero.verdict, 'wrong');
  assert.match(zero.advice.en, /1000/);
  assert.ok(zero.sources.some((s) => /75ff39ccc1bd/.test(s.title)));
});

test('tcp_syn_linear_timeouts exists only from 6.5', () => {
  const absent = audit('net.ipv4.tcp_syn_linear_timeouts', null, '6.1.90');
  assert.equal(absent.verdict, 'fine');
  assert.equal(absent.defaultValue, '(absent)');
  const set = audit('net.ipv4.tcp_syn_linear_timeouts', '4', '6.1.90');
  assert.equal(set.verdict, 'wrong');
  assert.match(set.reason.en, /only from Linux 6\.5/);
  assert.equal(audit('net.ipv4.tcp_syn_linear_timeouts', '4', '6.5.0').verdict, 'fine');
});

test('tcp_min_snd_mss: absent on an old kernel means the 2019 SACK fixes are missing', () => {
  const old = audit('net.ipv4.tcp_min_snd_mss', null, '4.9.100');
  assert.equal(old.verdict, 'look');
  assert.match(old.reason.en, /CVE-2019-11477/);
  assert.equal(audit('net.ipv4.tcp_min_snd_mss', null, '6.18.0').verdict, 'fine');
  // Backported to stable kernels, so a value on 4.9 is accepted, not "too new".
  assert.equal(audit('net.ipv4.tcp_min_snd_mss', '48', '4.9.182').verdict, 'fine');
});

test('tcp_autocorking is too new for a 3.13 kernel', () => {
  assert.equal(audit('net.ipv4.tcp_autocorking', '1', '3.13.0').verdict, 'wrong');
  assert.equal(audit('net.ipv4.tcp_autocorking', '1', '3.14.0').verdict, 'fine');
});
