// The result of auditing one kernel setting; shared by the audit, the sysctl command and the doctor.
import type { Source, Text } from '../../knowledge/types.js';

// fine: nothing to do; look: worth a look (depends on the workload); wrong: change it.
export type SysctlVerdictKind = 'fine' | 'look' | 'wrong';

// One audited setting. Values and defaults use single spaces between fields (/proc prints tabs).
export interface SysctlVerdict {
  // Full dotted name, e.g. 'net.ipv4.tcp_tw_reuse'.
  key: string;
  // The value audited; null when the setting does not exist here.
  value: string | null;
  // The default for this kernel (computed from tcp_ehash_entries where the kernel computes it).
  defaultValue: string;
  verdict: SysctlVerdictKind;
  // Why this verdict, naming the numbers.
  reason: Text;
  // What to do (or why nothing needs doing).
  advice: Text;
  sources: Source[];
  // tcpdoc explain ids, starting with the setting's own 'sysctl:KEY'.
  related: string[];
}

// Verdicts ordered from worst to best, for sorting and --fail-on.
export const VERDICT_RANK: Record<SysctlVerdictKind, number> = { wrong: 2, look: 1, fine: 0 };
