import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSocketRecord, type Snapshot } from '../model/socket.js';
import { makeTcpInfo } from '../analysis/doctor/fixtures.test.helper.js';
import { buildSocketsDocument } from './sockets-json.js';

function documentFor(pacingRate: number, maxPacingRate: number): Record<string, unknown> {
  const s = makeSocketRecord({ family: 4, state: 'ESTABLISHED', local: { address: '10.0.0.1', port: 40000 }, remote: { address: '10.0.0.2', port: 443 } });
  s.tcpInfo = { ...makeTcpInfo(), pacingRate, maxPacingRate };
  const snap: Snapshot = { source: 'netlink', takenAt: 0, namespace: null, sockets: [s], processesScanned: false, skips: { unparsed: 0, unreadableProcesses: 0, unattributedSockets: 0 }, notes: [] };
  const doc = buildSocketsDocument(snap, [s], null) as { sockets: { tcpInfo: Record<string, unknown> }[] };
  return doc.sockets[0]!.tcpInfo;
}

test('pacing rates that mean "no limit" (the kernel\'s ~0, read as 2^64) are null; real rates are kept', () => {
  const unlimited = documentFor(2 ** 64, 2 ** 64);
  assert.equal(unlimited.pacingRate, null);
  assert.equal(unlimited.maxPacingRate, null);
  assert.doesNotMatch(JSON.stringify(unlimited), /18446744073709552000/);
  const paced = documentFor(12_500_000, 2 ** 64);
  assert.equal(paced.pacingRate, 12_500_000);
  assert.equal(paced.maxPacingRate, null);
  // The rest of tcp_info is untouched.
  assert.equal(paced.rttUs, makeTcpInfo().rttUs);
});
