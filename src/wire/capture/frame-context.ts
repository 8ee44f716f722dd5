// Per-frame facts the container reader (pcap, pcapng) hands to the protocol decoders.
import type { CaptureRecord, Segment, TcpOptions } from '../../model/segment.js';
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
  // When true, TCP frames are decoded into `segment` and returned as `tcpRecord`, the same objects every
  // time: no allocation per packet. Only for sinks that use a record before the next one arrives.
  reuse = false;
  readonly options: TcpOptions = { mss: undefined, windowScale: undefined, sackPermitted: undefined, sack: undefined, tsVal: undefined, tsEcr: undefined };
  readonly segment: Segment = {
    frame: 0,
    time: 0,
    family: 4,
    src: '',
    dst: '',
    srcPort: 0,
    dstPort: 0,
    seq: 0,
    ack: 0,
    flags: 0,
    window: 0,
    payloadLength: 0,
    options: this.options,
    frameLength: 0,
    ttl: 0,
    interface: null,
    direction: undefined,
    srcIpv4: 0,
    dstIpv4: 0,
  };
  readonly tcpRecord: CaptureRecord = { kind: 'tcp', segment: this.segment };
}

// An 'unparsed' record for the current frame.
export function buildUnparsed(ctx: FrameContext, reason: string): CaptureRecord {
  return { kind: 'unparsed', frame: ctx.frame, reason };
}

// An 'other' record (decoded, not TCP) for the current frame.
export function buildOther(ctx: FrameContext, protocol: string): CaptureRecord {
  return { kind: 'other', frame: ctx.frame, time: ctx.time, protocol };
}
