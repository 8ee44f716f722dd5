import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatStateDiagram } from './state-diagram.js';
import { makePalette, visibleLength } from './color.js';
import { TCP_STATES } from '../model/tcp-state.js';

const plain = makePalette(false);

test('the diagram names all 11 states and fits 80 columns', () => {
  const text = formatStateDiagram({ palette: plain });
  for (const s of TCP_STATES) assert.match(text, new RegExp(`│\\s*${s === 'CLOSE' ? 'CLOSED' : s}\\s*│`), s);
  for (const line of text.split('\n')) assert.ok(visibleLength(line) <= 80, `too wide: ${line}`);
  assert.doesNotMatch(text, /[╔║]/);
});

test('a highlighted state gets a double-line box and markers, and only that one', () => {
  for (const state of TCP_STATES) {
    const text = formatStateDiagram({ palette: plain, highlight: state });
    const label = state === 'CLOSE' ? 'CLOSED' : state;
    const marked = text.split('\n').filter((l) => l.includes('║'));
    assert.equal(marked.length, 1, state);
    assert.match(marked[0] ?? '', new RegExp(`║\\s*▶${label}◀\\s*║`));
    assert.equal((text.match(/╔/g) ?? []).length, 1);
    // The drawing keeps its width: the highlighted line is as long as the plain one.
    const plainLine = formatStateDiagram({ palette: plain }).split('\n').find((l) => new RegExp(`│\\s*${label}\\s*│`).test(l));
    assert.equal(visibleLength(marked[0] ?? ''), visibleLength(plainLine ?? ''));
  }
});

test('with colour the highlighted label is wrapped in ANSI codes', () => {
  const text = formatStateDiagram({ palette: makePalette(true), highlight: 'LISTEN' });
  assert.match(text, /\u001b\[1m\u001b\[33mLISTEN\u001b\[39m\u001b\[22m/);
});

test('the notes follow the language', () => {
  assert.match(formatStateDiagram({ palette: plain, lang: 'zh' }), /同时关闭/);
  assert.match(formatStateDiagram({ palette: plain, lang: 'en' }), /simultaneous close/);
});
