import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, splitHostPort } from './parse-query.js';

test('numbers, negative numbers and HRESULTs', () => {
  assert.deepEqual(parseQuery('104'), { type: 'number', value: 104 });
  assert.deepEqual(parseQuery('-4077'), { type: 'number', value: -4077 });
  assert.deepEqual(parseQuery('0x800700b7'), { type: 'hresult', value: 0x800700b7 });
  assert.deepEqual(parseQuery('0X800700B7'), { type: 'hresult', value: 0x800700b7 });
  assert.deepEqual(parseQuery('-2147024713'), { type: 'hresult', value: 0x800700b7 });
});

test('ICMP forms', () => {
  assert.deepEqual(parseQuery('icmp 3/3'), { type: 'icmp', v6: false, icmpType: 3, icmpCode: 3 });
  assert.deepEqual(parseQuery('ICMPv6 1/4'), { type: 'icmp', v6: true, icmpType: 1, icmpCode: 4 });
  assert.deepEqual(parseQuery('icmp6 1 4'), { type: 'icmp', v6: true, icmpType: 1, icmpCode: 4 });
  assert.deepEqual(parseQuery('icmp type 3 code 10'), { type: 'icmp', v6: false, icmpType: 3, icmpCode: 10 });
  assert.deepEqual(parseQuery('icmp 11'), { type: 'icmp', v6: false, icmpType: 11, icmpCode: undefined });
});

test('tcpdump flags with and without the Flags word', () => {
  assert.deepEqual(parseQuery('Flags [R.]'), { type: 'flags', flags: 'R.' });
  assert.deepEqual(parseQuery('"[S.]"'), { type: 'flags', flags: 'S.' });
});

test('Node messages give syscall, code, address and port', () => {
  const q = parseQuery('connect ECONNREFUSED 127.0.0.1:9000');
  assert.equal(q.type, 'node-message');
  if (q.type !== 'node-message') return;
  assert.equal(q.syscall, 'connect');
  assert.equal(q.code, 'ECONNREFUSED');
  assert.equal(q.address, '127.0.0.1');
  assert.equal(q.port, 9000);

  const listen = parseQuery('Error: listen EADDRINUSE: address already in use :::3000');
  assert.ok(listen.type === 'node-message');
  assert.equal(listen.address, '::');
  assert.equal(listen.port, 3000);

  const dns = parseQuery('getaddrinfo ENOTFOUND db.example.invalid');
  assert.ok(dns.type === 'node-message');
  assert.equal(dns.hostname, 'db.example.invalid');
  assert.equal(dns.address, undefined);

  const local = parseQuery('connect ENETUNREACH 10.255.255.1:80 - Local (0.0.0.0:0)');
  assert.ok(local.type === 'node-message');
  assert.equal(local.address, '10.255.255.1');
  assert.equal(local.port, 80);

  const read = parseQuery('read ECONNRESET');
  assert.ok(read.type === 'node-message');
  assert.equal(read.address, undefined);
  assert.equal(read.syscall, 'read');
});

test('an OpenSSL error string after the code is not read as an address', () => {
  const q = parseQuery('write EPROTO 80BC25651C7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:');
  assert.ok(q.type === 'node-message');
  assert.deepEqual([q.syscall, q.code, q.address, q.port], ['write', 'EPROTO', undefined, undefined]);
});

test('an empty AggregateError message still yields its code', () => {
  const q = parseQuery('AggregateError [ETIMEDOUT]:');
  assert.ok(q.type === 'node-message');
  assert.equal(q.code, 'ETIMEDOUT');
  assert.equal(q.aggregate, true);
});

test('other text and garbage stay text; blank is empty', () => {
  assert.deepEqual(parseQuery('close-wait'), { type: 'text', text: 'close-wait' });
  assert.deepEqual(parseQuery('socket hang up'), { type: 'text', text: 'socket hang up' });
  assert.deepEqual(parseQuery('   '), { type: 'empty' });
  assert.equal(parseQuery('%%%$$$').type, 'text');
  assert.equal(parseQuery('9'.repeat(40)).type, 'text');
});

test('splitHostPort handles IPv6 as Node prints it', () => {
  assert.deepEqual(splitHostPort('::1:5432'), { address: '::1', port: 5432 });
  assert.deepEqual(splitHostPort('[::1]:80'), { address: '::1', port: 80 });
  assert.deepEqual(splitHostPort('example.com'), { address: 'example.com', port: undefined });
});
