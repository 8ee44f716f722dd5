// Socket source that asks the kernel directly, as `ss` does: one NETLINK_SOCK_DIAG dump
// per address family, decoded as it arrives. Throws TcpdocError('NETLINK') when netlink
// cannot be used, so the caller can fall back to /proc/net/tcp.
import { TcpdocError } from '../../model/errors.js';
import { makeSocketRecord, type SocketRecord } from '../../model/socket.js';
import { TCP_STATES, maskFromStates } from '../../model/tcp-state.js';
import { compileBytecode } from '../../wire/netlink/bytecode.js';
import {
  INET_DIAG_CONG,
  INET_DIAG_INFO,
  INET_DIAG_SKMEMINFO,
  SOCK_DIAG_BY_FAMILY,
  encodeInetDiagRequest,
  extensionBit,
} from '../../wire/netlink/inet-diag-request.js';
import { decodeInetDiagCoreInto, decodeInetDiagMessage } from '../../wire/netlink/inet-diag-msg.js';
import { NLM_F_DUMP_INTR, NlmsgDecoder, type NlmsgRecord } from '../../wire/netlink/nlmsg.js';
import { MSG_TRUNC, loadLibc, nameErrno, openDiagSocket, type Libc } from './netlink-libc.js';
import type { SocketListing, SocketQuery, SocketSource } from './socket-source.js';

// One recv buffer for every dump (dumps are synchronous, so it is never shared). A dump
// datagram is at most 32 KiB; the headroom only guards against future kernels.
const RECV_BUFFER_BYTES = 1 << 20;
let recvBuffer: Uint8Array | null = null;

const DEFAULT_TIMEOUT_MS = 5000;
const EINTR_RETRIES = 16;

export interface DumpRequest {
  family: 4 | 6;
  // idiag_states mask (maskFromStates).
  states: number;
  // idiag_ext mask (extensionBit(...)).
  extensions: number;
  bytecode: Uint8Array | null;
}

export interface DumpResult {
  // Socket messages delivered to the visitor.
  messages: number;
  // Messages of an unexpected type or sequence, and malformed framing.
  unparsed: number;
  // Error that ended the dump early (NLMSG_ERROR or a failed DONE), with sockets already seen.
  errno: number | null;
  // The kernel's table changed during the dump (NLM_F_DUMP_INTR): results may be inconsistent.
  interrupted: boolean;
  // Framing problems, in words.
  malformed: string[];
}

// Receives the payload [start, end) of each SOCK_DIAG_BY_FAMILY reply; valid only during the call.
export type DumpVisitor = (view: DataView, start: number, end: number) => void;

let sequence = Math.floor(Math.random() * 0x7fff_0000);

// Sends one dump request on fd and feeds every reply to visit until NLMSG_DONE.
// An NLMSG_ERROR before any reply throws (the request was refused); later it is reported.
export function dumpInetDiag(c: Libc, fd: number, request: DumpRequest, visit: DumpVisitor): DumpResult {
  const seq = (sequence = (sequence + 1) >>> 0);
  const bytes = encodeInetDiagRequest({ ...request, seq });
  const sent = c.send(fd, bytes, bytes.length, 0);
  if (sent !== bytes.length) {
    const errno = c.errno();
    throw new TcpdocError('NETLINK', `sending the sock_diag request failed (${sent < 0 ? nameErrno(errno) : 'short write'})`, {
      hint: 'tcpdoc reads /proc/net/tcp instead.',
    });
  }
  const buffer = (recvBuffer ??= new Uint8Array(RECV_BUFFER_BYTES));
  const decoder = new NlmsgDecoder();
  const result: DumpResult = { messages: 0, unparsed: 0, errno: null, interrupted: false, malformed: [] };
  let finished = false;
  let refused: number | null = null;
  const onRecord = (record: NlmsgRecord): void => {
    if (finished) return;
    if (record.kind === 'malformed') {
      result.unparsed++;
      result.malformed.push(record.detail);
      if (decoder.isFailed) finished = true;
      return;
    }
    if (record.seq !== seq) {
      result.unparsed++; // A stale reply to an earlier request on this socket.
      return;
    }
    if ((record.flags & NLM_F_DUMP_INTR) !== 0) result.interrupted = true;
    if (record.kind === 'done') {
      if (record.errno !== 0) result.errno = record.errno;
      finished = true;
    } else if (record.kind === 'error') {
      if (record.errno === 0) return; // An acknowledgement, not an error.
      if (result.messages === 0) refused = record.errno;
      else result.errno = record.errno;
      finished = true;
    } else if (record.type === SOCK_DIAG_BY_FAMILY) {
      result.messages++;
      visit(record.view, record.payloadOffset, record.end);
    } else {
      result.unparsed++;
    }
  };
  let interrupts = 0;
  while (!finished) {
    const n = c.recv(fd, buffer, buffer.length, MSG_TRUNC);
    if (n < 0) {
      const errno = c.errno();
      const name = nameErrno(errno);
      if (name === 'EINTR' && ++interrupts <= EINTR_RETRIES) continue;
      if (name === 'EAGAIN' || name === 'EWOULDBLOCK') {
        throw new TcpdocError('NETLINK', 'the sock_diag dump timed out waiting for the kernel', {
          hint: 'The kernel stopped answering mid-dump; try again, or tcpdoc reads /proc/net/tcp instead.',
        });
      }
      throw new TcpdocError('NETLINK', `receiving the sock_diag dump failed (${name})`, { hint: 'tcpdoc reads /proc/net/tcp instead.' });
    }
    if (n === 0) {
      result.malformed.push('netlink socket returned no data before NLMSG_DONE');
      break;
    }
    if (n > buffer.length) {
      // Cannot happen with today's 32 KiB dump datagrams; reading on would misframe the stream.
      throw new TcpdocError('NETLINK', `a sock_diag reply of ${n} bytes did not fit the ${buffer.length}-byte buffer`, {
        hint: 'tcpdoc reads /proc/net/tcp instead; please report this kernel version.',
      });
    }
    decoder.push(buffer.subarray(0, n), onRecord);
  }
  decoder.finish(onRecord);
  if (refused !== null) throw refusedError(refused, request.bytecode !== null);
  return result;
}

