// Parses sysctl.conf / sysctl.d files as procps `sysctl -p` and systemd-sysctl read them, keeping every line so a
// corrected copy can be written back in the same order.
import type { Text } from '../../knowledge/types.js';

// One `key = value` line.
export interface ConfSetting {
  kind: 'setting';
  // 1-based line number.
  line: number;
  text: string;
  // The key as written (may use slashes); `key` is the dotted form used by the audit.
  rawKey: string;
  key: string;
  // The value with quotes and a trailing "# ..." removed and fields joined by single spaces.
  value: string;
  // A leading '-' asks sysctl to ignore a failure to set this key.
  ignoreErrors: boolean;
  // The value was wrapped in quotes, which sysctl passes to the kernel literally.
  quoted: boolean;
  // Text after '#' on the same line, which sysctl does not treat as a comment.
  trailingText?: string;
}

// Any line of the file.
export type ConfLine =
  | { kind: 'blank'; line: number; text: string }
  | { kind: 'comment'; line: number; text: string }
  | ConfSetting
  | { kind: 'invalid'; line: number; text: string; problem: Text };

// Something about a line that sysctl would reject or read differently from what it looks like.
export interface ConfProblem {
  line: number;
  text: string;
  severity: 'error' | 'note';
  message: Text;
}

// A parsed file: every line, the settings in order, and problems with line numbers.
export interface SysctlConf {
  lines: ConfLine[];
  settings: ConfSetting[];
  problems: ConfProblem[];
}

// Limits that keep a hostile file from using unbounded memory.
const MAX_LINES = 100_000;
const MAX_LINE_LENGTH = 4096;

// Keys are dotted or slashed paths of letters, digits, '_', '-', '*' (systemd globs) and, with slashes, dots.
const KEY = /^[A-Za-z0-9_*-]+([./][A-Za-z0-9_.*:@-]+)*$/;

// The dotted key: with slashes as separators (systemd-sysctl's rule when the first separator is '/'), dots stay inside names.
export function normalizeSysctlKey(rawKey: string): string {
  const firstSlash = rawKey.indexOf('/');
  const firstDot = rawKey.indexOf('.');
  if (firstSlash !== -1 && (firstDot === -1 || firstSlash < firstDot)) return rawKey.split('/').filter((p) => p !== '').join('.');
  return rawKey;
}

function invalid(line: number, text: string, problem: Text): ConfLine {
  return { kind: 'invalid', line, text, problem };
}

function parseLine(text: string, line: number): ConfLine {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'blank', line, text };
  if (trimmed.startsWith('#') || trimmed.startsWith(';')) return { kind: 'comment', line, text };
  if (text.length > MAX_LINE_LENGTH) return invalid(line, text.slice(0, 200), { en: `line longer than ${MAX_LINE_LENGTH} characters`, zh: `行长超过 ${MAX_LINE_LENGTH} 个字符` });
  const eq = trimmed.indexOf('=');
  if (eq === -1) return invalid(line, text, { en: 'no "=": sysctl reports "invalid syntax" and skips the line', zh: '没有 "="：sysctl 报告 "invalid syntax" 并跳过这一行' });
  let rawKey = trimmed.slice(0, eq).trim();
  const ignoreErrors = rawKey.startsWith('-');
  if (ignoreErrors) rawKey = rawKey.slice(1).trim();
  if (rawKey === '' || !KEY.test(rawKey)) return invalid(line, text, { en: `"${rawKey}" is not a sysctl key`, zh: `"${rawKey}" 不是 sysctl 键` });
  let raw = trimmed.slice(eq + 1).trim();
  let trailingText: string | undefined;
  const hash = raw.indexOf('#');
  if (hash !== -1) {
    trailingText = raw.slice(hash).trim();
    raw = raw.slice(0, hash).trim();
  }
  const quote = /^(["'])(.*)\1$/.exec(raw);
  const quoted = quote !== null;
  const value = (quote !== null ? quote[2] ?? '' : raw).trim().split(/\s+/).filter((f) => f !== '').join(' ');
  const setting: ConfSetting = { kind: 'setting', line, text, rawKey, key: normalizeSysctlKey(rawKey), value, ignoreErrors, quoted };
  if (trailingText !== undefined) setting.trailingText = trailingText;
  return setting;
}

function problemsOf(entry: ConfLine): ConfProblem[] {
  if (entry.kind === 'invalid') return [{ line: entry.line, text: entry.text, severity: 'error', message: entry.problem }];
  if (entry.kind !== 'setting') return [];
  const out: ConfProblem[] = [];
  if (entry.value === '') out.push({ line: entry.line, text: entry.text, severity: 'error', message: { en: 'empty value', zh: '值为空' } });
  if (entry.quoted) out.push({ line: entry.line, text: entry.text, severity: 'error', message: { en: 'quotes are passed to the kernel literally; numeric settings reject them (EINVAL)', zh: '引号会原样传给内核；数值设置会拒绝它们（EINVAL）' } });
  if (entry.trailingText !== undefined) out.push({ line: entry.line, text: entry.text, severity: 'note', message: { en: `"${entry.trailingText}" is not a comment to sysctl: it is written to the kernel with the value (numbers usually survive it)`, zh: `"${entry.trailingText}" 对 sysctl 来说不是注释：它会和值一起写入内核（数值通常不受影响）` } });
  return out;
}

// Parses the text of one file. Never throws: lines it cannot read become 'invalid' entries with their line numbers.
export function parseSysctlConf(text: string): SysctlConf {
  const rawLines = text.split(/\r?\n/);
  if (rawLines.length > 0 && rawLines[rawLines.length - 1] === '') rawLines.pop();
  const lines: ConfLine[] = [];
  const problems: ConfProblem[] = [];
  rawLines.forEach((raw, i) => {
    if (i >= MAX_LINES) return;
    const entry = parseLine(raw, i + 1);
    lines.push(entry);
    problems.push(...problemsOf(entry));
  });
  if (rawLines.length > MAX_LINES) {
    problems.push({ line: MAX_LINES + 1, text: '', severity: 'error', message: { en: `file has more than ${MAX_LINES} lines; the rest was not read`, zh: `文件超过 ${MAX_LINES} 行；其余部分未读取` } });
  }
  const settings = lines.filter((l): l is ConfSetting => l.kind === 'setting');
  // A later line for the same key wins, as sysctl applies lines in order.
  const lastLine = new Map(settings.map((s) => [s.key, s.line]));
  for (const s of settings) {
    const last = lastLine.get(s.key);
    if (last !== undefined && last !== s.line) problems.push({ line: s.line, text: s.text, severity: 'note', message: { en: `overridden by line ${last}`, zh: `被第 ${last} 行覆盖` } });
  }
  problems.sort((a, b) => a.line - b.line);
  return { lines, settings, problems };
}

// The values the file leaves in effect, last line per key winning (what the audit sees).
export function collectConfValues(conf: SysctlConf): Record<string, string> {
  const values: Record<string, string> = {};
  for (const s of conf.settings) values[s.key] = s.value;
  return values;
}
