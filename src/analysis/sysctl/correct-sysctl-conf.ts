// Writes a corrected copy of a sysctl.conf file: same lines in the same order, with wrong settings commented out
// (or replaced by a safe value) and notes beginning "# tcpdoc:" saying why.
import type { Lang } from '../../knowledge/types.js';
import type { ConfSetting, SysctlConf } from './parse-sysctl-conf.js';
import type { SysctlVerdict } from './verdict.js';

// Defaults that depend on the machine (hash table size, memory) are not written into a file that may travel.
const MACHINE_DEFAULTS = new Set(['net.ipv4.tcp_max_tw_buckets', 'net.ipv4.tcp_max_syn_backlog', 'net.ipv4.tcp_max_orphans', 'net.ipv4.tcp_mem', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']);

// The value to write instead of a wrong one, or undefined to comment the line out only.
export function chooseFixValue(verdict: SysctlVerdict): string | undefined {
  if (MACHINE_DEFAULTS.has(verdict.key)) return undefined;
  return /^[0-9a-z][0-9a-z ]*$/i.test(verdict.defaultValue) ? verdict.defaultValue : undefined;
}

function note(text: string): string {
  return `# tcpdoc: ${text.replace(/\s*\n\s*/g, ' ')}`;
}

function rewriteSetting(s: ConfSetting, value: string): string {
  const indent = /^\s*/.exec(s.text)?.[0] ?? '';
  return `${indent}${s.ignoreErrors ? '-' : ''}${s.rawKey} = ${value}`;
}

// What the corrected file holds; `changed` counts lines commented out or rewritten.
export interface CorrectedConf {
  text: string;
  changed: number;
}

// Rebuilds the file: fine and unaudited lines stay as written; 'look' lines get a note above; 'wrong' lines are
// commented out under a note and, when a portable safe value exists, followed by the setting with that value;
// unparseable lines are commented out. Verdicts are those of auditSysctls for the file's values.
// Keys in `missing` (no /proc/sys entry on the target kernel) keep their line under a note, since the file may be meant
// for other hosts or for a module loaded later.
export function buildCorrectedConf(conf: SysctlConf, verdicts: readonly SysctlVerdict[], lang: Lang = 'en', missing: readonly string[] = []): CorrectedConf {
  const byKey = new Map(verdicts.map((v) => [v.key, v]));
  const lastLine = new Map(conf.settings.map((s) => [s.key, s.line]));
  const labels = lang === 'zh' ? { wrong: '错误', look: '值得一看', invalid: '无法解析，sysctl 会跳过', quoted: '去掉引号（内核会拒绝带引号的值）', overridden: '被后面的行覆盖' } : { wrong: 'wrong', look: 'worth a look', invalid: 'cannot be parsed, sysctl skips it', quoted: 'quotes removed (the kernel rejects quoted values)', overridden: 'overridden by a later line' };
  const out: string[] = [];
  let changed = 0;
  for (const entry of conf.lines) {
    if (entry.kind === 'invalid') {
      out.push(note(`${labels.invalid}: ${entry.problem[lang]}`), `# ${entry.text}`);
      changed++;
      continue;
    }
    if (entry.kind !== 'setting') {
      out.push(entry.text);
      continue;
    }
    const verdict = byKey.get(entry.key);
    if (verdict === undefined && missing.includes(entry.key) && !entry.ignoreErrors) {
      out.push(note(lang === 'zh' ? `此内核没有 ${entry.key}，sysctl 会报错（在键前加 "-" 可忽略错误）` : `this kernel has no ${entry.key}; sysctl will report an error (prefix the key with "-" to ignore it)`));
    }
    const effective = lastLine.get(entry.key) === entry.line;
    if (verdict === undefined || !effective) {
      if (!effective && verdict !== undefined && verdict.verdict !== 'fine') out.push(note(labels.overridden));
      out.push(entry.quoted ? rewriteSetting(entry, entry.value) : entry.text);
      if (entry.quoted) changed++;
      continue;
    }
    if (verdict.verdict === 'fine') {
      if (entry.quoted) {
        out.push(note(labels.quoted), rewriteSetting(entry, entry.value));
        changed++;
      } else {
        out.push(entry.text);
      }
      continue;
    }
    if (verdict.verdict === 'look') {
      out.push(note(`${labels.look}: ${verdict.reason[lang]}`), note(verdict.advice[lang]));
      out.push(entry.quoted ? rewriteSetting(entry, entry.value) : entry.text);
      if (entry.quoted) changed++;
      continue;
    }
    out.push(note(`${labels.wrong}: ${verdict.reason[lang]}`), note(verdict.advice[lang]), `# ${entry.text.trim()}`);
    const fix = chooseFixValue(verdict);
    if (fix !== undefined) out.push(rewriteSetting(entry, fix));
    changed++;
  }
  return { text: out.join('\n') + (out.length > 0 ? '\n' : ''), changed };
}
