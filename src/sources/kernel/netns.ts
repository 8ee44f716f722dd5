// Entering another network namespace: by name (/run/netns/NAME, as `ip netns add` makes) or
// through a process inside it (/proc/PID/ns/net; for containers pass the container's pid).
// setns(2) with CLONE_NEWNET changes only the calling thread. We call it on the main thread,
// where Node runs synchronous fs calls and opens sockets, so netlink sockets opened afterwards
// and /proc/self/net (which follows the thread-group leader, i.e. the main thread) see the new
// namespace. libuv's worker threads (async fs, dns.lookup) stay where they were.
import fs from 'node:fs';
import { TcpdocError } from '../../model/errors.js';
import { CLONE_NEWNET, loadKernelLibc, type KernelLibc } from './kernel-libc.js';

export type NetnsTarget = { name: string } | { pid: number };

export interface NetnsOptions {
  // Where `ip netns` keeps its namespaces.
  runDir?: string;
  procRoot?: string;
}

const EPERM = 1;
const EINVAL = 22;

// Moves the calling (main) thread into the target namespace for the rest of the process; returns a label for output.
export function enterNetns(target: NetnsTarget, options: NetnsOptions = {}): { label: string } {
  const libc = requireLibc();
  const { path, label } = resolveNetns(target, options);
  const fd = openNamespace(path, label);
  try {
    switchNamespace(libc, fd, label);
  } finally {
    fs.closeSync(fd);
  }
  return { label };
}

// Runs fn inside the target namespace, then returns to the namespace we were in.
export function runInNetns<T>(target: NetnsTarget, fn: () => T, options: NetnsOptions = {}): { label: string; value: T } {
  const libc = requireLibc();
  const { path, label } = resolveNetns(target, options);
  const targetFd = openNamespace(path, label);
  let homeFd: number;
  try {
    homeFd = fs.openSync('/proc/thread-self/ns/net', 'r');
  } catch (error) {
    fs.closeSync(targetFd);
    throw new TcpdocError('UNSUPPORTED_KERNEL', 'cannot open our own network namespace (/proc/thread-self/ns/net)', { cause: error });
  }
  try {
    switchNamespace(libc, targetFd, label);
    try {
      return { label, value: fn() };
    } finally {
      // Going home must work: we were allowed to leave, and the fd keeps the namespace alive.
      if (libc.setns(homeFd, CLONE_NEWNET) !== 0) {
        throw new TcpdocError('UNSUPPORTED_KERNEL', `could not return to the original network namespace (errno ${libc.errno()})`);
      }
    }
  } finally {
    fs.closeSync(targetFd);
    fs.closeSync(homeFd);
  }
}

// Names that `ip netns` knows, sorted; empty when there are none.
export function listNetnsNames(options: NetnsOptions = {}): string[] {
  try {
    return fs.readdirSync(options.runDir ?? '/run/netns').sort();
  } catch {
    return [];
  }
}

// The nsfs file for a target and its label; NOT_FOUND when there is no such namespace or process.
export function resolveNetns(target: NetnsTarget, options: NetnsOptions = {}): { path: string; label: string } {
  if ('name' in target) {
    const runDir = options.runDir ?? '/run/netns';
    const label = `netns ${target.name}`;
    const names = listNetnsNames(options);
    if (target.name === '' || target.name.includes('/') || !names.includes(target.name)) {
      throw new TcpdocError('NOT_FOUND', `no network namespace named "${target.name}"`, {
        hint: names.length > 0 ? `Namespaces that exist: ${names.join(', ')}.` : 'There are no named namespaces (ip netns list is empty); for a container, pass its pid instead.',
      });
    }
    return { path: `${runDir}/${target.name}`, label };
  }
  const procRoot = options.procRoot ?? '/proc';
  if (!Number.isSafeInteger(target.pid) || target.pid <= 0 || !fs.existsSync(`${procRoot}/${target.pid}`)) {
    throw new TcpdocError('NOT_FOUND', `no process with pid ${target.pid}`, {
      hint: 'Check the pid; for a Docker container: docker inspect -f {{.State.Pid}} NAME.',
    });
  }
  return { path: `${procRoot}/${target.pid}/ns/net`, label: `netns of pid ${target.pid}` };
}

function requireLibc(): KernelLibc {
  const libc = loadKernelLibc();
  if (libc === null) {
    throw new TcpdocError('UNSUPPORTED_KERNEL', 'cannot call setns(2): libc could not be loaded through koffi', {
      hint: 'Run inside the namespace instead: sudo ip netns exec NAME tcpdoc ...',
    });
  }
  return libc;
}

function openNamespace(path: string, label: string): number {
  try {
    return fs.openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw noPermission(label, code, error);
    if (code === 'ENOENT' || code === 'ESRCH') throw new TcpdocError('NOT_FOUND', `${label} is gone (${code})`, { cause: error });
    throw new TcpdocError('UNSUPPORTED_KERNEL', `cannot open ${path} (${code ?? 'error'})`, { cause: error });
  }
}

function switchNamespace(libc: KernelLibc, fd: number, label: string): void {
  if (libc.setns(fd, CLONE_NEWNET) === 0) return;
  const errno = libc.errno();
  if (errno === EPERM) throw noPermission(label, 'EPERM');
  if (errno === EINVAL) {
    throw new TcpdocError('BAD_INPUT', `${label} is not a network namespace (EINVAL)`, {
      hint: label.startsWith('netns of pid') ? 'Check the pid.' : `The file under /run/netns is not a namespace (left over from a failed 'ip netns add'?); remove it with: sudo ip netns delete ${label.slice('netns '.length)}`,
    });
  }
  throw new TcpdocError('UNSUPPORTED_KERNEL', `setns into ${label} failed (errno ${errno})`);
}

function noPermission(label: string, code: string, cause?: unknown): TcpdocError {
  const example = label.startsWith('netns of pid') ? `--pid-ns ${label.slice('netns of pid '.length)}` : `--netns ${label.slice('netns '.length)}`;
  return new TcpdocError('NO_PERMISSION', `not allowed to enter ${label} (${code})`, {
    hint: `Entering a network namespace needs root (CAP_SYS_ADMIN): sudo tcpdoc ... ${example}`,
    cause,
  });
}
