// Resolves a query to knowledge entries: names, aliases, numbers on each OS, HRESULTs, ICMP pairs, tcpdump flags, Node messages.
import { DARWIN_EXTRA_NUMBERS } from './errno.js';
import { measureEditDistance } from './edit-distance.js';
import { ALL_ENTRIES, findEntry } from './index.js';
import { NODE_MATCHERS as BASE_NODE_MATCHERS, type NodeMatcher } from './node-errors.js';
import { NODE_HTTP_MATCHERS } from './node-errors-http.js';
import { NODE_TLS_MATCHERS } from './node-errors-tls.js';
import { parseQuery, type ParsedQuery } from './parse-query.js';
import { t, type EntryKind, type KnowledgeEntry, type Text } from './types.js';
import { decodeHresult } from './windows.js';

// Systems whose error numbering a bare number can be read in.
export type TargetOs = 'linux' | 'darwin' | 'windows';

// One matched entry and the ways the query matched it.
export interface LookupMatch {
  entry: KnowledgeEntry;
  // How the query matched, e.g. "Linux errno 104"; one note per interpretation.
  notes: Text[];
}

// Everything a query resolved to.
export interface LookupResult {
  query: string;
  parsed: ParsedQuery;
  matches: LookupMatch[];
  // Closest entries when nothing matched.
  suggestions: KnowledgeEntry[];
}

// Upper case without spaces, dashes and underscores: "close-wait", "CLOSE_WAIT" and "Close Wait" compare equal.
export function squashName(s: string): string {
  return s.toUpperCase().replace(/[\s_-]+/g, '');
}

// Every Node recogniser: socket and DNS errors, then HTTP/undici, then TLS.
const NODE_MATCHERS: readonly NodeMatcher[] = [...BASE_NODE_MATCHERS, ...NODE_HTTP_MATCHERS, ...NODE_TLS_MATCHERS];

const NAME_INDEX = buildNameIndex();

function buildNameIndex(): Map<string, KnowledgeEntry[]> {
  const index = new Map<string, KnowledgeEntry[]>();
  const add = (key: string, entry: KnowledgeEntry) => {
    const list = index.get(key) ?? [];
    if (!list.includes(entry)) list.push(entry);
    index.set(key, list);
  };
  for (const entry of ALL_ENTRIES) {
    add(squashName(entry.id), entry);
    add(squashName(entry.name), entry);
    for (const alias of entry.aliases) add(squashName(alias), entry);
  }
  return index;
}

class MatchSet {
  readonly byId = new Map<string, LookupMatch>();
  add(entry: KnowledgeEntry | undefined, note?: Text): void {
    if (entry === undefined) return;
    const existing = this.byId.get(entry.id);
    if (existing === undefined) this.byId.set(entry.id, { entry, notes: note !== undefined ? [note] : [] });
    else if (note !== undefined && !existing.notes.some((n) => n.en === note.en)) existing.notes.push(note);
  }
  list(): LookupMatch[] {
    return [...this.byId.values()];
  }
}

function wants(os: TargetOs | undefined, which: TargetOs): boolean {
  return os === undefined || os === which;
}

function resolveNumber(n: number, os: TargetOs | undefined, out: MatchSet): void {
  for (const e of ALL_ENTRIES) {
    const num = e.numbers;
    if (n > 0) {
      if (wants(os, 'linux') && num.linux === n) out.add(e, t(`Linux errno ${n}`, `Linux errno ${n}`));
      if (wants(os, 'darwin') && num.darwin === n) out.add(e, t(`macOS/BSD errno ${n}`, `macOS/BSD errno ${n}`));
      if (wants(os, 'windows') && num.wsa === n && e.kind === 'wsa') out.add(e, t(`Winsock error ${n}`, `Winsock 错误 ${n}`));
      if (wants(os, 'windows') && num.win32 === n) out.add(e, t(`Win32 error ${n}`, `Win32 错误 ${n}`));
    } else if (n < 0) {
      if (wants(os, 'linux') && num.linux === -n) out.add(e, t(`libuv/Node err.errno ${n} on Linux`, `Linux 上的 libuv/Node err.errno ${n}`));
      if (wants(os, 'darwin') && num.darwin === -n) out.add(e, t(`libuv/Node err.errno ${n} on macOS`, `macOS 上的 libuv/Node err.errno ${n}`));
      if (wants(os, 'windows') && num.libuvWindows === n) out.add(e, t(`libuv/Node err.errno ${n} on Windows`, `Windows 上的 libuv/Node err.errno ${n}`));
      if (num.libuv === n) out.add(e, t(`libuv error ${n} (all platforms)`, `libuv 错误 ${n}（所有平台）`));
    }
  }
  if (n > 0 && wants(os, 'darwin')) {
    for (const extra of DARWIN_EXTRA_NUMBERS) if (extra.darwin === n) out.add(findEntry(extra.id), t(`macOS/BSD errno ${n} (ENOTSUP)`, `macOS/BSD errno ${n}（ENOTSUP）`));
  }
}

function resolveHresult(value: number, out: MatchSet): void {
  const d = decodeHresult(value);
  if (d.win32 === undefined) return;
  const hex = `0x${value.toString(16).padStart(8, '0')}`;
  const note = t(`HRESULT ${hex} wraps Win32 error ${d.win32}`, `HRESULT ${hex} 包装了 Win32 错误 ${d.win32}`);
  for (const e of ALL_ENTRIES) {
    if ((e.kind === 'win32' && e.numbers.win32 === d.win32) || (e.kind === 'wsa' && e.numbers.wsa === d.win32)) out.add(e, note);
  }
}

