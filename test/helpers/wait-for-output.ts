// Waits until a child process prints a marker on stdout: rejects with what it printed on stderr when it
// exits first or the time runs out, so a workload that fails to start fails the test with its own words.
import type { ChildProcess } from 'node:child_process';

export function waitForOutput(child: ChildProcess, marker: string, timeoutMs = 20_000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let out = '';
    let err = '';
    const finish = (error: Error | null): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onOut);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
      if (error === null) resolve();
      else reject(error);
    };
    const onOut = (d: Buffer): void => {
      out += d.toString();
      if (out.includes(marker)) finish(null);
    };
    const onErr = (d: Buffer): void => {
      err += d.toString();
    };
    const onExit = (code: number | null): void => finish(new Error(`the workload exited (${code}) before printing '${marker}': ${err || out}`));
    const timer = setTimeout(() => finish(new Error(`no '${marker}' from the workload within ${timeoutMs} ms: ${err || out}`)), timeoutMs);
    child.stdout?.on('data', onOut);
    child.stderr?.on('data', onErr);
    child.on('exit', onExit);
  });
}
