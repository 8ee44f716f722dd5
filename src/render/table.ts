// Plain text tables with aligned columns, the way ss and netstat print them.
import { visibleLength } from './color.js';

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
}

export interface TableOptions {
  indent?: string;
  gap?: string;
}

// Column widths over the headers and every row (a loop: spreading 100k rows into Math.max overflows the stack).
function measureWidths(columns: readonly Column[], rows: readonly (readonly string[])[]): number[] {
  const widths = columns.map((c) => visibleLength(c.header));
  for (const row of rows) {
    for (let i = 0; i < widths.length; i++) {
      const n = visibleLength(row[i] ?? '');
      if (n > widths[i]!) widths[i] = n;
    }
  }
  return widths;
}

function formatRow(cells: readonly string[], columns: readonly Column[], widths: readonly number[], indent: string, gap: string): string {
  let line = indent;
  for (let i = 0; i < widths.length; i++) {
    const cell = cells[i] ?? '';
    const pad = ' '.repeat(Math.max(0, widths[i]! - visibleLength(cell)));
    if (i > 0) line += gap;
    line += columns[i]?.align === 'right' ? pad + cell : cell + pad;
  }
  return line.trimEnd();
}

// Lays out rows under headers; cells may contain ANSI colour. Trailing spaces are trimmed.
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  let out = '';
  writeTable(columns, rows, (text) => {
    out += text;
  }, options);
  return out;
}

// The same table handed to write in pieces of a few thousand lines, so that a table of
// 100k sockets never exists as one string.
export function writeTable(columns: readonly Column[], rows: readonly (readonly string[])[], write: (text: string) => void, options: TableOptions & { header?: boolean } = {}): void {
  const indent = options.indent ?? '';
  const gap = options.gap ?? '  ';
  const widths = measureWidths(columns, rows);
  let chunk = options.header === false ? '' : formatRow(columns.map((c) => c.header), columns, widths, indent, gap) + '\n';
  let lines = 0;
  for (const row of rows) {
    chunk += formatRow(row, columns, widths, indent, gap) + '\n';
    if (++lines === 4096) {
      write(chunk);
      chunk = '';
      lines = 0;
    }
  }
  if (chunk !== '') write(chunk);
}
