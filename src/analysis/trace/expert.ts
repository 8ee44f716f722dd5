// Wireshark's TCP expert-analysis flags as bits, with the names tcpdoc uses in JSON and tables.

// One bit per flag, so a segment's findings fit in a small integer (no allocation per packet).
export const EXPERT = {
  retransmission: 1 << 0,
  fastRetransmission: 1 << 1,
  spuriousRetransmission: 1 << 2,
  outOfOrder: 1 << 3,
  lostSegment: 1 << 4,
  ackedUnseen: 1 << 5,
  duplicateAck: 1 << 6,
  zeroWindow: 1 << 7,
  zeroWindowProbe: 1 << 8,
  zeroWindowProbeAck: 1 << 9,
  windowFull: 1 << 10,
  windowUpdate: 1 << 11,
  keepAlive: 1 << 12,
  keepAliveAck: 1 << 13,
  reusedPorts: 1 << 14,
  rst: 1 << 15,
} as const;

export type ExpertName = keyof typeof EXPERT;

// Every flag name in bit order.
export const EXPERT_NAMES = Object.keys(EXPERT) as ExpertName[];

// Short labels as a ladder or a table prints them, close to Wireshark's Info column.
export const EXPERT_LABELS: Record<ExpertName, string> = {
  retransmission: 'Retransmission',
  fastRetransmission: 'Fast Retransmission',
  spuriousRetransmission: 'Spurious Retransmission',
  outOfOrder: 'Out-Of-Order',
  lostSegment: 'Previous segment not captured',
  ackedUnseen: 'ACKed unseen segment',
  duplicateAck: 'Dup ACK',
  zeroWindow: 'ZeroWindow',
  zeroWindowProbe: 'ZeroWindowProbe',
  zeroWindowProbeAck: 'ZeroWindowProbeAck',
  windowFull: 'Window Full',
  windowUpdate: 'Window Update',
  keepAlive: 'Keep-Alive',
  keepAliveAck: 'Keep-Alive ACK',
  reusedPorts: 'TCP Port numbers reused',
  rst: 'RST',
};

// A zeroed counter per flag.
export function makeExpertCounts(): Record<ExpertName, number> {
  const counts = {} as Record<ExpertName, number>;
  for (const name of EXPERT_NAMES) counts[name] = 0;
  return counts;
}

// Adds each set bit of a mask to the counters.
export function addExpertMask(counts: Record<ExpertName, number>, mask: number): void {
  if (mask === 0) return;
  for (let i = 0; i < EXPERT_NAMES.length; i++) {
    if ((mask & (1 << i)) !== 0) counts[EXPERT_NAMES[i] as ExpertName]++;
  }
}

// The names of the bits set in a mask, in bit order.
export function namesFromExpertMask(mask: number): ExpertName[] {
  const names: ExpertName[] = [];
  for (let i = 0; i < EXPERT_NAMES.length; i++) if ((mask & (1 << i)) !== 0) names.push(EXPERT_NAMES[i] as ExpertName);
  return names;
}
