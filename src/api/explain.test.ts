import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain, explainError, fillPlaceholders, pickNumber } from './explain.js';
import { findEntry } from '../knowledge/index.js';

test('explain returns entries in the chosen language with numbers for the chosen system', () => {
  const en = explain('ECONNRESET');
  assert.equal(en.entries[0]?.number, 104);
  const zh = explain('ECONNRESET', { lang: 'zh' });
  assert.match(zh.entries[0]?.summary ?? '', /RST/);
  assert.notEqual(zh.entries[0]?.summary, en.entries[0]?.summary);
  const entry = findEntry('errno:ECONNRESET');
  assert.ok(entry !== undefined);
  assert.equal(pickNumber(entry, 'darwin'), 54);
  assert.equal(pickNumber(entry, 'windows'), 10054);
  assert.equal(pickNumber(findEntry('icmp:3/3') ?? entry), '3/3');
});

test('placeholders are filled from the error, or left as words to fill in', () => {
  assert.equal(fillPlaceholders('ss {address}:{port} {host} {syscall}', { address: '10.0.0.1', port: 80, syscall: 'connect' }), 'ss 10.0.0.1:80 10.0.0.1 connect');
  assert.equal(fillPlaceholders('ss {address}:{port}', {}), 'ss ADDRESS:PORT');
  assert.equal(fillPlaceholders('getent ahosts {host}', { hostname: 'db.invalid' }), 'getent ahosts db.invalid');
});

test('explainError accepts a message string', () => {
  const r = explainError('getaddrinfo ENOTFOUND db.example.invalid');
  assert.equal(r.context.hostname, 'db.example.invalid');
  assert.equal(r.entries[0]?.id, 'node:getaddrinfo-enotfound');
  assert.match(r.entries[0]?.summary ?? '', /db\.example\.invalid/);
  assert.match(r.headline, /^getaddrinfo ENOTFOUND \(db\.example\.invalid\): /);
});

test('explainError walks AggregateError.errors and the cause chain', () => {
  const inner = [
    Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: '::1', port: 5432 }),
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: '127.0.0.1', port: 5432 }),
  ];
  const agg = Object.assign(new AggregateError(inner, ''), { code: 'ECONNREFUSED' });
  const fetchFailed = new TypeError('fetch failed', { cause: agg });
  const r = explainError(fetchFailed, { os: 'linux' });
  assert.equal(r.entries[0]?.id, 'node:fetch-failed');
  const a = r.causes[0];
  assert.deepEqual(a?.entries.map((e) => e.id), ['node:aggregate-error', 'errno:ECONNREFUSED']);
  assert.equal(a?.causes[0]?.entries[0]?.id, 'node:connect-econnrefused');
  assert.deepEqual(a?.causes.map((c) => `${c.context.address}:${c.context.port}`), ['::1:5432', '127.0.0.1:5432']);
});

test('an undici SocketError is recognised by code and message', () => {
  const socketError = Object.assign(new Error('other side closed'), { name: 'SocketError', code: 'UND_ERR_SOCKET' });
  const r = explainError(socketError);
  assert.deepEqual(r.entries.map((e) => e.id), ['node:und-err-socket']);
});

test('an error with only an errno number still resolves', () => {
  const r = explainError({ errno: -104 }, { os: 'linux' });
  assert.equal(r.entries[0]?.id, 'errno:ECONNRESET');
});
