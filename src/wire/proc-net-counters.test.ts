import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCounterPairs, decodeSockstat } from './proc-net-counters.js';

// Shapes as printed by a 6.18 kernel (shortened rows).
const NETSTAT = [
  'TcpExt: SyncookiesSent SyncookiesRecv ListenOverflows ListenDrops TCPTimeWaitOverflow',
  'TcpExt: 3 1 17 19 0',
  'IpExt: InNoRoutes InOctets',
  'IpExt: 0 123456789012',
  '',
].join('\n');
const SNMP = [
  'Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab',
  'Tcp: 1 200 120000 -1 45 40 2 3 6',
  'Udp: InDatagrams NoPorts',
  'Udp: 10 1',
].join('\n');

test('header/value pairs per prefix', () => {
  const netstat = decodeCounterPairs(NETSTAT);
  assert.equal(netstat.unparsed, 0);
  assert.equal(netstat.groups.TcpExt?.ListenOverflows, 17);
  assert.equal(netstat.groups.TcpExt?.SyncookiesSent, 3);
  assert.equal(netstat.groups.IpExt?.InOctets, 123456789012);
  const snmp = decodeCounterPairs(SNMP);
  assert.equal(snmp.groups.Tcp?.MaxConn, -1);
  assert.equal(snmp.groups.Tcp?.CurrEstab, 6);
  assert.equal(snmp.groups.Udp?.NoPorts, 1);
});

test('mismatched pairs and garbage are counted, the rest still decodes', () => {
  const text = [
    'TcpExt: A B C',
    'TcpExt: 1 2',
    'Garbage without colon',
    'Tcp: ActiveOpens',
    'Udp: 5',
    'Ip: Forwarding DefaultTTL',
    'Ip: 1 64',
    'Icmp: InMsgs',
    'Icmp: lots',
    'Tcp: Dangling',
  ].join('\n');
  const decoded = decodeCounterPairs(text);
  assert.deepEqual(decoded.groups, { Ip: { Forwarding: 1, DefaultTTL: 64 } });
  assert.equal(decoded.unparsed, 8);
  assert.deepEqual(decodeCounterPairs(''), { groups: {}, unparsed: 0 });
});

test('sockstat and sockstat6 lines', () => {
  const { protocols, unparsed } = decodeSockstat(
    'sockets: used 12\nTCP: inuse 1 orphan 0 tw 4 alloc 2 mem 220\nTCP6: inuse 3\nFRAG: inuse 0 memory 0\nbroken line\nUDP: inuse x\n',
  );
  assert.deepEqual(protocols.TCP, { inuse: 1, orphan: 0, tw: 4, alloc: 2, mem: 220 });
  assert.deepEqual(protocols.sockets, { used: 12 });
  assert.deepEqual(protocols.TCP6, { inuse: 3 });
  assert.equal(protocols.UDP, undefined);
  assert.equal(unparsed, 2);
});
