// A cheap count of TCP sockets from /proc/net/sockstat, read before deciding whether a
// full process scan is affordable.
import fs from 'node:fs';
import { decodeSockstat } from '../../wire/proc-net-counters.js';

// TCP sockets of the current namespace (in use + TIME_WAIT), or null when unreadable.
export function estimateTcpSockets(procNet = '/proc/self/net'): number | null {
  try {
    const tcp = decodeSockstat(fs.readFileSync(`${procNet}/sockstat`, 'utf8')).protocols.TCP;
    const v6 = decodeSockstat(readOptional(`${procNet}/sockstat6`)).protocols.TCP6;
    if (tcp === undefined) return null;
    // sockstat's inuse counts IPv4 sockets only; sockstat6 holds the IPv6 ones. tw covers both.
    return (tcp.inuse ?? 0) + (v6?.inuse ?? 0) + (tcp.tw ?? 0);
  } catch {
    return null;
  }
}

function readOptional(path: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
