// 32-bit TCP sequence-number arithmetic with wraparound (RFC 9293 section 3.4, "modulo 2**32").

// Normalises any integer to an unsigned 32-bit sequence number.
export function seqWrap(n: number): number {
  return n >>> 0;
}

// Signed distance from a to b (b - a) in the range -2**31 .. 2**31-1.
export function seqDiff(b: number, a: number): number {
  return (b - a) | 0;
}

// a < b in sequence space.
export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

// a <= b in sequence space.
export function seqLe(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}

// a > b in sequence space.
export function seqGt(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

// a >= b in sequence space.
export function seqGe(a: number, b: number): boolean {
  return ((a - b) | 0) >= 0;
}

// a + n as a sequence number.
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

// Offset of seq from a base (the ISN), as Wireshark's relative sequence numbers: unsigned 32-bit.
export function seqRelative(seq: number, base: number): number {
  return (seq - base) >>> 0;
}

// Whether seq lies in [left, right) in sequence space.
export function seqInWindow(seq: number, left: number, right: number): boolean {
  return seqLe(left, seq) && seqLt(seq, right);
}

// The later of two sequence numbers.
export function seqMax(a: number, b: number): number {
  return seqGt(a, b) ? a : b;
}
