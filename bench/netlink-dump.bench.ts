// Benchmark: decoding sock_diag dumps.
//  1. Synthetic: 100,000 reply messages (each with a 280-byte tcp_info, SKMEMINFO, CONG,
//     SHUTDOWN) in 32 KiB datagrams, through the stream decoder and decodeInetDiagMessage.
//  2. Live (root only, `--live [N]`): a namespace with about N sockets (ESTABLISHED pairs and
//     TIME_WAIT), timing netlinkSource.listSockets against `ss -tan` and `ss -tani`.
// Run: node --import tsx bench/netlink-dump.bench.ts [--live 20000]
import { execFileSync } from 'node:child_process';
import { createNetns } from '../test/helpers/netns.js';
import type { SocketRecord } from '../src/model/socket.js';
import { decodeInetDiagMessage } from '../src/wire/netlink/inet-diag-msg.js';
import { NlmsgDecoder, type NlmsgRecord } from '../src/wire/netlink/nlmsg.js';
import { buildDiagPayload, buildDone, buildNlmsg, buildTcpInfo, buildU32s, concatBytes } from '../src/wire/netlink/diag-builder.test.helper.js';

function buildDatagrams(count: number, withInfo: boolean): Uint8Array[] {
  const datagrams: Uint8Array[] = [];
  let current: Uint8Array[] = [];
  let size = 0;
  for (let i = 0; i < count; i++) {
    const v6 = i % 4 === 0;
    const src = v6 ? new Uint8Array([0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (i >> 8) & 0xff, i & 0xff]) : new Uint8Array([10, 0, (i >> 8) & 0xff, i & 0xff]);
    const dst = v6 ? new Uint8Array([0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]) : new Uint8Array([10, 1, 0, 1]);
    const payload = buildDiagPayload(
      { family: v6 ? 10 : 2, state: 1, timer: 2, expires: 7000, sport: 40000 + (i % 20000), dport: 443, src, dst, cookie: [i, 0], uid: 1000, inode: 100000 + i },
      withInfo
        ? [
            { type: 7, payload: buildU32s([0, 131072, 0, 16384, 0, 0, 0, 0, 0]) },
            { type: 2, payload: buildTcpInfo(280, { 0: 1, 68: 1200 + (i % 100), 80: 10, 104: 123456789 }) },
            { type: 4, payload: new TextEncoder().encode('cubic\0') },
            { type: 8, payload: new Uint8Array([0]) },
          ]
        : [{ type: 8, payload: new Uint8Array([0]) }],
    );
    const message = buildNlmsg(20, payload);
    if (size + message.length > 32768) {
      datagrams.push(concatBytes(current));
      current = [];
      size = 0;
    }
    current.push(message);
    size += message.length;
  }
  current.push(buildDone());
  datagrams.push(concatBytes(current));
  return datagrams;
}

// Decodes every datagram into a kept array of records, as listSockets does.
function decodeAll(datagrams: Uint8Array[]): SocketRecord[] {
  const decoder = new NlmsgDecoder();
  const sockets: SocketRecord[] = [];
  const visit = (r: NlmsgRecord) => {
    if (r.kind !== 'message') return;
    const record = decodeInetDiagMessage(r.view, r.payloadOffset, r.end);
    if (record !== null) sockets.push(record);
  };
  for (const d of datagrams) decoder.push(d, visit);
  return sockets;
}

const COUNT = 100_000;
for (const withInfo of [false, true]) {
  const datagrams = buildDatagrams(COUNT, withInfo);
  const bytes = datagrams.reduce((n, d) => n + d.length, 0);
  console.log(`synthetic ${withInfo ? 'with tcp_info, skmem, cong' : 'states only'}: ${COUNT} messages, ${(bytes / 1e6).toFixed(1)} MB in ${datagrams.length} datagrams`);
  let kept: SocketRecord[] = [];
  for (let run = 0; run < 6; run++) {
    kept = [];
    const t0 = process.hrtime.bigint();
    kept = decodeAll(datagrams);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    console.log(`  run ${run}: ${ms.toFixed(1)} ms for ${kept.length} sockets`);
  }
}

