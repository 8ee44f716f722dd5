// Whole-process wall time and peak memory of shell commands, via /usr/bin/time (GNU time).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measurement {
  label: string;
  // Median wall time over the runs, seconds.
  seconds: number;
  // Largest peak resident set of any run, MB (of the biggest process in a pipeline: GNU time reports the shell's children too).
  peakMb: number;
  runs: number;
}

// Runs `sh -c command` `runs` times after one warm-up; returns median time and peak memory.
export function measureCommand(label: string, command: string, runs: number): Measurement {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdoc-bench-'));
  const times: number[] = [];
  let peakKb = 0;
  try {
    for (let i = 0; i <= runs; i++) {
      const out = join(dir, 'time.txt');
      const start = process.hrtime.bigint();
      execFileSync('/usr/bin/time', ['-f', '%M', '-o', out, 'sh', '-c', `${command} >/dev/null`], { stdio: 'ignore', maxBuffer: 1 << 30 });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const kb = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
      if (i === 0) continue;
      times.push(seconds);
      peakKb = Math.max(peakKb, kb);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return { label, seconds: times[Math.floor(times.length / 2)] ?? NaN, peakMb: peakKb / 1024, runs };
}
