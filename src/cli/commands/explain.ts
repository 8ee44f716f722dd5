// tcpdoc explain: errno names and numbers, Node messages, Windows codes, ICMP, TCP states, sysctls, counters, tcpdump notation.
import type { Command } from '../command.js';
import type { CliIo } from '../io.js';
import { parseCommandArgs, readFlag, readString } from '../args.js';
import { explain, listExplanations, type ExplainedEntry, type Explanation, type TargetOs } from '../../api/explain.js';
import { ENTRY_KINDS, type EntryKind, type Lang } from '../../knowledge/types.js';
import { EXIT, TcpdocError } from '../../model/errors.js';
import type { TcpState } from '../../model/tcp-state.js';
import { makePalette, shouldColor } from '../../render/color.js';
import { formatExplanationText } from '../../render/explain-text.js';
import { formatJson } from '../../render/json.js';
import { formatStateDiagram } from '../../render/state-diagram.js';

const SCHEMA = 'tcpdoc.explain/1';

const HELP = `tcpdoc explain - what an error, state, setting or counter means and what to do

Usage: tcpdoc explain QUERY... [--lang en|zh] [--os linux|darwin|windows] [--json]
       tcpdoc explain states [STATE]
       tcpdoc explain --list [KIND]

QUERY may be any of:
  an errno name or number     ECONNRESET, econnreset, 104, -104 (Node err.errno)
  a Windows code              10054, WSAECONNRESET, -4077 (libuv), 0x800700b7 (HRESULT)
  a whole Node error message  "connect ECONNREFUSED 127.0.0.1:9000", "socket hang up"
  a Node or undici code       ERR_SOCKET_CONNECTION_TIMEOUT, UND_ERR_SOCKET, ENOTFOUND
  a TCP state                 CLOSE_WAIT, close-wait, SYN-RECEIVED
  a sysctl                    tcp_tw_reuse, net.ipv4.tcp_fin_timeout
  a kernel counter            ListenOverflows, TcpExtListenOverflows, TcpExt:ListenOverflows
  ICMP type/code              "icmp 3/3", "icmpv6 1/4", "icmp 3" (all codes of a type)
  tcpdump notation            "Flags [R.]", "[S.]", mss, sackOK, wscale, seq
A number that means different things on different systems lists each meaning.

Options:
  --lang en|zh     language (default: from LC_ALL, LC_MESSAGES or LANG; zh* gives Chinese)
  --os SYSTEM      read numbers as linux, darwin (macOS/BSD) or windows only
  --json           print {"schema": "${SCHEMA}", "query", "entries": [...], "suggestions": [...]}
                   (see docs/json.md)
  --list           list every entry, or those of KIND: ${ENTRY_KINDS.join(', ')}
  -h, --help       show this help

Exit codes: 0 explained, 1 nothing matched (the closest entries are printed), 2 usage error.

Examples:
  tcpdoc explain ECONNRESET
  tcpdoc explain "read ECONNRESET"
  tcpdoc explain 54 --os darwin
  tcpdoc explain 0x80072746
  tcpdoc explain close-wait --lang zh
  tcpdoc explain states TIME_WAIT
  tcpdoc explain --list sysctl
  tcpdoc explain ETIMEDOUT --json
`;

// Chinese when the locale says so: LC_ALL wins over LC_MESSAGES, which wins over LANG.
export function detectLang(env: NodeJS.ProcessEnv): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return locale !== undefined && /^zh/i.test(locale) ? 'zh' : 'en';
}

function readLang(value: string | undefined, env: NodeJS.ProcessEnv): Lang {
  if (value === undefined) return detectLang(env);
  if (value === 'en' || value === 'zh') return value;
  throw new TcpdocError('USAGE', `explain: --lang must be en or zh, got '${value}'`, { hint: 'Example: --lang zh' });
}

function readOs(value: string | undefined): TargetOs | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === 'linux') return 'linux';
  if (v === 'darwin' || v === 'macos' || v === 'mac' || v === 'bsd') return 'darwin';
  if (v === 'windows' || v === 'win32' || v === 'win') return 'windows';
  throw new TcpdocError('USAGE', `explain: --os must be linux, darwin or windows, got '${value}'`, { hint: 'Example: --os darwin' });
}

function toJsonEntry(e: ExplainedEntry): Record<string, unknown> {
  return {
    id: e.id, kind: e.kind, name: e.name, number: e.number, numbers: e.numbers, matchedAs: e.matchedAs,
    summary: e.summary, details: e.details, checks: e.checks, fixes: e.fixes, related: e.related, sources: e.sources,
  };
}