const liveAt = process.argv.indexOf('--live');
if (liveAt >= 0) {
  const target = Number(process.argv[liveAt + 1] ?? 20000);
  // One process holds both ends of each pair: keep within the usual 20,000-fd hard limit.
  const pairs = Math.min(Math.floor((target * 0.7) / 2), 9000);
  const timeWaits = target - pairs * 2;
  const ns = createNetns('tcpdoc-bench');
  try {
    // Workload: `pairs` ESTABLISHED connections (two sockets each) and `timeWaits` closed ones.
    const workload = `
const net = require('node:net');
const held = [];
const server = net.createServer((s) => { held.push(s); s.on('error', () => {}); s.on('end', () => s.end()); });
server.listen({ host: '127.0.0.1', port: 9000, backlog: 4096 }, async () => {
  const open = (keep) => new Promise((resolve) => {
    const c = net.connect({ host: '127.0.0.1', port: 9000 }, () => { if (keep) held.push(c); else c.end(); resolve(); });
    c.on('error', resolve);
    if (!keep) c.on('close', () => {});
  });
  for (let i = 0; i < ${pairs}; i += 200) await Promise.all(Array.from({ length: Math.min(200, ${pairs} - i) }, () => open(true)));
  for (let i = 0; i < ${timeWaits}; i += 200) await Promise.all(Array.from({ length: Math.min(200, ${timeWaits} - i) }, () => open(false)));
  setTimeout(() => process.stdout.write('ready\\n'), 1000);
});
process.stdin.resume(); process.stdin.on('end', () => process.exit(0));
setTimeout(() => process.exit(0), 300000);`;
    const child = ns.spawn('sh', ['-c', 'ulimit -n "$(ulimit -Hn)" && exec node -e "$0"', workload]);
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ready')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`workload exited ${code}`)));
    });
    const url = new URL('../src/sources/kernel/netlink.js', import.meta.url).href;
    const loader = import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const measure = `import { netlinkSource, dumpInetDiag, withDiagSocket } from ${JSON.stringify(url)};
for (const [label, query] of [['states only', {}], ['with tcp_info', { tcpInfo: true }], ['tcp_info + skmem', { tcpInfo: true, memory: true }]]) {
  const times = [];
  let n = 0;
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    n = netlinkSource.listSockets(query).sockets.length;
    times.push(performance.now() - t0);
  }
  console.log('  listSockets ' + label + ': ' + n + ' sockets, ms per run ' + times.map((t) => t.toFixed(1)).join(' '));
}
const raw = [];
for (let run = 0; run < 5; run++) {
  const t0 = performance.now();
  withDiagSocket((c, fd) => { for (const family of [4, 6]) dumpInetDiag(c, fd, { family, states: 0xffe, extensions: 2, bytecode: null }, () => {}); });
  raw.push(performance.now() - t0);
}
console.log('  dump with tcp_info, no decoding: ms per run ' + raw.map((t) => t.toFixed(1)).join(' '));`;
    console.log(`live: namespace with ${pairs} ESTABLISHED pairs and ${timeWaits} TIME_WAIT`);
    process.stdout.write(ns.exec('node', [...loader, '--input-type=module', '-e', measure]));
    for (const args of [['-tan'], ['-tani']]) {
      const times: string[] = [];
      for (let run = 0; run < 5; run++) {
        const t0 = performance.now();
        execFileSync('ip', ['netns', 'exec', ns.name, 'ss', ...args], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
        times.push((performance.now() - t0).toFixed(1));
      }
      console.log(`  ss ${args.join(' ')} (wall, incl. ip netns exec): ms per run ${times.join(' ')}`);
    }
    const t0 = performance.now();
    execFileSync('ip', ['netns', 'exec', ns.name, 'true']);
    console.log(`  ip netns exec true alone: ${(performance.now() - t0).toFixed(1)} ms`);
  } finally {
    ns.remove();
  }
}
