// Benchmark: whole-process wall time and peak memory of `tcpdoc trace --json FILE` against
// `tshark -q -z conv,tcp -r FILE` on the same capture in the same run (targets: >= 15x faster, <= 1/4
// of tshark's memory, >= 2M packets/s). Makes the capture with bench/make-capture.ts when it is missing.
// Usage: npm run build && node --import tsx bench/trace.ts [--packets 1000000] [--runs 3] [--capture FILE]
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { measureCommand } from './measure.js';

const { values } = parseArgs({
  options: {
    packets: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
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

const tcpdoc = measureCommand('tcpdoc trace --json', `node dist/src/cli/main.js trace --json ${capture}`, runs);
const tshark = measureCommand('tshark -q -z conv,tcp', `tshark -q -z conv,tcp -r ${capture} 2>/dev/null`, runs);
const speedup = tshark.seconds / tcpdoc.seconds;
const memoryRatio = tcpdoc.peakMb / tshark.peakMb;
const pps = packets / tcpdoc.seconds;
const lines = [
  `capture: ${capture} (${packets.toLocaleString('en-US')} packets), ${cpus().length} CPUs, Node ${process.version}, median of ${runs} runs after one warm-up`,
  `| command | wall time | peak RSS | packets/s |`,
  `|---|---|---|---|`,
  `| ${tcpdoc.label} | ${tcpdoc.seconds.toFixed(2)} s | ${tcpdoc.peakMb.toFixed(0)} MB | ${Math.round(pps).toLocaleString('en-US')} |`,
  `| ${tshark.label} | ${tshark.seconds.toFixed(2)} s | ${tshark.peakMb.toFixed(0)} MB | ${Math.round(packets / tshark.seconds).toLocaleString('en-US')} |`,
  ``,
  `speed-up ${speedup.toFixed(1)}x (target >= 15x), memory ${(memoryRatio * 100).toFixed(0)}% of tshark (target <= 25%), ${(pps / 1e6).toFixed(2)}M packets/s (target >= 2M)`,
];
process.stdout.write(lines.join('\n') + '\n');
