// tcpdoc ls: one line per socket like `ss -tanpoie`, with ss filter expressions, sorting and column choice.
import type { Command } from '../command.js';
import { parseCommandArgs, readFlag, readString } from '../args.js';
import { SNAPSHOT_OPTION_HELP, SNAPSHOT_OPTION_SPEC, readSnapshotFlags } from '../snapshot-flags.js';
import { snapshot } from '../../api/snapshot.js';
import { SORT_KEYS, sortSockets } from '../../analysis/inventory/sort-sockets.js';
import { COLUMN_GROUPS, SOCKET_COLUMNS, columnsNeed, findSocketColumn } from '../../render/socket-columns.js';
import { buildSocketsDocument } from '../../render/sockets-json.js';
import { formatTable, writeTable } from '../../render/table.js';
import { makePalette, shouldColor } from '../../render/color.js';
import { EXIT, TcpdocError } from '../../model/errors.js';
import { describeSkips } from '../../analysis/inventory/describe-skips.js';

const HELP = `Usage: tcpdoc ls [OPTIONS] [FILTER]

One line per TCP socket, like 'ss -tanpoie': state, queues, local and peer address,
timer, and on request the owning process, tcp_info and memory. Unlike ss, LISTEN,
TIME_WAIT and SYN_RECV sockets are shown unless the filter leaves them out.

FILTER is the ss expression language (man 8 ss), for example:
  state established                 state close-wait
  state connected                   (groups: all, connected, synchronized, bucket, big)
  exclude time-wait                 sport = :443        dport >= :1024
  dst 10.0.0.0/8                    src [::1]           dst 192.0.2.7:5432
  state established '( dport = :443 or sport = :443 )'
  not dst 127.0.0.0/8 and sport > :1023
Conditions combine with and/or/not and parentheses; adjacent ones mean 'and'.
Port and address conditions are compiled to inet_diag bytecode so the kernel
filters before copying, and every result is re-checked in tcpdoc.

Options:
  -p, --processes      show the owning process (command, pid, fd)
  -e, --extended       show uid, inode and socket cookie
  -i, --info           show tcp_info: rtt/rttvar, rto, cwnd, retransmits, unacked,
                       bytes sent/received, time since last receive, congestion control
  -m, --memory         show socket memory (receive/send buffers, drops)
  -l, --listening      only listening sockets (same as 'state listening')
  --columns LIST       exactly these columns, comma-separated (see --list-columns)
  --list-columns       print every column id with its meaning
  --sort KEY           sort by KEY: ${Object.keys(SORT_KEYS).join(', ')}
                       (numbers largest first, text A to Z)
  -r, --reverse        reverse the sort order
  -H, --no-header      omit the header line
  --json               print the tcpdoc.sockets/1 document (docs/json.md)
  -n, --numeric, -t, --tcp, -a, --all, -o, --options
                       accepted for ss habits; tcpdoc never resolves names, shows
                       only TCP, all states and timers
${SNAPSHOT_OPTION_HELP}
  -h, --help           show this help

Examples:
  tcpdoc ls state close-wait -p
  tcpdoc ls -i --sort rtt 'dport = :443'
  tcpdoc ls -l -p
  sudo tcpdoc ls --pid-ns 4242 --json
`;

const OPTIONS = {
  ...SNAPSHOT_OPTION_SPEC,
  processes: { type: 'boolean' as const, short: 'p' },
  extended: { type: 'boolean' as const, short: 'e' },
  info: { type: 'boolean' as const, short: 'i' },
  memory: { type: 'boolean' as const, short: 'm' },
  listening: { type: 'boolean' as const, short: 'l' },
  columns: { type: 'string' as const },
  'list-columns': { type: 'boolean' as const },
  sort: { type: 'string' as const },
  reverse: { type: 'boolean' as const, short: 'r' },
  'no-header': { type: 'boolean' as const, short: 'H' },
  json: { type: 'boolean' as const },
  numeric: { type: 'boolean' as const, short: 'n' },
  tcp: { type: 'boolean' as const, short: 't' },
  all: { type: 'boolean' as const, short: 'a' },
  options: { type: 'boolean' as const, short: 'o' },
};

