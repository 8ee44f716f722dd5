// Walks one process's /proc/PID/fd directory and reports the socket inode behind each fd.
// Speed matters (ss -p spends most of its time here): with libc, readlinkat on an open
// directory fd, and the fd count from stat(/proc/PID/fd).st_size (Linux 6.2+) lets us probe
// fds 0, 1, 2, ... without listing the directory when the table is dense.
import fs from 'node:fs';
import { O_CLOEXEC, O_DIRECTORY, O_RDONLY, type KernelLibc } from './kernel-libc.js';

// Why a process's fds could not be read.
export type FdWalkFailure = 'unreadable' | 'vanished';

const ENOENT = 2;
const ESRCH = 3;
const EPERM = 1;
const EACCES = 13;
const PREFIX = 'socket:[';

// Extra misses allowed while probing fd numbers before listing the directory instead.
const PROBE_SLACK = 256;

// Calls onSocket(fd, inode) for every socket fd of pid; returns null, or why the fds could not be read.
export function walkSocketFds(
  procRoot: string,
  pid: number,
  libc: KernelLibc | null,
  onSocket: (fd: number, inode: number) => void,
): FdWalkFailure | null {
  const dir = `${procRoot}/${pid}/fd`;
  if (libc === null) return walkWithNodeFs(dir, onSocket);
  const dirfd = libc.open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0) return classifyErrno(libc.errno());
  try {
    const link = new Uint8Array(64);
    // The fd directory of a process we may not trace lists fine, but every readlink fails (pid 1 in a container).
    let denied = false;
    let readable = false;
    const visit = (fd: number): boolean => {
      const length = libc.readlinkat(dirfd, String(fd), link, link.length);
      if (length < 0) {
        const errno = libc.errno();
        if (errno === EACCES || errno === EPERM) denied = true;
        return false;
      }
      readable = true;
      const inode = parseSocketLink(link, length);
      if (inode >= 0) onSocket(fd, inode);
      return true;
    };
    let count = 0;
    try {
      count = fs.fstatSync(dirfd).size;
    } catch {
      count = 0;
    }
    let next = 0;
    if (count > 0) {
      // Dense fd tables (the usual case) need no directory listing at all.
      let found = 0;
      let misses = 0;
      while (found < count && misses <= PROBE_SLACK + found) {
        if (visit(next++)) found++;
        else misses++;
      }
      if (found >= count) return null;
    }
    // Sparse table, old kernel (st_size 0) or fds changing under us: list the rest.
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch (error) {
      return classifyCode((error as NodeJS.ErrnoException).code);
    }
    for (const name of names) {
      const fd = Number(name);
      if (fd >= next) visit(fd);
    }
    return denied && !readable ? 'unreadable' : null;
  } finally {
    libc.close(dirfd);
  }
}

// The same walk with node:fs only (no koffi): readdir + readlink per fd.
function walkWithNodeFs(dir: string, onSocket: (fd: number, inode: number) => void): FdWalkFailure | null {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    return classifyCode((error as NodeJS.ErrnoException).code);
  }
  let denied = false;
  let readable = false;
  for (const name of names) {
    let target: string;
    try {
      target = fs.readlinkSync(`${dir}/${name}`);
      readable = true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') denied = true;
      continue; // Denied, or closed since the listing.
    }
    if (target.startsWith(PREFIX) && target.endsWith(']')) {
      const inode = Number(target.slice(PREFIX.length, -1));
      if (Number.isSafeInteger(inode)) onSocket(Number(name), inode);
    }
  }
  return denied && !readable ? 'unreadable' : null;
}

// The inode of a "socket:[INODE]" link target in bytes, or -1 for anything else.
export function parseSocketLink(bytes: Uint8Array, length: number): number {
  // "socket:[" is 8 bytes; then at least one digit and "]".
  if (length < 10 || bytes[length - 1] !== 0x5d) return -1;
  for (let i = 0; i < 8; i++) if (bytes[i] !== PREFIX.charCodeAt(i)) return -1;
  let inode = 0;
  for (let i = 8; i < length - 1; i++) {
    const digit = (bytes[i] as number) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    inode = inode * 10 + digit;
  }
  return inode;
}

function classifyErrno(errno: number): FdWalkFailure {
  return errno === ENOENT || errno === ESRCH ? 'vanished' : 'unreadable';
}

function classifyCode(code: string | undefined): FdWalkFailure {
  return code === 'ENOENT' || code === 'ESRCH' ? 'vanished' : 'unreadable';
}
