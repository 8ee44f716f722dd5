// Benchmark for `tcpdoc doctor --window 0` on >= 100,000 sockets held by several processes in a
// namespace, with `ss -tanp` timed in the same run for reference. Prints a markdown table.
// Run as root after a build: node dist/bench/doctor.js [CONNECTIONS] [RUNS]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildSocketFarm } from './socket-farm.js';
import { measureCommand } from './measure.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

async function main(): Promise<void> {
  const connections = Number(process.argv[2] ?? 50_000);
  const runs = Number(process.argv[3] ?? 5);
  const farm = await buildSocketFarm({ connections, timeWait: 2_000, lifetimeSeconds: 600 });
  try {
    const ns = `ip netns exec ${farm.netns}`;
    const total = Number(execFileSync('sh', ['-c', `${ns} ss -tanH | wc -l`], { encoding: 'utf8' }).trim());
    const ours = measureCommand('tcpdoc doctor --window 0', `${ns} node ${CLI} doctor --window 0 --no-kernel-log`, runs);
    const withLog = measureCommand('tcpdoc doctor --window 0 (with kernel log)', `${ns} node ${CLI} doctor --window 0`, runs);
    const ss = measureCommand('ss -tanp', `${ns} ss -tanp`, runs);
    const rows = [ours, withLog, ss].map((m) => `| ${m.label} | ${m.seconds.toFixed(3)} | ${m.peakMb.toFixed(0)} |`);
    process.stdout.write([
      `Sockets in the namespace: ${total} (${connections} connections held by ${farm.pids.length} processes, plus TIME_WAIT); median of ${runs} runs after a warm-up.`,
      '',
      '| command | seconds | peak MB |',
      '|---|---|---|',
      ...rows,
      '',
      `Target: tcpdoc doctor --window 0 under 1 s: ${ours.seconds < 1 ? 'met' : 'MISSED'}.`,
    ].join('\n') + '\n');
  } finally {
    farm.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
