// tcpdoc trace: rebuild every TCP connection in a capture (file, stdin or live) and tell its story.
import type { Command } from '../command.js';
import type { CliIo } from '../io.js';
import { parseCommandArgs, readFlag, readInteger, readNumber, readString } from '../args.js';
import { traceCapture, traceLive, type ConnectionSummary, type TraceReport } from '../../api/trace.js';
import { formatIpv6, parseIp } from '../../wire/ip-address.js';
import { EXIT, TcpdocError } from '../../model/errors.js';
import { makePalette, shouldColor, type Palette } from '../../render/color.js';
import { formatConnectionTable, formatEndpoint, formatTraceTotals, formatWorthALook, isWorthALook } from '../../render/trace-table.js';
import { formatLadder } from '../../render/ladder.js';
import { buildTraceSummary, formatTraceJsonHead, formatTraceJsonTail } from '../../render/trace-json.js';
import { JsonByteWriter, writeTraceJsonConnection } from '../../render/trace-json-writer.js';
import { formatDuration } from '../../analysis/trace/format-duration.js';

const HELP = `Usage: tcpdoc trace [OPTIONS] FILE|-
       tcpdoc trace --live -i IFACE [OPTIONS] [BPF FILTER...]

Rebuilds every TCP connection in a capture: handshake, data, close and resets,
each side's state sequence (RFC 9293 names), Wireshark's expert flags
(retransmissions, duplicate ACKs, zero windows, keep-alives, ...), Zeek's outcome
code and history, the handshake RTT, and a plain-language diagnosis with the
'tcpdoc explain' entries that tell more.

Input: pcap (micro- or nanosecond, either byte order), pcapng, or tcpdump text
output (tcpdump -n with any of -S, -e, -v/-vv/-vvv, -tt to -ttttt, IPv6, -i any),
detected automatically; any of them may be gzip-compressed (tcpdump -z gzip).
FILE - reads standard input. --live runs tcpdump and reports connections as they
finish; Ctrl-C stops and prints the summary.

Options:
  --conn N             draw connection N (from the table) as a ladder diagram
  --host ADDR          only connections with ADDR at one end
  --port N             only connections with port N at one end; with --host, the
                       same end must match both. One match draws its ladder.
  --limit N            show at most N connections in the table (default 200, 0 = all)
  --json               print the tcpdoc.trace/1 document (docs/json.md); connections
                       stream out as they finish, the summary comes last
  --live               capture live through tcpdump (needs root or CAP_NET_RAW)
  -i, --interface IF   interface for --live (any = all interfaces)
  --close-grace S      capture seconds a closed connection waits for late packets
                       before it is summarised (default 4; live 2)
  --idle-timeout S     capture seconds of silence before an open connection is
                       summarised as it stands (default 900; live 300)
  --no-progress        no progress line on the terminal for big files
  -h, --help           show this help

Outcomes (Zeek conn_state): S0 no answer, REJ refused, SF normal open and close,
S1 open at the end, S2/S3 only one side closed, RSTO/RSTR reset by client/server,
RSTOS0 client reset before an answer, RSTRH/SHR reply side only, SH SYN then FIN,
OTH midstream (no handshake seen). A '?' after the client means the roles were
guessed from the ports. docs/trace.md explains every column and flag.

Exit status: 0 connections found (--live: 0 whenever it is stopped), 1 no TCP
connection (or --conn N not found), 2 usage or unreadable input, 3 environment
(tcpdump missing, no permission).

Examples:
  tcpdoc trace capture.pcap
  tcpdoc trace capture.pcap --conn 3
  tcpdoc trace capture.pcapng --port 5432 --json > conns.json
  tcpdump -n -r capture.pcap | tcpdoc trace -
  sudo tcpdoc trace --live -i eth0 tcp port 443
`;

const OPTIONS = {
  conn: { type: 'string' as const },
  host: { type: 'string' as const },
  port: { type: 'string' as const },
  limit: { type: 'string' as const },
  json: { type: 'boolean' as const },
  live: { type: 'boolean' as const },
  interface: { type: 'string' as const, short: 'i' },
  'close-grace': { type: 'string' as const },
  'idle-timeout': { type: 'string' as const },
  'no-progress': { type: 'boolean' as const },
};

interface TraceArgs {
  input: string | null;
  bpf: string[];
  conn: number | undefined;
  host: string | undefined;
  port: number | undefined;
  limit: number;
  json: boolean;
  live: boolean;
  iface: string | undefined;
  closeGrace: number | undefined;
  idleTimeout: number | undefined;
  progress: boolean;
}

