// Which processes hold which sockets: one pass over /proc/*/fd building inode -> owners,
// as ss -p, netstat -p and lsof do, but with one readlinkat per fd and no per-fd strings.
import fs from 'node:fs';
import type { ProcessRef } from '../../model/socket.js';
import { walkSocketFds } from './fd-links.js';
import { loadKernelLibc } from './kernel-libc.js';

export interface SocketOwnerScanOptions {
  // Only these processes (default: every process in /proc).
  pids?: readonly number[];
  // Where procfs is mounted (tests and containers with a host /proc mounted elsewhere).
  procRoot?: string;
  // Use node:fs instead of libc (the fallback path, also used to compare both in tests).
  noLibc?: boolean;
  // Only processes in this network namespace ("net:[INODE]", see readNetnsId): a socket
  // dump shows one namespace, whose sockets its own processes hold. Processes whose
  // namespace cannot be read are scanned anyway.
  netnsId?: string;
}

export interface SocketOwnerScan {
  // Socket inode -> every process holding it, in pid order.
  owners: Map<number, ProcessRef[]>;
  processesScanned: number;
  // Processes whose fds we may not read (EACCES/EPERM: not root, or another user's process).
  unreadableProcesses: number;
  // Processes that exited during the scan.
  vanishedProcesses: number;
  method: 'libc' | 'node-fs';
}

// Scans /proc/*/fd once; never throws for processes it cannot read, it counts them.
export function scanSocketOwners(options: SocketOwnerScanOptions = {}): SocketOwnerScan {
  const procRoot = options.procRoot ?? '/proc';
  const libc = options.noLibc === true ? null : loadKernelLibc();
  const pids = options.pids !== undefined ? [...new Set(options.pids)] : listPids(procRoot);
  pids.sort((a, b) => a - b);
  const owners = new Map<number, ProcessRef[]>();
  let unreadableProcesses = 0;
  let vanishedProcesses = 0;
  let otherNamespace = 0;
  for (const pid of pids) {
    if (options.netnsId !== undefined) {
      const id = readNetnsId(`${procRoot}/${pid}`);
      if (id !== null && id !== options.netnsId) {
        otherNamespace++;
        continue;
      }
    }
    let command: string | null = null;
    const failure = walkSocketFds(procRoot, pid, libc, (fd, inode) => {
      // The name is read only for processes that hold sockets.
      command ??= readCommand(procRoot, pid);
      const ref: ProcessRef = { pid, command, fd };
      const list = owners.get(inode);
      if (list === undefined) owners.set(inode, [ref]);
      else list.push(ref);
    });
    if (failure === 'unreadable') unreadableProcesses++;
    else if (failure === 'vanished') vanishedProcesses++;
  }
  return {
    owners,
    processesScanned: pids.length - otherNamespace,
    unreadableProcesses,
    vanishedProcesses,
    method: libc === null ? 'node-fs' : 'libc',
  };
}

// The network namespace of a process or thread directory ("/proc/self", "/proc/thread-self",
// "/proc/PID") as its link text "net:[INODE]", or null when it cannot be read.
export function readNetnsId(processDir: string): string | null {
  try {
    return fs.readlinkSync(`${processDir}/ns/net`);
  } catch {
    return null;
  }
}

// Numeric entries of /proc.
export function listPids(procRoot = '/proc'): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync(procRoot)) {
    const code = name.charCodeAt(0);
    if (code >= 0x30 && code <= 0x39) {
      const pid = Number(name);
      if (Number.isSafeInteger(pid)) pids.push(pid);
    }
  }
  return pids;
}

// The command name as ss shows it (/proc/PID/comm, at most 15 bytes); "?" when it is gone.
export function readCommand(procRoot: string, pid: number): string {
  try {
    return fs.readFileSync(`${procRoot}/${pid}/comm`, 'utf8').replace(/\n$/, '');
  } catch {
    return '?';
  }
}

// Owners are looked for among the processes of the namespace being listed (read here, on
// the thread that entered it), plus any process whose namespace we cannot read.
export function buildOwnerScanOptions(pids: readonly number[] | undefined, procPid: number | undefined): SocketOwnerScanOptions {
  const netnsId = readNetnsId(procPid !== undefined ? `/proc/${procPid}` : '/proc/thread-self');
  return { ...(pids !== undefined ? { pids } : {}), ...(netnsId !== null ? { netnsId } : {}) };
}

export { attachOwners } from './attach-owners.js';
export { readOpenFdCount, readFdLimit } from './process-limits.js';

// The requested pids that have no /proc entry: no such process (or it exited before the scan).
export function listMissingPids(pids: readonly number[], procRoot = '/proc'): number[] {
  return pids.filter((pid) => !fs.existsSync(`${procRoot}/${pid}`));
}

// The note for pids asked for with --pid that do not exist, so an empty listing is not taken for "no sockets".
export function formatMissingPidsNote(missing: readonly number[]): string {
  const list = missing.join(', ');
  return `no process with pid ${list} (${missing.length === 1 ? 'it does' : 'they do'} not exist, or exited before the scan)`;
}
