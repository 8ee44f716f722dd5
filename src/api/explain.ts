// Library entry points for explanations: explain(query) for anything tcpdoc knows, explainError(err) for a caught Node error.
import { findEntry } from '../knowledge/index.js';
import { listEntries, lookupQuery, type LookupMatch, type TargetOs } from '../knowledge/lookup.js';
import { parseQuery } from '../knowledge/parse-query.js';
import type { EntryKind, KnowledgeEntry, Lang } from '../knowledge/types.js';

export type { TargetOs } from '../knowledge/lookup.js';

// Language and numbering for explain() and explainError().
export interface ExplainOptions {
  lang?: Lang;
  // Which system's numbering to use for bare numbers; all systems when absent.
  os?: TargetOs;
}

export type { ExplainedEntry, Explanation } from '../knowledge/explained.js';
import type { ExplainedEntry, Explanation } from '../knowledge/explained.js';

// What a Node error says about itself; every field optional.
export interface ErrorContext {
  code?: string;
  errno?: number;
  syscall?: string;
  address?: string;
  port?: number;
  hostname?: string;
  message?: string;
}

// The answer for one caught error, with its own details and inner errors.
export interface ErrorExplanation extends Explanation {
  context: ErrorContext;
  // One line for a log: what failed, where, and the short meaning.
  headline: string;
  // Inner errors: AggregateError.errors and the cause chain (fetch failed -> SocketError).
  causes: ErrorExplanation[];
}

// The entry's number in the numbering of os (Linux first when none is given).
export function pickNumber(entry: KnowledgeEntry, os?: TargetOs): number | string | null {
  const n = entry.numbers;
  switch (entry.kind) {
    case 'errno':
      if (os === 'darwin') return n.darwin ?? null;
      if (os === 'windows') return n.wsa ?? n.libuvWindows ?? n.libuv ?? null;
      return n.linux ?? n.libuv ?? n.darwin ?? null;
    case 'wsa':
      return n.wsa ?? null;
    case 'win32':
      return n.win32 ?? null;
    case 'icmp':
    case 'icmpv6':
      return `${n.icmpType ?? '?'}/${n.icmpCode ?? '?'}`;
    case 'state':
      return n.state ?? null;
    default:
      return n.libuv ?? null;
  }
}

// Replaces {address}, {port}, {host} and {syscall}; unknown values become upper-case words the reader fills in.
export function fillPlaceholders(text: string, context: ErrorContext): string {
  const host = context.hostname ?? context.address;
  return text
    .replace(/\{address\}/g, context.address ?? host ?? 'ADDRESS')
    .replace(/\{port\}/g, context.port !== undefined ? String(context.port) : 'PORT')
    .replace(/\{host\}/g, host ?? 'HOST')
    .replace(/\{syscall\}/g, context.syscall ?? 'SYSCALL');
}

function presentEntry(match: LookupMatch, lang: Lang, os: TargetOs | undefined, context: ErrorContext): ExplainedEntry {
  const e = match.entry;
  const fill = (s: string) => fillPlaceholders(s, context);
  return {
    id: e.id, kind: e.kind, name: e.name,
    number: pickNumber(e, os), numbers: e.numbers,
    matchedAs: match.notes.map((n) => n[lang]),
    summary: fill(e.summary[lang]),
    details: fill(e.details[lang]),
    checks: e.checks.map((c) => fill(c[lang])),
    fixes: e.fixes.map((f) => fill(f[lang])),
    related: e.related,
    sources: e.sources,
  };
}

// Explains a query: errno names and numbers, Node messages, WSA codes, HRESULTs, ICMP, states, sysctls, counters, tcpdump flags.
export function explain(query: string, options: ExplainOptions = {}): Explanation {
  const lang = options.lang ?? 'en';
  const result = lookupQuery(query, options.os === undefined ? {} : { os: options.os });
  const context = contextFromMessage(query);
  return {
    query,
    entries: result.matches.map((m) => presentEntry(m, lang, options.os, context)),
    suggestions: result.suggestions.map((s) => ({ id: s.id, name: s.name, summary: s.summary[lang] })),
  };
}

// Every entry (or every entry of one kind), presented in one language.
export function listExplanations(kind?: EntryKind, options: ExplainOptions = {}): ExplainedEntry[] {
  return listEntries(kind).map((entry) => presentEntry({ entry, notes: [] }, options.lang ?? 'en', options.os, {}));
}

