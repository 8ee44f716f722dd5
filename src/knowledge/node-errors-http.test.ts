import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findEntry } from './index.js';
import { lookupQuery } from './lookup.js';
import { NODE_HTTP_ENTRIES, NODE_HTTP_MATCHERS } from './node-errors-http.js';

function ids(query: string): string[] {
  return lookupQuery(query).matches.map((m) => m.entry.id);
}

// Node's global fetch cannot set undici's headersTimeout or bodyTimeout without the undici package, which this
// project does not depend on, so these two are checked by code, class name and message text only.
test('undici timeouts by code, class name and the message undici 6 (bundled in Node 20) sets', () => {
  for (const q of ['UND_ERR_HEADERS_TIMEOUT', 'HeadersTimeoutError', 'Headers Timeout Error', 'HeadersTimeoutError: Headers Timeout Error']) assert.deepEqual(ids(q), ['node:und-err-headers-timeout'], q);
  for (const q of ['UND_ERR_BODY_TIMEOUT', 'BodyTimeoutError', 'BodyTimeoutError: Body Timeout Error']) assert.deepEqual(ids(q), ['node:und-err-body-timeout'], q);
  for (const q of ['UND_ERR_CLOSED', 'ClientClosedError', 'ClientClosedError: The client is closed']) assert.deepEqual(ids(q), ['node:und-err-closed'], q);
});

test('aborts and AbortSignal.timeout are told apart', () => {
  for (const q of ['TimeoutError: The operation was aborted due to timeout', 'TimeoutError']) assert.deepEqual(ids(q), ['node:timeout-error'], q);
  for (const q of ['AbortError: This operation was aborted', 'The operation was aborted', 'ABORT_ERR', 'UND_ERR_ABORTED', 'RequestAbortedError: Request aborted', 'AbortError']) assert.deepEqual(ids(q), ['node:abort-error'], q);
});

test('Node http and stream errors by code and message', () => {
  const cases: [string, string[]][] = [
    ['node:err-http-request-timeout', ['ERR_HTTP_REQUEST_TIMEOUT', 'Error [ERR_HTTP_REQUEST_TIMEOUT]: Request timeout', 'Request timeout']],
    ['node:err-stream-premature-close', ['ERR_STREAM_PREMATURE_CLOSE', 'Error [ERR_STREAM_PREMATURE_CLOSE]: Premature close']],
    ['node:hpe-invalid-constant', ['HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/, RTSP/ or ICE/', 'Error: Parse Error: Expected HTTP/', 'HTTPParserError: Response does not match the HTTP/1.1 protocol (Expected HTTP/)']],
    ['node:err-stream-write-after-end', ['ERR_STREAM_WRITE_AFTER_END', 'Error [ERR_STREAM_WRITE_AFTER_END]: write after end', 'write after end']],
  ];
  for (const [id, queries] of cases) for (const q of queries) assert.deepEqual(ids(q), [id], q);
});

test('the documented defaults are stated: 300 s for undici and server.requestTimeout, 60 s for headersTimeout', () => {
  assert.match(findEntry('node:und-err-headers-timeout')?.summary.en ?? '', /300 s/);
  assert.match(findEntry('node:und-err-body-timeout')?.summary.en ?? '', /300 s/);
  const timeout = findEntry('node:err-http-request-timeout')?.details.en ?? '';
  assert.match(timeout, /requestTimeout \(300000 ms since Node 18/);
  assert.match(timeout, /headersTimeout \(60000 ms\)/);
});

test('every HTTP matcher points at an HTTP entry, and every entry can be found by a code or message', () => {
  const entryIds = new Set(NODE_HTTP_ENTRIES.map((e) => e.id));
  for (const m of NODE_HTTP_MATCHERS) assert.ok(entryIds.has(m.id) && findEntry(m.id) !== undefined, m.id);
  for (const id of entryIds) assert.ok(NODE_HTTP_MATCHERS.some((m) => m.id === id), `${id} has no matcher`);
});
