import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHresult, parseHresult } from './windows.js';

test('HRESULT 0x800700B7 is Win32 error 183 (ERROR_ALREADY_EXISTS)', () => {
  const d = decodeHresult(0x800700b7);
  assert.deepEqual(d, { hresult: 0x800700b7, failure: true, facility: 7, code: 183, win32: 183 });
});

test('HRESULT 0x80072746 wraps Winsock 10054', () => {
  assert.equal(decodeHresult(0x80072746).win32, 10054);
});

test('non-Win32 facilities and success codes carry no Win32 error', () => {
  assert.equal(decodeHresult(0x80040154).win32, undefined); // facility 4 (ITF)
  assert.equal(decodeHresult(0x00070005).win32, undefined); // severity bit clear
});

test('parseHresult reads hex with and without 0x and the signed decimal form', () => {
  assert.equal(parseHresult('0x800700b7'), 0x800700b7);
  assert.equal(parseHresult('800700B7'), 0x800700b7);
  assert.equal(parseHresult('-2147024713'), 0x800700b7);
  assert.equal(parseHresult('0x000000b7'), undefined);
  assert.equal(parseHresult('hello'), undefined);
  assert.equal(parseHresult('0x8007'), undefined);
});
