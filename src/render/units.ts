// Human units for tables: durations, byte counts, rates, thousands separators.

// 1234567 -> "1,234,567". By hand: the first toLocaleString call loads ICU data (~15 ms).
export function formatCount(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return n < 0 && out !== '0' ? `-${out}` : out;
}

// Milliseconds as ss prints timers: "350ms", "12sec", "59min", "2h11min".
export function formatTimerDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  if (a < 1000) return `${sign}${Math.round(a)}ms`;
  if (a < 60_000) return `${sign}${(a / 1000).toFixed(a < 10_000 ? 1 : 0)}sec`;
  if (a < 3_600_000) return `${sign}${Math.floor(a / 60_000)}min`;
  const h = Math.floor(a / 3_600_000);
  const m = Math.floor((a % 3_600_000) / 60_000);
  return `${sign}${h}h${m > 0 ? `${m}min` : ''}`;
}

// Seconds as a short age: "850ms", "4.2s", "3m10s", "2h05m".
export function formatAge(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  return `${Math.floor(ms / 3_600_000)}h${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')}m`;
}

// Bytes with binary prefixes: "512B", "4.0K", "1.5M".
export function formatBytes(n: number): string {
  if (n < 1024) return `${n}B`;
  const units = ['K', 'M', 'G', 'T'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)}${units[i]}`;
}

// Bytes per second as bits per second, as ss prints rates: "9.6Mbps".
export function formatRate(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  if (bits < 1000) return `${bits}bps`;
  const units = ['Kbps', 'Mbps', 'Gbps', 'Tbps'];
  let v = bits / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)}${units[i]}`;
}

// Microseconds as milliseconds with ss's three decimals: "0.052".
export function formatMsFromUs(us: number): string {
  return (us / 1000).toFixed(3);
}

// "+3", "-1", "" for zero: change columns in --watch.
export function formatDelta(n: number): string {
  if (n === 0) return '';
  return n > 0 ? `+${n}` : String(n);
}
