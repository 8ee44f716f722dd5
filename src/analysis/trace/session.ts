// A trace session: decoded capture records in (through its sink), connection summaries out. Pure and
// synchronous, so the same core serves files, stdin and live captures (the caller runs a source into `sink`).
import type { CaptureNote, CaptureRecord, Segment } from '../../model/segment.js';
import type { CaptureSink } from '../../wire/capture/capture-reader.js';
import { addExpertMask, makeExpertCounts, type ExpertName } from './expert.js';
import type { LadderRow } from './ladder-row.js';
import { makeSummaryScratch, summarizeConnection, summarizeConnectionInto, type ConnectionSummary } from './summary.js';
import { Tracker } from './tracker.js';

export interface TraceSessionOptions {
  // Only segments for which this returns true are analysed (an endpoint filter).
  match?: (s: Segment) => boolean;
  // Collect ladder rows for this connection id, or for every connection when 'all' (capped by maxLadderRows).
  ladder?: number | 'all' | null;
  maxLadderRows?: number;
  closeGrace?: number;
  idleTimeout?: number;
  maxLive?: number;
  // Called for each connection once it is over (or at the end): in the order connections finish.
  onConnection: (c: ConnectionSummary) => void;
  // Hand onConnection the same summary object every time, refilled: it must be used before returning.
  reuseSummaries?: boolean;
}

// Totals for the whole capture (the "summary" object of tcpdoc.trace/1).
export interface TraceTotals {
  packets: number;
  tcpPackets: number;
  connections: number;
  icmpErrors: number;
  icmpUnattached: number;
  otherPackets: number;
  unparsed: number;
  // The first few reasons for unparsed frames, with counts.
  unparsedReasons: Record<string, number>;
  filteredOut: number;
  expert: Record<ExpertName, number>;
  firstTime: number | null;
  lastTime: number | null;
  format: string | null;
  notes: CaptureNote[];
  ladderTruncated: boolean;
}

const MAX_REASONS = 16;
const MAX_NOTES = 32;

// Feeds decoded records through the tracker.
export class TraceSession {
  readonly totals: TraceTotals = {
    packets: 0,
    tcpPackets: 0,
    connections: 0,
    icmpErrors: 0,
    icmpUnattached: 0,
    otherPackets: 0,
    unparsed: 0,
    unparsedReasons: {},
    filteredOut: 0,
    expert: makeExpertCounts(),
    firstTime: null,
    lastTime: null,
    format: null,
    notes: [],
    ladderTruncated: false,
  };
  // Ladder rows per connection id (only when asked for).
  readonly ladders = new Map<number, LadderRow[]>();
  private readonly tracker: Tracker;
  private readonly match: ((s: Segment) => boolean) | null;
  private readonly ladder: number | 'all' | null;
  private readonly maxLadderRows: number;
  private ladderRows = 0;
  private readonly onConnection: (c: ConnectionSummary) => void;
  // The last TCP segment's time, copied to totals.lastTime when the totals are read: a number field, because
  // storing a fraction into the nullable totals field allocated a box for every packet.
  private lastTcpTime = 0.5;

  constructor(options: TraceSessionOptions) {
    this.match = options.match ?? null;
    this.ladder = options.ladder ?? null;
    this.maxLadderRows = options.maxLadderRows ?? 200_000;
    this.onConnection = options.onConnection;
    const scratch = makeSummaryScratch();
    this.tracker = new Tracker({
      closeGrace: options.closeGrace,
      idleTimeout: options.idleTimeout,
      maxLive: options.maxLive,
      onRelease:
        options.reuseSummaries === true
          ? (conn, table) => this.onConnection(summarizeConnectionInto(conn, table, scratch))
          : (conn, table) => this.onConnection(summarizeConnection(conn, table)),
    });
    this.sink = { record: (r) => this.record(r), note: (n) => this.note(n) };
  }

  // Where a capture reader or source delivers records and notes.
  readonly sink: CaptureSink;

