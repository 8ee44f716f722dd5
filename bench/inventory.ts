// Benchmark for `tcpdoc status` and `tcpdoc ls` against ss on >= 100,000 sockets held by
// several processes in a namespace. Prints a markdown table for bench/RESULTS.md.
// Run as root after a build: node dist/bench/inventory.js [CONNECTIONS] [RUNS]
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildSocketFarm } from './socket-farm.js';
import { measureCommand, type Measurement } from './measure.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

async function main(): Promise<void> {
  const connections = Number(process.argv[2] ?? 50_000);
  const runs = Number(process.argv[3] ?? 5);
  const farm = await buildSocketFarm({ connections, timeWait: 2_000, lifetimeSeconds: 900 });
  const small = spawn('ip', ['netns', 'exec', farm.netns, 'node', '-e', `
    const net = require('node:net'); const held = [];
    net.createServer((s) => held.push(s)).listen({ host: '127.0.0.1', port: 800 }, () => {
      for (let i = 0; i < 10; i++) held.push(net.connect(800, '127.0.0.1'));
      setTimeout(() => process.stdout.write('ok\\n'), 300);
    });
    setTimeout(() => process.exit(0), 900000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => small.stdout.once('data', resolve));
  try {
    const ns = `ip netns exec ${farm.netns}`;
    const total = Number(execFileSync('sh', ['-c', `${ns} ss -tanH | wc -l`], { encoding: 'utf8' }).trim());
    const pairs: [Measurement, Measurement, number, string][] = [];
    const compare = (ours: string, theirs: string, target: number, what: string) => {
      const a = measureCommand(ours, `${ns} ${ours}`, runs);
      const b = measureCommand(theirs, `${ns} ${theirs}`, runs);
      pairs.push([a, b, target, what]);
    };
    const tcpdoc = `node ${CLI}`;
    compare(`${tcpdoc} status`, `sh -c "ss -tan | awk '{print \\$1}' | sort | uniq -c"`, 0.8, 'status vs ss|awk|sort|uniq');
    compare(`${tcpdoc} status --no-processes`, `sh -c "ss -tan | awk '{print \\$1}' | sort | uniq -c"`, 0.8, 'status without processes');
    compare(`${tcpdoc} ls -p`, 'ss -tanp', 0.2, 'ls -p vs ss -tanp');
    compare(`${tcpdoc} ls -i`, 'ss -tani', 2.0, 'ls -i vs ss -tani');
    compare(`${tcpdoc} ls -i 'sport = :800'`, `ss -tani 'sport = :800'`, 1.0, 'ls -i one port vs ss');
    const lines = [
      `Listeners use ports below 1024 so that the widened ephemeral range (1024-65535) cannot take them. Sockets in the namespace: ${total} (${connections} connections held by ${farm.pids.length} processes, plus TIME_WAIT); median of ${runs} runs after a warm-up.`,
      '',
      '| comparison | tcpdoc s | reference s | ratio | target | tcpdoc peak MB | reference peak MB | verdict |',
      '|---|---|---|---|---|---|---|---|',
      ...pairs.map(([a, b, target, what]) => {
        const ratio = a.seconds / b.seconds;
        return `| ${what} | ${a.seconds.toFixed(3)} | ${b.seconds.toFixed(3)} | ${ratio.toFixed(2)}x | <= ${target}x | ${a.peakMb.toFixed(0)} | ${b.peakMb.toFixed(0)} | ${ratio <= target ? 'met' : 'MISSED'} |`;
      }),
    ];
    // The floor for any Node program: starting Node itself in the same namespace.
    const floor = measureCommand('node -e 0', `${ns} node -e 0`, runs);
    lines.push('', `Node start-up alone (\`node -e 0\`, same namespace): ${floor.seconds.toFixed(3)} s.`);
    const statusPeak = pairs[0]?.[0].peakMb ?? NaN;
    lines.push('', `Peak memory of tcpdoc status: ${statusPeak.toFixed(0)} MB (target < 150 MB: ${statusPeak < 150 ? 'met' : 'MISSED'}).`);
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    small.kill('SIGKILL');
    farm.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
