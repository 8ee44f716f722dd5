import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditSysctls } from './audit.js';
import type { SysctlVerdict } from './verdict.js';

function audit(key: string, value: string | null, kernel: string, extra: Record<string, string> = {}): SysctlVerdict {
  const v = auditSysctls({ ...extra, [key]: value }, kernel).find((x) => x.key === key);
  assert.ok(v !== undefined, key);
  return v;
}

test('rmem_max/wmem_max default follows Linux 6.18 (212992 before, 4 MiB from 6.18)', () => {
  for (const key of ['net.core.rmem_max', 'net.core.wmem_max']) {
    assert.equal(audit(key, '212992', '6.17.3').defaultValue, '212992');
    assert.equal(audit(key, '212992', '6.17.3').verdict, 'fine');
    assert.equal(audit(key, '212992', '6.18.44-fc-v669').defaultValue, '4194304');
    assert.equal(audit(key, '212992', '6.18.44-fc-v669').verdict, 'look');
  }
});

test('a cap smaller than tcp_rmem max is fine on an old kernel, and says autotuning is not limited by it', () => {
  const v = audit('net.core.rmem_max', '212992', '5.15.0', { 'net.ipv4.tcp_rmem': '4096 131072 6291456' });
  assert.equal(v.verdict, 'fine');
  assert.match(v.reason.en, /only matters to programs that set SO_RCVBUF/);
  assert.match(v.reason.zh, /SO_RCVBUF/);
});

test('a lowered cap names the autotuning maximum it does not touch', () => {
  const v = audit('net.core.wmem_max', '65536', '6.18.0', { 'net.ipv4.tcp_wmem': '4096 16384 4194304' });
  assert.equal(v.verdict, 'look');
  assert.match(v.reason.en, /grow up to net.ipv4.tcp_wmem's maximum \(4 MiB\)/);
});

test('rmem_default above rmem_max is fine when the cap is unknown', () => {
  assert.equal(audit('net.core.rmem_default', '16777216', '6.18.0').verdict, 'fine');
});

test('tcp_adv_win_scale: counted before 6.6, obsolete from 6.6', () => {
  const old = audit('net.ipv4.tcp_adv_win_scale', '2', '6.5.9');
  assert.equal(old.verdict, 'fine');
  assert.match(old.reason.en, /75% of the receive buffer/);
  assert.match(audit('net.ipv4.tcp_adv_win_scale', '-2', '5.10.0').reason.en, /25% of the receive buffer/);
  assert.match(audit('net.ipv4.tcp_adv_win_scale', '1', '5.10.0').reason.en, /50% .*\(the default\)/);
  assert.equal(audit('net.ipv4.tcp_adv_win_scale', '2', '6.6.0').verdict, 'look');
});

test('new net.core settings cite the net.core documentation, not ip-sysctl alone', () => {
  const v = audit('net.core.rmem_max', '4194304', '6.18.0');
  assert.ok(v.sources.some((s) => s.url === 'https://docs.kernel.org/admin-guide/sysctl/net.html#rmem-max'));
  assert.ok(v.sources.some((s) => /4 MB/.test(s.title)));
});
