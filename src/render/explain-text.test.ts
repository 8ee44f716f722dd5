import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../api/explain.js';
import { makePalette } from './color.js';
import { formatExplanationText, wrapText } from './explain-text.js';

test('wrapText keeps lines within the width and uses the hanging indent', () => {
  const text = wrapText('- ' + 'word '.repeat(40).trim(), 40, '    ', '      ');
  const lines = text.split('\n');
  assert.ok(lines.length > 1);
  for (const l of lines) assert.ok(l.length <= 40, l);
  assert.ok(lines[1]?.startsWith('      word'));
  assert.equal(wrapText('没有空格的中文', 10, '  '), '  没有空格的中文');
  const zh = '中文 混合 English words '.repeat(10);
  assert.equal(wrapText(zh, 30, '  '), `  ${zh}`);
});

test('an entry block shows the name, numbers, checks, fixes and sources', () => {
  const text = formatExplanationText(explain('ECONNRESET'), { palette: makePalette(false), lang: 'en', width: 100 });
  assert.match(text, /^ECONNRESET {2}\[errno:ECONNRESET\] {2}Linux 104 · macOS 54 · WSA 10054/);
  assert.match(text, /Check:\n {4}\$ tcpdump/);
  assert.match(text, /Fix:/);
  assert.match(text, /Sources:\n {4}Linux net\/ipv4\/tcp_input\.c/);
});

test('Chinese headings and suggestions for unknown queries', () => {
  const zh = formatExplanationText(explain('CLOSE_WAIT', { lang: 'zh' }), { palette: makePalette(false), lang: 'zh', width: 100 });
  assert.match(zh, /检查:/);
  assert.match(zh, /对端已关闭/);
  const none = formatExplanationText(explain('ECONNRESTE'), { palette: makePalette(false), lang: 'en', width: 100 });
  assert.match(none, /No entry matches 'ECONNRESTE'\.\nClosest entries:\n {2}errno:ECONNRESET/);
});
