// `tcpdoc lab --cleanup`: finds what killed lab runs left behind (namespaces by name prefix,
// the processes inside them, stray veth links on the host) and removes it. Namespaces whose
// owner tcpdoc process is still running belong to a live run and are left alone unless forced.
import fs from 'node:fs';
import { LAB_LINK_PREFIX, LAB_NETNS_PREFIX, parseOwnerPid } from './names.js';
import { killProcess, listNamespacePids, runCommand } from './run-command.js';

export interface CleanupReport {
  removedNamespaces: string[];
  killedPids: number[];
  removedLinks: string[];
  // Namespaces of runs still going (their owner process is alive).
  skipped: { netns: string; ownerPid: number }[];
  problems: string[];
}

// Lab namespaces that exist now, sorted.
export function listLabNamespaces(runDir = '/run/netns'): string[] {
  try {
    return fs
      .readdirSync(runDir)
      .filter((name) => name.startsWith(LAB_NETNS_PREFIX))
      .sort();
  } catch {
    return [];
  }
}

// Host interfaces whose names start with the lab's link prefix.
export async function listLabLinks(): Promise<string[]> {
  const { stdout } = await runCommand('ip', ['-o', 'link', 'show']);
  const names: string[] = [];
  for (const line of stdout.split('\n')) {
    // "7: tlab1abx1a@if6: <BROADCAST,..." -> "tlab1abx1a"
    const name = /^\d+:\s+([^:@\s]+)/.exec(line)?.[1];
    if (name !== undefined && name.startsWith(LAB_LINK_PREFIX)) names.push(name);
  }
  return names;
}

// Whether a process is running (a zombie counts as gone).
export function isProcessAlive(pid: number, procRoot = '/proc'): boolean {
  try {
    const stat = fs.readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
    // The state is the field after the parenthesised command, which may itself hold spaces.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

// Removes leftovers of lab runs whose owner is gone (all of them with force).
export async function cleanupLeftovers(options: { force?: boolean } = {}): Promise<CleanupReport> {
  const report: CleanupReport = { removedNamespaces: [], killedPids: [], removedLinks: [], skipped: [], problems: [] };
  for (const netns of listLabNamespaces()) {
    const ownerPid = parseOwnerPid(netns);
    if (options.force !== true && ownerPid !== null && ownerPid !== process.pid && isProcessAlive(ownerPid)) {
      report.skipped.push({ netns, ownerPid });
      continue;
    }
    for (let round = 0; round < 50; round++) {
      const pids = await listNamespacePids(netns);
      if (pids.length === 0) break;
      for (const pid of pids) {
        killProcess(pid);
        if (!report.killedPids.includes(pid)) report.killedPids.push(pid);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    try {
      await runCommand('ip', ['netns', 'del', netns]);
      report.removedNamespaces.push(netns);
    } catch (error) {
      report.problems.push((error as Error).message);
    }
  }
  for (const link of await listLabLinks()) {
    try {
      await runCommand('ip', ['link', 'del', link]);
      report.removedLinks.push(link);
    } catch (error) {
      report.problems.push((error as Error).message);
    }
  }
  return report;
}