function resolveNodeMessage(q: Extract<ParsedQuery, { type: 'node-message' }>, out: MatchSet): void {
  if (q.aggregate === true) out.add(findEntry('node:aggregate-error'));
  // "write EPROTO ...:wrong version number:..." carries the real story in the text after the code.
  for (const m of NODE_MATCHERS) if (m.message?.test(q.message) === true) out.add(findEntry(m.id));
  for (const m of NODE_MATCHERS) {
    if (m.code !== undefined && m.code === q.code && (m.syscall === undefined || m.syscall === q.syscall)) out.add(findEntry(m.id));
  }
  if (q.code !== undefined) for (const e of NAME_INDEX.get(squashName(q.code)) ?? []) if (e.kind === 'errno') out.add(e);
}

function resolveText(text: string, out: MatchSet): void {
  for (const m of NODE_MATCHERS) if (m.message?.test(text) === true) out.add(findEntry(m.id));
  const key = squashName(text);
  for (const e of NAME_INDEX.get(key) ?? []) out.add(e);
  if (out.byId.size > 0) return;
  // Kind-qualified forms such as "TcpExt ListenOverflows" or "sysctl tcp_fin_timeout".
  const qualified = /^(?:errno|state|sysctl|counter|wsa|win32|node)[:\s]+(.+)$/i.exec(text);
  if (qualified?.[1] !== undefined) for (const e of NAME_INDEX.get(squashName(qualified[1])) ?? []) out.add(e);
  if (key === 'STATES' || key === 'STATE') for (const e of ALL_ENTRIES) if (e.kind === 'state') out.add(e);
  // A Node code on its own ("ERR_SOCKET_CONNECTION_TIMEOUT", "UND_ERR_SOCKET").
  for (const m of NODE_MATCHERS) if (m.code !== undefined && squashName(m.code) === key && m.syscall === undefined) out.add(findEntry(m.id));
}

function resolveFlags(flags: string, out: MatchSet): void {
  const exact = findEntry(`tcpdump:flags:${flags.toUpperCase().replace(/[^A-Z.]/g, '')}`);
  if (exact !== undefined) {
    out.add(exact);
    return;
  }
  for (const ch of flags.toUpperCase()) out.add(findEntry(`tcpdump:flags:${ch}`));
}

// A Winsock or Win32 code carries little text of its own: bring in the errno entry with the same meaning.
function addErrnoForWindows(out: MatchSet): void {
  for (const m of out.list()) {
    if (m.entry.kind !== 'wsa' && m.entry.kind !== 'win32') continue;
    const errnoId = m.entry.related.find((id) => id.startsWith('errno:'));
    const errno = errnoId !== undefined ? findEntry(errnoId) : undefined;
    if (errno !== undefined) out.add(errno, t(`same meaning as ${m.entry.name}`, `与 ${m.entry.name} 含义相同`));
  }
}

// Names and aliases are short: a query beyond this many characters cannot get closer to one, and the
// distance costs length x length (a pasted 100 KB text took seconds).
const MAX_SUGGEST_KEY = 64;

// The closest entries by edit distance over names and aliases.
export function suggestEntries(query: string, limit = 5): KnowledgeEntry[] {
  const key = squashName(query).slice(0, MAX_SUGGEST_KEY);
  const scored: { entry: KnowledgeEntry; score: number }[] = [];
  for (const entry of ALL_ENTRIES) {
    const names = [entry.name, ...entry.aliases].map(squashName);
    const score = Math.min(...names.map((n) => measureEditDistance(key, n) - (n.includes(key) && key.length >= 3 ? 2 : 0)));
    scored.push({ entry, score });
  }
  scored.sort((a, b) => a.score - b.score || a.entry.id.localeCompare(b.entry.id));
  return scored.slice(0, limit).map((s) => s.entry);
}

// Resolves a query; os limits number interpretations to one system.
export function lookupQuery(query: string, options: { os?: TargetOs } = {}): LookupResult {
  const parsed = parseQuery(query);
  const out = new MatchSet();
  switch (parsed.type) {
    case 'empty':
      break;
    case 'number':
      resolveNumber(parsed.value, options.os, out);
      break;
    case 'hresult':
      resolveHresult(parsed.value, out);
      break;
    case 'icmp': {
      const kind = parsed.v6 ? 'icmpv6' : 'icmp';
      if (parsed.icmpCode !== undefined) out.add(findEntry(`${kind}:${parsed.icmpType}/${parsed.icmpCode}`));
      else for (const e of ALL_ENTRIES) if (e.kind === kind && e.numbers.icmpType === parsed.icmpType) out.add(e);
      break;
    }
    case 'flags':
      resolveFlags(parsed.flags, out);
      break;
    case 'node-message':
      resolveNodeMessage(parsed, out);
      break;
    case 'text':
      resolveText(parsed.text, out);
      break;
  }
  addErrnoForWindows(out);
  const matches = out.list();
  return { query, parsed, matches, suggestions: matches.length === 0 && parsed.type !== 'empty' ? suggestEntries(query) : [] };
}

// Every entry of one kind (or all), for --list.
export function listEntries(kind?: EntryKind): KnowledgeEntry[] {
  return ALL_ENTRIES.filter((e) => kind === undefined || e.kind === kind);
}