// Parses and checks the command line.
export function parseTraceArgs(argv: string[]): TraceArgs {
  const args = parseCommandArgs('trace', argv, OPTIONS);
  const live = readFlag(args, 'live');
  const iface = readString(args, 'interface');
  const host = readString(args, 'host');
  if (host !== undefined && parseIp(host) === null) {
    throw new TcpdocError('USAGE', `trace: --host expects an IPv4 or IPv6 address, got '${host}'`, { hint: 'Example: --host 10.0.0.5 or --host 2001:db8::1' });
  }
  if (live && iface === undefined) throw new TcpdocError('USAGE', 'trace: --live needs -i IFACE', { hint: "Example: tcpdoc trace --live -i eth0 tcp port 443 (or -i any)" });
  if (!live && iface !== undefined) throw new TcpdocError('USAGE', 'trace: -i is for --live captures', { hint: 'To read a file: tcpdoc trace FILE' });
  const positionals = args.positionals;
  if (!live && positionals.length !== 1) {
    throw new TcpdocError('USAGE', positionals.length === 0 ? 'trace: which capture? Give a FILE, or - for stdin' : `trace: one capture at a time, got ${positionals.length} arguments`, {
      hint: "Example: tcpdoc trace capture.pcap; for a live capture: tcpdoc trace --live -i eth0",
    });
  }
  return {
    input: live ? null : (positionals[0] ?? null),
    bpf: live ? positionals : [],
    conn: readInteger(args, 'trace', 'conn', { min: 1, max: 2 ** 31 }),
    host: host === undefined ? undefined : normaliseHost(host),
    port: readInteger(args, 'trace', 'port', { min: 0, max: 65535 }),
    limit: readInteger(args, 'trace', 'limit', { min: 0, max: 2 ** 31 }) ?? 200,
    json: readFlag(args, 'json'),
    live,
    iface,
    closeGrace: readNumber(args, 'trace', 'close-grace', { min: 0, max: 86400 }),
    idleTimeout: readNumber(args, 'trace', 'idle-timeout', { min: 1, max: 86400 * 365 }),
    progress: !readFlag(args, 'no-progress'),
  };
}

// Addresses compare as the decoders print them (RFC 5952 for IPv6).
function normaliseHost(host: string): string {
  const parsed = parseIp(host);
  if (parsed === null || parsed.family === 4) return host;
  return formatIpv6(parsed.bytes);
}

// A throttled one-line progress display on stderr (terminal only).
function makeProgress(io: CliIo, enabled: boolean): { update: (p: { bytesRead: number; totalBytes: number | null; packets: number; liveConnections: number }) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    update: (p) => {
      if (!enabled) return;
      const now = io.now();
      if (now - last < 250) return;
      last = now;
      const pct = p.totalBytes !== null && p.totalBytes > 0 ? `${Math.floor((p.bytesRead / p.totalBytes) * 100)}% ` : '';
      io.stderr(`\r${pct}${p.packets.toLocaleString('en-US')} packets, ${p.liveConnections.toLocaleString('en-US')} open connections   `);
      shown = true;
    },
    clear: () => {
      if (shown) io.stderr('\r\u001b[2K');
    },
  };
}

// Keeps only what the text report shows, so memory stays bounded however many connections there are:
// the first `limit` connections by id, the connection a ladder is drawn for, and some worth a look.
class ReportCollector {
  readonly shown: ConnectionSummary[] = [];
  readonly worth: ConnectionSummary[] = [];
  worthCount = 0;
  private readonly limit: number;
  private readonly ladderId: number | undefined;

  constructor(limit: number, ladderId: number | undefined) {
    this.limit = limit;
    this.ladderId = ladderId;
  }

  add(c: ConnectionSummary): void {
    if (this.ladderId !== undefined) {
      if (c.id === this.ladderId) this.shown.push(c);
      return;
    }
    // Ids are dense in order of first appearance, so the first `limit` ids are the table's rows.
    if (this.limit === 0 || c.id <= this.limit) this.shown.push(c);
    if (isWorthALook(c)) {
      this.worthCount++;
      if (this.worth.length < MAX_WORTH_KEPT) this.worth.push(c);
      else if (c.diagnosis.some((d) => d.severity === 'error')) {
        // Prefer errors over warnings once the list is full.
        const i = this.worth.findIndex((w) => !w.diagnosis.some((d) => d.severity === 'error'));
        if (i >= 0) this.worth[i] = c;
      }
    }
  }
}

const MAX_WORTH_KEPT = 200;

