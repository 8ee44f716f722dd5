// Reads the kernel's TCP counters once (the doctor samples twice to get rates).
import fs from 'node:fs';
import { decodeCounterPairs, decodeSockstat, type CounterGroups, type Sockstat } from '../../wire/proc-net-counters.js';

export interface KernelCounters {
  // /proc/net/netstat and /proc/net/snmp merged: TcpExt, IpExt, Tcp, Ip, Icmp, Udp, ...
  groups: CounterGroups;
  // /proc/net/sockstat and sockstat6 merged (TCP, TCP6, sockets, ...).
  sockstat: Sockstat;
  unparsed: number;
  // Files that could not be read (e.g. sockstat6 with IPv6 disabled).
  missing: string[];
}

// Reads the counter files of the current network namespace, or of options.pid's.
export function readKernelCounters(options: { pid?: number; procRoot?: string } = {}): KernelCounters {
  const base = `${options.procRoot ?? '/proc'}${options.pid !== undefined ? `/${options.pid}` : ''}/net`;
  const groups: CounterGroups = {};
  const sockstat: Sockstat = {};
  const missing: string[] = [];
  let unparsed = 0;
  for (const name of ['netstat', 'snmp']) {
    const text = readText(`${base}/${name}`, missing);
    if (text === null) continue;
    const decoded = decodeCounterPairs(text);
    unparsed += decoded.unparsed;
    for (const [prefix, values] of Object.entries(decoded.groups)) groups[prefix] = { ...groups[prefix], ...values };
  }
  for (const name of ['sockstat', 'sockstat6']) {
    const text = readText(`${base}/${name}`, missing);
    if (text === null) continue;
    const decoded = decodeSockstat(text);
    unparsed += decoded.unparsed;
    for (const [prefix, values] of Object.entries(decoded.protocols)) sockstat[prefix] = { ...sockstat[prefix], ...values };
  }
  return { groups, sockstat, unparsed, missing };
}

function readText(file: string, missing: string[]): string | null {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch {
    missing.push(file);
    return null;
  }
}
