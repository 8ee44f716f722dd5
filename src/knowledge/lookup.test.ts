import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listEntries, lookupQuery, suggestEntries } from './lookup.js';

function ids(query: string, os?: 'linux' | 'darwin' | 'windows'): string[] {
  return lookupQuery(query, os === undefined ? {} : { os }).matches.map((m) => m.entry.id);
}

test('every accepted form of ECONNRESET resolves to it', () => {
  for (const q of ['ECONNRESET', 'econnreset', 'EConnReset', '-104', '-4077', 'errno:ECONNRESET']) {
    assert.ok(ids(q).includes('errno:ECONNRESET'), q);
  }
  assert.deepEqual(ids('10054'), ['wsa:WSAECONNRESET', 'errno:ECONNRESET']);
  assert.deepEqual(ids('WSAECONNRESET'), ['wsa:WSAECONNRESET', 'errno:ECONNRESET']);
  assert.deepEqual(ids('0x80072746'), ['wsa:WSAECONNRESET', 'errno:ECONNRESET']);
  assert.deepEqual(ids('WSAHOST_NOT_FOUND'), ['wsa:WSAHOST_NOT_FOUND']);
});

test('a number lists its meaning on each system, and --os narrows it', () => {
  assert.deepEqual(ids('104'), ['errno:ECONNRESET', 'errno:ENOTRECOVERABLE']);
  assert.deepEqual(ids('104', 'linux'), ['errno:ECONNRESET']);
  assert.deepEqual(ids('104', 'darwin'), ['errno:ENOTRECOVERABLE']);
  assert.deepEqual(ids('54', 'darwin'), ['errno:ECONNRESET']);
  assert.deepEqual(ids('54', 'linux'), ['errno:EXFULL']);
  assert.deepEqual(ids('-54', 'darwin'), ['errno:ECONNRESET']);
  assert.deepEqual(ids('5', 'windows'), ['win32:ERROR_ACCESS_DENIED', 'errno:EACCES']);
  const notes = lookupQuery('32').matches.find((m) => m.entry.id === 'errno:EPIPE')?.notes.map((n) => n.en);
  assert.deepEqual(notes, ['Linux errno 32', 'macOS/BSD errno 32']);
});

test('HRESULT decoding reaches the Win32 entry', () => {
  assert.deepEqual(ids('0x800700b7'), ['win32:ERROR_ALREADY_EXISTS', 'errno:EEXIST']);
  assert.deepEqual(ids('0x80070005'), ['win32:ERROR_ACCESS_DENIED', 'errno:EACCES']);
});

test('Node messages resolve to the Node entry and the errno entry', () => {
  assert.deepEqual(ids('connect ECONNREFUSED 127.0.0.1:9000'), ['node:connect-econnrefused', 'errno:ECONNREFUSED']);
  assert.deepEqual(ids('read ECONNRESET'), ['node:read-econnreset', 'errno:ECONNRESET']);
  assert.deepEqual(ids('write EPIPE'), ['node:write-epipe', 'errno:EPIPE']);
  assert.deepEqual(ids('Error: socket hang up'), ['node:socket-hang-up']);
  assert.deepEqual(ids('getaddrinfo ENOTFOUND host'), ['node:getaddrinfo-enotfound']);
  assert.deepEqual(ids('getaddrinfo EAI_AGAIN db'), ['node:getaddrinfo-eai-again']);
  assert.deepEqual(ids('listen EADDRINUSE: address already in use :::3000'), ['node:listen-eaddrinuse', 'errno:EADDRINUSE']);
  assert.deepEqual(ids('ERR_SOCKET_CONNECTION_TIMEOUT'), ['node:err-socket-connection-timeout']);
  assert.deepEqual(ids('AggregateError [ECONNREFUSED]:'), ['node:aggregate-error', 'errno:ECONNREFUSED']);
  assert.deepEqual(ids('SocketError: other side closed'), ['node:und-err-socket']);
  assert.deepEqual(ids('UND_ERR_CONNECT_TIMEOUT'), ['node:und-err-connect-timeout']);
});

test('states, sysctls, counters, ICMP and tcpdump notation', () => {
  for (const q of ['CLOSE_WAIT', 'close-wait', 'Close Wait', 'CLOSE-WAIT', 'closewait']) assert.deepEqual(ids(q), ['state:CLOSE_WAIT'], q);
  assert.deepEqual(ids('SYN-RECEIVED'), ['state:SYN_RECV']);
  assert.deepEqual(ids('closed'), ['state:CLOSE']);
  assert.deepEqual(ids('tcp_tw_recycle'), ['sysctl:net.ipv4.tcp_tw_recycle']);
  assert.deepEqual(ids('net.ipv4.tcp_fin_timeout'), ['sysctl:net.ipv4.tcp_fin_timeout']);
  assert.deepEqual(ids('/proc/sys/net/core/somaxconn'), ['sysctl:net.core.somaxconn']);
  assert.deepEqual(ids('ListenOverflows'), ['counter:TcpExt:ListenOverflows']);
  assert.deepEqual(ids('TcpExtListenOverflows'), ['counter:TcpExt:ListenOverflows']);
  assert.deepEqual(ids('TcpExt:ListenOverflows'), ['counter:TcpExt:ListenOverflows']);
  assert.deepEqual(ids('icmp 3/3'), ['icmp:3/3']);
  assert.deepEqual(ids('icmpv6 1/4'), ['icmpv6:1/4']);
  assert.equal(ids('icmp 3').length, 16);
  assert.deepEqual(ids('Flags [R.]'), ['tcpdump:flags:R.']);
  assert.deepEqual(ids('[SEW]'), ['tcpdump:flags:S', 'tcpdump:flags:E', 'tcpdump:flags:W']);
  assert.equal(ids('states').length, 11);
});

test('garbage matches nothing and gets suggestions; typos suggest the right entry first', () => {
  const r = lookupQuery('xyzzy-not-a-thing');
  assert.equal(r.matches.length, 0);
  assert.equal(r.suggestions.length, 5);
  assert.equal(suggestEntries('ECONNRESTE')[0]?.id, 'errno:ECONNRESET');
  assert.equal(suggestEntries('tcp_fin_timout')[0]?.id, 'sysctl:net.ipv4.tcp_fin_timeout');
  assert.equal(lookupQuery('').suggestions.length, 0);
  assert.equal(lookupQuery('icmp 99/99').matches.length, 0);
  assert.equal(lookupQuery('99999').matches.length, 0);
});

test('listEntries filters by kind', () => {
  assert.equal(listEntries('state').length, 11);
  assert.ok(listEntries().length > listEntries('errno').length);
});

test('a very long unknown query is ranked by its first characters, the same as that prefix', () => {
  const prefix = 'ECONNRESTE' + 'x'.repeat(54);
  const long = prefix + 'y'.repeat(100_000);
  assert.deepEqual(suggestEntries(long).map((e) => e.id), suggestEntries(prefix).map((e) => e.id));
});
