import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SYSCTL_FACTS } from '../../knowledge/sysctls.js';
import { AUDITED_KEYS, GLOBAL_KEYS, auditSysctls, normalizeSysctlValue } from './audit.js';
import type { SysctlVerdict, SysctlVerdictKind } from './verdict.js';

const CURRENT = '6.18.44-generic';
// A host like the one in the reference notes: 2^18 established-hash buckets.
const HOST = { 'net.ipv4.tcp_ehash_entries': '262144' };

function audit(key: string, value: string | null, options: { kernel?: string; extra?: Record<string, string | null> } = {}): SysctlVerdict {
  const verdicts = auditSysctls({ ...HOST, ...options.extra, [key]: value }, options.kernel ?? CURRENT);
  const v = verdicts.find((x) => x.key === key);
  assert.ok(v !== undefined, `no verdict for ${key}`);
  return v;
}

// [key, value, expected verdict, what the reason must mention, extra settings]
type Case = [string, string, SysctlVerdictKind, RegExp?, Record<string, string>?];

const CASES: Case[] = [
  ['net.ipv4.tcp_syncookies', '1', 'fine'],
  ['net.ipv4.tcp_syncookies', '0', 'wrong', /SYN flood/],
  ['net.ipv4.tcp_syncookies', '2', 'look', /testing/],
  ['net.ipv4.tcp_syncookies', 'yes', 'wrong', /not a whole number/],
  ['net.ipv4.tcp_max_syn_backlog', '2048', 'fine'],
  ['net.ipv4.tcp_max_syn_backlog', '64', 'fine', /min\(listen\(\) backlog, somaxconn\)/],
  ['net.ipv4.tcp_max_syn_backlog', '64', 'look', /about 64 half-open/, { 'net.ipv4.tcp_syncookies': '0' }],
  ['net.core.somaxconn', '4096', 'fine', /511/],
  ['net.core.somaxconn', '65535', 'fine'],
  ['net.core.somaxconn', '1024', 'look', /below 4096/i],
  ['net.core.somaxconn', '128', 'look', /Node server \(default backlog 511\)/],
  ['net.ipv4.tcp_synack_retries', '5', 'fine', /63 s/],
  ['net.ipv4.tcp_synack_retries', '1', 'look', /3 s/],
  ['net.ipv4.tcp_synack_retries', '8', 'look', /511 s/],
  ['net.ipv4.tcp_syn_retries', '6', 'fine'],
  ['net.ipv4.tcp_syn_retries', '3', 'fine'],
  ['net.ipv4.tcp_syn_retries', '1', 'look', /ETIMEDOUT/],
  ['net.ipv4.tcp_syn_retries', '10', 'look'],
  ['net.ipv4.tcp_abort_on_overflow', '0', 'fine'],
  ['net.ipv4.tcp_abort_on_overflow', '1', 'wrong', /ECONNRESET/],
  ['net.ipv4.tcp_tw_reuse', '2', 'fine', /loopback/],
  ['net.ipv4.tcp_tw_reuse', '0', 'fine'],
  ['net.ipv4.tcp_tw_reuse', '1', 'look', /many short outgoing connections/],
  ['net.ipv4.tcp_tw_reuse', '1', 'look', /needs TCP timestamps/, { 'net.ipv4.tcp_timestamps': '0' }],
  ['net.ipv4.tcp_tw_reuse', '3', 'wrong', /EINVAL/],
  ['net.ipv4.tcp_tw_reuse_delay', '1000', 'fine'],
  ['net.ipv4.tcp_tw_reuse_delay', '100', 'look', /100 ms/],
  ['net.ipv4.tcp_max_tw_buckets', '131072', 'fine'],
  ['net.ipv4.tcp_max_tw_buckets', '262144', 'fine'],
  ['net.ipv4.tcp_max_tw_buckets', '5000', 'wrong', /Lowered to 5000 \(default here 131072\)/],
  ['net.ipv4.tcp_max_tw_buckets', '0', 'wrong', /not to lower it/],
  ['net.ipv4.tcp_fin_timeout', '60', 'fine', /TIME_WAIT is a separate, fixed 60 s/],
  ['net.ipv4.tcp_fin_timeout', '10', 'look', /does not shorten TIME_WAIT/],
  ['net.ipv4.tcp_fin_timeout', '300', 'look', /300 s/],
  ['net.ipv4.tcp_fin_timeout', '-1', 'wrong'],
  ['net.ipv4.tcp_rfc1337', '0', 'fine'],
  ['net.ipv4.tcp_rfc1337', '1', 'look', /ignore RSTs/],
  ['net.ipv4.ip_local_port_range', '32768 60999', 'fine', /28232 ephemeral ports: about 470/],
  ['net.ipv4.ip_local_port_range', '32768\t60999', 'fine'],
  ['net.ipv4.ip_local_port_range', '10000 65000', 'look', /same parity/],
  ['net.ipv4.ip_local_port_range', '10000 64999', 'fine'],
  ['net.ipv4.ip_local_port_range', '40000 40999', 'look', /Only 1000 ephemeral ports.*about 16 new connections per second/],
  ['net.ipv4.ip_local_port_range', '1000 65000', 'wrong', /EINVAL/],
  ['net.ipv4.ip_local_port_range', '50000 40000', 'wrong', /EINVAL/],
  ['net.ipv4.ip_local_port_range', '32768', 'wrong', /two port numbers/],
  ['net.ipv4.tcp_keepalive_time', '7200', 'fine', /2 h 11 min/],
  ['net.ipv4.tcp_keepalive_time', '600', 'fine', /21 min 15 s/],
  ['net.ipv4.tcp_keepalive_time', '5', 'look'],
  ['net.ipv4.tcp_keepalive_time', '86400', 'look'],
  ['net.ipv4.tcp_keepalive_time', '0', 'wrong'],
  ['net.ipv4.tcp_keepalive_intvl', '75', 'fine'],
  ['net.ipv4.tcp_keepalive_intvl', '10', 'fine'],
  ['net.ipv4.tcp_keepalive_intvl', '300', 'look'],
  ['net.ipv4.tcp_keepalive_intvl', '0', 'wrong'],
  ['net.ipv4.tcp_keepalive_probes', '9', 'fine'],
  ['net.ipv4.tcp_keepalive_probes', '0', 'wrong', /even when the peer is alive/],
  ['net.ipv4.tcp_keepalive_probes', '50', 'look'],
  ['net.ipv4.tcp_retries1', '3', 'fine'],
  ['net.ipv4.tcp_retries1', '5', 'look', /route/],
  ['net.ipv4.tcp_retries2', '15', 'fine', /15 min 25 s/],
  ['net.ipv4.tcp_retries2', '8', 'fine', /102.2 s/],
  ['net.ipv4.tcp_retries2', '7', 'wrong', /RFC 1122/],
  ['net.ipv4.tcp_retries2', '3', 'wrong', /3 s/],
  ['net.ipv4.tcp_retries2', '20', 'look'],
  ['net.ipv4.tcp_orphan_retries', '0', 'fine', /0 means the kernel uses 8/],
  ['net.ipv4.tcp_orphan_retries', '2', 'fine'],
  ['net.ipv4.tcp_orphan_retries', '15', 'look'],
  ['net.ipv4.tcp_rmem', '4096\t131072\t33554432', 'fine', /32 MiB/],
  ['net.ipv4.tcp_rmem', '4096 87380 6291456', 'look', /lowered to 6 MiB \(default 32 MiB/],
  ['net.ipv4.tcp_rmem', '4096 87380', 'look', /2 numbers/],
  ['net.ipv4.tcp_rmem', '4096 1000000 65536', 'look', /not in order/],
  ['net.ipv4.tcp_rmem', 'big', 'wrong'],
  ['net.ipv4.tcp_wmem', '4096 16384 4194304', 'fine'],
  ['net.ipv4.tcp_wmem', '4096 16384 16777216', 'fine'],
  ['net.ipv4.tcp_wmem', '4096 16384 1048576', 'look', /1 MiB/],
  ['net.ipv4.tcp_mem', '287898 383867 575796', 'fine', /575796 pages/],
  ['net.ipv4.tcp_mem', '5 4 3', 'look'],
  ['net.ipv4.tcp_max_orphans', '131072', 'fine'],
  ['net.ipv4.tcp_max_orphans', '1024', 'look', /too many orphaned sockets/],
  ['net.core.netdev_max_backlog', '1000', 'fine'],
  ['net.core.netdev_max_backlog', '16384', 'fine'],
  ['net.core.netdev_max_backlog', '100', 'look', /softnet_stat/],
  ['net.ipv4.tcp_timestamps', '1', 'fine'],
  ['net.ipv4.tcp_timestamps', '2', 'fine'],
  ['net.ipv4.tcp_timestamps', '0', 'wrong', /PAWS/],
  ['net.ipv4.tcp_sack', '1', 'fine'],
  ['net.ipv4.tcp_sack', '0', 'wrong', /SACK/],
  ['net.ipv4.tcp_window_scaling', '1', 'fine'],
  ['net.ipv4.tcp_window_scaling', '0', 'wrong', /64 KiB/],
  ['net.ipv4.tcp_slow_start_after_idle', '1', 'fine'],
  ['net.ipv4.tcp_slow_start_after_idle', '0', 'fine', /long-lived/],
  ['net.ipv4.tcp_slow_start_after_idle', '7', 'look'],
  ['net.ipv4.tcp_congestion_control', 'cubic', 'fine', /no single right choice/],
  ['net.ipv4.tcp_congestion_control', 'bbr', 'fine', /available: reno, cubic, bbr/, { 'net.ipv4.tcp_available_congestion_control': 'reno cubic bbr' }],
  ['net.ipv4.tcp_congestion_control', 'bbr', 'look', /not loaded/, { 'net.ipv4.tcp_available_congestion_control': 'reno cubic' }],
  ['net.ipv4.tcp_fastopen', '1', 'fine', /clients/],
  ['net.ipv4.tcp_fastopen', '3', 'fine', /clients and servers/],
  ['net.ipv4.tcp_fastopen', '0x3', 'fine', /clients and servers/],
  ['net.ipv4.tcp_mtu_probing', '0', 'fine'],
  ['net.ipv4.tcp_mtu_probing', '1', 'fine', /tunnels/],
  ['net.ipv4.tcp_mtu_probing', '2', 'look'],
  ['net.core.rmem_max', '4194304', 'fine', /smaller than net.ipv4.tcp_rmem's maximum, which is normal: that only matters to programs that set SO_RCVBUF/, { 'net.ipv4.tcp_rmem': '4096 131072 33554432' }],
  ['net.core.rmem_max', '67108864', 'fine', /up to 64 MiB with SO_RCVBUF/],
  ['net.core.rmem_max', '212992', 'look', /Lowered to 208 KiB \(default 4 MiB/],
  ['net.core.rmem_max', '-5', 'wrong'],
  ['net.core.wmem_max', '4194304', 'fine', /SO_SNDBUF/],
  ['net.core.wmem_max', '65536', 'look', /bigger SO_SNDBUF silently gets 64 KiB/],
  ['net.core.rmem_default', '212992', 'fine', /TCP ignores this/],
  ['net.core.rmem_default', '16777216', 'look', /more than net.core.rmem_max/, { 'net.core.rmem_max': '4194304' }],
  ['net.core.wmem_default', '212992', 'fine'],
  ['net.core.wmem_default', '8388608', 'look', /net.core.wmem_max/, { 'net.core.wmem_max': '4194304' }],
  ['net.ipv4.tcp_notsent_lowat', '4294967295', 'fine', /No limit/],
  ['net.ipv4.tcp_notsent_lowat', '131072', 'fine', /128 KiB/],
  ['net.ipv4.tcp_notsent_lowat', '1024', 'look', /1 KiB/],
  ['net.ipv4.tcp_notsent_lowat', '4294967296', 'wrong', /EINVAL/],
  ['net.ipv4.tcp_moderate_rcvbuf', '1', 'fine'],
  ['net.ipv4.tcp_moderate_rcvbuf', '0', 'look', /131072 bytes/],
  ['net.ipv4.tcp_adv_win_scale', '1', 'fine', /ignores/],
  ['net.ipv4.tcp_adv_win_scale', '2', 'look', /obsolete and ignored/],
  ['net.ipv4.tcp_adv_win_scale', '32', 'wrong', /EINVAL/],
  ['net.ipv4.ip_local_reserved_ports', '', 'fine', /No ports reserved/],
  ['net.ipv4.ip_local_reserved_ports', '40000-40009,50000,8080', 'fine', /11 port\(s\).*28221 remain/],
  ['net.ipv4.ip_local_reserved_ports', '30000-50000', 'look', /17233 of the 28232 ephemeral ports/],
  ['net.ipv4.ip_local_reserved_ports', '70000', 'wrong', /EINVAL/],
  ['net.ipv4.ip_local_reserved_ports', '80,abc', 'wrong'],
  ['net.ipv4.tcp_ecn', '2', 'fine', /not requested/],
  ['net.ipv4.tcp_ecn', '1', 'fine', /requested on outgoing/],
  ['net.ipv4.tcp_ecn', '0', 'fine', /only by loss/],
  ['net.ipv4.tcp_ecn', '3', 'look', /Accurate ECN/],
  ['net.ipv4.tcp_ecn', '9', 'wrong', /EINVAL/],
  ['net.ipv4.tcp_autocorking', '1', 'fine'],
  ['net.ipv4.tcp_autocorking', '0', 'fine', /more packets/],
  ['net.ipv4.tcp_autocorking', '2', 'wrong', /EINVAL/],
  ['net.ipv4.tcp_no_metrics_save', '0', 'fine'],
  ['net.ipv4.tcp_no_metrics_save', '1', 'fine', /Harmless/],
  ['net.ipv4.tcp_no_metrics_save', '2', 'look'],
  ['net.ipv4.tcp_syn_linear_timeouts', '4', 'fine', /first 4 SYN/],
  ['net.ipv4.tcp_syn_linear_timeouts', '0', 'fine', /before Linux 6.5/],
  ['net.ipv4.tcp_syn_linear_timeouts', '50', 'look', /one per second/],
  ['net.ipv4.tcp_syn_linear_timeouts', '-1', 'wrong'],
  ['net.ipv4.tcp_challenge_ack_limit', '2147483647', 'fine', /No shared limit/],
  ['net.ipv4.tcp_challenge_ack_limit', '1000', 'look', /CVE-2016-5696/],
  ['net.ipv4.tcp_challenge_ack_limit', '999999999', 'look', /shared per-namespace/],
  ['net.ipv4.tcp_challenge_ack_limit', '0', 'wrong', /RFC 5961/],
  ['net.ipv4.tcp_min_snd_mss', '48', 'fine', /CVE-2019-11479/],
  ['net.ipv4.tcp_min_snd_mss', '536', 'fine'],
  ['net.ipv4.tcp_min_snd_mss', '1400', 'look', /536/],
  ['net.ipv4.tcp_min_snd_mss', '40', 'wrong', /EINVAL/],
];

for (const [key, value, expected, reason, extra] of CASES) {
  test(`${key} = ${JSON.stringify(value)}${extra !== undefined ? ` with ${JSON.stringify(extra)}` : ''} is ${expected}`, () => {
    const v = audit(key, value, extra !== undefined ? { extra } : {});
    assert.equal(v.verdict, expected, v.reason.en);
    if (reason !== undefined) assert.match(v.reason.en, reason);
  });
}

test('every setting in the knowledge base has a rule, and every rule a fact', () => {
  assert.deepEqual([...AUDITED_KEYS].sort(), SYSCTL_FACTS.map((f) => f.key).sort());
});

test('every rule has at least one case above that makes it not fine, or is report-only', () => {
  const flagged = new Set(CASES.filter((c) => c[2] !== 'fine').map((c) => c[0]));
  // tcp_fastopen is reported only; tcp_tw_recycle has its own kernel-version test below.
  const reportOnly = new Set(['net.ipv4.tcp_fastopen', 'net.ipv4.tcp_tw_recycle']);
  for (const key of AUDITED_KEYS) assert.ok(flagged.has(key) || reportOnly.has(key), key);
});

test('every verdict explains itself in both languages, cites sources and links its own explain entry', () => {
  const all = auditSysctls({ ...HOST, ...Object.fromEntries(CASES.map((c) => [c[0], c[1]])), 'net.ipv4.tcp_tw_recycle': '1' }, CURRENT);
  assert.equal(all.length, AUDITED_KEYS.length);
  for (const v of all) {
    assert.ok(v.reason.en.length > 10 && v.reason.zh.length > 5, v.key);
    assert.ok(v.advice.en.length > 0 && v.advice.zh.length > 0, v.key);
    assert.ok(v.sources.length > 0, v.key);
    assert.equal(v.related[0], `sysctl:${v.key}`);
    assert.equal(new Set(v.related).size, v.related.length);
  }
});

test('settings not given are skipped; unknown keys are ignored', () => {
  const v = auditSysctls({ 'net.ipv4.tcp_sack': '1', 'vm.swappiness': '10' }, CURRENT);
  assert.deepEqual(v.map((x) => x.key), ['net.ipv4.tcp_sack']);
});

test('values and defaults use single spaces', () => {
  assert.equal(normalizeSysctlValue(' 4096\t131072\t 33554432\n'), '4096 131072 33554432');
  const v = audit('net.ipv4.tcp_rmem', '4096\t131072\t33554432\n');
  assert.equal(v.value, '4096 131072 33554432');
  assert.equal(v.defaultValue, '4096 131072 33554432');
});

test('tcp_tw_recycle: must be 0 before 4.12, gone from 4.12 on', () => {
  assert.equal(audit('net.ipv4.tcp_tw_recycle', '0', { kernel: '4.11.12' }).verdict, 'fine');
  assert.equal(audit('net.ipv4.tcp_tw_recycle', '1', { kernel: '4.11.12' }).verdict, 'wrong');
  assert.match(audit('net.ipv4.tcp_tw_recycle', '1', { kernel: '4.11.12' }).reason.en, /NAT/);
  assert.equal(audit('net.ipv4.tcp_tw_recycle', '0', { kernel: '4.11.12' }).defaultValue, '0');
  for (const kernel of ['4.12.0', '4.12', '6.18.44-fc-v669']) {
    const set = audit('net.ipv4.tcp_tw_recycle', '0', { kernel });
    assert.equal(set.verdict, 'wrong', kernel);
    assert.match(set.reason.en, /removed in Linux 4\.12/);
    assert.equal(set.defaultValue, '(absent)');
    const absent = audit('net.ipv4.tcp_tw_recycle', null, { kernel });
    assert.equal(absent.verdict, 'fine');
    assert.match(absent.reason.en, /removed in Linux 4\.12, as expected/);
  }
  assert.deepEqual(audit('net.ipv4.tcp_tw_recycle', '1').sources.map((s) => s.title).filter((t) => /4396e46187ca/.test(t)).length, 1);
});

test('tcp_tw_reuse: the default is 2 (loopback only) from 4.19, 0 before; 2 on an older kernel means "all"', () => {
  assert.equal(audit('net.ipv4.tcp_tw_reuse', '2', { kernel: '4.19.0' }).defaultValue, '2');
  assert.equal(audit('net.ipv4.tcp_tw_reuse', '0', { kernel: '4.18.20' }).defaultValue, '0');
  assert.equal(audit('net.ipv4.tcp_tw_reuse', '2', { kernel: '4.19.0' }).verdict, 'fine');
  const old = audit('net.ipv4.tcp_tw_reuse', '2', { kernel: '4.14.300' });
  assert.equal(old.verdict, 'look');
  assert.match(old.reason.en, /Before Linux 4\.19/);
});

test('somaxconn default follows 5.4; rmem default max follows 6.16', () => {
  assert.equal(audit('net.core.somaxconn', '128', { kernel: '5.3.18' }).defaultValue, '128');
  assert.equal(audit('net.core.somaxconn', '128', { kernel: '5.4.0' }).defaultValue, '4096');
  const old = audit('net.ipv4.tcp_rmem', '4096 131072 6291456', { kernel: '6.15.2' });
  assert.equal(old.verdict, 'fine');
  assert.equal(old.defaultValue, '4096 131072 6291456');
  assert.equal(audit('net.ipv4.tcp_rmem', '4096 131072 6291456', { kernel: '6.16.0' }).verdict, 'look');
});

test('tcp_tw_reuse_delay: absent before 6.14 is fine, setting it there is wrong', () => {
  assert.equal(audit('net.ipv4.tcp_tw_reuse_delay', null, { kernel: '6.6.30' }).verdict, 'fine');
  assert.equal(audit('net.ipv4.tcp_tw_reuse_delay', null, { kernel: '6.6.30' }).defaultValue, '(absent)');
  const set = audit('net.ipv4.tcp_tw_reuse_delay', '1000', { kernel: '6.6.30' });
  assert.equal(set.verdict, 'wrong');
  assert.match(set.reason.en, /only from Linux 6\.14/);
});

test('defaults that scale with tcp_ehash_entries use its absolute value (negative in a namespace sharing the table)', () => {
  const v = audit('net.ipv4.tcp_max_tw_buckets', '65536', { extra: { 'net.ipv4.tcp_ehash_entries': '-131072' } });
  assert.equal(v.defaultValue, '65536');
  assert.equal(v.verdict, 'fine');
  assert.equal(audit('net.ipv4.tcp_max_syn_backlog', '128', { extra: { 'net.ipv4.tcp_ehash_entries': '8192' } }).defaultValue, '128');
  const unknown = auditSysctls({ 'net.ipv4.tcp_max_tw_buckets': '180000' }, CURRENT)[0];
  assert.equal(unknown?.defaultValue, 'tcp_ehash_entries/2');
  assert.equal(unknown?.verdict, 'fine');
  assert.equal(auditSysctls({ 'net.ipv4.tcp_max_tw_buckets': '1000' }, CURRENT)[0]?.verdict, 'wrong');
});

test('an unparseable kernel release is treated as a current kernel', () => {
  assert.equal(audit('net.ipv4.tcp_tw_recycle', '0', { kernel: 'weird' }).verdict, 'wrong');
});

test('ip_local_port_range floor follows ip_unprivileged_port_start', () => {
  assert.equal(audit('net.ipv4.ip_local_port_range', '1000 65000', { extra: { 'net.ipv4.ip_unprivileged_port_start': '1000' } }).verdict, 'look');
});

test('host-wide settings are the ones other network namespaces do not show', () => {
  assert.deepEqual([...GLOBAL_KEYS].sort(), ['net.core.netdev_max_backlog', 'net.core.rmem_default', 'net.core.rmem_max', 'net.core.wmem_default', 'net.core.wmem_max', 'net.ipv4.tcp_max_orphans', 'net.ipv4.tcp_mem']);
});
