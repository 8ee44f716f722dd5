// Real captures decoded and compared with tshark frame by frame: tcpdump on a veth pair between two
// namespaces and on `-i any` (LINUX_SLL2 / LINUX_SLL) while a Node client and server talk over IPv4
// and IPv6, plus a refused port and an ICMP port unreachable; pcap in micro- and nanoseconds, a cut
// snaplen, pcapng via editcap, gzip-compressed copies, and tcpdump's text output with and without -S and -tt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { CaptureRecord, Segment } from '../src/model/segment.js';
import { TCP_FLAGS } from '../src/model/segment.js';
import { TcpdocError } from '../src/model/errors.js';
import { readCaptureFile } from '../src/sources/capture/read-capture-file.js';
import { runLiveCapture } from '../src/sources/capture/live-capture.js';
import { requireEnvironment, hasTool, isRoot } from './helpers/env.js';
import { createNetns, linkNetns, type Netns } from './helpers/netns.js';

const ready = isRoot() && hasTool('tcpdump') && hasTool('tshark');
let client: Netns | undefined;
let server: Netns | undefined;
let dir = '';
let veth = '';
const files: Record<string, string> = {};

const SERVER_JS = `
const net = require('net');
const s = net.createServer((c) => {
  let got = '';
  c.on('data', (d) => { got += d; if (got.includes('END')) { c.write(Buffer.alloc(20000, 0x62)); c.end(); } });
  c.on('error', () => {});
});
s.listen({ port: 9000, host: '::', ipv6Only: false }, () => process.stdout.write('ready\\n'));
setTimeout(() => process.exit(0), 20000);
`;

const CLIENT_JS = `
const net = require('net');
function talk(host, port) {
  return new Promise((resolve) => {
    const c = net.connect(port, host, () => c.write('hello '.repeat(50) + 'END'));
    let n = 0;
    c.on('data', (d) => { n += d.length; });
    c.on('close', () => resolve(n));
    c.on('error', () => resolve(-1));
    setTimeout(() => { c.destroy(); resolve(-2); }, 3000);
  });
}
(async () => {
  const out = [];
  out.push(await talk('10.77.0.2', 9000));
  out.push(await talk('fd77::2', 9000));
  out.push(await talk('10.77.0.2', 9001));
  out.push(await talk('10.77.0.2', 9002));
  out.push(await talk('fd77::2', 9002));
  out.push(await talk('10.77.0.2', 9000));
  process.stdout.write(JSON.stringify(out));
})();
`;

