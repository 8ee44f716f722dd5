// Packets per second of the capture decoders alone (no analysis), or with --analyze of decoding plus the
// whole trace analysis (tracker, summaries, diagnoses; no output): reads a capture file in 1 MiB chunks of
// a buffer loaded up front, several runs in one process (the best run is the least disturbed one).
// Usage: node --import tsx bench/decode-speed.ts FILE [--runs 3] [--analyze] [--reuse]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CaptureRecord } from '../src/model/segment.js';
import { AutoCaptureReader } from '../src/wire/capture/create-capture-reader.js';
import { TraceSession } from '../src/analysis/trace/session.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '3' }, analyze: { type: 'boolean', default: false }, reuse: { type: 'boolean', default: false } },
});
const file = positionals[0];
if (file === undefined) {
  process.stderr.write('usage: decode-speed.ts FILE [--runs N] [--analyze] [--reuse]\n');
  process.exit(2);
}
// Read the file up front so the number is the decoders' speed, not the disk's.
const bytes = readFileSync(file);
const CHUNK = 1024 * 1024;
// --analyze always reuses records, as tcpdoc trace does.
const reuseRecords = values.reuse || values.analyze;

let best = Infinity;
for (let run = 1; run <= Number(values.runs); run++) {
  const counts = { tcp: 0, icmp: 0, other: 0, unparsed: 0 };
  let payload = 0;
  let connections = 0;
  const session = values.analyze ? new TraceSession({ onConnection: () => connections++ }) : null;
  const sink = session?.sink ?? {
    record(record: CaptureRecord) {
      counts[record.kind]++;
      if (record.kind === 'tcp') payload += record.segment.payloadLength;
    },
    note() {},
  };
  const reader = new AutoCaptureReader(sink, { reuseRecords });
  const start = process.hrtime.bigint();
  for (let at = 0; at < bytes.length; at += CHUNK) reader.push(bytes.subarray(at, at + CHUNK));
  reader.end();
  session?.end(reader.format);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  best = Math.min(best, seconds);
  const packets = session?.totals.packets ?? counts.tcp + counts.icmp + counts.other + counts.unparsed;
  const rate = packets / seconds;
  const what = session !== null ? `${connections} connections` : `tcp ${counts.tcp}, other ${counts.other}, unparsed ${counts.unparsed}; payload ${payload} bytes`;
  process.stdout.write(
    `run ${run}: ${packets} packets in ${seconds.toFixed(3)} s = ${(rate / 1e6).toFixed(2)} M packets/s ` +
      `(${reader.format}${values.analyze ? ', decode + analysis' : ''}; ${what}; heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB)\n`,
  );
}
process.stdout.write(`best ${best.toFixed(3)} s\n`);
