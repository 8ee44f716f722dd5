// Reads TCP-related kernel settings from /proc/sys and the kernel release, for the doctor and the sysctl audit.
import fs from 'node:fs';

// Settings the doctor reads besides the knowledge base's list (limits it compares counts against).
export const DOCTOR_SYSCTL_KEYS: readonly string[] = [
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_max_orphans',
  'net.ipv4.tcp_max_tw_buckets',
  'net.ipv4.tcp_mem',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.tcp_max_syn_backlog',
  'net.ipv4.tcp_tw_reuse',
  'net.ipv4.tcp_tw_recycle',
  'net.ipv4.tcp_timestamps',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_ehash_entries',
  'net.ipv4.tcp_available_congestion_control',
  'net.core.somaxconn',
  'net.core.netdev_max_backlog',
];

export interface SysctlReading {
  // Key -> value with runs of whitespace made single spaces ("32768 60999"); null when the file is absent or unreadable.
  values: Record<string, string | null>;
  // Keys whose file exists but could not be read (permission), kept apart from absent ones.
  unreadable: string[];
}

// Path of a dotted key under /proc/sys (net.ipv4.tcp_mem -> /proc/sys/net/ipv4/tcp_mem).
export function sysctlPath(key: string, procRoot = '/proc'): string {
  return `${procRoot}/sys/${key.replace(/\./g, '/')}`;
}

// Reads each key; a missing file (e.g. tcp_tw_recycle on Linux >= 4.12) is recorded as null, never an error.
export function readSysctls(keys: readonly string[], options: { procRoot?: string } = {}): SysctlReading {
  const values: Record<string, string | null> = {};
  const unreadable: string[] = [];
  for (const key of keys) {
    if (!/^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(key)) {
      values[key] = null;
      continue;
    }
    try {
      values[key] = fs.readFileSync(sysctlPath(key, options.procRoot), 'utf8').trim().replace(/\s+/g, ' ');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') unreadable.push(key);
      values[key] = null;
    }
  }
  return { values, unreadable };
}

// The running kernel's release (uname -r), from /proc/sys/kernel/osrelease; 'unknown' when unreadable.
export function readKernelRelease(options: { procRoot?: string } = {}): string {
  try {
    return fs.readFileSync(`${options.procRoot ?? '/proc'}/sys/kernel/osrelease`, 'utf8').trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}

// Seconds since boot from /proc/uptime (kernel log stamps count from boot); null when unreadable.
export function readUptimeMs(options: { procRoot?: string } = {}): number | null {
  try {
    const first = fs.readFileSync(`${options.procRoot ?? '/proc'}/uptime`, 'utf8').split(/\s+/)[0] ?? '';
    const seconds = Number(first);
    return Number.isFinite(seconds) ? Math.round(seconds * 1000) : null;
  } catch {
    return null;
  }
}
