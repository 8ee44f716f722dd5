// Decoders for kernel counter files: /proc/net/netstat and /proc/net/snmp (pairs of lines,
// "Prefix: Name1 Name2 ..." then "Prefix: v1 v2 ..."; net/ipv4/proc.c), and /proc/net/sockstat
// and sockstat6 ("TCP: inuse N orphan N tw N alloc N mem N"; net/ipv4/proc.c sockstat_seq_show).

// Prefix (TcpExt, IpExt, Tcp, Ip, Icmp, Udp, ...) -> counter name -> value.
export type CounterGroups = Record<string, Record<string, number>>;

export interface DecodedCounters {
  groups: CounterGroups;
  // Lines that did not form a header/value pair (unpaired, mismatched lengths, non-numbers).
  unparsed: number;
}

// Decodes /proc/net/netstat or /proc/net/snmp text.
export function decodeCounterPairs(text: string): DecodedCounters {
  const groups: CounterGroups = {};
  let unparsed = 0;
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  for (let i = 0; i < lines.length; i++) {
    const header = splitPrefixed(lines[i] ?? '');
    const values = i + 1 < lines.length ? splitPrefixed(lines[i + 1] ?? '') : null;
    // A pair needs the same prefix twice, names first, then as many numbers as names.
    if (header === null || values === null || header.prefix !== values.prefix || !header.fields.every(isName)) {
      unparsed++;
      continue;
    }
    const numbers = values.fields.map(parseCounter);
    if (numbers.length !== header.fields.length || numbers.some((n) => n === null)) {
      unparsed += 2;
      i++;
      continue;
    }
    const group = (groups[header.prefix] ??= {});
    header.fields.forEach((name, k) => {
      group[name] = numbers[k] as number;
    });
    i++;
  }
  return { groups, unparsed };
}

// Protocol -> field -> value, e.g. { TCP: { inuse: 5, orphan: 0, tw: 2, alloc: 7, mem: 1 } }.
export type Sockstat = Record<string, Record<string, number>>;

// Decodes /proc/net/sockstat or sockstat6 ("sockets: used N" included as sockets.used).
export function decodeSockstat(text: string): { protocols: Sockstat; unparsed: number } {
  const protocols: Sockstat = {};
  let unparsed = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parsed = splitPrefixed(line);
    if (parsed === null || parsed.fields.length % 2 !== 0 || parsed.fields.length === 0) {
      unparsed++;
      continue;
    }
    const fields: Record<string, number> = {};
    let ok = true;
    for (let k = 0; k < parsed.fields.length; k += 2) {
      const value = parseCounter(parsed.fields[k + 1] ?? '');
      const name = parsed.fields[k] ?? '';
      if (value === null || !isName(name)) ok = false;
      else fields[name] = value;
    }
    if (!ok) {
      unparsed++;
      continue;
    }
    protocols[parsed.prefix] = { ...protocols[parsed.prefix], ...fields };
  }
  return { protocols, unparsed };
}

function splitPrefixed(line: string): { prefix: string; fields: string[] } | null {
  const colon = line.indexOf(':');
  if (colon <= 0) return null;
  const prefix = line.slice(0, colon).trim();
  if (!isName(prefix)) return null;
  const rest = line.slice(colon + 1).trim();
  return { prefix, fields: rest === '' ? [] : rest.split(/\s+/) };
}

function isName(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text);
}

// Counters are unsigned 64-bit, a few (Tcp MaxConn) are -1; beyond 2^53 precision is lost, accepted.
function parseCounter(text: string): number | null {
  return /^-?\d+$/.test(text) ? Number(text) : null;
}
