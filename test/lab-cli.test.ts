// tcpdoc lab as a user runs it: --list, usage and permission errors, the tcpdoc.lab/1 document
// with the doctor's finding, Ctrl-C during --hold cleaning up, and --cleanup after a SIGKILL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { requireEnvironment } from './helpers/env.js';
import { assertNothingLeft, waitFor } from './helpers/lab-checks.js';
import { isProcessAlive } from '../src/lab/cleanup.js';
import { LAB_SCENARIOS } from '../src/lab/scenarios/index.js';
import type { LabBuilt } from '../src/lab/types.js';
import type { Finding } from '../src/model/finding.js';

const SELF = fileURLToPath(import.meta.url);
const IS_TS = SELF.endsWith('.ts');
const CLI = fileURLToPath(new URL(`../src/cli/main.${IS_TS ? 'ts' : 'js'}`, import.meta.url));
const NODE = [process.execPath, ...(IS_TS ? ['--import', 'tsx'] : []), CLI];

interface LabDoc {
  schema: string;
  scenario: string;
  built: LabBuilt;
  findings: Finding[] | null;
}

function tcpdoc(args: string[], prefix: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const command = [...prefix, ...NODE, ...args];
  const r = spawnSync(command[0] as string, command.slice(1), { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Starts `tcpdoc lab ... --json` in the background and resolves with its document once printed.
function startHeld(args: string[]): Promise<{ child: ChildProcess; doc: LabDoc; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
  const child = spawn(NODE[0] as string, [...NODE.slice(1), 'lab', ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`no document within 30 s: ${err}`));
    }, 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      try {
        const doc = JSON.parse(out) as LabDoc;
        clearTimeout(timer);
        resolve({ child, doc, exited });
      } catch {
        // Not complete yet.
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`tcpdoc lab exited (${code}) before printing its document: ${err}`));
    });
  });
}

function labNamespacesNow(): string[] {
  try {
    return readdirSync('/run/netns');
  } catch {
    return [];
  }
}

test('--list names every scenario with a summary, as text and as tcpdoc.lab-list/1', () => {
  const text = tcpdoc(['lab', '--list']);
  assert.equal(text.status, 0);
  for (const s of LAB_SCENARIOS) assert.match(text.stdout, new RegExp(`^${s.name}\\s+\\S`, 'm'));
  const json = JSON.parse(tcpdoc(['lab', '--list', '--json']).stdout) as { schema: string; scenarios: { name: string; summary: string }[] };
  assert.equal(json.schema, 'tcpdoc.lab-list/1');
  assert.deepEqual(json.scenarios.map((s) => s.name), LAB_SCENARIOS.map((s) => s.name));
  assert.ok(json.scenarios.every((s) => s.summary.length > 10));
});

test('--help lists every scenario and option', () => {
  const help = tcpdoc(['lab', '--help']);
  assert.equal(help.status, 0);
  for (const s of LAB_SCENARIOS) assert.ok(help.stdout.includes(s.name), s.name);
  for (const option of ['--hold', '--json', '--list', '--cleanup', '--force', '--window', '--no-doctor', '--lang']) assert.ok(help.stdout.includes(option), option);
});

test('an unknown scenario is a usage error naming the real ones', () => {
  const r = tcpdoc(['lab', 'close-wiat']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no scenario named "close-wiat"/);
  assert.match(r.stderr, /close-wait/);
  assert.equal(tcpdoc(['lab']).status, 2);
});

test('without root the lab refuses with NO_PERMISSION and builds nothing', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['setpriv'] })) return;
  const before = labNamespacesNow().length;
  const r = tcpdoc(['lab', 'close-wait'], ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /needs root/);
  assert.match(r.stderr, /sudo tcpdoc lab/);
  assert.equal(labNamespacesNow().length, before);
});

