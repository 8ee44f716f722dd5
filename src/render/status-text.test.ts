import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatStatusText, formatStateMix } from './status-text.js';
import { aggregateSockets } from '../analysis/inventory/aggregate.js';
import { makePalette } from './color.js';
import { makeSocketRecord } from '../model/socket.js';
import { makeStateCounts } from '../model/tcp-state.js';

const web = { pid: 42, command: 'node', fd: 19 };
const sockets = [
  makeSocketRecord({ family: 4, state: 'LISTEN', local: { address: '0.0.0.0', port: 8080 }, remote: { address: '0.0.0.0', port: 0 }, recvQ: 511, sendQ: 511, process: web, processes: [web] }),
  makeSocketRecord({ family: 4, state: 'CLOSE_WAIT', local: { address: '10.0.0.1', port: 8080 }, remote: { address: '10.0.0.2', port: 40000 }, process: web, processes: [web] }),
  makeSocketRecord({ family: 4, state: 'TIME_WAIT', local: { address: '10.0.0.1', port: 50000 }, remote: { address: '10.0.0.3', port: 5432 } }),
];
const header = { source: 'netlink' as const, namespace: 'netns web', time: '2026-11-26T00:00:00.000Z', notes: ['a note'] };

test('status text shows every state, the listener queue and owners', () => {
  const inv = aggregateSockets(sockets, { top: 10, withProcesses: true, backlogKnown: true });
  const text = formatStatusText(inv, header, makePalette(false), { withProcesses: true, top: 10 });
  for (const s of ['LISTEN', 'SYN_SENT', 'CLOSING', 'CLOSE ']) assert.match(text, new RegExp(`\\n  ${s}`));
  assert.match(text, /TCP sockets: 3 +\(via netlink in netns web/);
  assert.match(text, /0\.0\.0\.0:8080 +511\/511 +0 +1 CLOSE_WAIT +node\[42\]/);
  assert.match(text, /10\.0\.0\.3:5432 +1 +1 TIME_WAIT/);
  assert.match(text, /no visible owner: 1 TIME_WAIT/);
  assert.match(text, /note: a note/);
  assert.doesNotMatch(text, /\u001b\[/, 'no colour when disabled');
});

test('a full accept queue is red when colour is on', () => {
  const inv = aggregateSockets(sockets, { top: 10, withProcesses: true, backlogKnown: true });
  const text = formatStatusText(inv, header, makePalette(true), { withProcesses: true, top: 10 });
  assert.match(text, /\u001b\[31m511\/511\u001b\[39m/);
});

test('watch mode adds a change column', () => {
  const inv = aggregateSockets(sockets, { top: 10, withProcesses: false, backlogKnown: false });
  const previous = makeStateCounts();
  previous.TIME_WAIT = 4;
  const text = formatStatusText(inv, header, makePalette(false), { withProcesses: false, top: 10, previous });
  assert.match(text, /TIME_WAIT +1 +-3/);
  assert.match(text, /CLOSE_WAIT +1 +\+1/);
  assert.match(text, /511\/\?/, 'unknown backlog from /proc');
  assert.match(text, /not scanned/);
});

test('state mix lists non-zero states in lifecycle order', () => {
  const c = makeStateCounts();
  c.TIME_WAIT = 2;
  c.ESTABLISHED = 1200;
  assert.equal(formatStateMix(c), '1,200 ESTABLISHED, 2 TIME_WAIT');
  assert.equal(formatStateMix(makeStateCounts()), '-');
});
