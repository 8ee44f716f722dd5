import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchKernelLog, matchKernelLogLine } from './match-kernel-log.js';

test('SYN flood lines of old and new kernels give the port, address and action', () => {
  const modern = matchKernelLogLine('TCP: request_sock_TCP: Possible SYN flooding on port 0.0.0.0:8080. Sending cookies.', 1000, 61_000);
  assert.equal(modern?.kind, 'syn-flood');
  assert.equal(modern?.port, 8080);
  assert.equal(modern?.address, '0.0.0.0');
  assert.equal(modern?.action, 'cookies');
  assert.equal(modern?.ageMs, 60_000);
  const v6 = matchKernelLogLine('TCPv6: request_sock_TCPv6: Possible SYN flooding on port [::]:443. Dropping request.  Check SNMP counters.', null, 5);
  assert.equal(v6?.port, 443);
  assert.equal(v6?.address, '::');
  assert.equal(v6?.action, 'drop');
  assert.equal(v6?.ageMs, null);
  const old = matchKernelLogLine('TCP: Possible SYN flooding on port 80. Sending cookies.  Check SNMP counters.', 5, null);
  assert.equal(old?.port, 80);
  assert.equal(old?.address, null);
});

test('orphan, memory and TIME_WAIT overflow warnings are recognised loosely', () => {
  assert.equal(matchKernelLogLine('TCP: too many orphaned sockets', 1, 2)?.kind, 'orphans');
  assert.equal(matchKernelLogLine('TCP: too many of orphaned sockets', 1, 2)?.kind, 'orphans');
  assert.equal(matchKernelLogLine('TCP: out of memory -- consider tuning tcp_mem', 1, 2)?.kind, 'tcp-memory');
  assert.equal(matchKernelLogLine('TCP: time wait bucket table overflow', 1, 2)?.kind, 'tw-overflow');
  assert.equal(matchKernelLogLine('TCP: timewait bucket table overflow', 1, 2)?.kind, 'tw-overflow');
});

test('other lines are ignored and matches keep their order', () => {
  assert.equal(matchKernelLogLine('eth0: link up', 1, 2), null);
  const found = matchKernelLog(
    [
      { bootMs: 1, text: 'veth1: entered promiscuous mode' },
      { bootMs: 2, text: 'TCP: out of memory -- consider tuning tcp_mem' },
      { bootMs: 3, text: 'TCP: request_sock_TCP: Possible SYN flooding on port 127.0.0.1:9000. Sending cookies.' },
    ],
    10,
  );
  assert.deepEqual(found.map((m) => m.kind), ['tcp-memory', 'syn-flood']);
  assert.deepEqual(found.map((m) => m.ageMs), [8, 7]);
});
