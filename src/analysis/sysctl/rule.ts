// The shape of one setting's audit rule and the helpers rules share.
import type { Source, Text } from '../../knowledge/types.js';
import type { KernelVersion } from './kernel-version.js';
import type { SysctlVerdictKind } from './verdict.js';

// What a rule may look at besides its own value: other settings and the kernel.
export interface RuleContext {
  kernel: KernelVersion | null;
  // Another setting's normalized value: undefined when not given, null when the setting does not exist.
  value: (key: string) => string | null | undefined;
  // Another setting as a whole number, when it is one.
  int: (key: string) => number | undefined;
  // |tcp_ehash_entries| (negative in a namespace that shares the host table); several defaults scale with it.
  ehashEntries: number | undefined;
}

// A rule's judgement; advice falls back to the knowledge base's advice for the setting.
export interface RuleOutcome {
  verdict: SysctlVerdictKind;
  reason: Text;
  advice?: Text;
  sources?: Source[];
  related?: string[];
}

// One audited setting: its key, its default on a given kernel, and the rule for a present value.
export interface SysctlRule {
  key: string;
  defaultFor?: (ctx: RuleContext) => string;
  // Judges a present value (normalized: trimmed, single spaces).
  judge: (value: string, ctx: RuleContext) => RuleOutcome;
  // Judges a missing setting; the generic handling is used when absent.
  judgeAbsent?: (ctx: RuleContext) => RuleOutcome;
}

// Shorthands for outcomes.
export function fine(reason: Text, advice?: Text): RuleOutcome {
  return advice === undefined ? { verdict: 'fine', reason } : { verdict: 'fine', reason, advice };
}

export function look(reason: Text, advice?: Text): RuleOutcome {
  return advice === undefined ? { verdict: 'look', reason } : { verdict: 'look', reason, advice };
}

export function wrong(reason: Text, advice?: Text): RuleOutcome {
  return advice === undefined ? { verdict: 'wrong', reason } : { verdict: 'wrong', reason, advice };
}

// A whole number as the kernel's integer sysctls accept it (optional sign, decimal or 0x hex); undefined otherwise.
export function parseWhole(text: string): number | undefined {
  const hex = /^([+-]?)0x([0-9a-f]+)$/i.exec(text);
  if (hex !== null) return (hex[1] === '-' ? -1 : 1) * parseInt(hex[2] ?? '', 16);
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

// A list of whole numbers separated by spaces (tcp_rmem, ip_local_port_range); undefined if any field is not one.
export function parseWholeList(text: string): number[] | undefined {
  const fields = text.split(' ').filter((f) => f !== '');
  const numbers = fields.map(parseWhole);
  return numbers.every((n): n is number => n !== undefined) ? numbers : undefined;
}

// The verdict for a value the kernel would refuse to store.
export function notANumber(value: string, expected: Text): RuleOutcome {
  return wrong(
    { en: `"${value}" is not ${expected.en}; the kernel rejects it (EINVAL) and keeps the old value.`, zh: `"${value}" 不是${expected.zh}；内核会拒绝它（EINVAL）并保留原值。` },
    { en: 'Fix or remove the line.', zh: '修正或删除这一行。' },
  );
}

export const A_NUMBER: Text = { en: 'a whole number', zh: '整数' };

// Formats seconds as "2 h 11 min" / "15 min 25 s" / "63 s" for reasons.
export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds * 10) / 10;
  if (s < 120) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = Math.round(s % 60);
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return rest > 0 ? `${m} min ${rest} s` : `${m} min`;
}
