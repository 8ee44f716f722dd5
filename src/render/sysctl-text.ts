// Text output of tcpdoc sysctl: a table of settings with verdicts, then why / what to do / sources for each.
import type { SysctlVerdict, SysctlVerdictKind } from '../analysis/sysctl/verdict.js';
import type { ConfProblem } from '../analysis/sysctl/parse-sysctl-conf.js';
import type { Lang } from '../knowledge/types.js';
import type { Palette } from './color.js';
import { formatTable } from './table.js';

// What the command shows: the settings chosen for display plus the counts over all of them.
export interface SysctlTextReport {
  kernelRelease: string;
  netnsLabel?: string;
  // Every audited setting (for the counts).
  all: readonly SysctlVerdict[];
  // The settings to list, in order.
  shown: readonly SysctlVerdict[];
  unreadable: readonly string[];
  check?: {
    path: string;
    problems: readonly ConfProblem[];
    // Line of the file that sets a key (the last one when repeated).
    lineOf: ReadonlyMap<string, number>;
    // Keys the file sets that this kernel does not have.
    missing: readonly string[];
  };
}

const WORDS: Record<Lang, Record<SysctlVerdictKind | 'why' | 'do' | 'see' | 'source' | 'default' | 'setting' | 'value' | 'verdict' | 'line' | 'kernel', string>> = {
  en: { fine: 'fine', look: 'look', wrong: 'WRONG', why: 'why', do: 'do', see: 'see', source: 'source', default: 'DEFAULT', setting: 'SETTING', value: 'VALUE', verdict: 'VERDICT', line: 'line', kernel: 'kernel' },
  zh: { fine: '正常', look: '值得一看', wrong: '错误', why: '原因', do: '建议', see: '参见', source: '来源', default: '默认值', setting: '设置', value: '当前值', verdict: '结论', line: '行', kernel: '内核' },
};

function colorVerdict(p: Palette, kind: SysctlVerdictKind, word: string): string {
  return kind === 'wrong' ? p.bold(p.red(word)) : kind === 'look' ? p.yellow(word) : p.green(word);
}

function countOf(all: readonly SysctlVerdict[], kind: SysctlVerdictKind): number {
  return all.filter((v) => v.verdict === kind).length;
}

function formatHeader(r: SysctlTextReport, lang: Lang): string {
  const where = r.netnsLabel !== undefined ? `, ${r.netnsLabel}` : '';
  const counts = [countOf(r.all, 'wrong'), countOf(r.all, 'look'), countOf(r.all, 'fine')];
  if (lang === 'zh') return `TCP 内核设置（内核 ${r.kernelRelease}${where}）：${r.all.length} 项，${counts[0]} 项错误，${counts[1]} 项值得一看，${counts[2]} 项正常\n`;
  return `TCP kernel settings (kernel ${r.kernelRelease}${where}): ${r.all.length} audited, ${counts[0]} wrong, ${counts[1]} worth a look, ${counts[2]} fine\n`;
}

function formatCheck(check: NonNullable<SysctlTextReport['check']>, p: Palette, lang: Lang): string {
  const count = check.problems.length + check.missing.length;
  const out: string[] = [lang === 'zh' ? `检查文件 ${check.path}：${check.lineOf.size} 个键，${count} 个问题` : `Checking ${check.path}: ${check.lineOf.size} key${check.lineOf.size === 1 ? '' : 's'}, ${count} problem${count === 1 ? '' : 's'}`];
  for (const problem of check.problems) {
    const tag = problem.severity === 'error' ? p.red(lang === 'zh' ? '错误' : 'error') : p.dim(lang === 'zh' ? '注意' : 'note');
    out.push(`  ${WORDS[lang].line} ${problem.line}: ${tag}: ${problem.message[lang]}${problem.text !== '' ? `  ${p.dim(`| ${problem.text.trim()}`)}` : ''}`);
  }
  for (const key of check.missing) {
    const line = check.lineOf.get(key);
    out.push(`  ${WORDS[lang].line} ${line ?? '?'}: ${p.red(lang === 'zh' ? '错误' : 'error')}: ${lang === 'zh' ? `此内核没有 ${key}（/proc/sys 中不存在），sysctl 会报错` : `this kernel has no ${key} (no /proc/sys entry); sysctl will report an error`}`);
  }
  return out.join('\n') + '\n';
}

function formatDetails(v: SysctlVerdict, p: Palette, lang: Lang, line: number | undefined): string {
  const w = WORDS[lang];
  const title = `${colorVerdict(p, v.verdict, w[v.verdict])}  ${p.bold(v.key)} = ${v.value ?? (lang === 'zh' ? '（不存在）' : '(absent)')}${line !== undefined ? p.dim(`  (${w.line} ${line})`) : ''}`;
  const sources = v.sources.slice(0, 3).map((s) => s.title).join('; ');
  return [
    title,
    `  ${w.why}: ${v.reason[lang]}`,
    `  ${w.do}: ${v.advice[lang]}`,
    `  ${w.see}: tcpdoc explain ${v.key}`,
    `  ${w.source}: ${sources}`,
  ].join('\n') + '\n';
}

// The whole text report.
export function formatSysctlText(r: SysctlTextReport, options: { palette: Palette; lang: Lang }): string {
  const { palette: p, lang } = options;
  const w = WORDS[lang];
  const parts: string[] = [formatHeader(r, lang)];
  if (r.check !== undefined) parts.push(formatCheck(r.check, p, lang));
  if (r.shown.length > 0) {
    const rows = r.shown.map((v) => [colorVerdict(p, v.verdict, w[v.verdict]), v.key, v.value ?? '-', v.defaultValue]);
    parts.push(formatTable([{ header: w.verdict }, { header: w.setting }, { header: w.value }, { header: w.default }], rows));
    parts.push(r.shown.map((v) => formatDetails(v, p, lang, r.check?.lineOf.get(v.key))).join('\n'));
  }
  const hidden = r.all.length - r.shown.length;
  if (r.shown.length === 0 && r.check === undefined) {
    parts.push(lang === 'zh' ? `全部 ${r.all.length} 项设置正常；--all 列出每一项。\n` : `All ${r.all.length} settings are fine; --all lists every one.\n`);
  } else if (hidden > 0) {
    parts.push(lang === 'zh' ? `另有 ${hidden} 项设置未列出（--all 列出全部）。\n` : `${hidden} more setting${hidden === 1 ? '' : 's'} not listed${r.check === undefined ? ' (all fine)' : ''}; --all lists every one.\n`);
  }
  if (r.unreadable.length > 0) {
    parts.push(lang === 'zh' ? `无法读取（权限）：${r.unreadable.join(', ')}\n` : `Could not read (permission): ${r.unreadable.join(', ')}\n`);
  }
  return parts.join('\n');
}