  // Ends the input: releases every connection still open and returns the totals.
  end(format: string | null, fatal: string | null = null): TraceTotals {
    if (fatal !== null && !this.totals.notes.some((n) => n.message === fatal)) this.note({ kind: 'format', message: fatal });
    this.totals.format = format;
    this.tracker.finish();
    this.syncTotals();
    return this.totals;
  }

  // Totals so far (live capture summaries before the end).
  snapshotTotals(): TraceTotals {
    this.syncTotals();
    return this.totals;
  }

  // Live connections right now (for progress displays).
  get liveConnections(): number {
    return this.tracker.live;
  }

  // Moves capture time to `now` (seconds) and releases connections whose time is up, without waiting for
  // more packets (live capture on a quiet link).
  tick(now: number): void {
    this.tracker.advanceTo(now);
    this.tracker.sweep();
  }

  private syncTotals(): void {
    const t = this.totals;
    t.connections = this.tracker.connections;
    t.icmpErrors = this.tracker.icmpErrors;
    t.icmpUnattached = this.tracker.icmpUnattached;
    if (t.firstTime !== null) t.lastTime = this.lastTcpTime;
  }

  private record(r: CaptureRecord): void {
    const t = this.totals;
    t.packets++;
    if (r.kind === 'tcp') {
      const s = r.segment;
      if (t.firstTime === null) t.firstTime = s.time;
      this.lastTcpTime = s.time;
      if (this.match !== null && !this.match(s)) {
        t.filteredOut++;
        return;
      }
      t.tcpPackets++;
      const res = this.tracker.push(s);
      if (res.expert !== 0) addExpertMask(t.expert, res.expert);
      if (this.ladder !== null && res.conn !== null && (this.ladder === 'all' || this.ladder === res.conn.id)) this.addLadderRow(res.conn.id, s, res);
      return;
    }
    if (r.kind === 'icmp') {
      const conn = this.tracker.pushIcmp(r.error);
      // An attached error extends its connection's end, so it extends the capture's end too.
      if (conn !== null && r.error.time > this.lastTcpTime) this.lastTcpTime = r.error.time;
      if (conn !== null && this.ladder !== null && (this.ladder === 'all' || this.ladder === conn.id)) {
        const e = r.error;
        this.pushLadder(conn.id, {
          kind: 'icmp',
          frame: e.frame,
          time: e.time,
          fromClient: false,
          flags: 0,
          relSeq: 0,
          relAck: 0,
          length: 0,
          window: 0,
          expert: 0,
          dupAckNum: 0,
          clientState: conn.clientState,
          serverState: conn.serverState,
          mss: null,
          windowScale: null,
          sackPermitted: false,
          icmp: { type: e.type, code: e.code, reporter: e.reporter, family: e.family },
        });
      }
      return;
    }
    if (r.kind === 'other') {
      t.otherPackets++;
      return;
    }
    t.unparsed++;
    const reasons = t.unparsedReasons;
    if (reasons[r.reason] !== undefined) reasons[r.reason]!++;
    else if (Object.keys(reasons).length < MAX_REASONS) reasons[r.reason] = 1;
  }

  private addLadderRow(id: number, s: Segment, res: Tracker['last']): void {
    this.pushLadder(id, {
      kind: 'tcp',
      frame: s.frame,
      time: s.time,
      fromClient: res.fromClient,
      flags: s.flags,
      relSeq: res.relSeq,
      relAck: res.relAck,
      length: s.payloadLength,
      window: res.window,
      expert: res.expert,
      dupAckNum: res.dupAckNum,
      clientState: res.clientState,
      serverState: res.serverState,
      mss: s.options.mss ?? null,
      windowScale: s.options.windowScale ?? null,
      sackPermitted: s.options.sackPermitted === true,
      icmp: null,
    });
  }

  private pushLadder(id: number, row: LadderRow): void {
    if (this.ladderRows >= this.maxLadderRows) {
      this.totals.ladderTruncated = true;
      return;
    }
    this.ladderRows++;
    let rows = this.ladders.get(id);
    if (rows === undefined) {
      rows = [];
      this.ladders.set(id, rows);
    }
    rows.push(row);
  }

  private note(n: CaptureNote): void {
    if (this.totals.notes.length < MAX_NOTES) this.totals.notes.push(n);
  }
}
