// Packets per second of the capture decoders alone (no analysis): reads a capture file in 1 MiB
// chunks through the format-detecting reader and counts records by kind.
// Usage: node --import tsx bench/decode-speed.ts FILE [--runs 3]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CaptureRecord } from '../src/model/segment.js';
import { AutoCaptureReader } from '../src/wire/capture/create-capture-reader.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '3' } } });
const file = positionals[0];
if (file === undefined) {
  process.stderr.write('usage: decode-speed.ts FILE [--runs N]\n');
  process.exit(2);
}
// Read the file up front so the number is the decoders' speed, not the disk's.
const bytes = readFileSync(file);
const CHUNK = 1024 * 1024;

for (let run = 1; run <= Number(values.runs); run++) {
  const counts = { tcp: 0, icmp: 0, other: 0, unparsed: 0 };
  let payload = 0;
  const reader = new AutoCaptureReader({
    record(record: CaptureRecord) {
      counts[record.kind]++;
      if (record.kind === 'tcp') payload += record.segment.payloadLength;
    },
    note() {},
  });
  const start = process.hrtime.bigint();
  for (let at = 0; at < bytes.length; at += CHUNK) reader.push(bytes.subarray(at, at + CHUNK));
  reader.end();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const packets = counts.tcp + counts.icmp + counts.other + counts.unparsed;
  const rate = packets / seconds;
  process.stdout.write(
    `run ${run}: ${packets} packets in ${seconds.toFixed(3)} s = ${(rate / 1e6).toFixed(2)} M packets/s ` +
      `(${reader.format}; tcp ${counts.tcp}, other ${counts.other}, unparsed ${counts.unparsed}; payload ${payload} bytes; ` +
      `heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB)\n`,
  );
}
