// The default `tcpdoc trace` output: one line per connection, totals, and the connections worth a look.
import type { ConnectionSummary } from '../analysis/trace/summary.js';
import type { TraceTotals } from '../analysis/trace/session.js';
import { EXPERT_NAMES, type ExpertName } from '../analysis/trace/expert.js';
import { formatDuration } from '../analysis/trace/format-duration.js';
import type { Palette } from './color.js';
import { formatTable } from './table.js';
import { formatBytes, formatCount } from './units.js';

// Short flag names for the table's flags column.
const SHORT: Record<ExpertName, string> = {
  retransmission: 'retx',
  fastRetransmission: 'fast-retx',
  spuriousRetransmission: 'spurious',
  outOfOrder: 'ooo',
  lostSegment: 'lost',
  ackedUnseen: 'acked-unseen',
  duplicateAck: 'dupack',
  zeroWindow: 'zerowin',
  zeroWindowProbe: 'zwp',
  zeroWindowProbeAck: 'zwp-ack',
  windowFull: 'winfull',
  windowUpdate: 'winupd',
  keepAlive: 'ka',
  keepAliveAck: 'ka-ack',
  reusedPorts: 'reused',
  rst: 'rst',
};

// Outcomes that are fine on their own (a normal close, or still open).
const FINE = new Set(['SF', 'S1']);

// "addr:port", with brackets around IPv6 addresses.
export function formatEndpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

// The flags column: "retx×3 dupack×5".
export function formatFlagCounts(flags: Partial<Record<ExpertName, number>>): string {
  const parts: string[] = [];
  for (const name of EXPERT_NAMES) {
    const n = flags[name];
    if (n !== undefined && n > 0) parts.push(n === 1 ? SHORT[name] : `${SHORT[name]}×${n}`);
  }
  return parts.join(' ');
}

// Whether a connection deserves a line under "worth a look".
export function isWorthALook(c: ConnectionSummary): boolean {
  return c.diagnosis.some((d) => d.severity === 'error' || d.severity === 'warning') || (!FINE.has(c.outcome) && c.outcome !== 'OTH');
}

// One row per connection, aligned.
export function formatConnectionTable(conns: readonly ConnectionSummary[], palette: Palette): string {
  const rows = conns.map((c) => {
    const main = c.diagnosis[0];
    const outcome = main?.severity === 'error' ? palette.red(c.outcome) : main?.severity === 'warning' ? palette.yellow(c.outcome) : palette.green(c.outcome);
    return [
      String(c.id),
      `${formatEndpoint(c.client.address, c.client.port)}${c.roleInferred ? '?' : ''}`,
      formatEndpoint(c.server.address, c.server.port),
      outcome,
      `${c.packets.toServer}/${c.packets.toClient}`,
      `${formatBytes(c.bytes.toServer)}/${formatBytes(c.bytes.toClient)}`,
      formatDuration(c.duration),
      c.rtt === null ? '-' : formatDuration(c.rtt),
      formatFlagCounts(c.flags),
    ];
  });
  return formatTable(
    [
      { header: '#', align: 'right' },
      { header: 'CLIENT' },
      { header: 'SERVER' },
      { header: 'OUTCOME' },
      { header: 'PKTS c>s/s>c', align: 'right' },
      { header: 'BYTES c>s/s>c', align: 'right' },
      { header: 'DURATION', align: 'right' },
      { header: 'RTT', align: 'right' },
      { header: 'FLAGS' },
    ],
    rows,
  );
}

// Totals over the whole capture, with notes on what could not be read.
export function formatTraceTotals(t: TraceTotals, shown: number, palette: Palette): string {
  const lines: string[] = [];
  const span = t.firstTime !== null && t.lastTime !== null ? ` over ${formatDuration(t.lastTime - t.firstTime)}` : '';
  lines.push(
    `${palette.bold(formatCount(t.connections))} connection${t.connections === 1 ? '' : 's'}${shown !== t.connections ? ` (${formatCount(shown)} shown)` : ''}, ${formatCount(t.tcpPackets)} TCP packets${span}` +
      (t.format !== null ? ` (${t.format})` : ''),
  );
  const expert = EXPERT_NAMES.filter((n) => t.expert[n] > 0).map((n) => `${SHORT[n]} ${formatCount(t.expert[n])}`);
  if (expert.length > 0) lines.push(`expert flags: ${expert.join(', ')}`);
  const other: string[] = [];
  if (t.icmpErrors > 0) other.push(`${formatCount(t.icmpErrors)} ICMP error${t.icmpErrors === 1 ? '' : 's'}${t.icmpUnattached > 0 ? ` (${formatCount(t.icmpUnattached)} not matched to a connection)` : ''}`);
  if (t.otherPackets > 0) other.push(`${formatCount(t.otherPackets)} non-TCP packets ignored`);
  if (t.filteredOut > 0) other.push(`${formatCount(t.filteredOut)} TCP packets outside the filter`);
  if (other.length > 0) lines.push(other.join('; '));
  if (t.unparsed > 0) {
    const reasons = Object.entries(t.unparsedReasons)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([r, n]) => `${r} ×${n}`)
      .join(', ');
    lines.push(palette.yellow(`${formatCount(t.unparsed)} frame${t.unparsed === 1 ? '' : 's'} could not be decoded: ${reasons}`));
  }
  for (const n of t.notes) lines.push(palette.yellow(`note: ${n.message}`));
  return lines.join('\n') + '\n';
}

// "Worth a look": connections whose diagnosis is a warning or error, most severe first, at most `limit`.
// `total` is how many there were when `conns` holds only some of them.
export function formatWorthALook(conns: readonly ConnectionSummary[], palette: Palette, limit = 20, total?: number): string {
  const picked = conns.filter(isWorthALook);
  if (picked.length === 0) return '';
  const rank = (c: ConnectionSummary): number => (c.diagnosis.some((d) => d.severity === 'error') ? 0 : 1);
  const sorted = [...picked].sort((a, b) => rank(a) - rank(b) || a.id - b.id);
  const count = Math.max(total ?? 0, picked.length);
  const lines = [palette.bold(`Worth a look (${count}):`)];
  for (const c of sorted.slice(0, limit)) {
    const text = c.diagnosis
      .filter((d) => d.severity !== 'ok')
      .map((d) => d.text)
      .join('; ');
    const explain = [...new Set(c.diagnosis.flatMap((d) => d.explain))];
    lines.push(`  #${c.id} ${formatEndpoint(c.client.address, c.client.port)} > ${formatEndpoint(c.server.address, c.server.port)}: ${text}`);
    if (explain.length > 0) lines.push(palette.dim(`      see: ${explain.map((id) => `tcpdoc explain ${id}`).join('; ')}`));
  }
  if (count > limit) lines.push(`  ... and ${count - Math.min(limit, sorted.length)} more (use --json for all)`);
  lines.push(palette.dim(`  tcpdoc trace FILE --conn N draws one connection as a ladder diagram.`));
  return lines.join('\n') + '\n';
}
