// How long the kernel retransmits before giving up, as tcp_retries2 and the keepalive settings translate into time.

// TCP_RTO_MIN (200 ms) and TCP_RTO_MAX (120 s) from include/net/tcp.h.
const RTO_MIN_SECONDS = 0.2;
const RTO_MAX_SECONDS = 120;

// Seconds before an established connection with unacknowledged data times out after `retries` retransmissions.
// Mirrors tcp_model_timeout() in net/ipv4/tcp_timer.c: exponential backoff from 200 ms until the RTO reaches
// 120 s (after ilog2(120 s / 200 ms) = 9 doublings), then 120 s per further retry.
export function computeRetriesTimeout(retries: number): number {
  const threshold = Math.floor(Math.log2(RTO_MAX_SECONDS / RTO_MIN_SECONDS));
  if (retries <= threshold) return (Math.pow(2, retries + 1) - 1) * RTO_MIN_SECONDS;
  return (Math.pow(2, threshold + 1) - 1) * RTO_MIN_SECONDS + (retries - threshold) * RTO_MAX_SECONDS;
}

// Seconds from the last data until keepalive declares a silent peer dead.
export function computeKeepaliveDetection(idle: number, interval: number, probes: number): number {
  return idle + interval * probes;
}
