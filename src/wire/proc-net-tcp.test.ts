import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProcNetTcp, decodeProcNetTcpRows, LISTEN_BACKLOG_NOTE } from './proc-net-tcp.js';

// Lines captured from a 6.18 kernel (trailing padding kept), plus lines built from the
// kernel's format strings for states that are hard to catch (SYN_RECV, zero-window probe).
const HEADER4 =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     ';
const LISTEN4 =
  '   0: 0100007F:1B59 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 12952 1 00000000d0f762a8 100 0 0 10 0                     ';
const ESTABLISHED4 =
  '   1: 0100007F:889E 0100007F:1B5A 01 00000000:00000000 00:00000000 00000000     0        0 12958 2 00000000f45d3663 20 0 0 10 -1                     ';
const CLOSE_WAIT4 =
  '   2: 0100007F:1B59 0100007F:9B5C 08 00000000:00000005 00:00000000 00000000  1000        0 12961 1 00000000d4a9a379 20 4 0 10 -1                     ';
const FIN_WAIT2_TIMER =
  '   4: 0100007F:9B5C 0100007F:1B59 05 00000000:00000000 02:000001D5 00000000     0        0 12960 2 0000000040994366 20 0 0 11 -1                     ';
const RETRANSMIT =
  '   5: 0100000A:D431 0200000A:01BB 01 0000A8C0:00000000 01:0000002F 00000003  1000        0 22222 2 0000000000000000 160 4 1 10 7';
const KEEPALIVE =
  '   6: 0100000A:D432 0200000A:01BB 01 00000000:00000000 02:00001770 00000000  1000        2 22223 2 0000000000000000 20 4 1 10 -1';
const PROBE0 =
  '   7: 0100000A:D433 0200000A:01BB 01 00010000:00000000 04:000000C8 00000000  1000        5 22224 2 0000000000000000 20 4 1 10 -1';
const TIME_WAIT4 =
  '   1: 0100007F:C370 0100007F:1B59 06 00000000:00000000 03:00001765 00000000     0        0 0 3 00000000c72b3968                                      ';
const SYN_RECV4 =
  '   8: 0100007F:1B59 0100007F:C372 03 00000000:00000000 01:00000064 00000002  1000        0 0 0 0000000000000000';
const HEADER6 =
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const LISTEN6 =
  '   0: 00000000000000000000000000000000:1B5A 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12953 1 000000002646e1a6 100 0 0 10 0';
const MAPPED6 =
  '   1: 0000000000000000FFFF00000100007F:1B5A 0000000000000000FFFF00000100007F:889E 01 00000000:00000000 00:00000000 00000000     0        0 12959 1 0000000034289fe0 20 0 0 10 -1';
const LOOPBACK6 =
  '   2: 00000000000000000000000001000000:CBF8 00000000000000000000000001000000:1B5A 01 00000000:00000000 00:00000000 00000000     0        0 12956 2 00000000b2487efa 20 0 0 10 -1';
// 2001:db8::1 and fe80::1, each word in little-endian order.
const GLOBAL6 =
  '   3: B80D0120000000000000000001000000:01BB 000080FE000000000000000001000000:C000 01 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000 20 4 0 10 -1';

test('a LISTEN line: addresses, accept queue as Recv-Q, Send-Q 0 because the backlog is unknown', () => {
  const result = decodeProcNetTcp([HEADER4, LISTEN4, ''].join('\n'));
  assert.equal(result.unparsed, 0);
  assert.equal(result.headerSeen, true);
  assert.equal(result.listenersWithoutBacklog, 1);
  const [s] = result.sockets;
  assert.ok(s);
  assert.equal(s.family, 4);
  assert.equal(s.state, 'LISTEN');
  assert.deepEqual(s.local, { address: '127.0.0.1', port: 7001 });
  assert.deepEqual(s.remote, { address: '0.0.0.0', port: 0 });
  assert.equal(s.recvQ, 3);
  assert.equal(s.sendQ, 0);
  assert.equal(s.timer, null);
  assert.equal(s.inode, 12952);
  assert.equal(s.process, null);
  assert.deepEqual(s.processes, []);
  assert.match(LISTEN_BACKLOG_NOTE, /backlog/);
});

