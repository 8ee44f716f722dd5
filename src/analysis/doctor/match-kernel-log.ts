// Picks the kernel's TCP warnings out of kernel log lines. The wording changed across kernel
// versions (net/ipv4/tcp_input.c tcp_syn_flood_action, tcp.c tcp_check_oom,
// tcp_minisocks.c tcp_time_wait), so the patterns are loose.

export type KernelLogKind = 'syn-flood' | 'orphans' | 'tcp-memory' | 'tw-overflow';

// One matched line with what it names: the port (and address) for SYN floods, and its age.
export interface KernelLogMatch {
  kind: KernelLogKind;
  text: string;
  // Milliseconds since boot when logged; null when the line had no stamp.
  bootMs: number | null;
  // How long ago, when both the stamp and the uptime are known.
  ageMs: number | null;
  port: number | null;
  address: string | null;
  // "Sending cookies" or "Dropping request" for SYN floods.
  action: 'cookies' | 'drop' | null;
}

const SYN_FLOOD = /possible syn flooding on port\s+(?:(\[[0-9a-f:.]*\]|[0-9.]+|\*):)?(\d+)\.?\s*(sending cookies|dropping request)?/i;
const ORPHANS = /too many (?:of )?orphaned sockets/i;
const TCP_MEMORY = /out of memory\s*--\s*consider tuning tcp_mem/i;
const TW_OVERFLOW = /time ?wait bucket table overflow/i;

// Matches one line; null when it is not one of the four TCP warnings.
export function matchKernelLogLine(text: string, bootMs: number | null, uptimeMs: number | null): KernelLogMatch | null {
  const ageMs = bootMs !== null && uptimeMs !== null ? Math.max(0, uptimeMs - bootMs) : null;
  const base = { text, bootMs, ageMs, port: null, address: null, action: null };
  const syn = SYN_FLOOD.exec(text);
  if (syn !== null) {
    const rawAddress = syn[1];
    const action = syn[3]?.toLowerCase();
    return {
      ...base,
      kind: 'syn-flood',
      port: Number(syn[2]),
      address: rawAddress === undefined || rawAddress === '*' ? null : rawAddress.replace(/^\[|\]$/g, ''),
      action: action === undefined ? null : action.startsWith('sending') ? 'cookies' : 'drop',
    };
  }
  if (ORPHANS.test(text)) return { ...base, kind: 'orphans' };
  if (TCP_MEMORY.test(text)) return { ...base, kind: 'tcp-memory' };
  if (TW_OVERFLOW.test(text)) return { ...base, kind: 'tw-overflow' };
  return null;
}

// Every TCP warning among the lines, oldest first.
export function matchKernelLog(lines: readonly { bootMs: number | null; text: string }[], uptimeMs: number | null): KernelLogMatch[] {
  const out: KernelLogMatch[] = [];
  for (const line of lines) {
    const m = matchKernelLogLine(line.text, line.bootMs, uptimeMs);
    if (m !== null) out.push(m);
  }
  return out;
}
