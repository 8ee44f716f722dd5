// Decodes struct tcp_info (include/uapi/linux/tcp.h, host byte order) of any length.
// The struct only ever grows at the end, so a field is present exactly when the bytes
// the kernel sent reach past its end. Offsets (Linux 6.18 uapi):
//   0 state u8, 1 ca_state u8, 2 retransmits u8, 3 probes u8, 4 backoff u8, 5 options u8,
//   6 snd_wscale:4 (low nibble) rcv_wscale:4 (high nibble),
//   7 delivery_rate_app_limited:1 (bit 0) fastopen_client_fail:2 (bits 1-2),
//   8 rto, 12 ato, 16 snd_mss, 20 rcv_mss, 24 unacked, 28 sacked, 32 lost, 36 retrans,
//   40 fackets (unused), 44 last_data_sent, 48 last_ack_sent (unused), 52 last_data_recv,
//   56 last_ack_recv, 60 pmtu, 64 rcv_ssthresh, 68 rtt, 72 rttvar, 76 snd_ssthresh,
//   80 snd_cwnd, 84 advmss, 88 reordering, 92 rcv_rtt, 96 rcv_space, 100 total_retrans,
//   (104 bytes: the pre-3.15 struct)
//   104 pacing_rate u64, 112 max_pacing_rate u64, 120 bytes_acked u64, 128 bytes_received u64,
//   136 segs_out, 140 segs_in, 144 notsent_bytes, 148 min_rtt, 152 data_segs_in,
//   156 data_segs_out, 160 delivery_rate u64, 168 busy_time u64, 176 rwnd_limited u64,
//   184 sndbuf_limited u64, 192 delivered, 196 delivered_ce, 200 bytes_sent u64,
//   208 bytes_retrans u64, 216 dsack_dups, 220 reord_seen, 224 rcv_ooopack, 228 snd_wnd,
//   (232 bytes: Debian 12's header ends here)
//   232 rcv_wnd, 236 rehash, 240 total_rto u16, 242 total_rto_recoveries u16,
//   244 total_rto_time, (248 bytes: 6.7+)
//   248 received_ce, 252 delivered_e1_bytes, 256 delivered_e0_bytes, 260 delivered_ce_bytes,
//   264 received_e1_bytes, 268 received_e0_bytes, 272 received_ce_bytes (AccECN, 6.18+).
// Unlisted u32 fields are 32-bit, u64 fields are read as two halves (exact below 2^53).
import type { TcpInfo } from '../../model/tcp-info.js';
import { HOST_LITTLE_ENDIAN } from './nlmsg.js';

// Bytes every kernel since 2.6 sends; anything shorter is not a tcp_info.
export const TCP_INFO_MIN_LENGTH = 104;

