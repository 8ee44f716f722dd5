import { test } from 'node:test';
import assert from 'node:assert/strict';
import { command, createDoctorCommand, detectDoctorLang } from './doctor.js';
import { makeBufferIo } from '../io.js';
import { runDoctorRules } from '../../analysis/doctor/engine.js';
import { makeInputs, many, sock } from '../../analysis/doctor/fixtures.test.helper.js';
import type { DoctorOptions, DoctorReport } from '../../api/doctor.js';
import { TcpdocError } from '../../model/errors.js';

// A report built by the real engine from recorded inputs: a CLOSE_WAIT leak (warning), nothing critical.
function recordedReport(options: DoctorOptions): DoctorReport {
  const inputs = makeInputs({ sockets: [sock({ state: 'LISTEN', local: '0.0.0.0:8080', remote: '0.0.0.0:0', sendQ: 511, pid: 7, command: 'node' }), ...many(24, { state: 'CLOSE_WAIT', local: '10.0.0.1:8080', pid: 7, command: 'node' })] });
  return { ...runDoctorRules(inputs), takenAt: options.now ?? 0, namespace: null, source: 'netlink', windowMs: options.windowMs ?? null, kernelRelease: '6.18.0', kernelLog: { available: true, reason: null }, notes: [] };
}

const recorded = createDoctorCommand(async (options) => recordedReport(options));

test('--fail-on sets the exit code: warning fails on a warning, critical does not', async () => {
  assert.equal(await recorded.run(['--window', '0'], makeBufferIo()), 0);
  assert.equal(await recorded.run(['--fail-on', 'warning'], makeBufferIo()), 1);
  assert.equal(await recorded.run(['--fail-on', 'critical'], makeBufferIo()), 0);
  await assert.rejects(recorded.run(['--fail-on', 'info'], makeBufferIo()), (e: unknown) => e instanceof TcpdocError && e.code === 'USAGE');
  await assert.rejects(recorded.run(['--window', '-1'], makeBufferIo()), TcpdocError);
});

test('text output shows the finding with evidence, the fix and explain links; --lang zh switches language', async () => {
  const io = makeBufferIo();
  await recorded.run([], io);
  assert.match(io.out(), /WARNING +24 connections stuck in CLOSE_WAIT on port 8080 \(node\[7\]\)/);
  assert.match(io.out(), /tcpdoc explain state:CLOSE_WAIT/);
  const zh = makeBufferIo();
  await recorded.run(['--lang', 'zh'], zh);
  assert.match(zh.out(), /警告 +端口 8080（node\[7\]）有 24 个连接卡在 CLOSE_WAIT/);
  assert.equal(detectDoctorLang({ LANG: 'zh_CN.UTF-8' }), 'zh');
  assert.equal(detectDoctorLang({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }), 'en');
});

test('--json prints tcpdoc.doctor/1 with the findings in the chosen language and the window asked for', async () => {
  let asked: DoctorOptions | undefined;
  const cmd = createDoctorCommand(async (options) => {
    asked = options;
    return recordedReport(options);
  });
  const io = makeBufferIo({ now: () => 1_700_000_000_000 });
  await cmd.run(['--json', '--window', '0.5', '--lang', 'zh', '--netns', 'web'], io);
  assert.equal(asked?.windowMs, 500);
  assert.equal(asked?.netns, 'web');
  const doc = JSON.parse(io.out());
  assert.equal(doc.schema, 'tcpdoc.doctor/1');
  assert.equal(doc.findings[0].id, 'close-wait-pileup');
  assert.equal(doc.findings[0].severity, 'warning');
  assert.match(doc.findings[0].title, /卡在 CLOSE_WAIT/);
  assert.deepEqual(doc.findings[0].related.slice(0, 1), ['state:CLOSE_WAIT']);
  assert.equal(doc.summary.allClear, false);
  assert.equal(doc.summary.counts.warning, 1);
});

test('a real run on this host with --window 0 gives a well-formed document', async () => {
  const io = makeBufferIo();
  const code = await command.run(['--window', '0', '--json'], io);
  assert.equal(code, 0);
  const doc = JSON.parse(io.out());
  assert.equal(doc.schema, 'tcpdoc.doctor/1');
  assert.equal(doc.windowMs, null);
  assert.ok(Array.isArray(doc.findings));
  assert.ok(doc.summary.numbers.some((n: { key: string; value: number }) => n.key === 'sockets' && n.value >= 0));
  assert.ok(doc.rulesRun.includes('close-wait'));
});
