// Benchmark: whole-process wall time and peak memory of `tcpdoc trace --json FILE` against
// `tshark -q -z conv,tcp -r FILE` on the same capture (targets: >= 15x faster, <= 1/4 of tshark's memory,
// >= 2M packets/s). The two run in alternation, one pair per run, so both see the same machine load (the
// machine is shared); the speed-up reported is the median of the per-pair ratios. Makes the capture with
// bench/make-capture.ts when it is missing.
// Usage: npm run build && node --import tsx bench/trace.ts [--packets 1000000] [--runs 5] [--capture FILE]
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    packets: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    capture: { type: 'string' },
  },
});
const packets = Number(values.packets);
const runs = Number(values.runs);
const capture = values.capture ?? `/tmp/tcpdoc-bench-${packets}.pcap`;

if (!existsSync(capture)) {
  execFileSync('node', ['--import', 'tsx', 'bench/make-capture.ts', '--packets', String(packets), '--out', capture], { stdio: 'inherit' });
}
if (!existsSync('dist/src/cli/main.js')) throw new Error('run npm run build first');

const TCPDOC = `node dist/src/cli/main.js trace --json ${capture}`;
const TSHARK = `tshark -q -z conv,tcp -r ${capture} 2>/dev/null`;
const dir = mkdtempSync(join(tmpdir(), 'tcpdoc-bench-'));

// One run of `sh -c command` under GNU time: wall seconds and peak RSS in MB.
function timeOnce(command: string): { seconds: number; peakMb: number } {
  const out = join(dir, 'time.txt');
  const start = process.hrtime.bigint();
  execFileSync('/usr/bin/time', ['-f', '%M', '-o', out, 'sh', '-c', `${command} >/dev/null`], { stdio: 'ignore' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, peakMb: Number(readFileSync(out, 'utf8').trim().split('\n').pop()) / 1024 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const rows: string[] = [];
const ratios: number[] = [];
const ours: number[] = [];
const theirs: number[] = [];
let ourPeak = 0;
let theirPeak = 0;
let startup = NaN;
try {
  // Warm-up: page cache and lazily loaded libraries.
  timeOnce(TCPDOC);
  timeOnce(TSHARK);
  for (let i = 1; i <= runs; i++) {
    const load = loadavg()[0] ?? 0;
    const a = timeOnce(TCPDOC);
    const b = timeOnce(TSHARK);
    ours.push(a.seconds);
    theirs.push(b.seconds);
    ratios.push(b.seconds / a.seconds);
    ourPeak = Math.max(ourPeak, a.peakMb);
    theirPeak = Math.max(theirPeak, b.peakMb);
    rows.push(`| ${i} | ${load.toFixed(2)} | ${a.seconds.toFixed(2)} s, ${a.peakMb.toFixed(0)} MB | ${b.seconds.toFixed(2)} s, ${b.peakMb.toFixed(0)} MB | ${(b.seconds / a.seconds).toFixed(1)}x |`);
  }
  // The floor under any Node program, in the same conditions: starting Node itself.
  startup = median(Array.from({ length: runs }, () => timeOnce('node -e 0').seconds));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const pps = packets / median(ours);
const budget = median(theirs) / 15;
const lines = [
  `capture: ${capture} (${packets.toLocaleString('en-US')} packets), ${cpus().length} CPUs, Node ${process.version}, ${runs} alternating runs after one warm-up each`,
  `| run | load avg | tcpdoc trace --json | tshark -q -z conv,tcp | speed-up |`,
  `|---|---|---|---|---|`,
  ...rows,
  ``,
  `median: tcpdoc ${median(ours).toFixed(2)} s, tshark ${median(theirs).toFixed(2)} s; speed-up ${median(ratios).toFixed(1)}x (target >= 15x), ` +
    `memory ${((ourPeak / theirPeak) * 100).toFixed(0)}% of tshark (${ourPeak.toFixed(0)} / ${theirPeak.toFixed(0)} MB, target <= 25%), ` +
    `${(pps / 1e6).toFixed(2)}M packets/s (target >= 2M)`,
  `Node start-up alone (node -e 0): ${startup.toFixed(3)} s; the 15x target leaves ${budget.toFixed(2)} s for the whole run, ` +
    `the 2M packets/s target ${(packets / 2e6).toFixed(2)} s`,
];
process.stdout.write(lines.join('\n') + '\n');
