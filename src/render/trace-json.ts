// The tcpdoc.trace/1 JSON document, written in pieces so connections stream out as they finish and a
// capture of any size never needs all of them in memory: head, one connection per line, then the summary.
import type { ConnectionSummary } from '../analysis/trace/summary.js';
import type { TraceTotals } from '../analysis/trace/session.js';

export const TRACE_SCHEMA = 'tcpdoc.trace/1';

// The opening of the document, up to the connections array.
export function formatTraceJsonHead(): string {
  return `{"schema":"${TRACE_SCHEMA}","connections":[\n`;
}

// One connection; `first` decides whether a separating comma goes in front.
export function formatTraceJsonConnection(c: ConnectionSummary, first: boolean): string {
  return (first ? '' : ',\n') + JSON.stringify(c);
}

// The summary object of the document.
export function buildTraceSummary(t: TraceTotals, aborted: boolean): Record<string, unknown> {
  return {
    packets: t.packets,
    tcpPackets: t.tcpPackets,
    connections: t.connections,
    expert: t.expert,
    icmpErrors: t.icmpErrors,
    icmpUnattached: t.icmpUnattached,
    otherPackets: t.otherPackets,
    filteredOut: t.filteredOut,
    unparsed: t.unparsed,
    unparsedReasons: t.unparsedReasons,
    start: t.firstTime,
    end: t.lastTime,
    format: t.format,
    notes: t.notes,
    interrupted: aborted,
  };
}

// The closing of the document with the summary.
export function formatTraceJsonTail(t: TraceTotals, aborted: boolean): string {
  return `\n],"summary":${JSON.stringify(buildTraceSummary(t, aborted))}}\n`;
}
