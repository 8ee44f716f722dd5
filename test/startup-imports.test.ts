// The CLI loads only what a command needs: status and ls must not pull in capture,
// trace, server or knowledge code. Walks the static import graph of the built files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST_SRC = fileURLToPath(new URL('../src/', import.meta.url));

// Static imports only: dynamic import() is how commands stay lazy.
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm)) out.push(m[1] ?? '');
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push(m[1] ?? '');
  return out.filter((s) => s.startsWith('.'));
}

function importGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of staticImports(file)) {
      const target = resolve(dirname(file), spec);
      if (existsSync(target)) stack.push(target);
    }
  }
  return new Set([...seen].map((f) => relative(DIST_SRC, f)));
}

const FORBIDDEN = [/^sources\/capture\//, /^server\//, /^analysis\/trace\//, /^knowledge\//, /^wire\/capture\//, /^store\//, /^lab\//];

for (const name of ['status', 'ls']) {
  test(`${name} loads no capture, trace, server or knowledge code`, () => {
    const graph = importGraph(resolve(DIST_SRC, `cli/commands/${name}.js`));
    assert.ok(graph.size > 5, 'import graph looks empty: was the project built?');
    const bad = [...graph].filter((f) => FORBIDDEN.some((re) => re.test(f)));
    assert.deepEqual(bad, []);
  });
}

test('main.js imports no command statically', () => {
  const graph = importGraph(resolve(DIST_SRC, 'cli/main.js'));
  const commands = [...graph].filter((f) => f.startsWith('cli/commands/'));
  assert.deepEqual(commands, []);
});
