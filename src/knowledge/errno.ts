// Every errno as a knowledge entry: deep entries for socket errors, short ones built from the table for the rest.
import { DARWIN_ERRNO, DARWIN_ONLY, LIBUV_COMMON, LIBUV_WINDOWS, LINUX_ERRNO, type ErrnoRow } from './errno-table.js';
import type { ErrnoDeep } from './errno-deep.js';
import { ERRNO_CONNECT } from './errno-socket-connect.js';
import { ERRNO_ADDRESS } from './errno-socket-address.js';
import { ERRNO_RESOURCE } from './errno-socket-resource.js';
import { SRC } from './sources.js';
import { cmd, t, type EntryNumbers, type KnowledgeEntry } from './types.js';

const DEEP = new Map<string, ErrnoDeep>([...ERRNO_CONNECT, ...ERRNO_ADDRESS, ...ERRNO_RESOURCE].map((d) => [d.name, d]));

// WSA code for errno names that Winsock mirrors (WSABASEERR 10000 + the BSD number).
const WSA_BY_ERRNO: Readonly<Record<string, number>> = {
  EINTR: 10004, EBADF: 10009, EACCES: 10013, EFAULT: 10014, EINVAL: 10022, EMFILE: 10024, EAGAIN: 10035,
  EINPROGRESS: 10036, EALREADY: 10037, ENOTSOCK: 10038, EDESTADDRREQ: 10039, EMSGSIZE: 10040, EPROTOTYPE: 10041,
  ENOPROTOOPT: 10042, EPROTONOSUPPORT: 10043, ESOCKTNOSUPPORT: 10044, EOPNOTSUPP: 10045, EPFNOSUPPORT: 10046,
  EAFNOSUPPORT: 10047, EADDRINUSE: 10048, EADDRNOTAVAIL: 10049, ENETDOWN: 10050, ENETUNREACH: 10051,
  ENETRESET: 10052, ECONNABORTED: 10053, ECONNRESET: 10054, ENOBUFS: 10055, EISCONN: 10056, ENOTCONN: 10057,
  ESHUTDOWN: 10058, ETOOMANYREFS: 10059, ETIMEDOUT: 10060, ECONNREFUSED: 10061, ELOOP: 10062, ENAMETOOLONG: 10063,
  EHOSTDOWN: 10064, EHOSTUNREACH: 10065, ENOTEMPTY: 10066,
};

// The Winsock code that mirrors an errno name, if any.
export function findWsaForErrno(name: string): number | undefined {
  return WSA_BY_ERRNO[name];
}

function numbersFor(row: ErrnoRow): EntryNumbers {
  const numbers: EntryNumbers = { linux: row.linux };
  const darwin = DARWIN_ERRNO[row.name];
  if (darwin !== undefined) numbers.darwin = darwin;
  const win = LIBUV_WINDOWS[row.name];
  if (win !== undefined) numbers.libuvWindows = win;
  const wsa = WSA_BY_ERRNO[row.name];
  if (wsa !== undefined) numbers.wsa = wsa;
  return numbers;
}

function buildErrno(row: ErrnoRow): KnowledgeEntry {
  const deep = DEEP.get(row.name);
  const id = `errno:${row.name}`;
  const aliases = [...(row.aliases ?? [])];
  if (deep !== undefined) {
    return {
      kind: 'errno', id, name: row.name, aliases, numbers: numbersFor(row),
      summary: deep.summary, details: deep.details, checks: deep.checks, fixes: deep.fixes,
      related: deep.related, sources: [...deep.sources, SRC.errnoH],
    };
  }
  return {
    kind: 'errno', id, name: row.name, aliases, numbers: numbersFor(row),
    summary: t(`${row.message}.`, `${row.zh}。`),
    details: t(
      `Linux errno ${row.linux} (${row.name}, "${row.message}"). Socket calls seldom return it; the manual page of the failing call lists when it does. In Node it appears as err.code "${row.name}" with err.errno -${row.linux}.`,
      `Linux errno ${row.linux}（${row.name}，"${row.message}"）。套接字调用很少返回它；失败调用的手册页会列出何时返回。在 Node 中表现为 err.code "${row.name}"，err.errno 为 -${row.linux}。`,
    ),
    checks: [cmd('strace -f -p PID', 'which call returns it, with its arguments', '哪个调用返回了它及其参数')],
    fixes: [t('See the manual page of the call that failed for the conditions behind this error.', '查看失败调用的手册页，了解导致此错误的条件。')],
    related: [],
    sources: [row.linux <= 34 ? SRC.errnoBaseH : SRC.errnoH, SRC.errnoMan],
  };
}

function buildDarwinOnly(num: number, name: string, message: string): KnowledgeEntry {
  return {
    kind: 'errno', id: `errno:${name}`, name, aliases: [], numbers: { darwin: num },
    summary: t(`${message} (macOS/BSD only).`, `${message}（仅 macOS/BSD）。`),
    details: t(`macOS errno ${num}. Linux has no error with this name.`, `macOS errno ${num}。Linux 没有同名错误。`),
    checks: [], fixes: [], related: [], sources: [SRC.xnuErrno],
  };
}

function buildLibuvCommon(name: string, code: number, message: string): KnowledgeEntry {
  return {
    kind: 'errno', id: `errno:${name}`, name, aliases: [], numbers: { libuv: code },
    summary: t(`libuv error ${name}: ${message}.`, `libuv 错误 ${name}：${message}。`),
    details: t(
      `A libuv code with the same value (${code}) on every platform; it has no kernel errno. Resolver codes (EAI_*) come from getaddrinfo().`,
      `libuv 在所有平台上取值相同（${code}）的错误码，没有对应的内核 errno。解析器错误码（EAI_*）来自 getaddrinfo()。`,
    ),
    checks: [], fixes: [], related: name.startsWith('EAI_') ? ['node:getaddrinfo-enotfound', 'node:getaddrinfo-eai-again'] : [],
    sources: [SRC.libuvErrno, SRC.libuvErrors],
  };
}

// ENOTSUP on macOS (45) is a separate number from EOPNOTSUPP (102); it still points at the Linux entry.
const DARWIN_ALIAS_TO_LINUX: Readonly<Record<string, string>> = { ENOTSUP: 'EOPNOTSUPP' };

function buildAll(): KnowledgeEntry[] {
  const entries = LINUX_ERRNO.map(buildErrno);
  for (const [num, info] of Object.entries(DARWIN_ONLY)) {
    if (DARWIN_ALIAS_TO_LINUX[info.name] !== undefined) continue;
    entries.push(buildDarwinOnly(Number(num), info.name, info.message));
  }
  const eaiHandledByNode = new Set(['EAI_AGAIN', 'EAI_NONAME']);
  for (const c of LIBUV_COMMON) {
    if (eaiHandledByNode.has(c.name)) continue;
    const existing = entries.find((e) => e.name === c.name);
    if (existing !== undefined) existing.numbers.libuv = c.code;
    else entries.push(buildLibuvCommon(c.name, c.code, c.message));
  }
  return entries;
}

// Every errno entry: Linux numbers, macOS-only names and libuv-only codes.
export const ERRNO_ENTRIES: readonly KnowledgeEntry[] = buildAll();

// Darwin numbers that name a Linux entry under another name (ENOTSUP 45 -> errno:EOPNOTSUPP).
export const DARWIN_EXTRA_NUMBERS: readonly { darwin: number; id: string }[] = [{ darwin: 45, id: 'errno:EOPNOTSUPP' }];