test('ESTABLISHED, CLOSE_WAIT and FIN_WAIT2 lines keep queues, uid and inode', () => {
  const { sockets, unparsed } = decodeProcNetTcp([HEADER4, ESTABLISHED4, CLOSE_WAIT4, FIN_WAIT2_TIMER].join('\n'));
  assert.equal(unparsed, 0);
  assert.deepEqual(
    sockets.map((s) => [s.state, s.local.port, s.remote.port, s.recvQ, s.uid, s.inode]),
    [
      ['ESTABLISHED', 0x889e, 0x1b5a, 0, 0, 12958],
      ['CLOSE_WAIT', 0x1b59, 0x9b5c, 5, 1000, 12961],
      ['FIN_WAIT2', 0x9b5c, 0x1b59, 0, 0, 12960],
    ],
  );
  // FIN_WAIT2 of an orphan runs sk_timer (tr 2): 0x1D5 ticks of 10 ms.
  assert.deepEqual(sockets[2]?.timer, { kind: 'keepalive', expiresMs: 4690, retransmits: 0 });
});

test('timers: retransmit counts retrnsmt, keepalive and zero-window probe count the timeout column', () => {
  const { sockets } = decodeProcNetTcp([RETRANSMIT, KEEPALIVE, PROBE0].join('\n'));
  assert.deepEqual(sockets[0]?.timer, { kind: 'on', expiresMs: 470, retransmits: 3 });
  assert.equal(sockets[0]?.sendQ, 0xa8c0);
  assert.deepEqual(sockets[0]?.local, { address: '10.0.0.1', port: 0xd431 });
  assert.deepEqual(sockets[0]?.remote, { address: '10.0.0.2', port: 443 });
  assert.deepEqual(sockets[1]?.timer, { kind: 'keepalive', expiresMs: 60000, retransmits: 2 });
  assert.deepEqual(sockets[2]?.timer, { kind: 'probe0', expiresMs: 2000, retransmits: 5 });
  assert.equal(sockets[2]?.sendQ, 0x10000);
});

test('TIME_WAIT and SYN_RECV short lines decode with inode 0', () => {
  const { sockets, unparsed } = decodeProcNetTcp([TIME_WAIT4, SYN_RECV4].join('\n'));
  assert.equal(unparsed, 0);
  const [tw, syn] = sockets;
  assert.equal(tw?.state, 'TIME_WAIT');
  assert.equal(tw?.inode, 0);
  assert.deepEqual(tw?.timer, { kind: 'timewait', expiresMs: 59890, retransmits: 0 });
  assert.equal(syn?.state, 'SYN_RECV');
  assert.equal(syn?.uid, 1000);
  assert.deepEqual(syn?.timer, { kind: 'on', expiresMs: 1000, retransmits: 2 });
});

test('IPv6 lines: host-order words, RFC 5952 text, IPv4-mapped printed as IPv4', () => {
  const { sockets, unparsed, headerSeen } = decodeProcNetTcp([HEADER6, LISTEN6, MAPPED6, LOOPBACK6, GLOBAL6].join('\n'));
  assert.equal(unparsed, 0);
  assert.equal(headerSeen, true);
  assert.deepEqual(
    sockets.map((s) => [s.family, s.state, `${s.local.address} ${s.local.port}`, `${s.remote.address} ${s.remote.port}`]),
    [
      [6, 'LISTEN', ':: 7002', ':: 0'],
      [6, 'ESTABLISHED', '127.0.0.1 7002', '127.0.0.1 34974'],
      [6, 'ESTABLISHED', '::1 52216', '::1 7002'],
      [6, 'ESTABLISHED', '2001:db8::1 443', 'fe80::1 49152'],
    ],
  );
});

test('big-endian machines print addresses in network order', () => {
  const line = '   0: 7F000001:1F90 0A000002:01BB 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0 20 4 0 10 -1';
  const { sockets } = decodeProcNetTcp(line, { bigEndian: true });
  assert.equal(sockets[0]?.local.address, '127.0.0.1');
  assert.equal(sockets[0]?.remote.address, '10.0.0.2');
});

