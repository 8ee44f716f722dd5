import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command, parseTraceArgs } from './trace.js';
import { makeBufferIo } from '../io.js';
import { TcpdocError } from '../../model/errors.js';
import { buildEthernet, buildIpv4, buildPcap, buildTcp, type PcapRecord } from '../../wire/capture/capture-builders.test.helper.js';

const SYN = 0x02, ACK = 0x10, FIN = 0x01, PSH = 0x08, RST = 0x04;
let dir = '';
let file = '';

// A frame from 10.0.0.1:40000 ('c') or 10.0.0.2:80 ('s') with seq/ack relative to ISNs 1000 and 5000.
function frame(usec: number, from: 'c' | 's', flags: number, seq: number, ack: number, payload = 0, options: number[] = []): PcapRecord {
  const c = from === 'c';
  const tcp = buildTcp({ srcPort: c ? 40000 : 80, dstPort: c ? 80 : 40000, seq: (c ? 1000 : 5000) + seq, ack: flags & ACK ? (c ? 5000 : 1000) + ack : 0, flags, window: 500, options, payload });
  const ip = buildIpv4(c ? '10.0.0.1' : '10.0.0.2', c ? '10.0.0.2' : '10.0.0.1', 6, tcp);
  return { seconds: 1_700_000_000, fraction: usec, data: buildEthernet(0x0800, ip) };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tcpdoc-trace-cli-'));
  file = join(dir, 'two.pcap');
  const mssWs = [2, 4, 0x05, 0xb4, 1, 3, 3, 7];
  const records = [
    // Connection 1: a request, a response, a normal close.
    frame(0, 'c', SYN, 0, 0, 0, mssWs),
    frame(100, 's', SYN | ACK, 0, 1, 0, mssWs),
    frame(200, 'c', ACK, 1, 1),
    frame(300, 'c', PSH | ACK, 1, 1, 20),
    frame(400, 's', PSH | ACK, 1, 21, 300),
    frame(500, 'c', FIN | ACK, 21, 301),
    frame(600, 's', FIN | ACK, 301, 22),
    frame(700, 'c', ACK, 22, 302),
  ];
  // Connection 2: refused (another client port).
  const refusedSyn = frame(800, 'c', SYN, 0, 0);
  const refusedRst = frame(900, 's', RST | ACK, 0, 1);
  const swapPort = (r: PcapRecord, offset: number): PcapRecord => {
    const data = r.data.slice();
    // Ethernet 14 + IPv4 20, then the TCP port (RFC 9293 3.1): change 40000 to 40001 on either side.
    data[14 + 20 + offset] = 0x9c;
    data[14 + 20 + offset + 1] = 0x41;
    return { ...r, data };
  };
  records.push(swapPort(refusedSyn, 0), swapPort(refusedRst, 2));
  writeFileSync(file, buildPcap(records));
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the table lists both connections with outcomes, and the refused one is worth a look', async () => {
  const io = makeBufferIo();
  const code = await command.run([file], io);
  assert.equal(code, 0, io.err());
  const out = io.out();
  assert.match(out, /10\.0\.0\.1:40000\s+10\.0\.0\.2:80\s+SF\s+5\/3/);
  assert.match(out, /10\.0\.0\.1:40001\s+10\.0\.0\.2:80\s+REJ/);
  assert.match(out, /2 connections, 10 TCP packets/);
  assert.match(out, /Worth a look \(1\):\n\s+#2 .*refused: the server answered the SYN with RST \(ECONNREFUSED\)/);
  assert.match(out, /tcpdoc explain errno:ECONNREFUSED/);
});

test('--limit keeps the table short and still counts everything', async () => {
  const io = makeBufferIo();
  assert.equal(await command.run([file, '--limit', '1'], io), 0);
  const out = io.out();
  assert.match(out, /40000/);
  assert.doesNotMatch(out.split('\n\n')[0]!, /40001/);
  assert.match(out, /\.\.\. 1 more connections/);
  assert.match(out, /2 connections \(2 shown\)|2 connections, 10 TCP packets/);
  assert.match(out, /Worth a look \(1\)/);
});

