// Decoder for /proc/net/tcp and /proc/net/tcp6 text: every line becomes a raw row
// (all columns) or a SocketRecord. Bad lines are counted, never thrown.
// tm->when is in clock ticks (USER_HZ = 100 on Linux, so one tick is 10 ms).
import type { SocketRecord, SocketTimer, TimerKind } from '../model/socket.js';
import { stateFromNumber } from '../model/tcp-state.js';
import { scanProcNetTcp, type ProcTcpRow } from './proc-net-tcp-scanner.js';

export type { ProcTcpRow } from './proc-net-tcp-scanner.js';

// Milliseconds per clock tick as printed by the kernel (USER_HZ = 100).
export const MS_PER_USER_HZ_TICK = 10;

// What /proc cannot say about LISTEN sockets, for a listing's notes.
export const LISTEN_BACKLOG_NOTE =
  '/proc/net/tcp does not show the LISTEN backlog: Send-Q of listening sockets is 0 here (netlink shows the real backlog)';

export interface ProcTcpOptions {
  // Byte order of the machine that printed the text (addresses are host-order words); default little-endian.
  bigEndian?: boolean;
}

export interface ProcTcpListing {
  sockets: SocketRecord[];
  // Lines that were neither the header, blank, nor a decodable socket.
  unparsed: number;
  headerSeen: boolean;
  // LISTEN sockets whose Send-Q (the backlog) is unknown and was set to 0.
  listenersWithoutBacklog: number;
}

export interface ProcTcpRows {
  rows: ProcTcpRow[];
  unparsed: number;
  headerSeen: boolean;
}

const TIMER_KINDS: readonly TimerKind[] = ['off', 'on', 'keepalive', 'timewait', 'probe0'];

// Decodes /proc/net/tcp or tcp6 text (or its bytes) into SocketRecords.
export function decodeProcNetTcp(input: string | Uint8Array, options: ProcTcpOptions = {}): ProcTcpListing {
  const sockets: SocketRecord[] = [];
  let listenersWithoutBacklog = 0;
  const result = scanProcNetTcp(input, { bigEndian: options.bigEndian === true }, (row) => {
    const record = recordFromRow(row);
    if (record === null) return false;
    if (record.state === 'LISTEN') listenersWithoutBacklog++;
    sockets.push(record);
    return true;
  });
  return { sockets, unparsed: result.unparsed, headerSeen: result.headerSeen, listenersWithoutBacklog };
}

// Decodes /proc/net/tcp or tcp6 text into raw rows carrying every column, including rto, cwnd and ssthresh.
export function decodeProcNetTcpRows(input: string | Uint8Array, options: ProcTcpOptions = {}): ProcTcpRows {
  const rows: ProcTcpRow[] = [];
  const result = scanProcNetTcp(input, { bigEndian: options.bigEndian === true, withTail: true }, (row) => {
    if (stateFromNumber(row.st) === undefined) return false;
    rows.push({ ...row });
    return true;
  });
  return { rows, unparsed: result.unparsed, headerSeen: result.headerSeen };
}

// The normalized record for one raw row; null when the state number is not a TCP state.
export function recordFromRow(row: ProcTcpRow): SocketRecord | null {
  const state = stateFromNumber(row.st);
  if (state === undefined) return null;
  // Built as one literal (the shape makeSocketRecord gives): spreading defaults costs too much at 100k records.
  return {
    family: row.family,
    state,
    local: { address: row.localAddress, port: row.localPort },
    remote: { address: row.remoteAddress, port: row.remotePort },
    recvQ: row.rxQueue,
    // For LISTEN the kernel prints 0 here; the backlog (netlink's Send-Q) is not in /proc.
    sendQ: state === 'LISTEN' ? 0 : row.txQueue,
    timer: timerFromRow(row),
    uid: row.uid,
    inode: row.inode,
    cookie: null,
    interfaceIndex: 0,
    tcpInfo: null,
    memory: null,
    congestion: null,
    shutdown: null,
    process: null,
    processes: [],
  };
}

// The timer of a row, or null when none is pending (tr 0), as ss omits it.
function timerFromRow(row: ProcTcpRow): SocketTimer | null {
  if (row.timerCode === 0) return null;
  const kind = TIMER_KINDS[row.timerCode] ?? 'unknown';
  // As inet_diag's idiag_retrans: retransmits for the retransmit timer, probes for keepalive and probe0.
  const retransmits = kind === 'keepalive' || kind === 'probe0' ? row.probes : kind === 'timewait' ? 0 : row.retransmits;
  return { kind, expiresMs: row.timerTicks * MS_PER_USER_HZ_TICK, retransmits };
}
