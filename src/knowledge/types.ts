// The shape of every knowledge-base entry, shared by explain, doctor, trace and the dashboard.

// Languages every entry is written in.
export type Lang = 'en' | 'zh';

// One piece of prose in both languages.
export interface Text {
  en: string;
  zh: string;
}

// What an entry describes; also the prefix of its id.
export type EntryKind = 'errno' | 'node' | 'wsa' | 'win32' | 'icmp' | 'icmpv6' | 'state' | 'sysctl' | 'counter' | 'tcpdump';

// Every kind, in the order --list shows them.
export const ENTRY_KINDS: readonly EntryKind[] = ['errno', 'node', 'wsa', 'win32', 'icmp', 'icmpv6', 'state', 'sysctl', 'counter', 'tcpdump'];

// Numbers an entry is known by; each platform keeps its own numbering.
export interface EntryNumbers {
  linux?: number;
  darwin?: number;
  // libuv's negative code on Windows (on Unix libuv uses -errno).
  libuvWindows?: number;
  // libuv codes that exist on every platform (EAI_*, EOF).
  libuv?: number;
  wsa?: number;
  win32?: number;
  icmpType?: number;
  icmpCode?: number;
  // Kernel TCP state number (include/net/tcp_states.h).
  state?: number;
}

// Where a fact comes from: a document URL, a source file, or both.
export interface Source {
  title: string;
  url?: string;
  file?: string;
}

// One thing tcpdoc can explain.
export interface KnowledgeEntry {
  kind: EntryKind;
  // Stable id such as 'errno:ECONNRESET' or 'state:CLOSE_WAIT'; other modules link to it.
  id: string;
  name: string;
  aliases: string[];
  numbers: EntryNumbers;
  summary: Text;
  details: Text;
  // How to check; may hold {address}, {port}, {host}, {syscall} placeholders filled by explainError.
  checks: Text[];
  fixes: Text[];
  related: string[];
  sources: Source[];
}

// Shorthand for bilingual text.
export function t(en: string, zh: string): Text {
  return { en, zh };
}

// A check or fix that starts with a command line, followed by what it shows.
export function cmd(command: string, en: string, zh: string): Text {
  return { en: `${command}  # ${en}`, zh: `${command}  # ${zh}` };
}
