// Reads what the kernel log holds right now (/dev/kmsg without blocking, or `dmesg --raw`),
// for the doctor's log matcher. Not being allowed to read it is recorded, never thrown.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

// One kernel log line: milliseconds since boot (null when the stamp is missing) and its text.
export interface KernelLogLine {
  bootMs: number | null;
  text: string;
}

export interface KernelLogReading {
  available: boolean;
  via: 'kmsg' | 'dmesg' | null;
  // Why the log could not be read (e.g. "permission denied: kernel.dmesg_restrict is 1").
  reason: string | null;
  // The most recent lines, oldest first, at most maxLines.
  lines: KernelLogLine[];
}

const READ_CHUNK = 16 * 1024;
const DEFAULT_MAX_LINES = 20_000;

// /dev/kmsg record: "PRIO,SEQ,USEC,FLAGS[,...];TEXT\n" then optional " KEY=VALUE" lines (Documentation/ABI/testing/dev-kmsg).
export function decodeKmsgRecord(record: string): KernelLogLine | null {
  const semicolon = record.indexOf(';');
  if (semicolon < 0) return null;
  const fields = record.slice(0, semicolon).split(',');
  const usec = Number(fields[2]);
  const end = record.indexOf('\n', semicolon);
  const text = record.slice(semicolon + 1, end < 0 ? record.length : end);
  return { bootMs: Number.isFinite(usec) && fields[2] !== undefined && fields[2] !== '' ? Math.floor(usec / 1000) : null, text };
}

// `dmesg --raw` line: "<PRIO>[  SECONDS.MICROS] TEXT" (the stamp is absent when printk.time is off).
export function decodeDmesgRawLine(line: string): KernelLogLine | null {
  const m = /^(?:<\d+>)?(?:\[\s*(\d+)\.(\d+)\]\s?)?(.*)$/.exec(line);
  if (m === null || line.trim() === '') return null;
  const bootMs = m[1] !== undefined ? Number(m[1]) * 1000 + Math.floor(Number(`0.${m[2] ?? '0'}`) * 1000) : null;
  return { bootMs, text: m[3] ?? '' };
}

function pushBounded(lines: KernelLogLine[], line: KernelLogLine, maxLines: number): void {
  lines.push(line);
  // Trim in batches so the cost stays linear.
  if (lines.length > maxLines * 2) lines.splice(0, lines.length - maxLines);
}

function readKmsg(path: string, maxLines: number): KernelLogReading {
  const fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const lines: KernelLogLine[] = [];
  const buffer = Buffer.alloc(READ_CHUNK);
  try {
    // Each read returns one record; EAGAIN means the buffered log is used up. Bounded by the kernel's buffer size.
    for (let reads = 0; reads < 1_000_000; reads++) {
      let n: number;
      try {
        n = fs.readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') continue; // Records were overwritten while we read; go on with the next.
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK') break;
        if (code === 'EINVAL') break; // A record larger than our buffer; stop rather than loop.
        throw error;
      }
      if (n <= 0) break;
      const line = decodeKmsgRecord(buffer.toString('utf8', 0, n));
      if (line !== null) pushBounded(lines, line, maxLines);
    }
  } finally {
    fs.closeSync(fd);
  }
  return { available: true, via: 'kmsg', reason: null, lines: lines.slice(-maxLines) };
}

function readDmesg(maxLines: number): KernelLogReading | null {
  const result = spawnSync('dmesg', ['--raw'], { encoding: 'utf8', timeout: 3000, maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined || result.status !== 0) return null;
  const lines: KernelLogLine[] = [];
  for (const raw of result.stdout.split('\n')) {
    const line = decodeDmesgRawLine(raw);
    if (line !== null) pushBounded(lines, line, maxLines);
  }
  return { available: true, via: 'dmesg', reason: null, lines: lines.slice(-maxLines) };
}

// Reads the buffered kernel log; { available: false, reason } when neither /dev/kmsg nor dmesg may be read.
export function readKernelLog(options: { kmsgPath?: string; maxLines?: number; useDmesg?: boolean } = {}): KernelLogReading {
  const maxLines = options.maxLines ?? DEFAULT_MAX_LINES;
  let reason: string;
  try {
    return readKmsg(options.kmsgPath ?? '/dev/kmsg', maxLines);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    reason = code === 'EACCES' || code === 'EPERM' ? `permission denied reading /dev/kmsg (kernel.dmesg_restrict or not root)` : `cannot read /dev/kmsg (${code})`;
  }
  if (options.useDmesg !== false) {
    const viaDmesg = readDmesg(maxLines);
    if (viaDmesg !== null) return viaDmesg;
  }
  return { available: false, via: null, reason, lines: [] };
}
