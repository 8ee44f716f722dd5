// Rule 12: kernel settings that are wrong or worth a look, as judged by the sysctl audit
// (src/analysis/sysctl/audit.ts, kernel-version aware). "wrong" becomes a warning, "look" info.
import type { Finding } from '../../../model/finding.js';
import type { DoctorRule } from '../rule.js';
import { text } from '../rule.js';
import { auditSysctls } from '../../sysctl/audit.js';

// One finding per setting the audit does not call fine.
export const sysctlsRule: DoctorRule = {
  name: 'sysctls',
  check: (inputs) => {
    const out: Finding[] = [];
    for (const v of auditSysctls(inputs.sysctls, inputs.kernelRelease)) {
      if (v.verdict === 'fine') continue;
      const wrong = v.verdict === 'wrong';
      const shown = v.value ?? '(absent)';
      out.push({
        id: wrong ? 'sysctl-wrong' : 'sysctl-worth-a-look',
        severity: wrong ? 'warning' : 'info',
        title: wrong
          ? text(`${v.key} = ${shown} is wrong here`, `${v.key} = ${shown} 的设置不对`)
          : text(`${v.key} = ${shown} is worth a look`, `${v.key} = ${shown} 值得检查`),
        subject: v.key,
        evidence: [
          { label: text('current value', '当前值'), value: shown },
          { label: text(`default on Linux ${inputs.kernelRelease}`, `Linux ${inputs.kernelRelease} 上的默认值`), value: v.defaultValue },
        ],
        explanation: v.reason,
        fixes: [{ text: v.advice, commands: [`tcpdoc sysctl`, `tcpdoc explain ${v.key}`] }],
        related: v.related,
      });
    }
    return out;
  },
};
