// The few libc calls a NETLINK_SOCK_DIAG socket needs, through koffi. Loaded on first use
// so that importing this module never fails on a machine without libc or koffi.
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import type * as Koffi from 'koffi';
import { TcpdocError } from '../../model/errors.js';

export const AF_NETLINK = 16;
export const SOCK_DGRAM = 2;
export const SOCK_CLOEXEC = 0o2000000;
export const NETLINK_SOCK_DIAG = 4;
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SO_RCVTIMEO = 20; // SO_RCVTIMEO_OLD: struct timeval with 64-bit fields on 64-bit Linux.
const SO_RCVBUFFORCE = 33;
// recv() flag: return the datagram's real length even when it did not fit.
export const MSG_TRUNC = 0x20;

export interface Libc {
  socket: (domain: number, type: number, protocol: number) => number;
  setsockopt: (fd: number, level: number, name: number, value: Uint8Array, length: number) => number;
  send: (fd: number, data: Uint8Array, length: number, flags: number) => number;
  recv: (fd: number, buffer: Uint8Array, length: number, flags: number) => number;
  close: (fd: number) => number;
  errno: () => number;
}

let libc: Libc | null = null;

// Loads libc through koffi once (synchronously, since listSockets is synchronous);
// a TcpdocError NETLINK when that is impossible.
export function loadLibc(): Libc {
  if (libc !== null) return libc;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof Koffi;
    const lib = koffi.load('libc.so.6');
    libc = {
      socket: lib.func('int socket(int, int, int)') as Libc['socket'],
      setsockopt: lib.func('int setsockopt(int, int, int, const void *, uint32_t)') as Libc['setsockopt'],
      send: lib.func('intptr_t send(int, const void *, size_t, int)') as Libc['send'],
      recv: lib.func('intptr_t recv(int, void *, size_t, int)') as Libc['recv'],
      close: lib.func('int close(int)') as Libc['close'],
      errno: () => koffi.errno(),
    };
    return libc;
  } catch (error) {
    throw new TcpdocError('NETLINK', `cannot call libc for netlink (${(error as Error).message})`, {
      hint: 'tcpdoc needs the koffi package and glibc for netlink; it reads /proc/net/tcp instead.',
      cause: error,
    });
  }
}

const errnoNames = new Map<number, string>();
for (const [name, value] of Object.entries(constants.errno)) if (!errnoNames.has(value)) errnoNames.set(value, name);

// Symbolic name of an errno number, e.g. 1 -> "EPERM".
export function nameErrno(errno: number): string {
  return errnoNames.get(errno) ?? `errno ${errno}`;
}

// Opens the sock_diag socket with a receive timeout and a large receive buffer.
export function openDiagSocket(c: Libc, options: { timeoutMs: number; receiveBufferBytes: number }): number {
  const fd = c.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) {
    const errno = c.errno();
    throw new TcpdocError('NETLINK', `cannot open a NETLINK_SOCK_DIAG socket (${nameErrno(errno)})`, {
      hint: hintForSocketErrno(errno),
    });
  }
  try {
    const timeval = new Uint8Array(16);
    const view = new DataView(timeval.buffer);
    view.setBigInt64(0, BigInt(Math.floor(options.timeoutMs / 1000)), true);
    view.setBigInt64(8, BigInt((options.timeoutMs % 1000) * 1000), true);
    if (c.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval, 16) !== 0) {
      const errno = c.errno();
      throw new TcpdocError('NETLINK', `cannot set a receive timeout on the netlink socket (${nameErrno(errno)})`, {
        hint: 'Without a timeout a dump could hang; tcpdoc reads /proc/net/tcp instead.',
      });
    }
    const size = new Uint8Array(4);
    new DataView(size.buffer).setInt32(0, options.receiveBufferBytes, true);
    // FORCE ignores net.core.rmem_max but needs CAP_NET_ADMIN; a smaller buffer only slows a dump.
    if (c.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, size, 4) !== 0) c.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, size, 4);
    return fd;
  } catch (error) {
    c.close(fd);
    throw error;
  }
}

function hintForSocketErrno(errno: number): string {
  switch (nameErrno(errno)) {
    case 'EPERM':
    case 'EACCES':
      return 'A sandbox (seccomp, container policy) forbids netlink sockets; tcpdoc reads /proc/net/tcp instead.';
    case 'EPROTONOSUPPORT':
    case 'EAFNOSUPPORT':
      return 'This kernel lacks sock_diag (CONFIG_INET_DIAG); try `modprobe tcp_diag`, or tcpdoc reads /proc/net/tcp instead.';
    case 'EMFILE':
    case 'ENFILE':
      return 'Too many open files; raise the limit (ulimit -n) or close descriptors.';
    default:
      return 'tcpdoc reads /proc/net/tcp instead.';
  }
}
