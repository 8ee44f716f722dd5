import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../main.js';
import { makeBufferIo } from '../io.js';
import { detectLang, moveNegativeNumbers } from './explain.js';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const io = makeBufferIo({ env });
  const code = await main(['explain', ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

test('explains an errno name and exits 0', async () => {
  const r = await run(['ECONNRESET']);
  assert.equal(r.code, 0);
  assert.match(r.out, /ECONNRESET {2}\[errno:ECONNRESET\]/);
  assert.match(r.out, /Check:/);
});

test('a negative Node errno is a query, not an option', async () => {
  const r = await run(['-4077']);
  assert.equal(r.code, 0);
  assert.match(r.out, /matched as: libuv\/Node err\.errno -4077 on Windows/);
  assert.deepEqual(moveNegativeNumbers(['-104', '--json']), ['--json', '--', '-104']);
});

test('--json has the documented shape', async () => {
  const r = await run(['104', '--json']);
  assert.equal(r.code, 0);
  const doc = JSON.parse(r.out) as { schema: string; query: string; entries: Record<string, unknown>[] };
  assert.equal(doc.schema, 'tcpdoc.explain/1');
  assert.equal(doc.query, '104');
  assert.deepEqual(doc.entries.map((e) => e.id), ['errno:ECONNRESET', 'errno:ENOTRECOVERABLE']);
  for (const e of doc.entries) {
    for (const key of ['kind', 'name', 'number', 'summary', 'details', 'checks', 'fixes', 'related', 'sources']) assert.ok(key in e, key);
  }
  assert.equal(doc.entries[0]?.number, 104);
});

test('--os darwin reads numbers as macOS errnos', async () => {
  const r = await run(['54', '--os', 'darwin', '--json']);
  const doc = JSON.parse(r.out) as { entries: { id: string; number: number }[] };
  assert.deepEqual(doc.entries.map((e) => [e.id, e.number]), [['errno:ECONNRESET', 54]]);
});

test('a whole Node message fills the address and port into the checks', async () => {
  const r = await run(['connect ECONNREFUSED 127.0.0.1:9000']);
  assert.equal(r.code, 0);
  assert.match(r.out, /Node could not connect to 127\.0\.0\.1:9000/);
  assert.match(r.out, /ss -ltnp 'sport = :9000'/);
});

test('unknown query prints the closest entries and exits 1', async () => {
  const r = await run(['ECONNRESTE']);
  assert.equal(r.code, 1);
  assert.match(r.out, /Closest entries:\n {2}errno:ECONNRESET/);
  const j = await run(['definitely-not-here', '--json']);
  assert.equal(j.code, 1);
  const doc = JSON.parse(j.out) as { entries: unknown[]; suggestions: unknown[] };
  assert.equal(doc.entries.length, 0);
  assert.equal(doc.suggestions.length, 5);
});

test('usage errors exit 2', async () => {
  assert.equal((await run([])).code, 2);
  assert.equal((await run(['ECONNRESET', '--lang', 'fr'])).code, 2);
  assert.equal((await run(['104', '--os', 'plan9'])).code, 2);
  assert.equal((await run(['--list', 'bogus'])).code, 2);
  assert.equal((await run(['--bogus'])).code, 2);
});

test('language comes from --lang, then LC_ALL, LC_MESSAGES, LANG', async () => {
  assert.equal(detectLang({ LANG: 'zh_CN.UTF-8' }), 'zh');
  assert.equal(detectLang({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' }), 'en');
  assert.equal(detectLang({ LC_MESSAGES: 'zh_TW.UTF-8' }), 'zh');
  assert.equal(detectLang({}), 'en');
  const r = await run(['close-wait'], { LANG: 'zh_CN.UTF-8' });
  assert.match(r.out, /对端已关闭/);
  const en = await run(['close-wait', '--lang', 'en'], { LANG: 'zh_CN.UTF-8' });
  assert.match(en.out, /The peer closed its side/);
});

test('states draws the diagram with the named state highlighted', async () => {
  const all = await run(['states']);
  assert.equal(all.code, 0);
  assert.match(all.out, /│\s+ESTABLISHED\s+│/);
  assert.doesNotMatch(all.out, /║/);
  const one = await run(['states', 'time-wait']);
  assert.equal(one.code, 0);
  assert.match(one.out, /║\s*▶TIME_WAIT◀\s*║/);
  assert.match(one.out, /\[state:TIME_WAIT\]/);
  assert.equal((await run(['states', 'nonsense'])).code, 1);
});

test('--list prints one line per entry, filtered by kind', async () => {
  const r = await run(['--list', 'state']);
  assert.equal(r.code, 0);
  assert.equal(r.out.trim().split('\n').length, 11);
  const j = await run(['--list', 'sysctl', '--json']);
  const doc = JSON.parse(j.out) as { entries: { kind: string }[] };
  assert.ok(doc.entries.length > 20 && doc.entries.every((e) => e.kind === 'sysctl'));
});

test('--help lists every option with examples', async () => {
  const io = makeBufferIo();
  assert.equal(await main(['explain', '--help'], io), 0);
  for (const opt of ['--lang', '--os', '--json', '--list', 'Examples:']) assert.ok(io.out().includes(opt), opt);
});
