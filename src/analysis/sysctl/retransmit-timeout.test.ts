import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeKeepaliveDetection, computeRetriesTimeout } from './retransmit-timeout.js';

test('tcp_retries2 turns into the times the kernel documentation gives', () => {
  // ip-sysctl.rst: 15 gives a hypothetical timeout of 924.6 s; RFC 1122's 100 s matches 8.
  assert.equal(Math.round(computeRetriesTimeout(15) * 10) / 10, 924.6);
  assert.equal(Math.round(computeRetriesTimeout(8) * 10) / 10, 102.2);
  assert.ok(computeRetriesTimeout(7) < 100);
  assert.equal(Math.round(computeRetriesTimeout(5) * 10) / 10, 12.6);
});

test('keepalive detection is idle time plus every probe interval', () => {
  assert.equal(computeKeepaliveDetection(7200, 75, 9), 7875);
});
