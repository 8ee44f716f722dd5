// Knowledge entries as callers see them: one language, placeholders filled.
import type { EntryKind, EntryNumbers, Source } from './types.js';

// One entry as callers see it: prose in one language, placeholders filled.
export interface ExplainedEntry {
  id: string;
  kind: EntryKind;
  name: string;
  // The entry's number on the chosen system (errno, WSA, Win32, "type/code" for ICMP, state number), or null.
  number: number | string | null;
  numbers: EntryNumbers;
  // How the query matched, for example "Linux errno 104".
  matchedAs: string[];
  summary: string;
  details: string;
  checks: string[];
  fixes: string[];
  related: string[];
  sources: Source[];
}

// The answer to one query.
export interface Explanation {
  query: string;
  entries: ExplainedEntry[];
  // Closest entries when nothing matched.
  suggestions: { id: string; name: string; summary: string }[];
}