function waitForLine(child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern} (got ${text})`)), 10000);
    child[stream]?.on('data', (d: Buffer) => {
      text += d.toString();
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on('exit', () => resolve());
  });
}

before(async () => {
  if (!ready) return;
  dir = mkdtempSync(join(tmpdir(), 'tcpdoc-capture-it-'));
  client = createNetns('tcpdoc-cap');
  server = createNetns('tcpdoc-cap');
  linkNetns(client, server, { a4: '10.77.0.1', b4: '10.77.0.2', a6: 'fd77::1', b6: 'fd77::2' });
  veth = server.exec('ip', ['-o', 'link', 'show', 'type', 'veth']).split(':')[1]?.trim().split('@')[0] ?? '';
  server.exec('iptables', ['-A', 'INPUT', '-p', 'tcp', '--dport', '9002', '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable']);
  server.exec('ip6tables', ['-A', 'INPUT', '-p', 'tcp', '--dport', '9002', '-j', 'REJECT', '--reject-with', 'icmp6-port-unreachable'], { allowFail: true });
  const captures: [Netns, string, string[]][] = [
    [server, 'eth.pcap', ['-i', veth]],
    [server, 'nano.pcap', ['-i', veth, '--time-stamp-precision=nano']],
    [server, 'snap.pcap', ['-i', veth, '-s', '80']],
    [client, 'any.pcap', ['-i', 'any']],
    [client, 'sll1.pcap', ['-i', 'any', '-y', 'LINUX_SLL']],
  ];
  const tcpdumps: ChildProcess[] = [];
  for (const [ns, name, args] of captures) {
    files[name] = join(dir, name);
    const child = ns.spawn('tcpdump', ['-n', '-U', ...args, '-w', files[name] ?? '', 'tcp or icmp or icmp6']);
    await waitForLine(child, 'stderr', /listening on/);
    tcpdumps.push(child);
  }
  const srv = server.spawn('node', ['-e', SERVER_JS]);
  await waitForLine(srv, 'stdout', /ready/);
  const result = client.exec('node', ['-e', CLIENT_JS]);
  assert.match(result, /^\[20000,20000,-1,-1,-1,20000\]$/, 'the scenario ran as planned');
  await new Promise((r) => setTimeout(r, 300));
  for (const child of [...tcpdumps, srv]) child.kill('SIGINT');
  await Promise.all([...tcpdumps, srv].map(waitForExit));
  for (const name of ['eth', 'any']) {
    const source = files[`${name}.pcap`] ?? '';
    for (const [suffix, flags] of TEXT_VARIANTS) {
      const text = execFileSync('tcpdump', ['-n', ...flags, '-r', source], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      files[`${name}.${suffix}`] = join(dir, `${name}.${suffix}`);
      writeFileSync(files[`${name}.${suffix}`] ?? '', text);
    }
  }
  if (hasTool('editcap')) {
    files['eth.pcapng'] = join(dir, 'eth.pcapng');
    execFileSync('editcap', ['-F', 'pcapng', files['eth.pcap'] ?? '', files['eth.pcapng'] ?? '']);
    files['nano.pcapng'] = join(dir, 'nano.pcapng');
    execFileSync('editcap', ['-F', 'pcapng', files['nano.pcap'] ?? '', files['nano.pcapng'] ?? '']);
    // Two sections in one file (microsecond and nanosecond interfaces), as `cat a.pcapng b.pcapng` makes.
    files['multi.pcapng'] = join(dir, 'multi.pcapng');
    writeFileSync(files['multi.pcapng'] ?? '', Buffer.concat([readFileSync(files['eth.pcapng'] ?? ''), readFileSync(files['nano.pcapng'] ?? '')]));
    // Compressed as tcpdump -z gzip and log rotation leave them; tshark reads these directly too.
    files['multi.pcapng.gz'] = join(dir, 'multi.pcapng.gz');
    writeFileSync(files['multi.pcapng.gz'] ?? '', gzipSync(readFileSync(files['multi.pcapng'] ?? '')));
  }
  files['eth.pcap.gz'] = join(dir, 'eth.pcap.gz');
  writeFileSync(files['eth.pcap.gz'] ?? '', gzipSync(readFileSync(files['eth.pcap'] ?? '')));
});

after(() => {
  client?.remove();
  server?.remove();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

// tcpdump text flavours read back: relative and absolute numbers, epoch, delta and since-first times, link
// headers (-e), IP header details (-v, -vvv, which move IPv4's packet to a second line), and -e with -v.
const TEXT_VARIANTS: [string, string[]][] = [
  ['rel.txt', []],
  ['abs.txt', ['-S']],
  ['tt.txt', ['-tt']],
  ['ttt.txt', ['-ttt']],
  ['ttttt.txt', ['-ttttt']],
  ['e.txt', ['-e']],
  ['v.txt', ['-v']],
  ['vvv.txt', ['-vvv']],
  ['ev.txt', ['-e', '-v']],
];

async function decode(path: string): Promise<CaptureRecord[]> {
  const records: CaptureRecord[] = [];
  await readCaptureFile(path, { sink: { record: (r) => records.push(r), note: () => {} } });
  return records;
}

// One comparable row per frame: TCP 4-tuple, flags, seq, ack (when ACK is set), window, payload length;
// ICMP errors as type and quoted ports.
function rowOf(record: CaptureRecord): string {
  if (record.kind === 'tcp') return segmentRow(record.segment);
  if (record.kind === 'icmp') return `icmp${record.error.family === 6 ? 'v6' : ''} ${record.error.type} ${record.error.reporter} quoted ${record.error.quoted.srcPort}>${record.error.quoted.dstPort}`;
  return record.kind;
}

function segmentRow(s: Segment): string {
  const ack = (s.flags & TCP_FLAGS.ACK) !== 0 ? s.ack : '-';
  return `${s.src} ${s.srcPort} > ${s.dst} ${s.dstPort} flags=${s.flags} seq=${s.seq} ack=${ack} win=${s.window} len=${s.payloadLength}`;
}

function tsharkRows(path: string): string[] {
  const fields = ['ip.src', 'ipv6.src', 'ip.dst', 'ipv6.dst', 'tcp.srcport', 'tcp.dstport', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.flags', 'tcp.window_size_value', 'tcp.len', 'icmp.type', 'icmpv6.type'];
  const out = execFileSync('tshark', ['-r', path, '-o', 'tcp.analyze_sequence_numbers:FALSE', '-T', 'fields', '-E', 'separator=\t', ...fields.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const [ipSrc, ip6Src, ipDst, ip6Dst, sport, dport, seq, ack, flags, win, len, icmpType, icmp6Type] = line.split('\t').map((v) => v ?? '');
      const first = (v: string | undefined) => (v ?? '').split(',')[0] ?? '';
      const src = first(ipSrc) || first(ip6Src);
      const dst = first(ipDst) || first(ip6Dst);
      if ((icmpType ?? '') !== '' || (icmp6Type ?? '') !== '') {
        // Neighbour discovery, echo and errors without a quoted TCP header are not TCP's business.
        if ((sport ?? '') === '') return 'other';
        return `icmp${icmp6Type ? 'v6' : ''} ${first(icmpType) || first(icmp6Type)} ${src} quoted ${sport}>${dport}`;
      }
      const flagBits = parseInt(flags ?? '0', 16);
      const ackText = (flagBits & TCP_FLAGS.ACK) !== 0 ? ack : '-';
      return `${src} ${sport} > ${dst} ${dport} flags=${flagBits} seq=${seq} ack=${ackText} win=${win} len=${len}`;
    });
}

for (const name of ['eth.pcap', 'nano.pcap', 'snap.pcap', 'any.pcap', 'sll1.pcap', 'eth.pcapng', 'nano.pcapng', 'multi.pcapng', 'eth.pcap.gz', 'multi.pcapng.gz']) {
  test(`${name}: every frame matches tshark`, async (t) => {
    if (!requireEnvironment(t, { root: true, tools: ['tcpdump', 'tshark', ...(name.includes('.pcapng') ? ['editcap'] : [])] })) return;
    const path = files[name];
    assert.ok(path !== undefined, `${name} was not made (is editcap installed?)`);
    const ours = (await decode(path)).map(rowOf);
    const theirs = tsharkRows(path);
    assert.ok(theirs.length >= 40, `capture has ${theirs.length} frames`);
    assert.deepEqual(ours, theirs);
    assert.ok(ours.some((r) => r.startsWith('icmp ')) && ours.some((r) => r.startsWith('fd77::1 ')), 'IPv6 and ICMP frames are in the capture');
  });
}

test('nanosecond and microsecond captures have matching times; SLL2 gives interface directions', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['tcpdump', 'tshark'] })) return;
  const nano = (await decode(files['nano.pcap'] ?? '')).flatMap((r) => (r.kind === 'tcp' ? [r.segment.time] : []));
  const epochs = execFileSync('tshark', ['-r', files['nano.pcap'] ?? '', '-Y', 'tcp and not icmp and not icmpv6', '-T', 'fields', '-e', 'frame.time_epoch'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map(Number);
  assert.equal(nano.length, epochs.length);
  nano.forEach((time, i) => assert.ok(Math.abs(time - (epochs[i] ?? 0)) < 1e-6, `frame ${i}: ${time} vs ${epochs[i]}`));
  const any = (await decode(files['any.pcap'] ?? '')).flatMap((r) => (r.kind === 'tcp' ? [r.segment] : []));
  assert.ok(any.some((s) => s.direction === 'out' && s.src === '10.77.0.1'));
  assert.ok(any.some((s) => s.direction === 'in' && s.dst === '10.77.0.1'));
});

for (const name of ['eth', 'any']) {
  test(`tcpdump text of ${name}.pcap (${TEXT_VARIANTS.map(([, f]) => f.join(' ') || 'plain').join(', ')}) decodes to the same segments as the pcap`, async (t) => {
    if (!requireEnvironment(t, { root: true, tools: ['tcpdump', 'tshark'] })) return;
    const binaryRecords = await decode(files[`${name}.pcap`] ?? '');
    const binary = binaryRecords.map(rowOf);
    const times = binaryRecords.map((r) => (r.kind === 'tcp' ? r.segment.time : r.kind === 'icmp' ? r.error.time : r.kind === 'other' ? r.time : NaN));
    const ttls = binaryRecords.map((r) => (r.kind === 'tcp' ? r.segment.ttl : null));
    for (const [variant, flags] of TEXT_VARIANTS) {
      const records = await decode(files[`${name}.${variant}`] ?? '');
      const rows = records.map((r) => (r.kind === 'icmp' ? `icmp ${r.error.type}` : rowOf(r)));
      assert.equal(rows.length, binary.length, variant);
      rows.forEach((row, i) => {
        const expected = binary[i] ?? '';
        if (expected.startsWith('icmp')) assert.equal(row, expected.split(' ').slice(0, 2).join(' ').replace('icmpv6', 'icmp'), `${variant} frame ${i + 1}`);
        else assert.equal(row, expected, `${variant} frame ${i + 1}`);
      });
      // Delta and since-first times, added up, give the capture's own offsets from its first packet.
      if (variant === 'ttt.txt' || variant === 'ttttt.txt') {
        const t0 = times[0] ?? 0;
        records.forEach((r, i) => {
          if (r.kind !== 'tcp') return;
          assert.ok(Math.abs(r.segment.time - ((times[i] ?? 0) - t0)) < 1e-5, `${variant} frame ${i + 1}: ${r.segment.time} vs ${(times[i] ?? 0) - t0}`);
        });
      }
      // -v carries the TTL / hop limit.
      if (flags.includes('-v') || flags.includes('-vvv')) {
        records.forEach((r, i) => {
          if (r.kind === 'tcp') assert.equal(r.segment.ttl, ttls[i], `${variant} frame ${i + 1} ttl`);
        });
      }
    }
  });
}

test('live capture through tcpdump sees the traffic and stops cleanly on abort', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['tcpdump'] }) || client === undefined || server === undefined) return;
  const records: CaptureRecord[] = [];
  const controller = new AbortController();
  const srv = server.spawn('node', ['-e', SERVER_JS]);
  await waitForLine(srv, 'stdout', /ready/);
  const capture = runLiveCapture({
    interface: veth,
    filter: ['tcp', 'port', '9000'],
    sink: { record: (r) => records.push(r), note: () => {} },
    signal: controller.signal,
    command: ['ip', 'netns', 'exec', server.name, 'tcpdump'],
    onListening: () => {
      const talker = client?.spawn('node', ['-e', CLIENT_JS]);
      talker?.on('exit', () => setTimeout(() => controller.abort(), 300));
    },
  });
  const result = await capture;
  srv.kill('SIGINT');
  assert.equal(result.aborted, true);
  const segments = records.flatMap((r) => (r.kind === 'tcp' ? [r.segment] : []));
  assert.ok(segments.length >= 30, `${segments.length} segments`);
  assert.ok(segments.every((s) => s.srcPort === 9000 || s.dstPort === 9000));
  assert.equal(segments.filter((s) => s.flags === TCP_FLAGS.SYN).length, 3);
});

test('real tcpdump errors: a bad filter and a missing interface', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['tcpdump'] })) return;
  const sink = { record: () => {}, note: () => {} };
  await assert.rejects(runLiveCapture({ interface: 'lo', filter: ['tcp', 'port', 'nonsense!!'], sink }), (e: unknown) => e instanceof TcpdocError && e.code === 'BAD_FILTER');
  await assert.rejects(runLiveCapture({ interface: 'tcpdoc-nope0', sink }), (e: unknown) => e instanceof TcpdocError && e.code === 'NOT_FOUND');
});
