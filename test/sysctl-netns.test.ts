// tcpdoc sysctl --netns against a real namespace: values set inside with sysctl -w must be reported with the right
// verdicts, while the host keeps its own values and host-wide settings come from the host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { makeBufferIo } from '../src/cli/io.js';
import { requireEnvironment } from './helpers/env.js';
import { createNetns, type Netns } from './helpers/netns.js';

interface Setting { key: string; value: string | null; default: string; verdict: string; reason: string }
interface Doc { schema: string; netns: string | null; settings: Setting[] }

async function runJson(argv: string[]): Promise<{ code: number; doc: Doc; err: string }> {
  const io = makeBufferIo();
  const code = await main(['sysctl', ...argv, '--json'], io);
  return { code, doc: JSON.parse(io.out() === '' ? '{}' : io.out()) as Doc, err: io.err() };
}

function setting(doc: Doc, key: string): Setting {
  const s = doc.settings.find((x) => x.key === key);
  assert.ok(s !== undefined, key);
  return s;
}

// What each write should produce in the namespace.
const WRITES: [string, string, string, string][] = [
  ['net.ipv4.tcp_syncookies', '0', '0', 'wrong'],
  ['net.ipv4.tcp_fin_timeout', '10', '10', 'look'],
  ['net.ipv4.tcp_max_tw_buckets', '1000', '1000', 'wrong'],
  ['net.ipv4.tcp_abort_on_overflow', '1', '1', 'wrong'],
  ['net.ipv4.tcp_tw_reuse', '1', '1', 'look'],
  ['net.ipv4.ip_local_port_range', '40000 40999', '40000 40999', 'look'],
  ['net.core.somaxconn', '128', '128', 'look'],
  ['net.ipv4.tcp_keepalive_probes', '0', '0', 'wrong'],
  ['net.ipv4.tcp_retries2', '5', '5', 'wrong'],
  ['net.ipv4.tcp_orphan_retries', '0', '0', 'fine'],
];

test('tcpdoc sysctl --netns NAME reports the namespace\'s values and verdicts', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ip', 'sysctl'] })) return;
  let ns: Netns | undefined;
  try {
    ns = createNetns('tcpdoc-sysctl');
    for (const [key, value] of WRITES) ns.exec('sysctl', ['-q', '-w', `${key}=${value}`]);
    const inside = await runJson(['--netns', ns.name]);
    assert.equal(inside.code, 0, inside.err);
    assert.equal(inside.doc.schema, 'tcpdoc.sysctl/1');
    assert.equal(inside.doc.netns, `netns ${ns.name}`);
    for (const [key, , value, verdict] of WRITES) {
      const s = setting(inside.doc, key);
      assert.equal(s.value, value, key);
      assert.equal(s.verdict, verdict, `${key}: ${s.reason}`);
    }
    assert.match(setting(inside.doc, 'net.ipv4.tcp_fin_timeout').reason, /does not shorten TIME_WAIT/);
    // The namespace does not show host-wide settings; they are read from the host.
    assert.equal(setting(inside.doc, 'net.ipv4.tcp_max_orphans').value, fs.readFileSync('/proc/sys/net/ipv4/tcp_max_orphans', 'utf8').trim());
    assert.equal(setting(inside.doc, 'net.core.netdev_max_backlog').value, fs.readFileSync('/proc/sys/net/core/netdev_max_backlog', 'utf8').trim());
    // tcp_tw_recycle does not exist on this kernel anywhere.
    assert.equal(setting(inside.doc, 'net.ipv4.tcp_tw_recycle').value, null);

    // The host keeps its own values, and we came back to it.
    const host = await runJson([]);
    assert.equal(host.doc.netns, null);
    assert.equal(setting(host.doc, 'net.ipv4.tcp_syncookies').value, fs.readFileSync('/proc/sys/net/ipv4/tcp_syncookies', 'utf8').trim());
    assert.notEqual(setting(host.doc, 'net.ipv4.ip_local_port_range').value, '40000 40999');

    // --fail-on wrong fails inside, and the exit code matches what the host has.
    assert.equal((await runJson(['--netns', ns.name, '--fail-on', 'wrong'])).code, 1);
    const hostWrong = host.doc.settings.some((s) => s.verdict === 'wrong');
    assert.equal((await runJson(['--fail-on', 'wrong'])).code, hostWrong ? 1 : 0);
  } finally {
    ns?.remove();
  }
});

test('--check inside a namespace: the file overrides the namespace values; --pid-ns reaches the same namespace', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ip', 'sysctl', 'sleep'] })) return;
  let ns: Netns | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpdoc-sysctl-ns-'));
  try {
    ns = createNetns('tcpdoc-sysctl');
    ns.exec('sysctl', ['-q', '-w', 'net.ipv4.tcp_timestamps=0']);
    const file = path.join(dir, 'reuse.conf');
    fs.writeFileSync(file, 'net.ipv4.tcp_tw_reuse = 1\n');
    const checked = await runJson(['--netns', ns.name, '--check', file]);
    assert.equal(checked.code, 0, checked.err);
    // tw_reuse from the file, judged against timestamps=0 from the namespace.
    const reuse = setting(checked.doc, 'net.ipv4.tcp_tw_reuse');
    assert.equal(reuse.value, '1');
    assert.equal(reuse.verdict, 'look');
    assert.match(reuse.reason, /needs TCP timestamps/);
    assert.equal(setting(checked.doc, 'net.ipv4.tcp_timestamps').verdict, 'wrong');

    const sleeper = ns.spawn('sleep', ['30']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // ip netns exec forks: the sleep process is a child of the ip process; find a pid inside the namespace.
    const pids = execFileSync('ip', ['netns', 'pids', ns.name], { encoding: 'utf8' }).split('\n').filter((p) => p.trim() !== '');
    assert.ok(pids.length > 0 && sleeper.pid !== undefined);
    const byPid = await runJson(['--pid-ns', pids[0] ?? '']);
    assert.equal(byPid.code, 0, byPid.err);
    assert.equal(setting(byPid.doc, 'net.ipv4.tcp_timestamps').value, '0');
  } finally {
    ns?.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
