// The layering of DESIGN.md, checked on the sources: data flows wire -> model ->
// (knowledge, tcp) -> analysis -> api -> (cli, server); sources import only wire and
// model; nothing imports cli or server; and no value imports go round in a cycle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// dist/test/architecture.test.js -> the project's src/.
const SRC = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'src');

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.includes('.test.helper')) out.push(path);
  }
  return out;
}

function readEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of listSources(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(import|export)(\s+type)?\s[^;]*?from\s+['"](\.[^'"]+)['"]/gm)) {
      const target = resolve(dirname(file), (m[3] ?? '').replace(/\.js$/, '.ts'));
      edges.push({ from: relative(SRC, file), to: relative(SRC, target), typeOnly: m[2] !== undefined });
    }
  }
  return edges;
}

const layerOf = (path: string) => path.split(sep)[0] ?? '';

// Which layers each layer may import (its own layer always allowed).
const ALLOWED: Record<string, readonly string[]> = {
  model: [],
  wire: ['model'],
  knowledge: ['model'],
  tcp: ['model'],
  sources: ['wire', 'model'],
  analysis: ['model', 'wire', 'knowledge', 'tcp'],
  render: ['model', 'analysis', 'knowledge', 'tcp', 'wire'],
  api: ['model', 'wire', 'knowledge', 'tcp', 'analysis', 'sources'],
  lab: ['model', 'api', 'render', 'sources', 'analysis', 'wire'],
  cli: ['model', 'wire', 'knowledge', 'analysis', 'api', 'render', 'sources', 'lab'],
};

test('every import follows the layering', () => {
  const edges = readEdges();
  assert.ok(edges.length > 200, `only ${edges.length} imports found: is src/ beside dist/?`);
  const wrong = edges
    .filter((e) => layerOf(e.from) !== layerOf(e.to))
    .filter((e) => !(ALLOWED[layerOf(e.from)] ?? []).includes(layerOf(e.to)))
    .map((e) => `${e.from} -> ${e.to}`);
  assert.deepEqual(wrong, []);
});

test('no module imports cli or server from outside', () => {
  const wrong = readEdges()
    .filter((e) => ['cli', 'server'].includes(layerOf(e.to)) && layerOf(e.from) !== layerOf(e.to))
    .map((e) => `${e.from} -> ${e.to}`);
  assert.deepEqual(wrong, []);
});

test('no cycle of value imports', () => {
  const graph = new Map<string, string[]>();
  for (const e of readEdges()) {
    if (e.typeOnly) continue;
    graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
  }
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (node: string, path: string[]): void => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open') {
      cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '));
      return;
    }
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    state.set(node, 'done');
  };
  for (const node of graph.keys()) visit(node, []);
  assert.deepEqual(cycles, []);
});