// Column ids from the flags, or from --columns when given.
export function chooseColumns(flags: { processes: boolean; extended: boolean; info: boolean; memory: boolean; columns: string | undefined }): string[] {
  if (flags.columns !== undefined) {
    const ids = flags.columns.split(',').map((c) => c.trim()).filter((c) => c !== '');
    for (const id of ids) {
      if (findSocketColumn(id) === undefined) {
        throw new TcpdocError('USAGE', `ls: unknown column '${id}'`, { hint: `Columns: ${SOCKET_COLUMNS.map((c) => c.id).join(', ')}` });
      }
    }
    if (ids.length === 0) throw new TcpdocError('USAGE', 'ls: --columns needs at least one column id');
    return ids;
  }
  const ids: string[] = [...COLUMN_GROUPS.base];
  if (flags.processes) ids.push(...COLUMN_GROUPS.processes);
  if (flags.extended) ids.push(...COLUMN_GROUPS.extended);
  if (flags.info) ids.push(...COLUMN_GROUPS.info);
  if (flags.memory) ids.push(...COLUMN_GROUPS.memory);
  return ids;
}

export const command: Command = {
  help: HELP,
  run: async (argv, io) => {
    const args = parseCommandArgs('ls', argv, OPTIONS, {
      state: "ls filters by state in its FILTER: tcpdoc ls state close-wait (see 'tcpdoc ls --help').",
      port: "ls filters by port in its FILTER: tcpdoc ls '( sport = :443 or dport = :443 )' (see 'tcpdoc ls --help').",
    });
    if (readFlag(args, 'list-columns')) {
      io.stdout(formatTable([{ header: 'COLUMN' }, { header: 'MEANING' }], SOCKET_COLUMNS.map((c) => [c.id, c.describe])));
      return EXIT.ok;
    }
    const sortKey = readString(args, 'sort');
    if (sortKey !== undefined && SORT_KEYS[sortKey] === undefined) {
      throw new TcpdocError('USAGE', `ls: unknown sort key '${sortKey}'`, { hint: `Sort keys: ${Object.keys(SORT_KEYS).join(', ')}` });
    }
    const json = readFlag(args, 'json');
    const columns = chooseColumns({
      processes: readFlag(args, 'processes'),
      extended: readFlag(args, 'extended'),
      info: readFlag(args, 'info'),
      memory: readFlag(args, 'memory'),
      columns: readString(args, 'columns'),
    });
    const need = columnsNeed(columns);
    const sortNeedsInfo = sortKey !== undefined && columnsNeed([sortKey === 'last-recv' ? 'last-recv' : sortKey]).tcpInfo;
    const sortNeedsMemory = sortKey !== undefined && ['rmem', 'wmem', 'drops'].includes(sortKey);
    const words = [...(readFlag(args, 'listening') ? ['state', 'listening'] : []), ...args.positionals];
    const snapOptions = readSnapshotFlags('ls', args);
    const snap = await snapshot({
      ...snapOptions,
      ...(words.length > 0 ? { filter: words } : {}),
      tcpInfo: need.tcpInfo || sortNeedsInfo || (json && readFlag(args, 'info')),
      memory: need.memory || sortNeedsMemory || (json && readFlag(args, 'memory')),
      processes: need.processes || snapOptions.pids !== undefined || sortKey === 'pid' || sortKey === 'process' || (json && readFlag(args, 'processes')),
      now: io.now(),
    });
    const sockets = sortKey === undefined ? snap.sockets : sortSockets(snap.sockets, sortKey, readFlag(args, 'reverse'));
    const filterText = words.length > 0 ? words.join(' ') : null;
    if (json) {
      io.stdout(JSON.stringify(buildSocketsDocument(snap, sockets, filterText), null, 2) + '\n');
      return EXIT.ok;
    }
    const defs = columns.map((id) => findSocketColumn(id)!);
    const rows = sockets.map((s) => defs.map((c) => c.format(s)));
    writeTable(defs.map((c) => ({ header: c.header, align: c.align })), rows, io.stdout, { header: !readFlag(args, 'no-header') });
    const palette = makePalette(shouldColor(io.env, io.isTTY));
    const notes = [...snap.notes];
    notes.push(...describeSkips(snap.skips, process.getuid?.() === 0));
    // Notes go to stderr so that piping the table stays clean.
    for (const note of notes) io.stderr(palette.dim(`note: ${note}\n`));
    return EXIT.ok;
  },
};
