// The streaming reader contract shared by the pcap, pcapng and tcpdump-text readers.
import type { CaptureNote, CaptureRecord } from '../../model/segment.js';

export type CaptureFormat = 'pcap' | 'pcapng' | 'text';

// Where readers deliver their output: a visitor, so no arrays build up per chunk.
export interface CaptureSink {
  record(record: CaptureRecord): void;
  note(note: CaptureNote): void;
}

// Feed chunks of any size; records come out through the sink as soon as they are complete.
export interface CaptureReader {
  readonly format: CaptureFormat | null;
  // Frames (packets or text lines that looked like packets) delivered so far.
  readonly frames: number;
  // Why the reader stopped reading, when the input cannot be followed any further.
  readonly fatal: string | null;
  push(chunk: Uint8Array): void;
  // Call once at the end of input: reports a cut-off last record.
  end(): void;
}

// Options of the binary (pcap, pcapng) readers.
export interface BinaryReaderOptions {
  // Deliver every TCP record in the same reused objects (FrameContext.reuse): much less garbage, but the sink
  // must copy whatever it keeps before it returns.
  reuseRecords?: boolean;
}

// Largest record or block a reader will buffer (libpcap uses the same 16 MiB ceiling for pcapng blocks).
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

// The unfinished tail joined with the next chunk; only the tail is copied when the chunk is empty.
export function joinChunks(tail: Uint8Array | null, chunk: Uint8Array): Uint8Array {
  if (tail === null || tail.length === 0) return chunk;
  const joined = new Uint8Array(tail.length + chunk.length);
  joined.set(tail, 0);
  joined.set(chunk, tail.length);
  return joined;
}

// A private copy of bytes [from, end) so the reader never pins a large chunk in memory.
export function copyTail(buffer: Uint8Array, from: number): Uint8Array | null {
  if (from >= buffer.length) return null;
  return copyBytes(buffer.subarray(from));
}

// A copy of the bytes. Not `slice()`: on a Node Buffer that is a view of the same memory, and sources reuse
// their read buffer.
export function copyBytes(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}
