import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTraceJsonConnection, formatTraceJsonHead, formatTraceJsonTail, TRACE_SCHEMA } from './trace-json.js';
import type { ConnectionSummary } from '../analysis/trace/summary.js';
import type { TraceTotals } from '../analysis/trace/session.js';
import { makeExpertCounts } from '../analysis/trace/expert.js';

const conn: ConnectionSummary = {
  id: 7,
  family: 6,
  client: { address: 'fd00::1', port: 40000 },
  server: { address: 'fd00::"2', port: 443 },
  roleInferred: false,
  outcome: 'RSTR',
  history: 'ShADr',
  completeness: 47,
  firstFrame: 3,
  packets: { toServer: 4, toClient: 2 },
  bytes: { toServer: 100, toClient: 0 },
  frameBytes: { toServer: 400, toClient: 150 },
  start: 1700000000.123456,
  end: 1700000000.2,
  duration: 0.076544,
  rtt: null,
  synAttempts: 1,
  states: { client: ['CLOSED', 'SYN_SENT', 'ESTABLISHED', 'CLOSED'], server: ['LISTEN', 'SYN_RECV', 'ESTABLISHED', 'CLOSED'] },
  closedBy: 'server',
  closeKind: 'rst',
  flags: { rst: 1, retransmission: 2 },
  zeroWindow: { client: 0, server: 0.5 },
  icmp: [{ time: 1, frame: 9, reporter: 'fd00::9', type: 1, code: 4, family: 6, mtu: null }],
  diagnosis: [{ text: 'server reset the connection "quoted" \\ 2 ms after the request', severity: 'error', explain: ['errno:ECONNRESET'] }],
};

test('the fast connection encoder matches JSON.stringify exactly', () => {
  assert.equal(formatTraceJsonConnection(conn, true), JSON.stringify(conn));
  const again = { ...conn, rtt: 0.0021, closedBy: null, closeKind: null, flags: {}, icmp: [] };
  assert.equal(formatTraceJsonConnection(again, false), ',\n' + JSON.stringify(again));
});

test('head, connections and tail form one valid tcpdoc.trace/1 document', () => {
  const totals: TraceTotals = {
    packets: 6, tcpPackets: 6, connections: 1, icmpErrors: 1, icmpUnattached: 0, otherPackets: 0, unparsed: 0, unparsedReasons: {}, filteredOut: 0,
    expert: makeExpertCounts(), firstTime: 1, lastTime: 2, format: 'pcap', notes: [], ladderTruncated: false,
  };
  const doc = JSON.parse(formatTraceJsonHead() + formatTraceJsonConnection(conn, true) + formatTraceJsonTail(totals, false)) as Record<string, unknown>;
  assert.equal(doc.schema, TRACE_SCHEMA);
  assert.deepEqual(doc.connections, [conn]);
  const summary = doc.summary as Record<string, unknown>;
  assert.equal(summary.connections, 1);
  assert.equal((summary.expert as Record<string, number>).duplicateAck, 0);
});
