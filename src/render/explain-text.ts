// Human-readable text for explanations: one block per entry with meaning, checks, fixes, related entries and sources.
import type { ExplainedEntry, Explanation } from '../knowledge/explained.js';
import type { Lang } from '../knowledge/types.js';
import type { Palette } from './color.js';

const HEADINGS = {
  en: { check: 'Check', fix: 'Fix', related: 'Related', sources: 'Sources', matched: 'matched as', none: 'No entry matches', closest: 'Closest entries', more: 'Run tcpdoc explain ID for one of them.' },
  zh: { check: '检查', fix: '解决', related: '相关', sources: '来源', matched: '匹配方式', none: '没有匹配的条目', closest: '最接近的条目', more: '运行 tcpdoc explain ID 查看其中之一。' },
} as const;

// Wraps prose at word boundaries; Chinese text (double-width, few spaces) is left to the terminal.
export function wrapText(text: string, width: number, indent: string, hanging = indent): string {
  if (!/\s/.test(text) || /[\u3000-\u9fff\uff00-\uffef]/.test(text) || width < 20) return indent + text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const lead = lines.length === 0 ? indent : hanging;
    if (line !== '' && lead.length + line.length + 1 + word.length > width) {
      lines.push(lead + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push((lines.length === 0 ? indent : hanging) + line);
  return lines.join('\n');
}

function formatNumbers(e: ExplainedEntry): string {
  const n = e.numbers;
  const parts: string[] = [];
  if (n.linux !== undefined) parts.push(`Linux ${n.linux}`);
  if (n.darwin !== undefined) parts.push(`macOS ${n.darwin}`);
  if (n.wsa !== undefined) parts.push(`WSA ${n.wsa}`);
  if (n.win32 !== undefined) parts.push(`Win32 ${n.win32} (HRESULT 0x8007${n.win32.toString(16).padStart(4, '0')})`);
  if (n.libuvWindows !== undefined) parts.push(`libuv/Windows ${n.libuvWindows}`);
  if (n.libuv !== undefined) parts.push(`libuv ${n.libuv}`);
  if (e.kind === 'errno' && n.linux !== undefined) parts.push(`Node err.errno -${n.linux} on Linux`);
  if (n.state !== undefined) parts.push(`kernel state ${n.state}`);
  return parts.join(' · ');
}

// One entry as a text block.
export function formatEntryText(e: ExplainedEntry, options: { palette: Palette; lang: Lang; width: number }): string {
  const { palette: p, lang, width } = options;
  const h = HEADINGS[lang];
  const numbers = formatNumbers(e);
  const out: string[] = [];
  out.push(`${p.bold(p.cyan(e.name))}  ${p.dim(`[${e.id}]`)}${numbers !== '' ? `  ${p.dim(numbers)}` : ''}`);
  if (e.matchedAs.length > 0) out.push(p.dim(`  ${h.matched}: ${e.matchedAs.join('; ')}`));
  out.push(wrapText(p.bold(e.summary), width, '  '));
  out.push(wrapText(e.details, width, '  '));
  if (e.checks.length > 0) {
    out.push(`  ${p.yellow(h.check)}:`);
    for (const c of e.checks) out.push(`    $ ${c}`);
  }
  if (e.fixes.length > 0) {
    out.push(`  ${p.green(h.fix)}:`);
    for (const f of e.fixes) out.push(wrapText(`- ${f}`, width, '    ', '      '));
  }
  if (e.related.length > 0) out.push(wrapText(`${h.related}: ${e.related.join(', ')}`, width, '  ', '    '));
  out.push(`  ${h.sources}:`);
  for (const s of e.sources) out.push(p.dim(`    ${s.title}${s.url !== undefined ? ` <${s.url}>` : ''}`));
  return out.join('\n') + '\n';
}

// Every matched entry, or the closest ones when nothing matched.
export function formatExplanationText(x: Explanation, options: { palette: Palette; lang: Lang; width: number }): string {
  const h = HEADINGS[options.lang];
  if (x.entries.length > 0) return x.entries.map((e) => formatEntryText(e, options)).join('\n');
  const lines = [`${h.none} '${x.query}'.`];
  if (x.suggestions.length > 0) {
    lines.push(`${h.closest}:`);
    const width = Math.max(...x.suggestions.map((s) => s.id.length));
    for (const s of x.suggestions) lines.push(`  ${s.id.padEnd(width)}  ${s.summary}`);
    lines.push(h.more);
  }
  return lines.join('\n') + '\n';
}
