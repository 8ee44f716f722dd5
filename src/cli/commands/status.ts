// tcpdoc status: counts per state, listener, local port, remote endpoint and process; --watch refreshes like top.
import type { Command } from '../command.js';
import type { CliIo } from '../io.js';
import { parseCommandArgs, readFlag, readInteger, readNumber, readStrings, type ParsedArgs } from '../args.js';
import { SNAPSHOT_OPTION_HELP, SNAPSHOT_OPTION_SPEC, readSnapshotFlags } from '../snapshot-flags.js';
import { inventory, AUTO_PROCESS_SCAN_LIMIT } from '../../api/inventory.js';
import type { SnapshotOptions } from '../../api/snapshot-options.js';
import type { StateCounts } from '../../analysis/inventory/aggregate.js';
import { formatStatusText } from '../../render/status-text.js';
import { buildStatusDocument } from '../../render/status-json.js';
import { makePalette, shouldColor } from '../../render/color.js';
import { EXIT, TcpdocError } from '../../model/errors.js';
import { describeSkips } from '../../analysis/inventory/describe-skips.js';
import { formatCount } from '../../render/units.js';

const HELP = `Usage: tcpdoc status [OPTIONS] [FILTER]

What TCP is doing on this host, in one screen: counts for all 11 states, every
listener with its accept queue, backlog and SYN_RECV count, the busiest local ports,
remote endpoints and remote hosts, and sockets per process. FILTER is an ss
expression, as in 'tcpdoc ls' (e.g. "dport = :5432").

Options:
  --port PORT          only sockets whose local or remote port is PORT (repeatable)
  --state STATE        only sockets in STATE (repeatable or comma-separated; ss names
                       such as close-wait, kernel names such as CLOSE_WAIT, or groups:
                       connected, synchronized, bucket, big)
  --top N              rows in the port, remote and process tables (default 10)
  -p, --processes      map sockets to processes even on hosts with more than
                       ${formatCount(AUTO_PROCESS_SCAN_LIMIT)} sockets (there the scan is skipped by default
                       because it reads every fd of every process)
  --no-processes       never map sockets to processes
  -w, --watch [SECONDS]
                       refresh every SECONDS (default 2) with the change since the last
                       sample; Ctrl-C stops. With --json, one document per line.
  --json               print the tcpdoc.status/1 document (docs/json.md)
${SNAPSHOT_OPTION_HELP}
  -h, --help           show this help

Examples:
  tcpdoc status
  tcpdoc status --state close-wait --top 20
  tcpdoc status --port 443 --watch 1
  sudo tcpdoc status --netns web --json
`;

const OPTIONS = {
  ...SNAPSHOT_OPTION_SPEC,
  port: { type: 'string' as const, multiple: true },
  state: { type: 'string' as const, multiple: true },
  top: { type: 'string' as const },
  processes: { type: 'boolean' as const, short: 'p' },
  'no-processes': { type: 'boolean' as const },
  watch: { type: 'string' as const },
  json: { type: 'boolean' as const },
};

// --watch takes an optional number: "--watch" alone means every 2 s.
export function normalizeWatchArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--watch' || arg === '-w') {
      const next = argv[i + 1];
      // A word that starts like a number ("1s", "0", ".5") was meant as the interval, not a filter: let readNumber judge it.
      // Not "-1": -4 and -6 are options.
      if (next !== undefined && /^[+.\d]/.test(next)) {
        out.push(`--watch=${next}`);
        i++;
      } else {
        out.push('--watch=2');
      }
    } else {
      out.push(arg);
    }
  }
  return out;
}