// The text report: table (limited), totals, worth a look; or a ladder for --conn or a single filtered match.
function formatTextReport(report: TraceReport, kept: ReportCollector, a: TraceArgs, palette: Palette): { text: string; found: boolean } {
  const conns = [...kept.shown].sort((x, y) => x.id - y.id);
  const total = report.totals.connections;
  const filtered = a.host !== undefined || a.port !== undefined;
  const ladderId = a.conn ?? (total === 1 && filtered ? conns[0]?.id : undefined);
  if (ladderId !== undefined) {
    const conn = conns.find((c) => c.id === ladderId);
    if (conn === undefined) return { text: `no connection #${ladderId} in this capture (it has ${total}${filtered ? ' matching the filter' : ''})\n`, found: false };
    const rows = report.ladders.get(ladderId) ?? [];
    let text = formatLadder(conn, rows, palette);
    if (report.totals.ladderTruncated) text += palette.yellow('note: the ladder was cut short (too many segments to keep)\n');
    return { text, found: true };
  }
  if (total === 0) return { text: formatTraceTotals(report.totals, 0, palette) + 'No TCP connections found.\n', found: false };
  let text = formatConnectionTable(conns, palette);
  if (conns.length < total) text += palette.dim(`... ${total - conns.length} more connections (--limit 0 shows all, --json gives every one)\n`);
  text += '\n' + formatTraceTotals(report.totals, total, palette);
  const look = formatWorthALook(kept.worth, palette, 20, kept.worthCount);
  if (look !== '') text += '\n' + look;
  return { text, found: true };
}

// One line for a connection that just finished (live mode).
function formatLiveLine(c: ConnectionSummary, palette: Palette): string {
  const main = c.diagnosis[0];
  const paint = main?.severity === 'error' ? palette.red : main?.severity === 'warning' ? palette.yellow : (s: string) => s;
  return `#${c.id} ${formatEndpoint(c.client.address, c.client.port)} > ${formatEndpoint(c.server.address, c.server.port)} ${paint(c.outcome)} ${c.packets.toServer}/${c.packets.toClient} pkts ${formatDuration(c.duration)}: ${main?.text ?? ''}\n`;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const a = parseTraceArgs(argv);
  const palette = makePalette(shouldColor(io.env, io.isTTY));
  const filter = { host: a.host, port: a.port };
  const progress = makeProgress(io, a.progress && io.isTTY && !a.live);
  let first = true;
  const streamJson = a.json && a.conn === undefined;
  // Connections are written as bytes into one buffer and flushed in large writes, as bytes: one string per
  // connection, joined and re-encoded, cost more than the analysis.
  const out = new JsonByteWriter();
  const flush = (): void => {
    if (out.length > 0) io.stdout(out.takeBuffer());
  };
  if (streamJson) out.ascii(formatTraceJsonHead());
  // With a filter, a single match is drawn as a ladder, so the collector keeps it like any table row.
  const kept = new ReportCollector(a.limit, a.conn);
  const onConnection = streamJson
    ? (c: ConnectionSummary): void => {
        writeTraceJsonConnection(out, c, first);
        first = false;
        if (out.length > 1 << 20 || a.live) flush();
      }
    : a.live
      ? (c: ConnectionSummary): void => {
          io.stdout(formatLiveLine(c, palette));
          kept.add(c);
        }
      : (c: ConnectionSummary): void => kept.add(c);
  const common = {
    filter,
    ladder: a.conn ?? (a.host !== undefined || a.port !== undefined ? ('all' as const) : undefined),
    onConnection,
    // Nothing is kept in full: JSON streams every connection, the text report keeps only what it shows.
    collect: a.json && !streamJson,
    // The JSON writer is done with a summary when it returns, so one object can serve every connection.
    reuseSummaries: streamJson,
    closeGrace: a.closeGrace,
    idleTimeout: a.idleTimeout,
  };
  let report: TraceReport;
  if (a.live) {
    const controller = new AbortController();
    const off = io.onInterrupt(() => controller.abort());
    try {
      report = await traceLive({ ...common, interface: a.iface ?? 'any', bpf: a.bpf, signal: controller.signal, onListening: () => io.stderr(`tcpdoc: capturing on ${a.iface}; Ctrl-C stops and prints the summary\n`) });
    } finally {
      off();
    }
  } else {
    try {
      report = await traceCapture(a.input ?? '-', { ...common, onProgress: progress.update });
    } finally {
      progress.clear();
    }
  }
  if (a.json) {
    if (streamJson) {
      out.text(formatTraceJsonTail(report.totals, report.aborted));
      flush();
    } else {
      const conn = report.connections.find((c) => c.id === a.conn);
      io.stdout(JSON.stringify({ schema: 'tcpdoc.trace/1', connections: conn === undefined ? [] : [conn], ladder: report.ladders.get(a.conn ?? -1) ?? [], summary: buildTraceSummary(report.totals, report.aborted) }, null, 2) + '\n');
      return conn === undefined ? EXIT.findings : EXIT.ok;
    }
    return report.totals.connections === 0 ? EXIT.findings : EXIT.ok;
  }
  if (a.live) {
    io.stdout('\n' + formatTraceTotals(report.totals, report.totals.connections, palette));
    const look = formatWorthALook(kept.worth, palette, 20, kept.worthCount);
    if (look !== '') io.stdout('\n' + look);
    return EXIT.ok;
  }
  const { text, found } = formatTextReport(report, kept, a, palette);
  io.stdout(text);
  return found ? EXIT.ok : EXIT.findings;
}

export const command: Command = { help: HELP, run };
