// The whole knowledge base: every entry, and lookup by id.
import { COUNTER_ENTRIES } from './counters.js';
import { ERRNO_ENTRIES } from './errno.js';
import { ICMP_ENTRIES } from './icmp.js';
import { NODE_ENTRIES } from './node-errors.js';
import { NODE_HTTP_ENTRIES } from './node-errors-http.js';
import { NODE_TLS_ENTRIES } from './node-errors-tls.js';
import { STATE_ENTRIES } from './states.js';
import { SYSCTL_ENTRIES } from './sysctls.js';
import { TCPDUMP_ENTRIES } from './tcpdump.js';
import type { KnowledgeEntry } from './types.js';
import { WINDOWS_ENTRIES } from './windows.js';

// Every entry of every kind, in a stable order (errno first).
export const ALL_ENTRIES: readonly KnowledgeEntry[] = [
  ...ERRNO_ENTRIES,
  ...NODE_ENTRIES,
  ...NODE_HTTP_ENTRIES,
  ...NODE_TLS_ENTRIES,
  ...WINDOWS_ENTRIES,
  ...ICMP_ENTRIES,
  ...STATE_ENTRIES,
  ...SYSCTL_ENTRIES,
  ...COUNTER_ENTRIES,
  ...TCPDUMP_ENTRIES,
];

const BY_ID = new Map(ALL_ENTRIES.map((e) => [e.id, e]));

// The entry with this id (for example 'errno:ECONNRESET', 'state:CLOSE_WAIT'), or undefined.
export function findEntry(id: string): KnowledgeEntry | undefined {
  return BY_ID.get(id);
}

export type { KnowledgeEntry, EntryKind, Lang, Text, Source } from './types.js';
