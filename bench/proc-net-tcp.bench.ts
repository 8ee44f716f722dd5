// Benchmark: decoding 100,000 /proc/net/tcp lines (about 15 MB) into SocketRecords.
// Run: node --import tsx bench/proc-net-tcp.bench.ts
import { decodeProcNetTcp } from '../src/wire/proc-net-tcp.js';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';

// Synthetic lines in the kernel's exact format (get_tcp4_sock), padded like the real file.
function buildInput(count: number): string {
  const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');
  const lines = [HEADER];
  for (let i = 0; i < count; i++) {
    const local = `0100007F:${hex(8080, 4)}`;
    const remote = `${hex(0x0100007f + ((i & 0xff) << 8), 8)}:${hex(32768 + (i % 28000), 4)}`;
    const line = `${String(i).padStart(4)}: ${local} ${remote} 01 00000000:00000000 02:${hex(i % 7200, 8)} 00000000  1000        0 ${100000 + i} 1 ffff8a3b4c5d${hex(i & 0xffff, 4)} 20 4 30 10 -1`;
    lines.push(line.padEnd(149) + '\n');
  }
  return lines.join('');
}

const text = buildInput(100_000);
const bytes = Buffer.from(text, 'latin1');
console.log(`input: ${(bytes.length / 1e6).toFixed(1)} MB`);
for (let run = 0; run < 5; run++) {
  const t0 = process.hrtime.bigint();
  const fromBytes = decodeProcNetTcp(bytes);
  const t1 = process.hrtime.bigint();
  const fromText = decodeProcNetTcp(text);
  const t2 = process.hrtime.bigint();
  console.log(
    `run ${run}: bytes ${Number(t1 - t0) / 1e6} ms (${fromBytes.sockets.length} sockets, ${fromBytes.unparsed} unparsed); ` +
      `string ${Number(t2 - t1) / 1e6} ms (${fromText.sockets.length} sockets)`,
  );
}
