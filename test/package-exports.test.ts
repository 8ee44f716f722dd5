// The package's public entry points resolve by name (self-reference through "exports")
// and expose what the README shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';

test("import { snapshot } from 'tcpdoc' works and lists real sockets", async () => {
  const lib = (await import('tcpdoc' as string)) as typeof import('../src/api/index.js');
  assert.equal(typeof lib.snapshot, 'function');
  assert.equal(typeof lib.inventory, 'function');
  assert.equal(typeof lib.parseFilter, 'function');
  const expr = lib.parseFilter('state established and dport = :443');
  assert.equal(lib.formatFilter(expr).includes('443'), true);
  const snap = await lib.snapshot({ filter: 'state listening' });
  assert.ok(snap.source === 'netlink' || snap.source === 'proc');
  assert.ok(snap.sockets.every((s) => s.state === 'LISTEN'));
});

test('subpath entry points resolve', async () => {
  const explain = (await import('tcpdoc/explain' as string)) as { explain: (q: string) => { entries: { name: string }[] } };
  assert.equal(explain.explain('ECONNRESET').entries[0]?.name, 'ECONNRESET');
  const trace = (await import('tcpdoc/trace' as string)) as Record<string, unknown>;
  assert.ok(Object.keys(trace).length > 0);
  const pkg = (await import('tcpdoc/package.json' as string, { with: { type: 'json' } })) as { default: { name: string } };
  assert.equal(pkg.default.name, 'tcpdoc');
});