test('--conn 1 draws the ladder with states and teacher notes', async () => {
  const io = makeBufferIo();
  assert.equal(await command.run([file, '--conn', '1'], io), 0);
  const out = io.out();
  assert.match(out, /Connection #1: 10\.0\.0\.1:40000 \(client\) <-> 10\.0\.0\.2:80 \(server\)/);
  assert.match(out, /SYN seq=0 win=500 mss=1460 ws=7 .*─▶/);
  assert.match(out, /◀─.* SYN,ACK seq=0 ack=1 win=500/);
  assert.match(out, /1st step of the handshake: client asks to connect/);
  assert.match(out, /2nd step: server accepts/);
  assert.match(out, /3rd step: client acknowledges the SYN-ACK/);
  assert.match(out, /client states: CLOSED -> SYN_SENT -> ESTABLISHED -> FIN_WAIT1 -> TIME_WAIT/);
  assert.match(out, /server states: LISTEN -> SYN_RECV -> ESTABLISHED -> CLOSE_WAIT -> LAST_ACK -> CLOSED/);
});

test('--port with one match draws that connection; --conn that does not exist exits 1', async () => {
  const io = makeBufferIo();
  assert.equal(await command.run([file, '--port', '40001'], io), 0);
  assert.match(io.out(), /Connection #2: .*outcome REJ|outcome REJ/);
  const missing = makeBufferIo();
  assert.equal(await command.run([file, '--conn', '9'], missing), 1);
  assert.match(missing.out(), /no connection #9/);
});

test('--json is one tcpdoc.trace/1 document with every connection', async () => {
  const io = makeBufferIo();
  assert.equal(await command.run([file, '--json'], io), 0);
  const doc = JSON.parse(io.out()) as { schema: string; connections: { id: number; outcome: string }[]; summary: { connections: number; expert: { rst: number } } };
  assert.equal(doc.schema, 'tcpdoc.trace/1');
  assert.deepEqual(doc.connections.map((c) => [c.id, c.outcome]).sort(), [[1, 'SF'], [2, 'REJ']]);
  assert.equal(doc.summary.connections, 2);
  assert.equal(doc.summary.expert.rst, 1);
});

test('usage errors name the problem', () => {
  assert.throws(() => parseTraceArgs([]), (e: unknown) => e instanceof TcpdocError && e.code === 'USAGE' && /which capture/.test(e.message));
  assert.throws(() => parseTraceArgs(['--live']), (e: unknown) => e instanceof TcpdocError && /--live needs -i/.test(e.message));
  assert.throws(() => parseTraceArgs(['f.pcap', '--host', 'nope']), (e: unknown) => e instanceof TcpdocError && /--host expects/.test(e.message));
  assert.throws(() => parseTraceArgs(['f.pcap', '--port', '70000']), (e: unknown) => e instanceof TcpdocError && e.code === 'USAGE');
  assert.deepEqual(parseTraceArgs(['--live', '-i', 'lo', 'tcp', 'port', '80']).bpf, ['tcp', 'port', '80']);
  assert.equal(parseTraceArgs(['x.pcap', '--host', '2001:DB8:0:0::1']).host, '2001:db8::1');
});

test('a missing file is a NOT_FOUND error, garbage is BAD_INPUT', async () => {
  await assert.rejects(command.run([join(dir, 'nope.pcap')], makeBufferIo()), (e: unknown) => e instanceof TcpdocError && e.code === 'NOT_FOUND');
  const junk = join(dir, 'junk.bin');
  writeFileSync(junk, Buffer.from([0, 1, 2, 3, 255, 254, 0, 7, 9, 9, 9, 9, 0, 0, 0, 0, 1, 1, 1, 1, 5, 5, 5, 5, 5]));
  await assert.rejects(command.run([junk], makeBufferIo()), (e: unknown) => e instanceof TcpdocError && e.code === 'BAD_INPUT');
});

test('--help lists every option with examples', () => {
  for (const option of ['--conn', '--host', '--port', '--limit', '--json', '--live', '--interface', '--close-grace', '--idle-timeout', '--no-progress']) {
    assert.ok(command.help.includes(option), option);
  }
  assert.match(command.help, /Examples:\n\s+tcpdoc trace capture\.pcap/);
});
