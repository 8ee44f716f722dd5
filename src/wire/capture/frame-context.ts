// Per-frame facts the container reader (pcap, pcapng) hands to the protocol decoders.
import type { CaptureRecord } from '../../model/segment.js';
import { AddressCache } from './address-cache.js';

// Mutable on purpose: one instance per reader, refilled for every frame so the hot path allocates nothing here.
export class FrameContext {
  // 1-based frame number, as Wireshark counts.
  frame = 0;
  // Seconds since the epoch.
  time = 0;
  // Length on the wire (pcap orig_len) and bytes actually captured (incl_len).
  originalLength = 0;
  capturedLength = 0;
  // Interface name or index when the container knows it.
  interfaceName: string | null = null;
  // 'in' / 'out' when the link header or pcapng flags say so.
  direction: 'in' | 'out' | null = null;
  // Offset of the network header, set by the link decoder.
  networkOffset = 0;
  readonly addresses = new AddressCache();
}

// An 'unparsed' record for the current frame.
export function buildUnparsed(ctx: FrameContext, reason: string): CaptureRecord {
  return { kind: 'unparsed', frame: ctx.frame, reason };
}

// An 'other' record (decoded, not TCP) for the current frame.
export function buildOther(ctx: FrameContext, protocol: string): CaptureRecord {
  return { kind: 'other', frame: ctx.frame, time: ctx.time, protocol };
}
