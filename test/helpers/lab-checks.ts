// Checks shared by the lab tests: ss and kernel counters inside a lab namespace, and proof that
// a run left nothing behind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { parseSsLines, type SsRow } from './ss.js';
import { isProcessAlive } from '../../src/lab/cleanup.js';
import type { LabBuilt } from '../../src/lab/types.js';

// Runs a command inside a namespace and returns its stdout.
export function execIn(netns: string, command: string, args: string[]): string {
  return execFileSync('ip', ['netns', 'exec', netns, command, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

// `ss -tanH [state STATE]` inside a namespace, parsed; with owners, -p too (slow: it reads every process's fds).
export function ssIn(netns: string, state?: string, options: { owners?: boolean } = {}): SsRow[] {
  const args = [options.owners === true ? '-tanpH' : '-tanH', ...(state !== undefined ? ['state', state] : [])];
  // With one state, ss drops the State column: "fin-wait-2" -> "FIN_WAIT2" fills it in.
  const onlyState = state === undefined ? undefined : state.toUpperCase().replace(/-/g, '_').replace('FIN_WAIT_', 'FIN_WAIT');
  return parseSsLines(execIn(netns, 'ss', args), onlyState);
}

// `ss -ltnH` inside a namespace: listeners with Recv-Q (accept queue) and Send-Q (backlog).
export function listenersIn(netns: string): SsRow[] {
  return parseSsLines(execIn(netns, 'ss', ['-ltnpH']), 'LISTEN');
}

// /proc/net/netstat and /proc/net/snmp of a namespace as "Group.Name" -> value (TcpExt.ListenOverflows).
export function countersIn(netns: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const file of ['/proc/net/netstat', '/proc/net/snmp']) {
    const lines = execIn(netns, 'cat', [file]).split('\n');
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const names = (lines[i] ?? '').split(/\s+/);
      const values = (lines[i + 1] ?? '').split(/\s+/);
      const group = (names[0] ?? '').replace(/:$/, '');
      for (let j = 1; j < names.length; j++) out.set(`${group}.${names[j]}`, Number(values[j]));
    }
  }
  return out;
}

export function counterIn(netns: string, name: string): number {
  const value = countersIn(netns).get(name);
  assert.ok(value !== undefined, `counter ${name} missing in ${netns}`);
  return value;
}

// Asserts that a stopped run left no namespace, host link or process behind.
export function assertNothingLeft(built: LabBuilt): void {
  let names: string[] = [];
  try {
    names = readdirSync('/run/netns');
  } catch {
    names = [];
  }
  for (const ns of built.namespaces) assert.ok(!names.includes(ns.name), `namespace ${ns.name} is left behind`);
  const hostLinks = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
  for (const link of built.links) {
    assert.ok(!hostLinks.includes(` ${link.name}:`) && !hostLinks.includes(` ${link.name}@`), `link ${link.name} is on the host`);
    assert.ok(!hostLinks.includes(` ${link.peer}:`) && !hostLinks.includes(` ${link.peer}@`), `link ${link.peer} is on the host`);
  }
  for (const p of built.processes) assert.equal(isProcessAlive(p.pid), false, `process ${p.pid} (${p.program}) still runs`);
}

// Waits until check() holds, polling every 50 ms, up to timeoutMs; returns whether it held.
export async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}
