// Every command, with a one-line summary and a lazy loader so that a command loads only its own code.
import type { Command } from './command.js';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'status', summary: 'counts per TCP state, listener, port, peer and process', load: async () => (await import('./commands/status.js')).command },
  { name: 'ls', summary: 'one line per socket, with ss filter expressions', load: async () => (await import('./commands/ls.js')).command },
  { name: 'explain', summary: 'what an errno, Node error, Windows code, ICMP message, TCP state, sysctl or counter means, and what to do', load: async () => (await import('./commands/explain.js')).command },
  { name: 'trace', summary: 'rebuild every TCP connection in a capture (pcap, pcapng, tcpdump text or live): states, expert flags, outcome, diagnosis, ladder', load: async () => (await import('./commands/trace.js')).command },
  { name: 'sysctl', summary: 'audit of the TCP kernel settings (or a sysctl.conf file before it is applied): value, default, verdict, why, source', load: async () => (await import('./commands/sysctl.js')).command },
  { name: 'lab', summary: 'reproduce a TCP pathology for real in network namespaces (close-wait, syn-flood, accept-overflow, ...), with what the doctor finds; root', load: async () => (await import('./commands/lab.js')).command },
  { name: 'doctor', summary: 'what is wrong with TCP here: findings with evidence, explanation and the fix', load: async () => (await import('./commands/doctor.js')).command },
];

// The entry for a name, or undefined.
export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}
