// The half-open scenario held past the doctor's one-minute silence threshold: the doctor names
// the server process and its idle, keepalive-less connections to the vanished peer. In its own
// file because it must wait a minute; the test runner runs it beside the other files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireEnvironment } from './helpers/env.js';
import { assertNothingLeft, ssIn } from './helpers/lab-checks.js';
import { startLab, type RunningLab } from '../src/lab/start-lab.js';
import { runDoctor } from '../src/api/doctor.js';
import { HALF_OPEN_SILENCE_MS } from '../src/analysis/doctor/rules/half-open.js';

test('half-open held past the silence threshold: half-open-risk for the server process, with the right count', { timeout: 180_000 }, async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] })) return;
  let lab: RunningLab | undefined;
  try {
    lab = await startLab('half-open', { lifetimeMs: 180_000 });
    const built = lab.built;
    const server = built.doctorNetns;
    const serverPid = built.processes.find((p) => p.program === 'tcpdoc-lab-server')?.pid;
    // The doctor's window (1 s) comes on top of this wait.
    await new Promise((resolve) => setTimeout(resolve, HALF_OPEN_SILENCE_MS + 500));
    const established = ssIn(server, 'established');
    assert.equal(established.length, built.observed.serverAccepted);
    const report = await runDoctor({ netns: server, windowMs: 1000 });
    const f = report.findings.find((x) => x.id === 'half-open-risk');
    assert.ok(f !== undefined, `findings: ${report.findings.map((x) => x.id).join(', ')}`);
    const count = f.evidence.find((e) => e.pid === serverPid);
    assert.ok(count !== undefined, `the server process is named: ${JSON.stringify(f.evidence)}`);
    assert.equal(count.value, established.length);
    assert.equal(count.command, 'node');
    const silence = f.evidence.find((e) => e.unit === 's');
    assert.ok(silence !== undefined && Number(silence.value) >= HALF_OPEN_SILENCE_MS / 1000, `silence ${JSON.stringify(silence)}`);
    assert.ok(f.evidence.some((e) => e.value === established.length && typeof e.address === 'string' && e.address.includes('8085')), 'the listener port is named');
  } finally {
    if (lab !== undefined) assert.deepEqual(await lab.stop(), []);
  }
  assertNothingLeft(lab.built);
});
