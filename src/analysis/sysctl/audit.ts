// The sysctl audit: every TCP setting tcpdoc knows, judged fine / worth a look / wrong for a given kernel.
import { SYSCTL_ENTRIES, SYSCTL_FACTS, type SysctlFact } from '../../knowledge/sysctls.js';
import type { Source } from '../../knowledge/types.js';
import { isKernelAtLeast, parseKernelRelease } from './kernel-version.js';
import { fine, wrong, type RuleContext, type RuleOutcome, type SysctlRule } from './rule.js';
import { FEATURE_RULES } from './rules-features.js';
import { LISTEN_RULES } from './rules-listen.js';
import { MEMORY_RULES } from './rules-memory.js';
import { SOCKET_BUFFER_RULES } from './rules-socket-buffers.js';
import { TIME_WAIT_RULES } from './rules-time-wait.js';
import { TIMER_RULES } from './rules-timers.js';
import { TUNING_RULES } from './rules-tuning.js';
import type { SysctlVerdict } from './verdict.js';

export type { SysctlVerdict, SysctlVerdictKind } from './verdict.js';

// Every rule, in the order settings are reported (listen path, closing and ports, timers, memory, socket buffers,
// features, commonly tuned extras).
export const AUDIT_RULES: readonly SysctlRule[] = [...LISTEN_RULES, ...TIME_WAIT_RULES, ...TIMER_RULES, ...MEMORY_RULES, ...SOCKET_BUFFER_RULES, ...FEATURE_RULES, ...TUNING_RULES];

// The settings the audit judges.
export const AUDITED_KEYS: readonly string[] = AUDIT_RULES.map((r) => r.key);

// Settings read only as context for the rules (defaults that scale with the hash table, loaded algorithms, the port floor).
export const CONTEXT_KEYS: readonly string[] = ['net.ipv4.tcp_ehash_entries', 'net.ipv4.tcp_available_congestion_control', 'net.ipv4.ip_unprivileged_port_start'];

// Settings that are global (one value for the host) rather than per network namespace.
export const GLOBAL_KEYS: readonly string[] = SYSCTL_FACTS.filter((f) => f.global === true).map((f) => f.key);

const FACTS = new Map<string, SysctlFact>(SYSCTL_FACTS.map((f) => [f.key, f]));
const ENTRIES = new Map(SYSCTL_ENTRIES.map((e) => [e.name, e]));

// Trims a value and joins its fields with single spaces (/proc prints tabs between fields).
export function normalizeSysctlValue(value: string): string {
  return value.trim().split(/\s+/).filter((f) => f !== '').join(' ');
}

function buildContext(values: Record<string, string | null>, kernelRelease: string): RuleContext {
  const kernel = parseKernelRelease(kernelRelease);
  const value = (key: string): string | null | undefined => {
    const v = values[key];
    return v === undefined || v === null ? v : normalizeSysctlValue(v);
  };
  const int = (key: string): number | undefined => {
    const v = value(key);
    if (v === undefined || v === null || !/^[+-]?\d+$/.test(v)) return undefined;
    return Number(v);
  };
  const ehash = int('net.ipv4.tcp_ehash_entries');
  return { kernel, value, int, ehashEntries: ehash !== undefined && ehash !== 0 ? Math.abs(ehash) : undefined };
}

function judgeAbsent(rule: SysctlRule, fact: SysctlFact | undefined, ctx: RuleContext): RuleOutcome {
  if (rule.judgeAbsent !== undefined) return rule.judgeAbsent(ctx);
  if (fact?.addedIn !== undefined && !isKernelAtLeast(ctx.kernel, fact.addedIn)) {
    return fine({ en: `Not on this kernel (added in Linux ${fact.addedIn}).`, zh: `此内核上没有（Linux ${fact.addedIn} 新增）。` });
  }
  return fine({ en: 'Not present here (not built into this kernel, or not visible in this network namespace).', zh: '此处不存在（内核未编入，或在此网络命名空间中不可见）。' });
}

function judgePresent(rule: SysctlRule, fact: SysctlFact | undefined, value: string, ctx: RuleContext): RuleOutcome {
  // A setting newer than the kernel cannot be applied; rules with their own version logic (tw_recycle) decide themselves.
  if (fact?.addedIn !== undefined && !isKernelAtLeast(ctx.kernel, fact.addedIn)) {
    return wrong({ en: `This setting exists only from Linux ${fact.addedIn}; on this kernel \`sysctl --system\` reports an error for it.`, zh: `该设置从 Linux ${fact.addedIn} 起才存在；在这个内核上 \`sysctl --system\` 会对它报错。` }, { en: 'Delete the line.', zh: '删除这一行。' });
  }
  return rule.judge(value, ctx);
}

function mergeSources(a: readonly Source[], b: readonly Source[]): Source[] {
  const out: Source[] = [];
  for (const s of [...a, ...b]) if (!out.some((o) => o.title === s.title)) out.push(s);
  return out;
}

// Judges each known setting present in `values` (full dotted keys; null = the /proc/sys file does not exist)
// for the kernel `kernelRelease` (as /proc/sys/kernel/osrelease prints it). Keys not given are skipped;
// unknown keys are ignored. Values and defaults in the result use single spaces between fields.
export function auditSysctls(values: Record<string, string | null>, kernelRelease: string): SysctlVerdict[] {
  const ctx = buildContext(values, kernelRelease);
  const verdicts: SysctlVerdict[] = [];
  for (const rule of AUDIT_RULES) {
    const value = ctx.value(rule.key);
    if (value === undefined) continue;
    const fact = FACTS.get(rule.key);
    const outcome = value === null ? judgeAbsent(rule, fact, ctx) : judgePresent(rule, fact, value, ctx);
    const entry = ENTRIES.get(rule.key);
    verdicts.push({
      key: rule.key,
      value,
      defaultValue: rule.defaultFor !== undefined ? rule.defaultFor(ctx) : normalizeSysctlValue(fact?.defaultValue ?? ''),
      verdict: outcome.verdict,
      reason: outcome.reason,
      advice: outcome.advice ?? fact?.advice ?? { en: '', zh: '' },
      sources: mergeSources(entry?.sources ?? [], outcome.sources ?? []),
      related: [...new Set([`sysctl:${rule.key}`, ...(fact?.related ?? []), ...(outcome.related ?? [])])],
    });
  }
  return verdicts;
}
