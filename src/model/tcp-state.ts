// TCP states with the kernel's names and numbers (include/net/tcp_states.h).

export const TCP_STATES = [
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
] as const;

export type TcpState = (typeof TCP_STATES)[number];

// Lifecycle order used by every table: opening, open, closing, closed.
export const LIFECYCLE_ORDER: readonly TcpState[] = [
  'LISTEN',
  'SYN_SENT',
  'SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSE',
];

// Kernel state number (1..11) to name; undefined for anything else.
export function stateFromNumber(n: number): TcpState | undefined {
  return TCP_STATES[n - 1];
}

// Name to kernel state number (1..11).
export function numberFromState(state: TcpState): number {
  return TCP_STATES.indexOf(state) + 1;
}

// Bit for a state in an inet_diag idiag_states mask.
export function maskFromStates(states: Iterable<TcpState>): number {
  let mask = 0;
  for (const s of states) mask |= 1 << numberFromState(s);
  return mask >>> 0;
}

// A fresh counter with every state at zero, in lifecycle order.
export function makeStateCounts(): Record<TcpState, number> {
  const counts = {} as Record<TcpState, number>;
  for (const s of LIFECYCLE_ORDER) counts[s] = 0;
  return counts;
}
