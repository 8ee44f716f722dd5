// Human output of tcpdoc doctor: findings by severity with evidence, explanation, fixes and
// explain links; or a short "all clear" with the key numbers.
import type { Evidence, Finding, Fix, Severity } from '../model/finding.js';
import type { DoctorSummary } from '../analysis/doctor/engine.js';
import type { Palette } from './color.js';

export type DoctorLang = 'en' | 'zh';

// What the header and footer say about the run.
export interface DoctorTextContext {
  namespace: string | null;
  kernelRelease: string;
  windowMs: number | null;
  time: string;
  notes: string[];
}

const WORDS = {
  en: { critical: 'CRITICAL', warning: 'WARNING', info: 'INFO', evidence: 'Evidence', why: 'Why', fix: 'What to do', see: 'Explain', host: 'this host', window: 'counter window', oneSample: 'one counter sample (no rates)', allClear: 'All clear: no TCP problem found.', allClearInfo: 'No TCP problem found; informational notes below.', notes: 'Notes', found: 'found' },
  zh: { critical: '严重', warning: '警告', info: '提示', evidence: '证据', why: '原因', fix: '处理办法', see: '解释', host: '本机', window: '计数器采样窗口', oneSample: '计数器只采样一次（无速率）', allClear: '一切正常：没有发现 TCP 问题。', allClearInfo: '没有发现 TCP 问题；下面是提示信息。', notes: '备注', found: '发现' },
} as const;

function colorFor(p: Palette, severity: Severity): (s: string) => string {
  return severity === 'critical' ? (s) => p.bold(p.red(s)) : severity === 'warning' ? p.yellow : p.cyan;
}

// "label: value unit (port 8080, 10.0.0.9, node[42])".
export function formatEvidence(e: Evidence, lang: DoctorLang): string {
  const context: string[] = [];
  if (e.address !== undefined && e.port !== undefined) context.push(e.address.includes(':') && !e.address.includes(' ') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`);
  else if (e.port !== undefined) context.push(lang === 'zh' ? `端口 ${e.port}` : `port ${e.port}`);
  else if (e.address !== undefined) context.push(e.address);
  if (e.pid !== undefined) context.push(e.command !== undefined && e.command !== '' ? `${e.command}[${e.pid}]` : `pid ${e.pid}`);
  else if (e.command !== undefined && e.command !== '') context.push(e.command);
  const unit = e.unit === undefined ? '' : e.unit === '%' || e.unit === '/s' ? e.unit : ` ${e.unit}`;
  return `${e.label[lang]}: ${e.value}${unit}${context.length > 0 ? ` (${context.join(', ')})` : ''}`;
}

function formatFix(fix: Fix, lang: DoctorLang, p: Palette): string[] {
  const lines = [`  - ${fix.text[lang]}`];
  for (const c of fix.commands ?? []) lines.push(`      ${p.green('$')} ${c}`);
  if (fix.code !== undefined) for (const line of fix.code.source.split('\n')) lines.push(`      ${p.dim(line)}`);
  return lines;
}

// One finding as a block of lines.
export function formatFinding(f: Finding, lang: DoctorLang, p: Palette): string {
  const w = WORDS[lang];
  const lines = [`${colorFor(p, f.severity)(w[f.severity].padEnd(8))} ${p.bold(f.title[lang])}  ${p.dim(f.id)}`];
  lines.push(`  ${p.bold(w.evidence)}:`);
  for (const e of f.evidence) lines.push(`    ${formatEvidence(e, lang)}`);
  lines.push(`  ${p.bold(w.why)}: ${f.explanation[lang]}`);
  if (f.fixes.length > 0) {
    lines.push(`  ${p.bold(w.fix)}:`);
    for (const fix of f.fixes) lines.push(...formatFix(fix, lang, p).map((l) => `  ${l}`));
  }
  if (f.related.length > 0) lines.push(`  ${p.bold(w.see)}: ${f.related.map((id) => `tcpdoc explain ${id}`).join(' | ')}`);
  return lines.join('\n') + '\n';
}

// The key numbers on one or two lines.
export function formatKeyNumbers(summary: DoctorSummary, lang: DoctorLang): string {
  return summary.numbers.map((n) => `${n.label[lang]} ${n.value}${n.unit === undefined ? '' : n.unit === '%' || n.unit === '/s' ? n.unit : ` ${n.unit}`}`).join(', ');
}

// The whole report as text.
export function formatDoctorText(findings: readonly Finding[], summary: DoctorSummary, ctx: DoctorTextContext, lang: DoctorLang, p: Palette): string {
  const w = WORDS[lang];
  const window = ctx.windowMs === null ? w.oneSample : `${w.window} ${(ctx.windowMs / 1000).toFixed(1)} s`;
  const out: string[] = [p.dim(`tcpdoc doctor: ${ctx.namespace ?? w.host}, Linux ${ctx.kernelRelease}, ${window}, ${ctx.time}`), ''];
  if (summary.allClear) out.push(p.green(p.bold(summary.counts.info > 0 ? w.allClearInfo : w.allClear)), formatKeyNumbers(summary, lang), '');
  else {
    const counts = (['critical', 'warning', 'info'] as const).filter((s) => summary.counts[s] > 0).map((s) => colorFor(p, s)(`${summary.counts[s]} ${w[s]}`));
    out.push(`${w.found}: ${counts.join(', ')}`, '');
  }
  for (const f of findings) out.push(formatFinding(f, lang, p));
  if (!summary.allClear) out.push(p.dim(formatKeyNumbers(summary, lang)), '');
  if (ctx.notes.length > 0) {
    out.push(p.dim(`${w.notes}:`));
    for (const n of ctx.notes) out.push(p.dim(`  ${n}`));
    out.push('');
  }
  return out.join('\n');
}