// The decoded struct, or null when fewer than the 104 base bytes are present.
export function decodeTcpInfo(view: DataView, offset: number, length: number): TcpInfo | null {
  if (length < TCP_INFO_MIN_LENGTH || offset + length > view.byteLength) return null;
  const le = HOST_LITTLE_ENDIAN;
  const o = offset;
  const wscale = view.getUint8(offset + 6);
  const flags7 = view.getUint8(offset + 7);
  const info: TcpInfo = {
    length,
    state: view.getUint8(offset),
    caState: view.getUint8(offset + 1),
    retransmits: view.getUint8(offset + 2),
    probes: view.getUint8(offset + 3),
    backoff: view.getUint8(offset + 4),
    options: view.getUint8(offset + 5),
    // Bit-fields fill from the low bits on little-endian ABIs and from the high bits on big-endian.
    sndWscale: le ? wscale & 0x0f : wscale >> 4,
    rcvWscale: le ? wscale >> 4 : wscale & 0x0f,
    deliveryRateAppLimited: (le ? flags7 & 1 : flags7 >> 7) !== 0,
    rtoUs: view.getUint32(o + 8, le),
    atoUs: view.getUint32(o + 12, le),
    sndMss: view.getUint32(o + 16, le),
    rcvMss: view.getUint32(o + 20, le),
    unacked: view.getUint32(o + 24, le),
    sacked: view.getUint32(o + 28, le),
    lost: view.getUint32(o + 32, le),
    retrans: view.getUint32(o + 36, le),
    lastDataSentMs: view.getUint32(o + 44, le),
    lastDataRecvMs: view.getUint32(o + 52, le),
    lastAckRecvMs: view.getUint32(o + 56, le),
    pmtu: view.getUint32(o + 60, le),
    rcvSsthresh: view.getUint32(o + 64, le),
    rttUs: view.getUint32(o + 68, le),
    rttVarUs: view.getUint32(o + 72, le),
    sndSsthresh: view.getUint32(o + 76, le),
    sndCwnd: view.getUint32(o + 80, le),
    advmss: view.getUint32(o + 84, le),
    reordering: view.getUint32(o + 88, le),
    rcvRttUs: view.getUint32(o + 92, le),
    rcvSpace: view.getUint32(o + 96, le),
    totalRetrans: view.getUint32(o + 100, le),
    // fastopen_client_fail shares byte 7 since 5.5; older kernels leave the bits zero.
    fastopenClientFail: le ? (flags7 >> 1) & 3 : (flags7 >> 5) & 3,
    // Every later field is always a key (undefined when not sent): one object shape for all
    // sockets keeps decoding and every consumer fast.
    pacingRate: length >= 112 ? readU64(view, o + 104, le) : undefined,
    maxPacingRate: length >= 120 ? readU64(view, o + 112, le) : undefined,
    bytesAcked: length >= 128 ? readU64(view, o + 120, le) : undefined,
    bytesReceived: length >= 136 ? readU64(view, o + 128, le) : undefined,
    segsOut: length >= 140 ? view.getUint32(o + 136, le) : undefined,
    segsIn: length >= 144 ? view.getUint32(o + 140, le) : undefined,
    notsentBytes: length >= 148 ? view.getUint32(o + 144, le) : undefined,
    minRttUs: length >= 152 ? view.getUint32(o + 148, le) : undefined,
    dataSegsIn: length >= 156 ? view.getUint32(o + 152, le) : undefined,
    dataSegsOut: length >= 160 ? view.getUint32(o + 156, le) : undefined,
    deliveryRate: length >= 168 ? readU64(view, o + 160, le) : undefined,
    busyTimeUs: length >= 176 ? readU64(view, o + 168, le) : undefined,
    rwndLimitedUs: length >= 184 ? readU64(view, o + 176, le) : undefined,
    sndbufLimitedUs: length >= 192 ? readU64(view, o + 184, le) : undefined,
    delivered: length >= 196 ? view.getUint32(o + 192, le) : undefined,
    deliveredCe: length >= 200 ? view.getUint32(o + 196, le) : undefined,
    bytesSent: length >= 208 ? readU64(view, o + 200, le) : undefined,
    bytesRetrans: length >= 216 ? readU64(view, o + 208, le) : undefined,
    dsackDups: length >= 220 ? view.getUint32(o + 216, le) : undefined,
    reordSeen: length >= 224 ? view.getUint32(o + 220, le) : undefined,
    rcvOooPack: length >= 228 ? view.getUint32(o + 224, le) : undefined,
    sndWnd: length >= 232 ? view.getUint32(o + 228, le) : undefined,
    rcvWnd: length >= 236 ? view.getUint32(o + 232, le) : undefined,
    rehash: length >= 240 ? view.getUint32(o + 236, le) : undefined,
    totalRto: length >= 242 ? view.getUint16(o + 240, le) : undefined,
    totalRtoRecoveries: length >= 244 ? view.getUint16(o + 242, le) : undefined,
    totalRtoTimeMs: length >= 248 ? view.getUint32(o + 244, le) : undefined,
    receivedCe: length >= 252 ? view.getUint32(o + 248, le) : undefined,
    deliveredE1Bytes: length >= 256 ? view.getUint32(o + 252, le) : undefined,
    deliveredE0Bytes: length >= 260 ? view.getUint32(o + 256, le) : undefined,
    deliveredCeBytes: length >= 264 ? view.getUint32(o + 260, le) : undefined,
    receivedE1Bytes: length >= 268 ? view.getUint32(o + 264, le) : undefined,
    receivedE0Bytes: length >= 272 ? view.getUint32(o + 268, le) : undefined,
    receivedCeBytes: length >= 276 ? view.getUint32(o + 272, le) : undefined,
  };
  return info;
}

// Only the base fields (the first 104 bytes): a small object for callers that read timers,
// RTT and ages of many sockets; the optional fields are left out, not set to undefined.
export function decodeTcpInfoBase(view: DataView, offset: number, length: number): TcpInfo | null {
  if (length < TCP_INFO_MIN_LENGTH || offset + length > view.byteLength) return null;
  const le = HOST_LITTLE_ENDIAN;
  const o = offset;
  const wscale = view.getUint8(o + 6);
  const flags7 = view.getUint8(o + 7);
  return {
    length: TCP_INFO_MIN_LENGTH,
    state: view.getUint8(o),
    caState: view.getUint8(o + 1),
    retransmits: view.getUint8(o + 2),
    probes: view.getUint8(o + 3),
    backoff: view.getUint8(o + 4),
    options: view.getUint8(o + 5),
    sndWscale: le ? wscale & 0x0f : wscale >> 4,
    rcvWscale: le ? wscale >> 4 : wscale & 0x0f,
    deliveryRateAppLimited: (le ? flags7 & 1 : flags7 >> 7) !== 0,
    rtoUs: view.getUint32(o + 8, le),
    atoUs: view.getUint32(o + 12, le),
    sndMss: view.getUint32(o + 16, le),
    rcvMss: view.getUint32(o + 20, le),
    unacked: view.getUint32(o + 24, le),
    sacked: view.getUint32(o + 28, le),
    lost: view.getUint32(o + 32, le),
    retrans: view.getUint32(o + 36, le),
    lastDataSentMs: view.getUint32(o + 44, le),
    lastDataRecvMs: view.getUint32(o + 52, le),
    lastAckRecvMs: view.getUint32(o + 56, le),
    pmtu: view.getUint32(o + 60, le),
    rcvSsthresh: view.getUint32(o + 64, le),
    rttUs: view.getUint32(o + 68, le),
    rttVarUs: view.getUint32(o + 72, le),
    sndSsthresh: view.getUint32(o + 76, le),
    sndCwnd: view.getUint32(o + 80, le),
    advmss: view.getUint32(o + 84, le),
    reordering: view.getUint32(o + 88, le),
    rcvRttUs: view.getUint32(o + 92, le),
    rcvSpace: view.getUint32(o + 96, le),
    totalRetrans: view.getUint32(o + 100, le),
  };
}

// An unsigned 64-bit field as a number (exact below 2^53; ~0 "unlimited" rates come out as 2^64).
function readU64(view: DataView, at: number, le: boolean): number {
  const lo = view.getUint32(le ? at : at + 4, le);
  const hi = view.getUint32(le ? at + 4 : at, le);
  return hi * 0x1_0000_0000 + lo;
}
