// Netlink message framing (include/uapi/linux/netlink.h): a checked header view and a
// chunk-tolerant stream decoder that turns bytes into message records.
//
// struct nlmsghdr {            16 bytes, host byte order
//   __u32 nlmsg_len;           0  header + payload, not counting trailing padding
//   __u16 nlmsg_type;          4
//   __u16 nlmsg_flags;         6
//   __u32 nlmsg_seq;           8
//   __u32 nlmsg_pid;           12
// };
// Messages start on 4-byte boundaries: the next one is at (len + 3) & ~3 (NLMSG_ALIGN).

export const NLMSG_HDRLEN = 16;
export const NLMSG_NOOP = 1;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;

export const NLM_F_REQUEST = 0x1;
export const NLM_F_MULTI = 0x2;
export const NLM_F_ACK = 0x4;
// Set on dump messages when the kernel's table changed during the dump (results may be inconsistent).
export const NLM_F_DUMP_INTR = 0x10;
export const NLM_F_ROOT = 0x100;
export const NLM_F_MATCH = 0x200;
export const NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

// Largest message the decoder accepts; a netlink dump skb is at most 32 KiB, so anything
// far beyond that is corruption, and refusing it bounds the memory a bad stream can take.
export const NLMSG_MAX_LENGTH = 1 << 20;

// Netlink carries host-order integers; this is true on little-endian machines (x86, arm64).
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// Rounds a length up to the 4-byte netlink alignment (NLMSG_ALIGN / RTA_ALIGN).
export function alignNetlink(length: number): number {
  return (length + 3) & ~3;
}

// Fields common to every decoded message.
interface NlmsgHeaderFields {
  type: number;
  flags: number;
  seq: number;
  pid: number;
  // nlmsg_len as sent (header included).
  length: number;
}

// One decoded message. `bytes`/`view` cover the chunk holding it: the payload is
// bytes[payloadOffset, end). They stay valid only until the next push().
export type NlmsgRecord =
  | (NlmsgHeaderFields & { kind: 'message'; bytes: Uint8Array; view: DataView; payloadOffset: number; end: number })
  // NLMSG_DONE; `errno` is the dump's final status (0 = complete) when the kernel sent one.
  | (NlmsgHeaderFields & { kind: 'done'; errno: number })
  // NLMSG_ERROR; errno 0 is an acknowledgement, otherwise a positive errno number.
  | (NlmsgHeaderFields & { kind: 'error'; errno: number })
  | { kind: 'malformed'; reason: NlmsgMalformedReason; length: number; detail: string };

export type NlmsgMalformedReason = 'short-length' | 'too-long' | 'truncated' | 'short-error';

// Receives every record of a push, in order.
export type NlmsgVisitor = (record: NlmsgRecord) => void;

// Decodes a stream of netlink messages delivered in chunks of any size. Only the
// unfinished tail is kept between pushes. After a framing error (a length that cannot
// be trusted) the stream cannot resynchronise, so it reports once and ignores the rest.
export class NlmsgDecoder {
  private tail: Uint8Array | null = null;
  // Padding of the last message that the previous chunk did not include.
  private owedPadding = 0;
  private failed = false;
  private readonly maxLength: number;

  constructor(options: { maxLength?: number } = {}) {
    this.maxLength = options.maxLength ?? NLMSG_MAX_LENGTH;
  }

  // Whether a framing error stopped the stream.
  get isFailed(): boolean {
    return this.failed;
  }

  // Bytes held back waiting for the rest of a message.
  get pendingBytes(): number {
    return this.tail === null ? 0 : this.tail.length;
  }

  // Decodes every complete message in tail + chunk and keeps the unfinished remainder.
  push(chunk: Uint8Array, visit: NlmsgVisitor): void {
    if (this.failed) return;
    let bytes = chunk;
    if (this.owedPadding > 0) {
      const skip = Math.min(this.owedPadding, bytes.length);
      this.owedPadding -= skip;
      bytes = bytes.subarray(skip);
    }
    if (bytes.length === 0) return;
    if (this.tail !== null) {
      const joined = new Uint8Array(this.tail.length + bytes.length);
      joined.set(this.tail, 0);
      joined.set(bytes, this.tail.length);
      bytes = joined;
      this.tail = null;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const total = bytes.length;
    const le = HOST_LITTLE_ENDIAN;
    let offset = 0;
    while (total - offset >= NLMSG_HDRLEN) {
      const length = view.getUint32(offset, le);
      if (length < NLMSG_HDRLEN) {
        this.fail(visit, 'short-length', length, `nlmsg_len ${length} at byte ${offset} is smaller than the 16-byte header`);
        return;
      }
      if (length > this.maxLength) {
        this.fail(visit, 'too-long', length, `nlmsg_len ${length} at byte ${offset} exceeds ${this.maxLength}`);
        return;
      }
      if (total - offset < length) break;
      const type = view.getUint16(offset + 4, le);
      const flags = view.getUint16(offset + 6, le);
      const seq = view.getUint32(offset + 8, le);
      const pid = view.getUint32(offset + 12, le);
      const payloadOffset = offset + NLMSG_HDRLEN;
      const end = offset + length;
      if (type === NLMSG_DONE) {
        // Dumps end with an int status (0, or a negative errno when the dump failed part way).
        const errno = end - payloadOffset >= 4 ? -view.getInt32(payloadOffset, le) : 0;
        visit({ kind: 'done', type, flags, seq, pid, length, errno });
      } else if (type === NLMSG_ERROR) {
        // struct nlmsgerr { int error; struct nlmsghdr msg; ... } — error is a negative errno.
        if (end - payloadOffset < 4) {
          visit({ kind: 'malformed', reason: 'short-error', length, detail: `NLMSG_ERROR with ${end - payloadOffset} payload bytes` });
        } else {
          visit({ kind: 'error', type, flags, seq, pid, length, errno: -view.getInt32(payloadOffset, le) });
        }
      } else {
        visit({ kind: 'message', type, flags, seq, pid, length, bytes, view, payloadOffset, end });
      }
      // Padding cut off by the chunk's end is skipped at the start of the next chunk.
      const next = offset + alignNetlink(length);
      if (next > total) this.owedPadding = next - total;
      offset = Math.min(next, total);
    }
    if (offset < total) this.tail = bytes.slice(offset);
  }

  // Ends the stream: a partial message still held back is reported as truncated.
  finish(visit: NlmsgVisitor): void {
    this.owedPadding = 0; // A last message without its padding is complete.
    if (this.failed || this.tail === null) return;
    const held = this.tail.length;
    this.tail = null;
    visit({ kind: 'malformed', reason: 'truncated', length: held, detail: `stream ended inside a message (${held} bytes held)` });
  }

  private fail(visit: NlmsgVisitor, reason: NlmsgMalformedReason, length: number, detail: string): void {
    this.failed = true;
    this.tail = null;
    visit({ kind: 'malformed', reason, length, detail });
  }
}

// Writes a 16-byte nlmsghdr at offset (used by request encoders and test builders).
export function writeNlmsghdr(view: DataView, offset: number, header: { length: number; type: number; flags: number; seq: number; pid?: number }): void {
  const le = HOST_LITTLE_ENDIAN;
  view.setUint32(offset, header.length, le);
  view.setUint16(offset + 4, header.type, le);
  view.setUint16(offset + 6, header.flags, le);
  view.setUint32(offset + 8, header.seq, le);
  view.setUint32(offset + 12, header.pid ?? 0, le);
}
