// The ladder diagram of one connection for `tcpdoc trace --conn N`: time down the page, client on the left,
// server on the right, one arrow per segment with its flags, relative numbers, length and window, each
// side's state after it, and a note that explains the step the way a teacher would.
import type { ConnectionSummary } from '../analysis/trace/summary.js';
import type { LadderRow } from '../analysis/trace/ladder-row.js';
import { EXPERT, EXPERT_LABELS, namesFromExpertMask } from '../analysis/trace/expert.js';
import { formatDuration } from '../analysis/trace/format-duration.js';
import { TCP_FLAGS } from '../model/segment.js';
import type { Palette } from './color.js';
import { formatEndpoint } from './trace-table.js';

const { FIN, SYN, RST, PSH, ACK, URG, ECE, CWR } = TCP_FLAGS;
const ARROW = 46;
const STATE = 12;

// Flag names in tcpdump's order, joined with commas: "SYN,ACK".
export function formatFlags(flags: number): string {
  const names: string[] = [];
  if (flags & FIN) names.push('FIN');
  if (flags & SYN) names.push('SYN');
  if (flags & RST) names.push('RST');
  if (flags & PSH) names.push('PSH');
  if (flags & ACK) names.push('ACK');
  if (flags & URG) names.push('URG');
  if (flags & ECE) names.push('ECE');
  if (flags & CWR) names.push('CWR');
  return names.length > 0 ? names.join(',') : 'none';
}

// The label on an arrow: flags, relative seq/ack, payload length, window and handshake options.
export function formatArrowLabel(row: LadderRow): string {
  const parts = [formatFlags(row.flags), `seq=${row.relSeq}`];
  if (row.flags & ACK) parts.push(`ack=${row.relAck}`);
  if (row.length > 0) parts.push(`len=${row.length}`);
  parts.push(`win=${row.window}`);
  if (row.mss !== null) parts.push(`mss=${row.mss}`);
  if (row.windowScale !== null) parts.push(`ws=${row.windowScale}`);
  return parts.join(' ');
}

// Builds an arrow of fixed width with the label inside: "──SYN seq=0──▶" or "◀──SYN,ACK──".
function drawArrow(label: string, toServer: boolean): string {
  const room = ARROW - 4;
  const text = label.length > room ? label.slice(0, room - 1) + '…' : label;
  const fill = ARROW - 2 - text.length;
  const left = Math.floor(fill / 2);
  const right = fill - left;
  return toServer ? `${'─'.repeat(left)} ${text} ${'─'.repeat(Math.max(0, right - 2))}─▶` : `◀─${'─'.repeat(Math.max(0, left - 2))} ${text} ${'─'.repeat(right)}`;
}

// Tracks what has happened so far, so each note can say which step this is.
interface Story {
  clientSyns: number;
  synAckSeen: boolean;
  handshakeDone: boolean;
  finFrom: { client: boolean; server: boolean };
  // Relative sequence number just past each side's FIN (what an ACK of it carries).
  finEnd: { client: number; server: number };
  bytes: { client: number; server: number };
}

// The teacher's note for one segment.
export function explainRow(row: LadderRow, story: Story, rtt: number | null): string {
  const who = row.fromClient ? 'client' : 'server';
  const other = row.fromClient ? 'server' : 'client';
  const f = row.flags;
  let note: string;
  if (row.kind === 'icmp' && row.icmp !== null) {
    note = `ICMP${row.icmp.family === 6 ? 'v6' : ''} error type ${row.icmp.type} code ${row.icmp.code} from ${row.icmp.reporter}: the network says the ${other === 'server' ? 'server' : 'client'} cannot be reached this way`;
    if ((row.icmp.family === 4 && row.icmp.type === 3 && row.icmp.code === 3) || (row.icmp.family === 6 && row.icmp.type === 1 && row.icmp.code === 4)) {
      note = `ICMP port unreachable from ${row.icmp.reporter}: nothing listens on that port, the connect fails with ECONNREFUSED`;
    }
    return note;
  }
  if (f & RST) {
    note = !story.synAckSeen && !row.fromClient
      ? 'the server answers the SYN with RST: nothing listens on this port (connection refused)'
      : `the ${who} aborts the connection with RST: both sides drop it at once, unsent and unread data is lost`;
  } else if ((f & SYN) !== 0 && (f & ACK) === 0) {
    story.clientSyns++;
    note = story.clientSyns === 1
      ? `1st step of the handshake: ${who} asks to connect, seq=${row.relSeq} (its initial sequence number, shown as 0)`
      : `SYN sent again (attempt ${story.clientSyns}): no answer yet, the ${who} retries with a growing timeout`;
  } else if (f & SYN) {
    note = story.synAckSeen
      ? 'SYN-ACK sent again: the server did not see the final ACK'
      : `2nd step: ${who} accepts, picks its own seq=0 and acknowledges the SYN with ack=1`;
    story.synAckSeen = true;
  } else if (f & FIN) {
    const first = !story.finFrom.client && !story.finFrom.server;
    const again = story.finFrom[who];
    story.finFrom[who] = true;
    story.finEnd[who] = row.relSeq + row.length + 1;
    const acksPeerFin = story.finFrom[other] && (f & ACK) !== 0 && row.relAck >= story.finEnd[other];
    if (again) note = `the ${who} sends its FIN again`;
    else if (first) note = `the ${who} closes its sending side (FIN): it will send no more data${row.length > 0 ? `, after these ${row.length} bytes` : ''}`;
    else if (acksPeerFin) note = `the ${who} closes too (FIN), acknowledging the ${other}'s FIN`;
    else note = `the ${who} closes too, before it saw the ${other}'s FIN: the FINs crossed (simultaneous close)`;
  } else if (row.length > 0) {
    story.bytes[who] += row.length;
    note = `${who} sends ${row.length} bytes (${story.bytes[who]} in total so far)`;
  } else if (!story.handshakeDone && story.synAckSeen && row.fromClient) {
    story.handshakeDone = true;
    note = `3rd step: client acknowledges the SYN-ACK; the connection is established${rtt !== null ? ` (handshake RTT ${formatDuration(rtt)})` : ''}`;
  } else if (story.finFrom.client && story.finFrom.server && (f & ACK) !== 0) {
    note = `last ACK: the ${who} acknowledges the ${other}'s FIN${row.fromClient ? (row.clientState === 'TIME_WAIT' ? ' and waits in TIME_WAIT (60 s on Linux)' : '') : row.serverState === 'TIME_WAIT' ? ' and waits in TIME_WAIT (60 s on Linux)' : ''}`;
  } else {
    note = `${who} acknowledges everything before byte ${row.relAck} of the ${other}'s stream`;
  }
  if (row.expert !== 0) {
    const labels = namesFromExpertMask(row.expert & ~EXPERT.rst).map((n) => (n === 'duplicateAck' ? `${EXPERT_LABELS[n]} #${row.dupAckNum}` : EXPERT_LABELS[n]));
    if (labels.length > 0) note = `[${labels.join(', ')}] ${note}`;
  }
  return note;
}