function printExplanation(io: CliIo, x: Explanation, json: boolean, lang: Lang): number {
  if (json) {
    io.stdout(formatJson(SCHEMA, { query: x.query, entries: x.entries.map(toJsonEntry), suggestions: x.suggestions }));
  } else {
    const palette = makePalette(shouldColor(io.env, io.isTTY));
    const text = formatExplanationText(x, { palette, lang, width: Math.min(io.columns, 100) });
    io.stdout(text);
  }
  return x.entries.length > 0 ? EXIT.ok : EXIT.findings;
}

function runStates(io: CliIo, stateQuery: string | undefined, json: boolean, lang: Lang): number {
  let highlight: TcpState | undefined;
  let x: Explanation = explain('states', { lang });
  if (stateQuery !== undefined) {
    x = explain(stateQuery, { lang });
    const state = x.entries.find((e) => e.kind === 'state');
    if (state === undefined) {
      // The closest entries overall would be errnos and counters; after "states" only states make sense.
      const states = explain('states', { lang }).entries.map((e) => ({ id: e.id, name: e.name, summary: e.summary }));
      const close = x.suggestions.filter((s) => s.id.startsWith('state:'));
      x = { ...x, entries: [], suggestions: close.length > 0 ? close : states };
      return printExplanation(io, x, json, lang);
    }
    x = { ...x, entries: [state] };
    highlight = state.name as TcpState;
  }
  if (json) return printExplanation(io, x, true, lang);
  const palette = makePalette(shouldColor(io.env, io.isTTY));
  io.stdout(formatStateDiagram({ palette, lang, ...(highlight !== undefined ? { highlight } : {}) }));
  if (highlight !== undefined) io.stdout('\n' + formatExplanationText(x, { palette, lang, width: Math.min(io.columns, 100) }));
  return EXIT.ok;
}

function runList(io: CliIo, kindArg: string | undefined, json: boolean, lang: Lang, os: TargetOs | undefined): number {
  if (kindArg !== undefined && !ENTRY_KINDS.includes(kindArg as EntryKind)) {
    throw new TcpdocError('USAGE', `explain: unknown kind '${kindArg}'`, { hint: `Kinds: ${ENTRY_KINDS.join(', ')}` });
  }
  const entries = listExplanations(kindArg as EntryKind | undefined, { lang, ...(os !== undefined ? { os } : {}) });
  if (json) {
    io.stdout(formatJson(SCHEMA, { query: `--list${kindArg !== undefined ? ` ${kindArg}` : ''}`, entries: entries.map(toJsonEntry), suggestions: [] }));
    return EXIT.ok;
  }
  const width = Math.max(...entries.map((e) => e.id.length));
  io.stdout(entries.map((e) => `${e.id.padEnd(width)}  ${e.summary}`).join('\n') + '\n');
  return EXIT.ok;
}

// "-104" (a Node err.errno) would parse as options; move such words behind "--" so they stay queries.
export function moveNegativeNumbers(argv: string[]): string[] {
  const negatives = argv.filter((a) => /^-\d+$/.test(a));
  if (negatives.length === 0) return argv;
  const rest = argv.filter((a) => !/^-\d+$/.test(a));
  return rest.includes('--') ? [...rest, ...negatives] : [...rest, '--', ...negatives];
}

// The explain command.
export const command: Command = {
  help: HELP,
  run: async (argv, io) => {
    const args = parseCommandArgs('explain', moveNegativeNumbers(argv), {
      lang: { type: 'string' },
      os: { type: 'string' },
      json: { type: 'boolean' },
      list: { type: 'boolean' },
    });
    const lang = readLang(readString(args, 'lang'), io.env);
    const os = readOs(readString(args, 'os'));
    const json = readFlag(args, 'json');
    if (readFlag(args, 'list')) return runList(io, args.positionals[0], json, lang, os);
    const first = args.positionals[0];
    if (first === undefined || args.positionals.every((p) => p.trim() === '')) {
      throw new TcpdocError('USAGE', 'explain: nothing to explain', { hint: "Give a query, e.g. 'tcpdoc explain ECONNRESET', or run 'tcpdoc explain --help'." });
    }
    if (/^(states|diagram)$/i.test(first) && args.positionals.length <= 2) return runStates(io, args.positionals[1], json, lang);
    const query = args.positionals.join(' ');
    return printExplanation(io, explain(query, { lang, ...(os !== undefined ? { os } : {}) }), json, lang);
  },
};
