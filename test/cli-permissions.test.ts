// What an unprivileged user sees: clear errors with exit code 3 and a hint, never a stack trace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireEnvironment } from './helpers/env.js';
import { createNetns } from './helpers/netns.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
let dir = '';

// A classic pcap header (little-endian, microseconds, Ethernet) with no packets.
function emptyPcap(): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt32LE(0xa1b2c3d4, 0);
  b.writeUInt16LE(2, 4);
  b.writeUInt16LE(4, 6);
  b.writeUInt32LE(65535, 16);
  b.writeUInt32LE(1, 20);
  return b;
}

function runAsNobody(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tcpdoc-perm-'));
  chmodSync(dir, 0o755);
});

after(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

test('trace of a file the user may not read: exit 3, NO_PERMISSION message', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['setpriv'] })) return;
  const path = join(dir, 'secret.pcap');
  writeFileSync(path, emptyPcap());
  chmodSync(path, 0o600);
  const r = runAsNobody(['trace', path]);
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stderr, /secret\.pcap/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
});

test('--netns as a normal user: exit 3 with a hint to use sudo; an unknown name: exit 2 listing the names', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['setpriv', 'ip'] })) return;
  const ns = createNetns('tcpdoc-perm');
  try {
    const denied = runAsNobody(['status', '--netns', ns.name]);
    assert.equal(denied.status, 3, denied.stderr);
    assert.match(denied.stderr, /sudo tcpdoc/);
    const unknown = runAsNobody(['status', '--netns', 'no-such-namespace-here']);
    assert.equal(unknown.status, 2, unknown.stderr);
    assert.match(unknown.stderr, /no-such-namespace-here/);
    assert.ok(unknown.stderr.includes(ns.name), 'lists the namespaces that exist');
  } finally {
    ns.remove();
  }
});

test('status and ls as a normal user still work and say what they could not see', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['setpriv'] })) return;
  const status = runAsNobody(['status', '--json']);
  assert.equal(status.status, 0, status.stderr);
  const doc = JSON.parse(status.stdout) as { schema: string; skips: { unreadableProcesses: number } };
  assert.equal(doc.schema, 'tcpdoc.status/1');
  assert.ok(doc.skips.unreadableProcesses > 0, 'root-owned processes are unreadable to nobody');
  const ls = runAsNobody(['ls', '-p']);
  assert.equal(ls.status, 0, ls.stderr);
  assert.match(ls.stderr, /could not be read \(run as root to see every process\)/);
});