// The whole ladder: heading, column titles, one line per segment, and the diagnosis underneath.
export function formatLadder(conn: ConnectionSummary, rows: readonly LadderRow[], palette: Palette): string {
  const out: string[] = [];
  const client = formatEndpoint(conn.client.address, conn.client.port);
  const server = formatEndpoint(conn.server.address, conn.server.port);
  out.push(palette.bold(`Connection #${conn.id}: ${client} (client${conn.roleInferred ? ', guessed' : ''}) <-> ${server} (server${conn.roleInferred ? ', guessed' : ''})`));
  out.push(`outcome ${conn.outcome}, history ${conn.history || '-'}, ${conn.packets.toServer + conn.packets.toClient} packets, ${formatDuration(conn.duration)}${conn.rtt !== null ? `, RTT ${formatDuration(conn.rtt)}` : ''}`);
  out.push('');
  out.push(`${'time'.padStart(9)}  ${'client'.padEnd(STATE)} ${' '.repeat(ARROW)} ${'server'.padEnd(STATE)}`);
  const story: Story = { clientSyns: 0, synAckSeen: false, handshakeDone: false, finFrom: { client: false, server: false }, finEnd: { client: 0, server: 0 }, bytes: { client: 0, server: 0 } };
  let prevClient = conn.states.client[0] ?? '';
  let prevServer = conn.states.server[0] ?? '';
  out.push(`${''.padStart(9)}  ${palette.cyan(prevClient.padEnd(STATE))} ${' '.repeat(ARROW)} ${palette.cyan(prevServer.padEnd(STATE))}`);
  for (const row of rows) {
    const t = `${((row.time - conn.start) * 1000).toFixed(3)}ms`.padStart(9);
    const note = explainRow(row, story, conn.rtt);
    const arrow =
      row.kind === 'icmp'
        ? drawArrow(`ICMP ${row.icmp?.type ?? ''}/${row.icmp?.code ?? ''} from ${row.icmp?.reporter ?? ''}`, false)
        : drawArrow(formatArrowLabel(row), row.fromClient);
    const cs = row.clientState !== prevClient ? palette.cyan(row.clientState.padEnd(STATE)) : ''.padEnd(STATE);
    const ss = row.serverState !== prevServer ? palette.cyan(row.serverState.padEnd(STATE)) : ''.padEnd(STATE);
    prevClient = row.clientState;
    prevServer = row.serverState;
    const colour = row.flags & RST || row.expert & (EXPERT.retransmission | EXPERT.lostSegment | EXPERT.zeroWindow) ? palette.yellow : (s: string) => s;
    out.push(`${t}  ${cs} ${colour(arrow)} ${ss} ${palette.dim(note)}`);
  }
  out.push('');
  out.push(`client states: ${conn.states.client.join(' -> ')}`);
  out.push(`server states: ${conn.states.server.join(' -> ')}`);
  for (const d of conn.diagnosis) {
    const paint = d.severity === 'error' ? palette.red : d.severity === 'warning' ? palette.yellow : d.severity === 'ok' ? palette.green : (s: string) => s;
    out.push(`${paint(d.severity.padEnd(7))} ${d.text}${d.explain.length > 0 ? palette.dim(`  (tcpdoc explain ${d.explain.join(', ')})`) : ''}`);
  }
  return out.join('\n') + '\n';
}
