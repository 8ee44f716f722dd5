// The commonly tuned settings in a real namespace: changing per-namespace ones (min send MSS, challenge ACK limit,
// receive autotuning, reserved ports) inside it changes their verdicts there only, while the SO_RCVBUF/SO_SNDBUF caps
// are host-wide and come from the host; a sysctl.conf with the new keys is recognised by --check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { makeBufferIo } from '../src/cli/io.js';
import { requireEnvironment } from './helpers/env.js';
import { createNetns, type Netns } from './helpers/netns.js';

interface Setting { key: string; value: string | null; default: string; verdict: string; reason: string }
interface Doc { schema: string; netns: string | null; settings: Setting[]; check?: { settings: { key: string; audited: boolean }[]; missing: string[] } }

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

function readProc(key: string): string {
  return fs.readFileSync(`/proc/sys/${key.replace(/\./g, '/')}`, 'utf8').trim().replace(/\s+/g, ' ');
}

// [key, value written inside the namespace, verdict expected there]
const WRITES: [string, string, string][] = [
  ['net.ipv4.tcp_min_snd_mss', '1400', 'look'],
  ['net.ipv4.tcp_challenge_ack_limit', '0', 'wrong'],
  ['net.ipv4.tcp_moderate_rcvbuf', '0', 'look'],
  ['net.ipv4.ip_local_reserved_ports', '30000-60000', 'look'],
];

test('per-namespace tuning settings changed inside a namespace change their verdict there, not on the host', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ip', 'sysctl'] })) return;
  let ns: Netns | undefined;
  try {
    ns = createNetns('tcpdoc-sysmore');
    const before = await runJson(['--netns', ns.name]);
    assert.equal(before.code, 0, before.err);
    for (const [key] of WRITES) assert.equal(setting(before.doc, key).verdict, 'fine', `${key} in a fresh namespace: ${setting(before.doc, key).reason}`);

    for (const [key, value] of WRITES) ns.exec('sysctl', ['-q', '-w', `${key}=${value}`]);
    const after = await runJson(['--netns', ns.name]);
    assert.equal(after.code, 0, after.err);
    for (const [key, value, verdict] of WRITES) {
      const s = setting(after.doc, key);
      assert.equal(s.value, value, key);
      assert.equal(s.verdict, verdict, `${key}: ${s.reason}`);
    }
    assert.equal((await runJson(['--netns', ns.name, '--fail-on', 'wrong'])).code, 1);

    // The host keeps its own values.
    const host = await runJson([]);
    for (const [key, value] of WRITES) {
      assert.equal(setting(host.doc, key).value, readProc(key), key);
      assert.notEqual(setting(host.doc, key).value, value, key);
    }
    // The SO_RCVBUF/SO_SNDBUF caps and defaults are host-wide: read from the host even with --netns.
    for (const key of ['net.core.rmem_max', 'net.core.wmem_max', 'net.core.rmem_default', 'net.core.wmem_default']) {
      assert.equal(setting(after.doc, key).value, readProc(key), key);
    }
  } finally {
    ns?.remove();
  }
});

test('--check recognises the new keys in a namespace and judges the file\'s values', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ip', 'sysctl'] })) return;
  let ns: Netns | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpdoc-sysmore-'));
  try {
    ns = createNetns('tcpdoc-sysmore');
    const file = path.join(dir, 'tuning.conf');
    fs.writeFileSync(file, 'net.core.rmem_max = 134217728\nnet.ipv4.tcp_ecn = 9\nnet.ipv4.tcp_notsent_lowat = 131072\nnet.ipv4.tcp_no_metrics_save = 1\n');
    const checked = await runJson(['--netns', ns.name, '--check', file]);
    assert.equal(checked.code, 0, checked.err);
    assert.equal(setting(checked.doc, 'net.core.rmem_max').value, '134217728');
    assert.equal(setting(checked.doc, 'net.core.rmem_max').verdict, 'fine');
    assert.equal(setting(checked.doc, 'net.ipv4.tcp_ecn').verdict, 'wrong');
    assert.equal(setting(checked.doc, 'net.ipv4.tcp_notsent_lowat').verdict, 'fine');
    assert.equal(setting(checked.doc, 'net.ipv4.tcp_no_metrics_save').verdict, 'fine');
    // Every key in the file is audited and exists on this kernel (the host-wide cap is looked up on the host).
    assert.deepEqual(checked.doc.check?.settings.map((s) => s.audited), [true, true, true, true]);
    assert.deepEqual(checked.doc.check?.missing, []);
  } finally {
    ns?.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
