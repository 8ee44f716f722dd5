// Library entry for capture analysis: read a pcap, pcapng or tcpdump text capture (or capture live through
// tcpdump) and get every TCP connection back, analysed.
import type { Segment } from '../model/segment.js';
import { TraceSession, type TraceTotals } from '../analysis/trace/session.js';
import type { ConnectionSummary } from '../analysis/trace/summary.js';
import type { LadderRow } from '../analysis/trace/ladder-row.js';
import { readCaptureFile, type CaptureProgress } from '../sources/capture/read-capture-file.js';
import { runLiveCapture } from '../sources/capture/live-capture.js';

export type { ConnectionSummary } from '../analysis/trace/summary.js';
export type { TraceTotals } from '../analysis/trace/session.js';
export type { LadderRow } from '../analysis/trace/ladder-row.js';
export type { Diagnosis } from '../analysis/trace/diagnose.js';

// An endpoint filter: a connection is kept when one of its ends matches every given field.
export interface EndpointFilter {
  host?: string;
  port?: number;
}

export interface TraceOptions {
  filter?: EndpointFilter;
  // Collect ladder rows for this connection id, or 'all' for every connection (capped).
  ladder?: number | 'all';
  // Called for every connection when it is over, in the order connections finish (streaming).
  onConnection?: (c: ConnectionSummary) => void;
  // Keep every summary and return them sorted by id (default true; turn off for huge captures).
  collect?: boolean;
  // onConnection gets one summary object, refilled for every connection (less garbage): use it before
  // returning. Only together with collect: false.
  reuseSummaries?: boolean;
  onProgress?: (p: CaptureProgress & { packets: number; liveConnections: number }) => void;
  signal?: AbortSignal;
  stdin?: AsyncIterable<Uint8Array | string>;
  // Capture seconds a closed connection waits for late packets; seconds of silence before an open one is let go.
  closeGrace?: number;
  idleTimeout?: number;
}

export interface TraceReport {
  totals: TraceTotals;
  // Every connection by id (empty when collect is false).
  connections: ConnectionSummary[];
  ladders: Map<number, LadderRow[]>;
  aborted: boolean;
}

// A segment predicate for an endpoint filter (either end may match).
export function buildEndpointMatcher(filter: EndpointFilter | undefined): ((s: Segment) => boolean) | undefined {
  if (filter === undefined || (filter.host === undefined && filter.port === undefined)) return undefined;
  const host = filter.host;
  const port = filter.port;
  return (s) =>
    ((host === undefined || s.src === host) && (port === undefined || s.srcPort === port)) ||
    ((host === undefined || s.dst === host) && (port === undefined || s.dstPort === port));
}

function makeSession(options: TraceOptions, collected: ConnectionSummary[] | null): TraceSession {
  return new TraceSession({
    match: buildEndpointMatcher(options.filter),
    ladder: options.ladder ?? null,
    closeGrace: options.closeGrace,
    idleTimeout: options.idleTimeout,
    reuseSummaries: options.reuseSummaries === true && collected === null,
    onConnection: (c) => {
      if (collected !== null) collected.push(c);
      options.onConnection?.(c);
    },
  });
}

// Analyses a capture file (or '-' for stdin). Throws TcpdocError for unreadable input.
export async function traceCapture(path: string, options: TraceOptions = {}): Promise<TraceReport> {
  const collected: ConnectionSummary[] | null = options.collect === false ? null : [];
  const session = makeSession(options, collected);
  const result = await readCaptureFile(path, {
    sink: session.sink,
    // The session copies what it keeps from a segment (ladder rows), so the decoders may reuse one object.
    reuseRecords: true,
    signal: options.signal,
    stdin: options.stdin,
    onProgress: options.onProgress === undefined ? undefined : (p) => options.onProgress?.({ ...p, packets: session.totals.packets, liveConnections: session.liveConnections }),
  });
  const totals = session.end(result.format, result.fatal);
  if (collected !== null) collected.sort((a, b) => a.id - b.id);
  return { totals, connections: collected ?? [], ladders: session.ladders, aborted: result.aborted };
}

export interface LiveTraceOptions extends TraceOptions {
  interface: string;
  // BPF filter words passed to tcpdump.
  bpf?: string[];
  onListening?: () => void;
  // The tcpdump command and any prefix (default ['tcpdump']; e.g. ['ip', 'netns', 'exec', 'NS', 'tcpdump']).
  tcpdumpCommand?: string[];
}

// Captures live through tcpdump until the signal aborts; connections are reported as they finish.
export async function traceLive(options: LiveTraceOptions): Promise<TraceReport & { droppedByKernel: number | null }> {
  const collected: ConnectionSummary[] | null = options.collect === false ? null : [];
  const session = makeSession({ ...options, closeGrace: options.closeGrace ?? 2, idleTimeout: options.idleTimeout ?? 300 }, collected);
  // Capture time only moves with packets; on a quiet link the wall clock moves it so finished connections are reported.
  const timer = setInterval(() => session.tick(Date.now() / 1000), 1000);
  let result;
  try {
    // --immediate-mode: without it tcpdump hands packets over in blocks, and the last block is lost on Ctrl-C.
    const command = [...(options.tcpdumpCommand ?? ['tcpdump']), '--immediate-mode'];
    result = await runLiveCapture({ interface: options.interface, filter: options.bpf, sink: session.sink, signal: options.signal, onListening: options.onListening, command });
  } finally {
    clearInterval(timer);
  }
  const totals = session.end('pcap');
  if (result.droppedByKernel !== null && result.droppedByKernel > 0) totals.notes.push({ kind: 'drops', message: `the kernel dropped ${result.droppedByKernel} packets during the capture` });
  if (collected !== null) collected.sort((a, b) => a.id - b.id);
  return { totals, connections: collected ?? [], ladders: session.ladders, aborted: result.aborted, droppedByKernel: result.droppedByKernel };
}
