// Per-process file descriptor use, for the doctor: open fd count and RLIMIT_NOFILE.
import fs from 'node:fs';
import { decodeProcLimit, type ResourceLimit } from '../../wire/proc-pid-limits.js';

// Number of open fds of pid; null when its fd directory cannot be read.
export function readOpenFdCount(pid: number, procRoot = '/proc'): number | null {
  const dir = `${procRoot}/${pid}/fd`;
  try {
    // Linux 6.2+ reports the count as the directory's size; older kernels report 0.
    const size = fs.statSync(dir).size;
    if (size > 0) return size;
    return fs.readdirSync(dir).length;
  } catch {
    return null;
  }
}

// RLIMIT_NOFILE of pid from /proc/PID/limits (soft and hard; null values mean unlimited); null when unreadable.
export function readFdLimit(pid: number, procRoot = '/proc'): ResourceLimit | null {
  try {
    return decodeProcLimit(fs.readFileSync(`${procRoot}/${pid}/limits`, 'utf8'), 'Max open files');
  } catch {
    return null;
  }
}
