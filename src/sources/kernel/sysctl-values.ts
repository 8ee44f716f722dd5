// Current values of the audited sysctls, for the host or another network namespace. Reading goes through
// readSysctls() (sysctls.ts); this file only decides where each key is read. /proc/sys/net follows the network
// namespace of the reading thread, so per-namespace keys are read inside runInNetns on the main thread, while
// global keys (tcp_mem, tcp_max_orphans, netdev_max_backlog), which other namespaces do not show, are read here.
import fs from 'node:fs';
import { TcpdocError } from '../../model/errors.js';
import { runInNetns, type NetnsTarget } from './netns.js';
import { NON_UTF8_PATH_HINT, hasLostBytes } from '../non-utf8-path.js';
import { readKernelRelease, readSysctls, sysctlPath } from './sysctls.js';

// What the sysctl command audits.
export interface SysctlValues {
  values: Record<string, string | null>;
  // Keys whose file exists but could not be read.
  unreadable: string[];
  kernelRelease: string;
  // Label of the namespace read, e.g. "netns web1"; undefined for our own.
  netnsLabel?: string;
}

// Reads `keys` (per namespace) and `globalKeys` (host-wide) for our namespace or `target`.
export function readSysctlValues(keys: readonly string[], globalKeys: readonly string[], options: { netns?: NetnsTarget; procRoot?: string } = {}): SysctlValues {
  const isGlobal = new Set(globalKeys);
  const local = keys.filter((k) => !isGlobal.has(k));
  const global = keys.filter((k) => isGlobal.has(k));
  const readOptions = options.procRoot !== undefined ? { procRoot: options.procRoot } : {};
  const outside = readSysctls(global, readOptions);
  const kernelRelease = readKernelRelease(readOptions);
  if (options.netns === undefined) {
    const inside = readSysctls(local, readOptions);
    return { values: { ...inside.values, ...outside.values }, unreadable: [...inside.unreadable, ...outside.unreadable], kernelRelease };
  }
  const { label, value: inside } = runInNetns(options.netns, () => readSysctls(local, readOptions));
  return { values: { ...inside.values, ...outside.values }, unreadable: [...inside.unreadable, ...outside.unreadable], kernelRelease, netnsLabel: label };
}

// Keys (from a file being checked) that this kernel has no /proc/sys entry for; globs are skipped, and global keys
// are looked up in our own namespace since other namespaces do not show them.
export function findMissingSysctls(keys: readonly string[], globalKeys: readonly string[], options: { netns?: NetnsTarget; procRoot?: string } = {}): string[] {
  const isGlobal = new Set(globalKeys);
  const missing = (list: string[]) => list.filter((k) => !k.includes('*') && !fs.existsSync(sysctlPath(k, options.procRoot)));
  const local = keys.filter((k) => !isGlobal.has(k));
  const outside = missing(keys.filter((k) => isGlobal.has(k)));
  const inside = options.netns === undefined ? missing(local) : runInNetns(options.netns, () => missing(local)).value;
  return keys.filter((k) => inside.includes(k) || outside.includes(k));
}

const MAX_CONF_BYTES = 4 * 1024 * 1024;

// The text of a sysctl.conf-style file; NOT_FOUND / NO_PERMISSION / BAD_INPUT errors say what went wrong.
// Read in pieces up to MAX_CONF_BYTES, so that a device or pipe without end (/dev/zero) is refused instead of
// filling memory: stat() reports size 0 for those.
export function readSysctlConfFile(path: string): string {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (error) {
    throw describeConfError(path, error);
  }
  try {
    if (fs.fstatSync(fd).isDirectory()) {
      throw new TcpdocError('BAD_INPUT', `${path} is a directory`, { hint: 'Check one file at a time, e.g. --check /etc/sysctl.d/99-tuning.conf.' });
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_CONF_BYTES) {
        throw new TcpdocError('BAD_INPUT', `${path} is larger than ${MAX_CONF_BYTES} bytes; a sysctl.conf file is expected`, { hint: 'Give a sysctl.conf-style file (key = value lines), e.g. /etc/sysctl.d/99-tuning.conf.' });
      }
      chunks.push(chunk.subarray(0, n));
    }
    const bytes = Buffer.concat(chunks, total);
    // A NUL byte never appears in a text file: this is a binary, and echoing its lines would garble the terminal.
    if (bytes.includes(0)) {
      throw new TcpdocError('BAD_INPUT', `${path} is not a text file (it contains NUL bytes)`, { hint: 'Give a sysctl.conf-style file (key = value lines), e.g. /etc/sysctl.d/99-tuning.conf.' });
    }
    return bytes.toString('utf8');
  } catch (error) {
    throw describeConfError(path, error);
  } finally {
    fs.closeSync(fd);
  }
}

// An open or read failure as a TcpdocError that names the file and what to do.
function describeConfError(path: string, error: unknown): TcpdocError {
  if (error instanceof TcpdocError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'EACCES' || code === 'EPERM') return new TcpdocError('NO_PERMISSION', `cannot read ${path} (${code})`, { hint: 'Run as a user who may read the file, or copy it somewhere readable.', cause: error });
  if (code === 'EISDIR') return new TcpdocError('BAD_INPUT', `${path} is a directory`, { hint: 'Check one file at a time, e.g. --check /etc/sysctl.d/99-tuning.conf.', cause: error });
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new TcpdocError('NOT_FOUND', `no such file: ${path}`, { hint: hasLostBytes(path) ? NON_UTF8_PATH_HINT : 'Give the path of a sysctl.conf-style file, e.g. /etc/sysctl.d/99-tuning.conf.', cause: error });
  }
  if (code === 'ELOOP') return new TcpdocError('BAD_INPUT', `cannot open ${path}: too many symbolic links (a link loop?)`, { hint: 'Check where the link points with: readlink -f PATH', cause: error });
  if (code === 'ENAMETOOLONG') return new TcpdocError('BAD_INPUT', `cannot open the file: the path is too long (${path.length} characters)`, { cause: error });
  return new TcpdocError('BAD_INPUT', `cannot read ${path} (${code})`, { hint: 'Give a regular sysctl.conf-style file.', cause: error });
}