// Builds ss filter words from --state and --port plus a FILTER given as positionals.
export function buildFilterWords(states: readonly string[], ports: readonly string[], positionals: readonly string[]): string[] {
  const words: string[] = [];
  const stateList = states.flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x !== '');
  // "--state ''" (an unset shell variable) would otherwise quietly show every socket.
  if (states.length > 0 && stateList.length === 0) throw new TcpdocError('USAGE', 'status: --state needs a state name', { hint: 'Example: --state close-wait (or several: --state syn-recv,established).' });
  for (const s of stateList) words.push('state', s);
  const portList = ports.flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x !== '');
  if (ports.length > 0 && portList.length === 0) throw new TcpdocError('USAGE', 'status: --port needs a port number', { hint: 'Example: --port 443 (or several: --port 80,443).' });
  for (const p of portList) {
    if (!/^\d+$/.test(p) || Number(p) > 65535) throw new TcpdocError('USAGE', `status: --port expects a port number 0-65535, got '${p}'`, { hint: 'Example: --port 443; for a range use a filter such as "sport >= :8000".' });
  }
  const clauses: string[][] = [];
  if (portList.length > 0) {
    const portWords = portList.flatMap((p, i) => [...(i > 0 ? ['or'] : []), 'sport', '=', `:${p}`, 'or', 'dport', '=', `:${p}`]);
    clauses.push(['(', ...portWords, ')']);
  }
  if (positionals.length > 0) clauses.push(['(', ...positionals, ')']);
  clauses.forEach((c, i) => {
    if (i > 0) words.push('and');
    words.push(...c);
  });
  return words;
}

function readStatusOptions(args: ParsedArgs): { snap: SnapshotOptions; filterWords: string[]; top: number; processes: boolean | 'auto'; watch: number | undefined; json: boolean } {
  const snap = readSnapshotFlags('status', args);
  const filterWords = buildFilterWords(readStrings(args, 'state'), readStrings(args, 'port'), args.positionals);
  const top = readInteger(args, 'status', 'top', { min: 1, max: 100_000 }) ?? 10;
  if (readFlag(args, 'processes') && readFlag(args, 'no-processes')) throw new TcpdocError('USAGE', 'status: use either --processes or --no-processes, not both');
  const processes = readFlag(args, 'processes') || snap.pids !== undefined ? true : readFlag(args, 'no-processes') ? false : 'auto';
  const watch = readNumber(args, 'status', 'watch', { min: 0.1, max: 86_400 });
  return { snap, filterWords, top, processes, watch, json: readFlag(args, 'json') };
}

async function printSample(io: CliIo, o: ReturnType<typeof readStatusOptions>, previous: StateCounts | undefined, clear: boolean): Promise<StateCounts> {
  const { processes: _unused, tcpInfo: _ti, memory: _mem, ...base } = o.snap;
  const snap = await inventory({ ...base, top: o.top, processes: o.processes, now: io.now(), ...(o.filterWords.length > 0 ? { filter: o.filterWords } : {}) });
  const inv = snap.inventory;
  const filterText = o.filterWords.length > 0 ? o.filterWords.join(' ') : null;
  if (o.json) {
    const doc = buildStatusDocument(snap, filterText);
    io.stdout(o.watch === undefined ? JSON.stringify(doc, null, 2) + '\n' : JSON.stringify(doc) + '\n');
  } else {
    const palette = makePalette(shouldColor(io.env, io.isTTY));
    const notes = [...snap.notes];
    notes.push(...describeSkips(snap.skips, process.getuid?.() === 0));
    if (filterText !== null) notes.push(`filter: ${filterText}`);
    const text = formatStatusText(
      inv,
      { source: snap.source, namespace: snap.namespace, time: new Date(snap.takenAt).toISOString(), notes },
      palette,
      { withProcesses: snap.processesScanned, top: o.top, ...(previous !== undefined ? { previous } : {}) },
    );
    io.stdout((clear ? '\u001b[H\u001b[2J' : '') + text);
  }
  return inv.states;
}

export const command: Command = {
  help: HELP,
  run: async (argv, io) => {
    const args = parseCommandArgs('status', normalizeWatchArgs(argv), OPTIONS);
    const o = readStatusOptions(args);
    if (o.watch === undefined) {
      await printSample(io, o, undefined, false);
      return EXIT.ok;
    }
    let stopped = false;
    let wake: (() => void) | undefined;
    const off = io.onInterrupt(() => {
      stopped = true;
      wake?.();
    });
    try {
      let previous: StateCounts | undefined;
      while (!stopped) {
        previous = await printSample(io, o, previous, io.isTTY && !o.json);
        if (!o.json && !io.isTTY) io.stdout('\n');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, (o.watch ?? 2) * 1000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      off();
    }
    return EXIT.ok;
  },
};