// Error for a dump the kernel refused outright; `code` lets listSockets retry without a filter.
export class DumpRefusedError extends TcpdocError {
  readonly errno: number;
  readonly withBytecode: boolean;
  constructor(errno: number, withBytecode: boolean, message: string, hint: string) {
    super('NETLINK', message, { hint });
    this.errno = errno;
    this.withBytecode = withBytecode;
  }
}

function refusedError(errno: number, withBytecode: boolean): DumpRefusedError {
  const name = nameErrno(errno);
  const hint =
    name === 'ENOENT'
      ? 'The kernel has no TCP sock_diag handler; `modprobe tcp_diag` loads it, or tcpdoc reads /proc/net/tcp instead.'
      : name === 'EPERM' || name === 'EACCES'
        ? 'Netlink sock_diag is not permitted here; tcpdoc reads /proc/net/tcp instead.'
        : 'tcpdoc reads /proc/net/tcp instead.';
  return new DumpRefusedError(errno, withBytecode, `the kernel refused the sock_diag dump (${name})`, hint);
}

// Opens a sock_diag socket, runs fn with it and always closes it.
export function withDiagSocket<T>(fn: (c: Libc, fd: number) => T, options: { timeoutMs?: number } = {}): T {
  const c = loadLibc();
  const fd = openDiagSocket(c, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, receiveBufferBytes: RECV_BUFFER_BYTES });
  try {
    return fn(c, fd);
  } finally {
    c.close(fd);
  }
}

// idiag_ext bits for what the query wants; congestion control comes with tcp_info, as in ss -i.
export function extensionsFromQuery(query: SocketQuery): number {
  let ext = 0;
  if (query.tcpInfo === true || query.tcpInfo === 'basic') ext |= extensionBit(INET_DIAG_INFO) | extensionBit(INET_DIAG_CONG);
  if (query.memory === true) ext |= extensionBit(INET_DIAG_SKMEMINFO);
  return ext;
}

// Lists TCP sockets of the current network namespace through netlink sock_diag.
export function listSocketsByNetlink(query: SocketQuery): SocketListing {
  const sockets: SocketRecord[] = [];
  const { unparsed, notes } = visitSocketsByNetlink(query, (record) => {
    sockets.push(record);
  });
  return { source: 'netlink', sockets, unparsed, notes };
}

// Streams every socket to onSocket as it is decoded, keeping none: for aggregates over huge tables.
// With core: true only the fixed part is decoded, into one reused record (no tcp_info,
// memory, cookie or timer); onSocket must then not keep the record.
export function visitSocketsByNetlink(query: SocketQuery, onSocket: (record: SocketRecord) => void, options: { core?: boolean } = {}): { unparsed: number; notes: string[] } {
  const states = maskFromStates(query.states ?? TCP_STATES);
  const families = query.families ?? [4, 6];
  const extensions = extensionsFromQuery(query);
  const basicInfo = query.tcpInfo === 'basic';
  const notes: string[] = [];
  let unparsed = 0;
  const scratch = makeSocketRecord({ family: 4, state: 'CLOSE', local: { address: '', port: 0 }, remote: { address: '', port: 0 } });
  const visit: DumpVisitor =
    options.core === true
      ? (view, start, end) => {
          if (decodeInetDiagCoreInto(view, start, end, scratch)) onSocket(scratch);
          else unparsed++;
        }
      : (view, start, end) => {
          const record = decodeInetDiagMessage(view, start, end, basicInfo);
          if (record === null) unparsed++;
          else onSocket(record);
        };
  if (states === 0 || families.length === 0) return { unparsed, notes };
  withDiagSocket((c, fd) => {
    for (const family of [4, 6] as const) {
      if (!families.includes(family)) continue;
      const bytecode = query.filter === undefined ? null : compileBytecode(query.filter, family);
      let result: DumpResult;
      try {
        result = dumpInetDiag(c, fd, { family, states, extensions, bytecode }, visit);
      } catch (error) {
        // A filter program this kernel rejects: dump unfiltered (the caller re-checks anyway).
        if (!(error instanceof DumpRefusedError) || !error.withBytecode || nameErrno(error.errno) !== 'EINVAL') throw error;
        notes.push(`the kernel rejected the IPv${family} filter program (EINVAL); filtered in userspace instead`);
        result = dumpInetDiag(c, fd, { family, states, extensions, bytecode: null }, visit);
      }
      unparsed += result.unparsed;
      const label = `IPv${family}`;
      if (result.errno !== null) notes.push(`the ${label} dump ended early (${nameErrno(result.errno)}) after ${result.messages} sockets`);
      if (result.interrupted) notes.push(`the ${label} socket table changed during the dump; counts may be slightly inconsistent`);
      for (const detail of result.malformed) notes.push(`malformed ${label} netlink reply: ${detail}`);
    }
  });
  return { unparsed, notes };
}

// The netlink sock_diag implementation of SocketSource.
export const netlinkSource: SocketSource = {
  name: 'netlink',
  listSockets: listSocketsByNetlink,
};
