// Decoded capture records: what the capture decoders hand to the trace analysis.

// TCP flag bits as in the TCP header's flags byte.
export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80 } as const;

export interface TcpOptions {
  mss?: number;
  windowScale?: number;
  sackPermitted?: boolean;
  // SACK blocks as [left, right) absolute sequence numbers.
  sack?: [number, number][];
  tsVal?: number;
  tsEcr?: number;
}

export interface Segment {
  // Frame number in the capture, 1-based as Wireshark counts.
  frame: number;
  // Seconds since the epoch (fractional). Text captures without dates use seconds since midnight.
  time: number;
  family: 4 | 6;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  // Absolute 32-bit sequence and acknowledgement numbers.
  seq: number;
  ack: number;
  flags: number;
  // Raw window field (unscaled).
  window: number;
  // TCP payload length from the IP header (the wire length, even if the capture truncated it).
  payloadLength: number;
  options: TcpOptions;
  // Frame length on the wire (pcap orig_len), as tshark counts conversation bytes; null for text input.
  frameLength: number | null;
  // IPv4 TTL or IPv6 hop limit; null when unknown.
  ttl: number | null;
  // Capture interface name or index when known (pcapng, -i any).
  interface: string | null;
  // Whether the capturing host received or sent the frame, when the capture says so
  // (LINUX_SLL/SLL2 packet type, pcapng epb_flags, `-i any` text); absent when unknown.
  direction?: 'in' | 'out';
  // Optional fast keys for trackers: the source and destination IPv4 addresses' 32 bits as int32s, set by the
  // binary capture decoders on reused records (0 for IPv6, where they mean nothing); absent elsewhere.
  srcIpv4?: number;
  dstIpv4?: number;
}

// An ICMP or ICMPv6 error quoting the start of a TCP segment.
export interface IcmpError {
  frame: number;
  time: number;
  family: 4 | 6;
  // Who sent the ICMP message (a router or the destination host).
  reporter: string;
  type: number;
  code: number;
  // The quoted segment's endpoints and sequence number.
  quoted: { src: string; dst: string; srcPort: number; dstPort: number; seq: number | null };
  // Next-hop MTU for "fragmentation needed" / "packet too big".
  mtu: number | null;
}

export type CaptureRecord =
  | { kind: 'tcp'; segment: Segment }
  | { kind: 'icmp'; error: IcmpError }
  // Decoded but not TCP (UDP, ARP, ...): counted, not analysed.
  | { kind: 'other'; frame: number; time: number; protocol: string }
  // Could not be decoded: counted with the reason, never thrown.
  | { kind: 'unparsed'; frame: number; reason: string };

// Warnings about the capture itself (interface drops, truncation, unknown link types).
export interface CaptureNote {
  kind: 'drops' | 'truncated' | 'link-type' | 'format';
  message: string;
}
