import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTable, writeTable } from './table.js';

test('columns align left or right and trailing spaces are trimmed', () => {
  const text = formatTable([{ header: 'NAME' }, { header: 'N', align: 'right' }, { header: 'NOTE' }], [
    ['a', '1', ''],
    ['longer', '100', 'x'],
  ]);
  assert.equal(text, 'NAME      N  NOTE\na         1\nlonger  100  x\n');
});

test('colour codes do not count towards widths', () => {
  const text = formatTable([{ header: 'A' }, { header: 'B' }], [['\u001b[31mred\u001b[39m', 'x'], ['plain', 'y']]);
  assert.equal(text.split('\n')[1], '\u001b[31mred\u001b[39m    x');
});

test('a table of 200k rows is written in pieces without overflowing the stack', () => {
  const rows = Array.from({ length: 200_000 }, (_, i) => [String(i), 'x']);
  const pieces: string[] = [];
  writeTable([{ header: 'I', align: 'right' }, { header: 'X' }], rows, (t) => pieces.push(t), { header: false });
  assert.ok(pieces.length > 10, 'written in pieces');
  const all = pieces.join('');
  assert.equal(all.split('\n').length, 200_001);
  assert.ok(all.startsWith('     0  x\n'));
});