function contextFromMessage(message: string): ErrorContext {
  const q = parseQuery(message);
  if (q.type !== 'node-message') return {};
  const context: ErrorContext = { message };
  if (q.code !== undefined) context.code = q.code;
  if (q.syscall !== undefined) context.syscall = q.syscall;
  if (q.address !== undefined) context.address = q.address;
  if (q.port !== undefined) context.port = q.port;
  if (q.hostname !== undefined) context.hostname = q.hostname;
  return context;
}

function readContext(err: object): ErrorContext {
  const e = err as Record<string, unknown>;
  const context: ErrorContext = {};
  if (typeof e.message === 'string') Object.assign(context, contextFromMessage(e.message), { message: e.message });
  if (typeof e.code === 'string') context.code = e.code;
  if (typeof e.errno === 'number') context.errno = e.errno;
  if (typeof e.syscall === 'string') context.syscall = e.syscall;
  if (typeof e.address === 'string') context.address = e.address;
  if (typeof e.port === 'number') context.port = e.port;
  if (typeof e.hostname === 'string') context.hostname = e.hostname;
  // ERR_TLS_CERT_ALTNAME_INVALID names the host it checked in err.host.
  else if (typeof e.host === 'string' && context.hostname === undefined) context.hostname = e.host;
  return context;
}

// Class names that say nothing about the cause.
const GENERIC_ERROR_NAMES = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'SystemError', 'DOMException']);

function platformOs(): TargetOs {
  return process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'darwin' : 'linux';
}

function formatHeadline(context: ErrorContext, first: ExplainedEntry | undefined): string {
  const where = context.address !== undefined
    ? `${context.address}${context.port !== undefined ? `:${context.port}` : ''}`
    : context.hostname;
  const what = [context.syscall, context.code].filter((x) => x !== undefined).join(' ') || context.message || 'error';
  const meaning = first?.summary ?? 'no explanation found';
  return `${what}${where !== undefined ? ` (${where})` : ''}: ${meaning}`;
}

// Explains a caught error (Node system error, AggregateError, undici error with cause) or its message.
export function explainError(err: unknown, options: ExplainOptions = {}): ErrorExplanation {
  return explainErrorAt(err, options, 0);
}

function explainErrorAt(err: unknown, options: ExplainOptions, depth: number): ErrorExplanation {
  const lang = options.lang ?? 'en';
  const os = options.os ?? platformOs();
  const isObject = typeof err === 'object' && err !== null;
  const context = isObject ? readContext(err) : contextFromMessage(String(err));
  if (!isObject) context.message = String(err);
  const queries: string[] = [];
  if (context.message !== undefined && context.message !== '') queries.push(context.message);
  if (context.syscall !== undefined && context.code !== undefined) queries.push(`${context.syscall} ${context.code}`);
  if (context.code !== undefined) queries.push(context.code);
  if (queries.length === 0 && context.errno !== undefined) queries.push(String(context.errno));
  // A specific class name (TimeoutError, HeadersTimeoutError, HTTPParserError) is known even when the message was customised.
  const name = isObject ? (err as { name?: unknown }).name : undefined;
  if (typeof name === 'string' && !GENERIC_ERROR_NAMES.has(name)) queries.push(name);
  const errors = isObject ? (err as { errors?: unknown }).errors : undefined;
  const isAggregate = Array.isArray(errors);
  const seen = new Map<string, LookupMatch>();
  if (isAggregate) {
    const agg = findEntry('node:aggregate-error');
    if (agg !== undefined) seen.set(agg.id, { entry: agg, notes: [] });
  }
  for (const q of queries) {
    for (const m of lookupQuery(q, { os }).matches) if (!seen.has(m.entry.id)) seen.set(m.entry.id, m);
  }
  const entries = [...seen.values()].map((m) => presentEntry(m, lang, os, context));
  const causes: ErrorExplanation[] = [];
  if (depth < 4) {
    if (isAggregate) for (const inner of errors.slice(0, 16)) causes.push(explainErrorAt(inner, options, depth + 1));
    const cause = isObject ? (err as { cause?: unknown }).cause : undefined;
    if (cause !== undefined && cause !== null) causes.push(explainErrorAt(cause, options, depth + 1));
  }
  return {
    query: context.message ?? context.code ?? String(err),
    context,
    headline: formatHeadline(context, entries[0]),
    entries,
    suggestions: [],
    causes,
  };
}
