import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSkips } from './describe-skips.js';

test('skip notes say what was hidden and why', () => {
  assert.deepEqual(describeSkips({ unparsed: 0, unreadableProcesses: 0, unattributedSockets: 5 }, true), []);
  const [root] = describeSkips({ unparsed: 0, unreadableProcesses: 1, unattributedSockets: 0 }, true);
  assert.match(root ?? '', /^1 process could not be read \(permission denied even for root/);
  const notes = describeSkips({ unparsed: 2, unreadableProcesses: 7, unattributedSockets: 3 }, false);
  assert.match(notes[0] ?? '', /^7 processes could not be read \(run as root to see every process\); 3 sockets have no visible owner$/);
  assert.match(notes[1] ?? '', /^2 kernel records could not be decoded/);
});
