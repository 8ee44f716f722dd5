// The tcpdoc.trace/1 JSON document, written in pieces so connections stream out as they finish and a
// capture of any size never needs all of them in memory: head, one connection per line, then the summary.
import type { ConnectionSummary } from '../analysis/trace/summary.js';
import type { TraceTotals } from '../analysis/trace/session.js';

export const TRACE_SCHEMA = 'tcpdoc.trace/1';

// The opening of the document, up to the connections array.
export function formatTraceJsonHead(): string {
  return `{"schema":"${TRACE_SCHEMA}","connections":[\n`;
}

// Strings that repeat across connections (addresses, state lists, diagnosis texts) are encoded once.
const encoded = new Map<string, string>();

function encodeCached(s: string): string {
  let e = encoded.get(s);
  if (e === undefined) {
    e = JSON.stringify(s);
    // A bound on the cache: captures with millions of addresses just encode again.
    if (encoded.size > 100_000) encoded.clear();
    encoded.set(s, e);
  }
  return e;
}

// Addresses and history letters rarely need escaping: quote them directly unless they do.
function encodePlain(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return JSON.stringify(s);
  }
  return `"${s}"`;
}

function encodeNumber(n: number | null): string {
  return n === null || !Number.isFinite(n) ? 'null' : String(n);
}

const encodedStates = new Map<string, string>();

// State lists repeat (a normal close is always the same five states): encoded once per distinct list.
function encodeStates(states: readonly string[]): string {
  const key = states.join(' ');
  let e = encodedStates.get(key);
  if (e === undefined) {
    e = JSON.stringify(states);
    if (encodedStates.size > 10_000) encodedStates.clear();
    encodedStates.set(key, e);
  }
  return e;
}

// One connection as compact JSON, same content as JSON.stringify(c) with the keys in the same order, but
// several times faster: a large capture writes tens of thousands of these. `first` decides the comma.
export function formatTraceJsonConnection(c: ConnectionSummary, first: boolean): string {
  let flags = '';
  for (const key in c.flags) flags += `${flags === '' ? '' : ','}"${key}":${c.flags[key as keyof typeof c.flags]}`;
  let diagnosis = '';
  for (const d of c.diagnosis) {
    diagnosis += `${diagnosis === '' ? '' : ','}{"text":${encodeCached(d.text)},"severity":"${d.severity}","explain":[${d.explain.map(encodeCached).join(',')}]}`;
  }
  const icmp = c.icmp.length === 0 ? '[]' : JSON.stringify(c.icmp);
  return (
    (first ? '' : ',\n') +
    `{"id":${c.id},"family":${c.family},"client":{"address":${encodePlain(c.client.address)},"port":${c.client.port}},` +
    `"server":{"address":${encodePlain(c.server.address)},"port":${c.server.port}},"roleInferred":${c.roleInferred},` +
    `"outcome":"${c.outcome}","history":${encodePlain(c.history)},"completeness":${c.completeness},"firstFrame":${c.firstFrame},` +
    `"packets":{"toServer":${c.packets.toServer},"toClient":${c.packets.toClient}},` +
    `"bytes":{"toServer":${c.bytes.toServer},"toClient":${c.bytes.toClient}},` +
    `"frameBytes":{"toServer":${c.frameBytes.toServer},"toClient":${c.frameBytes.toClient}},` +
    `"start":${encodeNumber(c.start)},"end":${encodeNumber(c.end)},"duration":${encodeNumber(c.duration)},"rtt":${encodeNumber(c.rtt)},` +
    `"synAttempts":${c.synAttempts},"states":{"client":${encodeStates(c.states.client)},"server":${encodeStates(c.states.server)}},` +
    `"closedBy":${c.closedBy === null ? 'null' : `"${c.closedBy}"`},"closeKind":${c.closeKind === null ? 'null' : `"${c.closeKind}"`},` +
    `"flags":{${flags}},"zeroWindow":{"client":${encodeNumber(c.zeroWindow.client)},"server":${encodeNumber(c.zeroWindow.server)}},` +
    `"icmp":${icmp},"diagnosis":[${diagnosis}]}`
  );
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
