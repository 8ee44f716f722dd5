// The human view of `tcpdoc status`: one screen answering "what is TCP doing on this box".
import type { Inventory, StateCounts } from '../analysis/inventory/aggregate.js';
import { formatEndpointKey } from '../analysis/inventory/aggregate.js';
import { LIFECYCLE_ORDER } from '../model/tcp-state.js';
import type { Palette } from './color.js';
import { formatTable } from './table.js';
import { formatCount, formatDelta } from './units.js';

export interface StatusHeader {
  source: 'netlink' | 'proc';
  namespace: string | null;
  // ISO time of the sample.
  time: string;
  notes: string[];
}

// "12 ESTABLISHED, 3 CLOSE_WAIT" in lifecycle order, zeros left out.
export function formatStateMix(states: StateCounts, palette?: Palette): string {
  const parts: string[] = [];
  for (const s of LIFECYCLE_ORDER) {
    const n = states[s];
    if (n === 0) continue;
    const text = `${formatCount(n)} ${s}`;
    parts.push(palette !== undefined && isWorrying(s) ? palette.yellow(text) : text);
  }
  return parts.length === 0 ? '-' : parts.join(', ');
}

// States that, in numbers, usually point at a problem worth a look.
function isWorrying(state: string): boolean {
  return state === 'CLOSE_WAIT' || state === 'SYN_RECV' || state === 'SYN_SENT' || state === 'FIN_WAIT1' || state === 'LAST_ACK' || state === 'CLOSING';
}

// Renders the whole status view; previous state counts (from --watch) add a change column.
export function formatStatusText(inv: Inventory, header: StatusHeader, palette: Palette, options: { previous?: StateCounts; withProcesses: boolean; top: number }): string {
  const out: string[] = [];
  const where = header.namespace === null ? '' : ` in ${header.namespace}`;
  out.push(palette.bold(`TCP sockets: ${formatCount(inv.total)}`) + palette.dim(`  (via ${header.source}${where}, ${header.time})`));
  out.push('');
  out.push(palette.bold('States'));
  const stateRows = LIFECYCLE_ORDER.map((s) => {
    const n = inv.states[s];
    const row = [s, formatCount(n)];
    if (options.previous !== undefined) row.push(formatDelta(n - options.previous[s]));
    return row;
  });
  const stateColumns = [{ header: 'STATE' }, { header: 'COUNT', align: 'right' as const }];
  if (options.previous !== undefined) stateColumns.push({ header: 'CHANGE', align: 'right' as const });
  out.push(formatTable(stateColumns, stateRows, { indent: '  ' }).trimEnd());

  out.push('');
  out.push(palette.bold('Listeners'));
  if (inv.listeners.length === 0) {
    out.push('  none');
  } else {
    const rows = inv.listeners.map((l) => {
      const queue = l.backlog === null ? `${l.acceptQueue}/?` : `${l.acceptQueue}/${l.backlog}`;
      const full = l.backlog !== null && l.backlog > 0 && l.acceptQueue >= l.backlog;
      return [
        formatEndpointKey(l.address, l.port),
        full ? palette.red(queue) : queue,
        formatCount(l.synRecv),
        formatStateMix(l.states, palette),
        l.process === null ? '-' : `${l.process.command}[${l.process.pid}]`,
      ];
    });
    out.push(
      formatTable(
        [{ header: 'LISTEN ON' }, { header: 'ACCEPT-Q', align: 'right' }, { header: 'SYN_RECV', align: 'right' }, { header: 'CONNECTIONS' }, { header: 'PROCESS' }],
        rows,
        { indent: '  ' },
      ).trimEnd(),
    );
  }

  out.push('');
  out.push(palette.bold(`Local ports (top ${options.top})`));
  out.push(
    inv.ports.length === 0
      ? '  none'
      : formatTable(
          [{ header: 'PORT', align: 'right' }, { header: 'SOCKETS', align: 'right' }, { header: 'STATES' }],
          inv.ports.map((p) => [`${p.port}${p.listening ? '*' : ''}`, formatCount(p.total), formatStateMix(p.states, palette)]),
          { indent: '  ' },
        ).trimEnd(),
  );

  out.push('');
  out.push(palette.bold(`Remote endpoints (top ${options.top})`));
  out.push(
    inv.remotes.length === 0
      ? '  none'
      : formatTable(
          [{ header: 'REMOTE' }, { header: 'SOCKETS', align: 'right' }, { header: 'STATES' }],
          inv.remotes.map((r) => [r.key, formatCount(r.total), formatStateMix(r.states, palette)]),
          { indent: '  ' },
        ).trimEnd(),
  );

  out.push('');
  out.push(palette.bold(`Remote hosts (top ${options.top})`));
  out.push(
    inv.remoteHosts.length === 0
      ? '  none'
      : formatTable(
          [{ header: 'HOST' }, { header: 'SOCKETS', align: 'right' }, { header: 'STATES' }],
          inv.remoteHosts.map((r) => [r.address, formatCount(r.total), formatStateMix(r.states, palette)]),
          { indent: '  ' },
        ).trimEnd(),
  );

  out.push('');
  out.push(palette.bold(`Processes (top ${options.top})`));
  if (!options.withProcesses) {
    out.push('  not scanned');
  } else {
    if (inv.processes.length === 0) out.push('  none visible');
    else
      out.push(
        formatTable(
          [{ header: 'PID', align: 'right' }, { header: 'COMMAND' }, { header: 'SOCKETS', align: 'right' }, { header: 'STATES' }],
          inv.processes.map((p) => [String(p.pid), p.command, formatCount(p.total), formatStateMix(p.states, palette)]),
          { indent: '  ' },
        ).trimEnd(),
      );
    // TIME_WAIT and SYN_RECV entries never have an owner; others lack one when their process is unreadable.
    const unowned = Object.values(inv.unowned).reduce((a, b) => a + b, 0);
    if (unowned > 0) out.push(palette.dim(`  no visible owner: ${formatStateMix(inv.unowned)}`));
  }
  if (inv.ports.some((p) => p.listening)) out.push(palette.dim('\n  * a port with a listener'));
  for (const note of header.notes) out.push(palette.dim(`note: ${note}`));
  return out.join('\n') + '\n';
}
