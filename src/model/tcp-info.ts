// struct tcp_info (include/uapi/linux/tcp.h) in friendly units. The struct grows
// with kernels; fields past the end of what the kernel sent are undefined.

export interface TcpInfo {
  // Bytes of tcp_info the kernel sent (older kernels send fewer).
  length: number;
  state: number;
  // Congestion-avoidance state: 0 open, 1 disorder, 2 CWR, 3 recovery, 4 loss.
  caState: number;
  retransmits: number;
  probes: number;
  backoff: number;
  // TCPI_OPT_* bits: 1 timestamps, 2 SACK, 4 window scale, 8 ECN, 16 ECN seen, 32 SYN data.
  options: number;
  sndWscale: number;
  rcvWscale: number;
  deliveryRateAppLimited: boolean;
  // Microseconds, as the kernel reports them.
  rtoUs: number;
  atoUs: number;
  sndMss: number;
  rcvMss: number;
  unacked: number;
  sacked: number;
  lost: number;
  retrans: number;
  // Milliseconds since the last data sent / received / ACK received.
  lastDataSentMs: number;
  lastDataRecvMs: number;
  lastAckRecvMs: number;
  pmtu: number;
  rcvSsthresh: number;
  rttUs: number;
  rttVarUs: number;
  sndSsthresh: number;
  sndCwnd: number;
  advmss: number;
  reordering: number;
  rcvRttUs: number;
  rcvSpace: number;
  totalRetrans: number;
  // Later fields: undefined when the kernel's struct is shorter. Bytes per second for rates;
  // a max pacing rate of 2^64 (~0 in the kernel) means "no limit".
  pacingRate?: number;
  maxPacingRate?: number;
  bytesAcked?: number;
  bytesReceived?: number;
  segsOut?: number;
  segsIn?: number;
  notsentBytes?: number;
  minRttUs?: number;
  dataSegsIn?: number;
  dataSegsOut?: number;
  deliveryRate?: number;
  busyTimeUs?: number;
  rwndLimitedUs?: number;
  sndbufLimitedUs?: number;
  delivered?: number;
  deliveredCe?: number;
  bytesSent?: number;
  bytesRetrans?: number;
  dsackDups?: number;
  reordSeen?: number;
  rcvOooPack?: number;
  sndWnd?: number;
  rcvWnd?: number;
  rehash?: number;
  totalRto?: number;
  totalRtoRecoveries?: number;
  totalRtoTimeMs?: number;
  // TFO_* reason a Fast Open client attempt failed (0 none); Linux 5.5+.
  fastopenClientFail?: number;
  // Accurate ECN counters (Linux 6.18+): CE-marked segments received, and bytes delivered /
  // received with ECT(1), ECT(0) and CE marks (low 32 bits, wrapping).
  receivedCe?: number;
  deliveredE1Bytes?: number;
  deliveredE0Bytes?: number;
  deliveredCeBytes?: number;
  receivedE1Bytes?: number;
  receivedE0Bytes?: number;
  receivedCeBytes?: number;
}