test('raw rows carry every column, with the tail null on short lines', () => {
  const { rows } = decodeProcNetTcpRows([HEADER4, RETRANSMIT, TIME_WAIT4].join('\n'));
  assert.deepEqual(rows[0], {
    slot: 5,
    family: 4,
    localAddress: '10.0.0.1',
    localPort: 0xd431,
    remoteAddress: '10.0.0.2',
    remotePort: 443,
    st: 1,
    txQueue: 0xa8c0,
    rxQueue: 0,
    timerCode: 1,
    timerTicks: 0x2f,
    retransmits: 3,
    uid: 1000,
    probes: 0,
    inode: 22222,
    refcount: 2,
    pointer: '0000000000000000',
    rtoTicks: 160,
    atoTicks: 4,
    quickAckPingpong: 1,
    cwnd: 10,
    ssthresh: 7,
  });
  assert.equal(rows[1]?.refcount, 3);
  assert.equal(rows[1]?.pointer, '00000000c72b3968');
  assert.equal(rows[1]?.rtoTicks, null);
  assert.equal(rows[1]?.ssthresh, null);
});

test('an overdue timer printed as a wrapped 64-bit value becomes negative', () => {
  const line = '   0: 0100007F:1B59 0100007F:C372 01 00000000:00000000 01:FFFFFFFFFFFFFFCE 00000001  1000        0 5 1 0';
  const { sockets } = decodeProcNetTcp(line);
  assert.equal(sockets[0]?.timer?.expiresMs, -500);
});

test('garbage and truncated lines are counted, never thrown', () => {
  const input = [
    HEADER4,
    LISTEN4,
    'garbage line here',
    LISTEN4.slice(0, 40),
    LISTEN4.slice(0, 75),
    '   9: 0100007F:1B59 00000000:0000 0C 00000000:00000000 00:00000000 00000000     0        0 1',
    '   9: 0100007F:1B59 0000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1',
    '   9: 0100007F:1B59 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1',
    '   9: 0100007F:1B5 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1x',
    '\u0000\u00ff\ufffd',
    ESTABLISHED4,
  ].join('\n');
  const result = decodeProcNetTcp(input);
  assert.equal(result.sockets.length, 2);
  assert.equal(result.unparsed, 8);
  const rows = decodeProcNetTcpRows(input);
  assert.equal(rows.rows.length, 2);
  assert.equal(rows.unparsed, 8);
});

test('header only, empty input, blank lines and CRLF', () => {
  assert.deepEqual(decodeProcNetTcp(HEADER4 + '\n'), { sockets: [], unparsed: 0, headerSeen: true, listenersWithoutBacklog: 0 });
  assert.deepEqual(decodeProcNetTcp(''), { sockets: [], unparsed: 0, headerSeen: false, listenersWithoutBacklog: 0 });
  const crlf = decodeProcNetTcp(`${HEADER4}\r\n\r\n\n${ESTABLISHED4}\r\n`);
  assert.equal(crlf.unparsed, 0);
  assert.equal(crlf.sockets.length, 1);
});

test('text and bytes decode the same', () => {
  const text = [HEADER4, LISTEN4, ESTABLISHED4, TIME_WAIT4, SYN_RECV4, LISTEN6, MAPPED6].join('\n');
  assert.deepEqual(decodeProcNetTcp(Buffer.from(text, 'latin1')), decodeProcNetTcp(text));
});

test('every split of a line either decodes or counts as unparsed', () => {
  for (let cut = 0; cut <= ESTABLISHED4.length; cut++) {
    const result = decodeProcNetTcp(ESTABLISHED4.slice(0, cut));
    assert.equal(result.sockets.length + result.unparsed <= 1, true);
    // The inode ends at column 91; anything shorter cannot be a complete socket line.
    if (cut < 91) assert.equal(result.sockets.length, 0, `cut at ${cut}`);
  }
});
