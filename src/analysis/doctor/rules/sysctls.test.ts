import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sysctlsRule } from './sysctls.js';
import { makeInputs } from '../fixtures.test.helper.js';
import { auditSysctls } from '../../sysctl/audit.js';

test('wrong settings become warnings and worth-a-look ones info, following the audit', () => {
  const inputs = makeInputs({ sysctls: { 'net.ipv4.tcp_tw_recycle': '1', 'net.ipv4.tcp_syncookies': '0' }, kernelRelease: '4.9.0' });
  const verdicts = auditSysctls(inputs.sysctls, inputs.kernelRelease).filter((v) => v.verdict !== 'fine');
  const findings = sysctlsRule.check(inputs);
  assert.equal(findings.length, verdicts.length);
  for (const v of verdicts) {
    const f = findings.find((x) => x.subject === v.key);
    assert.equal(f?.severity, v.verdict === 'wrong' ? 'warning' : 'info');
    assert.equal(f?.id, v.verdict === 'wrong' ? 'sysctl-wrong' : 'sysctl-worth-a-look');
  }
  assert.ok(findings.some((f) => f.subject === 'net.ipv4.tcp_tw_recycle' && f.severity === 'warning'));
});

test('default settings of a current kernel give no warning', () => {
  assert.equal(sysctlsRule.check(makeInputs()).filter((f) => f.severity !== 'info').length, 0);
});
