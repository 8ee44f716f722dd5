// State names of the ss filter language (`state NAME`, `exclude NAME`), with the
// groups ss defines. Membership follows scan_state() in iproute2 misc/ss.c.
import { TCP_STATES, type TcpState } from '../../model/tcp-state.js';

const ALL: readonly TcpState[] = TCP_STATES;
const without = (...drop: TcpState[]): TcpState[] => ALL.filter((s) => !drop.includes(s));

// The ss spelling of each state (sstate_namel in ss.c), used when formatting.
export const SS_STATE_NAMES: Readonly<Record<TcpState, string>> = {
  ESTABLISHED: 'established',
  SYN_SENT: 'syn-sent',
  SYN_RECV: 'syn-recv',
  FIN_WAIT1: 'fin-wait-1',
  FIN_WAIT2: 'fin-wait-2',
  TIME_WAIT: 'time-wait',
  CLOSE: 'closed',
  CLOSE_WAIT: 'close-wait',
  LAST_ACK: 'last-ack',
  LISTEN: 'listening',
  CLOSING: 'closing',
};

// Groups, as in ss.c scan_state(): "connected" drops CLOSE and LISTEN (it keeps
// TIME-WAIT and SYN-RECV), "synchronized" also drops SYN-SENT, "bucket" is the
// minisockets (SYN-RECV request socks and TIME-WAIT), "big" is everything else.
export const SS_STATE_GROUPS: Readonly<Record<string, readonly TcpState[]>> = {
  all: ALL,
  connected: without('CLOSE', 'LISTEN'),
  synchronized: without('CLOSE', 'LISTEN', 'SYN_SENT'),
  bucket: ['SYN_RECV', 'TIME_WAIT'],
  big: without('SYN_RECV', 'TIME_WAIT'),
};

// Every accepted single-state spelling after normalizing (lower case, '_' -> '-').
// ss accepts the sstate_namel names plus "close", "closed" and "syn-rcv"; tcpdoc
// also takes the kernel names (CLOSE_WAIT, FIN_WAIT1, LISTEN, CLOSE).
const SINGLE_NAMES: ReadonlyMap<string, TcpState> = new Map<string, TcpState>([
  ...Object.entries(SS_STATE_NAMES).map(([state, name]) => [name, state as TcpState] as const),
  ...TCP_STATES.map((s) => [s.toLowerCase().replace(/_/g, '-'), s] as const),
  ['close', 'CLOSE'],
  ['unconnected', 'CLOSE'],
  ['syn-rcv', 'SYN_RECV'],
  ['listen', 'LISTEN'],
  ['estab', 'ESTABLISHED'],
]);

// The states a name stands for, or undefined when it is not a state or group name.
export function lookupStateName(name: string): readonly TcpState[] | undefined {
  const key = name.toLowerCase().replace(/_/g, '-');
  const group = SS_STATE_GROUPS[key];
  if (group !== undefined) return group;
  const single = SINGLE_NAMES.get(key);
  return single === undefined ? undefined : [single];
}

// Every name a user may type, for hints and suggestions (ss spellings first).
export function listStateNames(): string[] {
  return [...Object.values(SS_STATE_NAMES), ...Object.keys(SS_STATE_GROUPS)];
}

// The accepted name closest to a mistyped one (edit distance), or undefined when nothing is close.
export function suggestStateName(name: string): string | undefined {
  const key = name.toLowerCase().replace(/_/g, '-');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of [...listStateNames(), ...SINGLE_NAMES.keys()]) {
    const d = measureEditDistance(key, candidate);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate.length < best.length)) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  // A prefix ("estab", "fin") is a good hint even when the distance is large.
  if (best.startsWith(key) || bestDistance <= Math.max(2, Math.floor(key.length / 3))) {
    return SINGLE_NAMES.has(best) ? ssSpelling(best) : best;
  }
  return undefined;
}

// Prefer the ss spelling of a state when suggesting.
function ssSpelling(name: string): string {
  const state = SINGLE_NAMES.get(name);
  return state === undefined ? name : SS_STATE_NAMES[state];
}

// Levenshtein distance; names are short, so the quadratic table is fine.
function measureEditDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}
