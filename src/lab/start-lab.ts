// Brings a scenario up for real and hands back what it built and a stop() that removes it all.
// A failure or an abort while building tears down whatever was made before the error is thrown.
import { TcpdocError } from '../model/errors.js';
import { createLabSession } from './session.js';
import { findScenario, LAB_SCENARIOS } from './scenarios/index.js';
import { runCommand } from './run-command.js';
import { formatInstallHint } from './install-hint.js';
import type { LabBuilt } from './types.js';

export interface StartLabOptions {
  // How long the lab's programs may live at most, even if this process is killed (default 10 min).
  lifetimeMs?: number;
  // Aborting stops a build in progress (Ctrl-C); stop() still has to be called after a successful start.
  signal?: AbortSignal;
}

export interface RunningLab {
  built: LabBuilt;
  // Kills the lab's processes and removes its namespaces (with their links and rules); returns problems seen.
  stop: () => Promise<string[]>;
}

// Fails with NO_PERMISSION unless root, NOT_FOUND for an unknown scenario, MISSING_TOOL for a missing tool.
export async function startLab(name: string, options: StartLabOptions = {}): Promise<RunningLab> {
  const scenario = findScenario(name);
  if (scenario === undefined) {
    throw new TcpdocError('NOT_FOUND', `no lab scenario named "${name}"`, { hint: `Scenarios: ${LAB_SCENARIOS.map((s) => s.name).join(', ')} (tcpdoc lab --list).` });
  }
  requireRoot(scenario.name);
  for (const tool of ['ip', 'sysctl', ...scenario.tools]) await requireTool(tool);
  const session = createLabSession(scenario.name, { lifetimeMs: options.lifetimeMs ?? 600_000, ...(options.signal !== undefined ? { signal: options.signal } : {}) });
  try {
    await scenario.build(session.builder);
  } catch (error) {
    await session.teardown();
    throw error;
  }
  return { built: session.built, stop: session.teardown };
}

// The lab changes namespaces, links and firewall rules: root only.
// `command` is what the user ran after "tcpdoc lab", so the hint repeats it with sudo.
export function requireRoot(command: string): void {
  if (process.getuid?.() !== 0) {
    throw new TcpdocError('NO_PERMISSION', 'tcpdoc lab needs root: it creates network namespaces, veth links and iptables rules', {
      hint: `Run it with sudo: sudo tcpdoc lab ${command}`,
    });
  }
}

async function requireTool(tool: string): Promise<void> {
  try {
    await runCommand('sh', ['-c', `command -v ${tool}`]);
  } catch {
    throw new TcpdocError('MISSING_TOOL', `tcpdoc lab needs ${tool}, which is not installed`, {
      hint: formatInstallHint(tool),
    });
  }
}
