// Live capture through tcpdump: `tcpdump -i IFACE -U -w - [-s SNAPLEN] [BPF...]` as a child writing
// pcap to stdout, decoded as it arrives; stops cleanly on an abort signal.
import { spawn } from 'node:child_process';
import { TcpdocError } from '../../model/errors.js';
import type { CaptureSink } from '../../wire/capture/capture-reader.js';
import { PcapReader } from '../../wire/capture/pcap.js';

export interface LiveCaptureOptions {
  interface: string;
  // BPF filter words, passed to tcpdump as they are.
  filter?: string[];
  snaplen?: number;
  sink: CaptureSink;
  signal?: AbortSignal;
  // How to run tcpdump (default ['tcpdump']); e.g. ['ip', 'netns', 'exec', NS, 'tcpdump'].
  command?: string[];
  // Called once tcpdump says it is listening: packets sent from now on are seen.
  onListening?: () => void;
}

export interface LiveCaptureResult {
  frames: number;
  bytesRead: number;
  // tcpdump's "packets dropped by kernel" at exit, when it printed it.
  droppedByKernel: number | null;
  aborted: boolean;
}

const MAX_STDERR = 64 * 1024;
const KILL_AFTER_MS = 3000;

// tcpdump's arguments for a capture to stdout; -U flushes every packet so nothing waits in a buffer.
export function buildTcpdumpArgs(options: Pick<LiveCaptureOptions, 'interface' | 'filter' | 'snaplen'>): string[] {
  const args = ['-i', options.interface, '-U', '-w', '-'];
  if (options.snaplen !== undefined) args.push('-s', String(options.snaplen));
  if (options.filter !== undefined && options.filter.length > 0) args.push('--', ...options.filter);
  return args;
}

// Turns tcpdump's complaint on stderr into an error that says what to do.
export function classifyTcpdumpError(stderr: string, interfaceName: string): TcpdocError {
  const text = stderr.trim();
  const firstLine = text.split('\n').find((l) => l.trim() !== '' && !l.startsWith('tcpdump: listening')) ?? 'tcpdump failed';
  if (/no such device|doesn't exist|does not exist|no such interface/i.test(text)) {
    return new TcpdocError('NOT_FOUND', `capture interface ${interfaceName} does not exist (${firstLine})`, { hint: 'List interfaces with `ip link`, or capture on all of them with -i any.' });
  }
  if (/syntax error|parse error|can't parse|illegal|unknown (host|port|protocol)|expression rejects/i.test(text)) {
    return new TcpdocError('BAD_FILTER', `tcpdump rejected the capture filter: ${firstLine}`, { hint: 'Check the BPF filter syntax (man 7 pcap-filter), e.g. "tcp port 443 and host 10.0.0.5".' });
  }
  if (/permission|not permitted|you don't have/i.test(text)) {
    return new TcpdocError('NO_PERMISSION', `tcpdump may not capture on ${interfaceName}: ${firstLine}`, {
      hint: 'Run as root (sudo), or allow tcpdump to capture: sudo setcap cap_net_raw,cap_net_admin=eip "$(command -v tcpdump)".',
    });
  }
  return new TcpdocError('BAD_INPUT', `tcpdump failed: ${firstLine}`, { hint: 'Run the same tcpdump command by hand to see the full message.' });
}

// Runs tcpdump until it exits or the signal aborts; records go to the sink as packets arrive.
export function runLiveCapture(options: LiveCaptureOptions): Promise<LiveCaptureResult> {
  const command = options.command ?? ['tcpdump'];
  const [program, ...prefix] = command;
  if (program === undefined) return Promise.reject(new TcpdocError('USAGE', 'empty tcpdump command'));
  const reader = new PcapReader(options.sink);
  return new Promise<LiveCaptureResult>((resolve, reject) => {
    if (options.signal?.aborted === true) {
      resolve({ frames: 0, bytesRead: 0, droppedByKernel: null, aborted: true });
      return;
    }
    const child = spawn(program, [...prefix, ...buildTcpdumpArgs(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let bytesRead = 0;
    let listening = false;
    let aborted = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (error: unknown, result?: LiveCaptureResult) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      if (killTimer !== undefined) clearTimeout(killTimer);
      if (error !== undefined) reject(error);
      else if (result !== undefined) resolve(result);
    };
    const onAbort = () => {
      aborted = true;
      // SIGINT lets tcpdump flush and print its statistics; SIGKILL only if it hangs.
      child.kill('SIGINT');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        finish(new TcpdocError('MISSING_TOOL', `${program} is not installed (live capture runs tcpdump)`, { hint: 'Install it: apt-get install tcpdump (Debian/Ubuntu) or dnf install tcpdump.', cause: error }));
      } else if (error.code === 'EACCES') {
        finish(new TcpdocError('NO_PERMISSION', `cannot run ${program}: permission denied`, { hint: 'Check that tcpdump is executable by this user, or run as root.', cause: error }));
      } else finish(error);
    });
    child.stdout.on('data', (chunk: Buffer) => {
      bytesRead += chunk.length;
      reader.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      if (stderr.length < MAX_STDERR) stderr += text;
      if (!listening && stderr.includes('listening on')) {
        listening = true;
        options.onListening?.();
      }
    });
    child.on('close', (code, signal) => {
      reader.end();
      const dropped = /(\d+) packets? dropped by kernel/.exec(stderr);
      const droppedByKernel = dropped === null ? null : Number(dropped[1]);
      if (droppedByKernel !== null && droppedByKernel > 0) {
        options.sink.note({ kind: 'drops', message: `the kernel dropped ${droppedByKernel} packets before tcpdump could read them; the trace may miss segments` });
      }
      const clean = code === 0 || (aborted && (signal === 'SIGINT' || signal === 'SIGKILL' || code === 130));
      if (!clean && !listening) {
        finish(classifyTcpdumpError(stderr, options.interface));
        return;
      }
      if (!clean && !aborted) {
        finish(classifyTcpdumpError(stderr, options.interface));
        return;
      }
      finish(undefined, { frames: reader.frames, bytesRead, droppedByKernel, aborted });
    });
  });
}
