// Which capture format a byte stream is, from its first bytes.
import type { CaptureFormat } from './capture-reader.js';

// Bytes needed before a decision is final (fewer are enough at the end of input).
export const DETECT_BYTES = 4;
const TEXT_SAMPLE = 256;

// 'pcap' / 'pcapng' by magic, 'text' when the start is printable, 'unknown' otherwise;
// null when more bytes are needed and more may come.
export function detectCaptureFormat(bytes: Uint8Array, final: boolean): CaptureFormat | 'unknown' | null {
  if (bytes.length < DETECT_BYTES && !final) return null;
  if (bytes.length === 0) return 'unknown';
  const b0 = bytes[0] ?? 0;
  const b1 = bytes[1] ?? 0;
  const b2 = bytes[2] ?? 0;
  const b3 = bytes[3] ?? 0;
  // pcap magic on disk: D4 C3 B2 A1 / 4D 3C B2 A1 (little-endian), A1 B2 C3 D4 / A1 B2 3C 4D (big-endian).
  if ((b0 === 0xd4 && b1 === 0xc3 && b2 === 0xb2 && b3 === 0xa1) || (b0 === 0x4d && b1 === 0x3c && b2 === 0xb2 && b3 === 0xa1)) return 'pcap';
  if (b0 === 0xa1 && b1 === 0xb2 && ((b2 === 0xc3 && b3 === 0xd4) || (b2 === 0x3c && b3 === 0x4d))) return 'pcap';
  // pcapng section header block type 0x0A0D0D0A reads the same in both byte orders.
  if (b0 === 0x0a && b1 === 0x0d && b2 === 0x0d && b3 === 0x0a) return 'pcapng';
  const sample = Math.min(bytes.length, TEXT_SAMPLE);
  for (let i = 0; i < sample; i++) {
    const b = bytes[i] ?? 0;
    const printable = b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f) || b >= 0x80;
    if (!printable) return 'unknown';
  }
  return 'text';
}
