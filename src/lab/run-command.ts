// Runs the system tools a lab needs (ip, iptables, sysctl) and turns their failures into TcpdocErrors.
import { execFile } from 'node:child_process';
import { TcpdocError } from '../model/errors.js';
import { formatInstallHint } from './install-hint.js';

export interface CommandResult {
  stdout: string;
  stderr: string;
}

// Runs a command to completion; MISSING_TOOL when it is not installed, UNSUPPORTED_KERNEL when it fails.
export function runCommand(file: string, args: readonly string[], options: { timeoutMs?: number } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8', timeout: options.timeoutMs ?? 10_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ stdout, stderr });
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        reject(new TcpdocError('MISSING_TOOL', `${file} is not installed`, { hint: formatInstallHint(file), cause: error }));
        return;
      }
      const detail = stderr.trim().split('\n')[0] ?? '';
      reject(new TcpdocError('UNSUPPORTED_KERNEL', `${[file, ...args].join(' ')} failed${detail !== '' ? `: ${detail}` : ''}`, { cause: error }));
    });
  });
}

// Runs a command inside a named network namespace (`ip netns exec NAME ...`).
export function runInNamespace(netns: string, file: string, args: readonly string[], options: { timeoutMs?: number } = {}): Promise<CommandResult> {
  return runCommand('ip', ['netns', 'exec', netns, file, ...args], options);
}

// The pids of every process inside a named namespace (`ip netns pids`); empty when it is gone.
export async function listNamespacePids(netns: string): Promise<number[]> {
  try {
    const { stdout } = await runCommand('ip', ['netns', 'pids', netns]);
    return stdout
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((pid) => Number.isSafeInteger(pid) && pid > 0);
  } catch {
    return [];
  }
}

// Sends SIGKILL, ignoring processes that are already gone.
export function killProcess(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already exited.
  }
}
