import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIpv4, formatIpv6, parseIp, matchesPrefix } from './ip-address.js';

test('IPv4 bytes print as a dotted quad', () => {
  assert.equal(formatIpv4(Uint8Array.of(0, 127, 0, 0, 1), 1), '127.0.0.1');
});

test('IPv6 text follows RFC 5952', () => {
  const cases: [string, string][] = [
    ['0:0:0:0:0:0:0:1', '::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['fe80:0:0:0:0:0:0:0', 'fe80::'],
    ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329'],
  ];
  for (const [input, expected] of cases) {
    const parsed = parseIp(input);
    assert.ok(parsed !== null, input);
    assert.equal(formatIpv6(parsed.bytes), expected);
  }
});

test('IPv4-mapped IPv6 prints as IPv4', () => {
  const parsed = parseIp('::ffff:10.1.2.3');
  assert.ok(parsed !== null);
  assert.equal(parsed.family, 6);
  assert.equal(formatIpv6(parsed.bytes), '10.1.2.3');
});

test('bad addresses are rejected', () => {
  for (const bad of ['', '1.2.3', '1.2.3.256', '1::2::3', 'g::1', '1:2:3:4:5:6:7:8:9', 'example.com', '01.2.3.4.5']) {
    assert.equal(parseIp(bad), null, bad);
  }
  assert.deepEqual(parseIp('[::1]')?.family, 6);
});

test('prefix matching', () => {
  const net = parseIp('10.0.0.0')!.bytes;
  assert.ok(matchesPrefix(parseIp('10.200.1.1')!.bytes, net, 8));
  assert.ok(!matchesPrefix(parseIp('11.0.0.1')!.bytes, net, 8));
  assert.ok(matchesPrefix(parseIp('10.0.0.129')!.bytes, parseIp('10.0.0.128')!.bytes, 25));
  assert.ok(!matchesPrefix(parseIp('10.0.0.127')!.bytes, parseIp('10.0.0.128')!.bytes, 25));
  assert.ok(matchesPrefix(parseIp('1.2.3.4')!.bytes, net, 0));
});