test('Ctrl-C during --hold removes everything; the document carries what was built and the finding', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] })) return;
  const { child, doc, exited } = await startHeld(['close-wait', '--hold', '60', '--window', '1']);
  try {
    assert.equal(doc.schema, 'tcpdoc.lab/1');
    assert.equal(doc.scenario, 'close-wait');
    for (const ns of doc.built.namespaces) assert.ok(labNamespacesNow().includes(ns.name), `${ns.name} exists while held`);
    for (const p of doc.built.processes) assert.ok(isProcessAlive(p.pid), `${p.program} runs while held`);
    const server = doc.built.processes.find((p) => p.program === 'tcpdoc-lab-server');
    const finding = doc.findings?.find((f) => f.id === 'close-wait-pileup');
    assert.ok(finding !== undefined, `findings: ${JSON.stringify(doc.findings?.map((f) => f.id))}`);
    assert.ok(finding.evidence.some((e) => e.pid === server?.pid && e.port === 8080 && e.value === doc.built.observed.connectionsClosedByClient));
  } finally {
    child.kill('SIGINT');
  }
  const { code } = await exited;
  assert.equal(code, 0, 'Ctrl-C during the hold is a normal end');
  assertNothingLeft(doc.built);
});

test('SIGTERM during --hold cleans up too', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] })) return;
  const { child, doc, exited } = await startHeld(['blackhole', '--hold', '60', '--no-doctor']);
  assert.equal(doc.findings, null);
  assert.ok(doc.built.rules.length > 0, 'the blackhole has a firewall rule');
  child.kill('SIGTERM');
  const { code } = await exited;
  assert.equal(code, 0);
  assertNothingLeft(doc.built);
});

test('--cleanup leaves a live run alone, and removes what a SIGKILLed run left behind', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] })) return;
  const { child, doc, exited } = await startHeld(['syn-flood', '--hold', '60', '--no-doctor']);
  const names = doc.built.namespaces.map((n) => n.name);
  let killed = false;
  try {
    const live = JSON.parse(tcpdoc(['lab', '--cleanup', '--json']).stdout) as { skipped: { netns: string; ownerPid: number }[]; removedNamespaces: string[] };
    for (const name of names) {
      assert.ok(live.skipped.some((s) => s.netns === name && s.ownerPid === child.pid), `${name} skipped while its run is alive`);
      assert.ok(!live.removedNamespaces.includes(name));
      assert.ok(labNamespacesNow().includes(name));
    }
    child.kill('SIGKILL');
    killed = true;
    await exited;
    // A killed run cleans nothing: the namespaces stay. Its programs notice that nobody reads
    // their reports any more and exit; a process someone started inside (a tcpdump, a shell) stays.
    for (const name of names) assert.ok(labNamespacesNow().includes(name), `${name} left behind by the killed run`);
    assert.ok(await waitFor(() => doc.built.processes.every((p) => !isProcessAlive(p.pid)), 5000), 'lab programs exit when tcpdoc dies');
    const server = doc.built.doctorNetns;
    const visitor = spawn('ip', ['netns', 'exec', server, 'sleep', '120'], { stdio: 'ignore', detached: true });
    const visitorGone = new Promise((resolve) => visitor.on('exit', resolve));
    assert.ok(await waitFor(() => spawnSync('ip', ['netns', 'pids', server], { encoding: 'utf8' }).stdout.trim() !== '', 5000));
    const r = tcpdoc(['lab', '--cleanup', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { schema: string; removedNamespaces: string[]; killedPids: number[]; problems: string[] };
    assert.equal(report.schema, 'tcpdoc.lab-cleanup/1');
    for (const name of names) assert.ok(report.removedNamespaces.includes(name), `${name} removed`);
    assert.ok(report.killedPids.includes(visitor.pid ?? -1), 'the process inside the leftover namespace is killed');
    await visitorGone;
    assert.deepEqual(report.problems, []);
    assertNothingLeft(doc.built);
    const again = tcpdoc(['lab', '--cleanup']);
    assert.equal(again.status, 0);
  } finally {
    if (!killed) child.kill('SIGINT');
  }
});
