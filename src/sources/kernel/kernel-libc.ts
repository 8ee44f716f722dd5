// libc calls for /proc scans and namespaces (readlinkat, open, close, setns) through koffi.
// Loaded on first use; null when koffi or glibc is missing, so callers fall back to node:fs.
import { createRequire } from 'node:module';
import type * as Koffi from 'koffi';

// open(2) flags (include/uapi/asm-generic/fcntl.h).
export const O_RDONLY = 0;
export const O_DIRECTORY = 0o200000;
export const O_CLOEXEC = 0o2000000;
// setns(2) namespace type (include/uapi/linux/sched.h).
export const CLONE_NEWNET = 0x40000000;

export interface KernelLibc {
  open: (path: string, flags: number) => number;
  // Writes the link target into buffer; the length, or -1 with errno set.
  readlinkat: (dirfd: number, name: string, buffer: Uint8Array, size: number) => number;
  close: (fd: number) => number;
  setns: (fd: number, nstype: number) => number;
  errno: () => number;
}

let loaded: KernelLibc | null | undefined;

// The libc functions, or null when they cannot be loaded (not glibc, koffi missing).
export function loadKernelLibc(): KernelLibc | null {
  if (loaded !== undefined) return loaded;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof Koffi;
    const lib = koffi.load('libc.so.6');
    const readlinkat = lib.func('intptr_t readlinkat(int, const char *, void *, size_t)');
    loaded = {
      open: lib.func('int open(const char *, int)') as KernelLibc['open'],
      // intptr_t may come back as a number or a bigint depending on size; lengths here are tiny.
      readlinkat: (dirfd, name, buffer, size) => Number(readlinkat(dirfd, name, buffer, size)),
      close: lib.func('int close(int)') as KernelLibc['close'],
      setns: lib.func('int setns(int, int)') as KernelLibc['setns'],
      errno: () => koffi.errno(),
    };
  } catch {
    loaded = null;
  }
  return loaded;
}
