// Plain text tables with aligned columns, the way ss and netstat print them.
import { visibleLength } from './color.js';

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
}

// Lays out rows under headers; cells may contain ANSI colour. Trailing spaces are trimmed.
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[], options: { indent?: string; gap?: string } = {}): string {
  const indent = options.indent ?? '';
  const gap = options.gap ?? '  ';
  const widths = columns.map((c, i) => Math.max(visibleLength(c.header), ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const formatRow = (cells: readonly string[]) =>
    indent +
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        const pad = ' '.repeat(Math.max(0, width - visibleLength(cell)));
        return columns[i]?.align === 'right' ? pad + cell : cell + pad;
      })
      .join(gap)
      .trimEnd();
  const lines = [formatRow(columns.map((c) => c.header)), ...rows.map(formatRow)];
  return lines.join('\n') + '\n';
}
