// The tcpdoc.doctor/1 document: findings in one language, the summary and what the run could see (docs/json.md).
import type { Finding } from '../model/finding.js';
import type { DoctorSummary, RuleFailure } from '../analysis/doctor/engine.js';
import type { DoctorLang } from './doctor-text.js';

export const DOCTOR_SCHEMA = 'tcpdoc.doctor/1';

export interface DoctorDocumentContext {
  takenAt: number;
  namespace: string | null;
  source: 'netlink' | 'proc';
  kernelRelease: string;
  windowMs: number | null;
  kernelLog: { available: boolean; reason: string | null };
  notes: string[];
  rulesRun: string[];
  ruleFailures: RuleFailure[];
}

// One finding with its texts in `lang`.
export function buildFindingJson(f: Finding, lang: DoctorLang): Record<string, unknown> {
  return {
    id: f.id,
    severity: f.severity,
    title: f.title[lang],
    subject: f.subject,
    evidence: f.evidence.map((e) => ({ ...e, label: e.label[lang] })),
    explanation: f.explanation[lang],
    fixes: f.fixes.map((fix) => ({ text: fix.text[lang], commands: fix.commands ?? [], ...(fix.code !== undefined ? { code: fix.code } : {}) })),
    related: f.related,
  };
}

// The document body (formatJson adds the schema first).
export function buildDoctorDocument(findings: readonly Finding[], summary: DoctorSummary, ctx: DoctorDocumentContext, lang: DoctorLang): Record<string, unknown> {
  return {
    lang,
    takenAt: new Date(ctx.takenAt).toISOString(),
    namespace: ctx.namespace,
    source: ctx.source,
    kernelRelease: ctx.kernelRelease,
    windowMs: ctx.windowMs,
    findings: findings.map((f) => buildFindingJson(f, lang)),
    summary: {
      allClear: summary.allClear,
      counts: summary.counts,
      numbers: summary.numbers.map((n) => ({ key: n.key, label: n.label[lang], value: n.value, ...(n.unit !== undefined ? { unit: n.unit } : {}) })),
    },
    kernelLog: ctx.kernelLog,
    rulesRun: ctx.rulesRun,
    ruleFailures: ctx.ruleFailures,
    notes: ctx.notes,
  };
}
