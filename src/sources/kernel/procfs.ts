// Socket source reading /proc/net/tcp and tcp6 (the fallback when netlink is unavailable),
// or /proc/PID/net/tcp for the view of another process's network namespace.
import fs from 'node:fs';
import { endianness } from 'node:os';
import { TcpdocError } from '../../model/errors.js';
import type { SocketRecord } from '../../model/socket.js';
import { decodeProcNetTcp, LISTEN_BACKLOG_NOTE } from '../../wire/proc-net-tcp.js';
import type { SocketListing, SocketQuery, SocketSource } from './socket-source.js';

export interface ProcSourceOptions {
  // Read /proc/PID/net/* instead of /proc/net/* (the namespace that process lives in).
  pid?: number;
  procRoot?: string;
}

// A /proc socket source for the caller's namespace, or for the namespace of options.pid.
export function makeProcSource(options: ProcSourceOptions = {}): SocketSource {
  const base = `${options.procRoot ?? '/proc'}${options.pid !== undefined ? `/${options.pid}` : ''}/net`;
  return {
    name: 'proc',
    listSockets: (query) => listProcSockets(base, query, options.pid),
  };
}

// The source for the caller's own network namespace.
export const procSource: SocketSource = makeProcSource();

function listProcSockets(base: string, query: SocketQuery, pid: number | undefined): SocketListing {
  const families = query.families ?? [4, 6];
  const wanted = query.states !== undefined ? new Set(query.states) : null;
  const bigEndian = endianness() === 'BE';
  const sockets: SocketRecord[] = [];
  const notes: string[] = [];
  let unparsed = 0;
  let listeners = 0;
  for (const family of [4, 6] as const) {
    if (!families.includes(family)) continue;
    const file = `${base}/${family === 4 ? 'tcp' : 'tcp6'}`;
    const bytes = readProcFile(file, family, pid);
    if (bytes === null) {
      if (query.families !== undefined) notes.push(`${file} does not exist: IPv6 is disabled on this system`);
      continue;
    }
    const decoded = decodeProcNetTcp(bytes, { bigEndian });
    unparsed += decoded.unparsed;
    for (const socket of decoded.sockets) {
      if (wanted !== null && !wanted.has(socket.state)) continue;
      if (socket.state === 'LISTEN') listeners++;
      sockets.push(socket);
    }
  }
  if (listeners > 0) notes.push(LISTEN_BACKLOG_NOTE);
  return { source: 'proc', sockets, unparsed, notes };
}

// The file's bytes; null when tcp6 is absent (IPv6 disabled). Other failures are TcpdocErrors.
function readProcFile(file: string, family: 4 | 6, pid: number | undefined): Uint8Array | null {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && pid !== undefined && !fs.existsSync(`/proc/${pid}`)) {
      throw new TcpdocError('NOT_FOUND', `no process with pid ${pid}`, {
        hint: 'Check the pid (for a container: docker inspect -f {{.State.Pid}} NAME).',
        cause: error,
      });
    }
    if (code === 'ENOENT' && family === 6) return null;
    if (code === 'EACCES' || code === 'EPERM') {
      throw new TcpdocError('NO_PERMISSION', `cannot read ${file} (${code})`, {
        hint: 'Run tcpdoc as root (sudo) to look into another process\'s network namespace.',
        cause: error,
      });
    }
    throw new TcpdocError('UNSUPPORTED_KERNEL', `cannot read ${file} (${code ?? 'error'})`, {
      hint: 'tcpdoc needs procfs mounted at /proc.',
      cause: error,
    });
  }
}
