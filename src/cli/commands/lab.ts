// tcpdoc lab: reproduce a TCP pathology for real in network namespaces, show what was built and
// what the doctor says, hold it for a look, and always clean up; --list and --cleanup.
import type { Command } from '../command.js';
import type { CliIo } from '../io.js';
import { parseCommandArgs, readFlag, readNumber, readString } from '../args.js';
import { EXIT, TcpdocError } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { formatJson } from '../../render/json.js';
import { buildFindingJson } from '../../render/doctor-json.js';
import { makePalette, shouldColor } from '../../render/color.js';
import { LAB_SCENARIOS, findScenario } from '../../lab/scenarios/index.js';
import { startLab, requireRoot, type RunningLab } from '../../lab/start-lab.js';
import { cleanupLeftovers } from '../../lab/cleanup.js';
import { formatBuilt, formatCleanup, formatFindingsBrief, formatLook, formatScenarioList } from '../../lab/format-lab.js';
import { runLabDoctor } from '../../lab/run-lab-doctor.js';

const HELP = `Usage: tcpdoc lab SCENARIO [--hold SECONDS] [--json]
       tcpdoc lab --list
       tcpdoc lab --cleanup [--force]

Reproduces a TCP pathology for real, inside network namespaces joined by a veth
pair: it prints what it built (namespaces, addresses, ports, processes, firewall
rules, sysctls), runs the doctor in the namespace where the problem shows, keeps
everything up for --hold seconds so you can look with any tool (tcpdoc status, ss,
tcpdump), then removes it all: processes, namespaces, links and rules. Ctrl-C or
SIGTERM cleans up too. Root only (except --list); nothing leaves the lab namespaces,
and nothing is changed on the host.

Scenarios:
${LAB_SCENARIOS.map((s) => `  ${s.name.padEnd(16)} ${s.summary}`).join('\n')}

Options:
  --hold SECONDS   keep the scenario up this long before cleaning up (default 0;
                   Ctrl-C ends the hold early and cleans up)
  --window SECONDS how long the doctor samples kernel counters (default 1)
  --no-doctor      only build and show the scenario
  --lang en|zh     language of the doctor's findings (default en)
  --json           print the tcpdoc.lab/1 document (docs/json.md); with --list or
                   --cleanup, tcpdoc.lab-list/1 or tcpdoc.lab-cleanup/1
  --list           list the scenarios with one line each
  --cleanup        remove what killed runs left behind: tcpdoc-lab-* namespaces whose
                   tcpdoc process is gone, the processes inside them, tlab* links
  --force          with --cleanup, also remove namespaces of runs still going
  -h, --help       show this help

Exit codes: 0 done and cleaned up, 2 usage (unknown scenario), 3 environment (not
root, missing ip/sysctl/iptables, or --cleanup could not remove something),
130 interrupted while building (cleaned up).

Examples:
  sudo tcpdoc lab --list
  sudo tcpdoc lab close-wait
  sudo tcpdoc lab syn-flood --hold 120     # then, in another terminal:
  sudo tcpdoc status --netns tcpdoc-lab-4242-1-syn-flood-server
  sudo tcpdoc lab accept-overflow --json
  sudo tcpdoc lab --cleanup
`;

const OPTIONS = {
  hold: { type: 'string' as const },
  window: { type: 'string' as const },
  'no-doctor': { type: 'boolean' as const },
  lang: { type: 'string' as const },
  json: { type: 'boolean' as const },
  list: { type: 'boolean' as const },
  cleanup: { type: 'boolean' as const },
  force: { type: 'boolean' as const },
};

const INTERRUPTED = 130;

export const command: Command = {
  help: HELP,
  run: async (argv, io) => {
    const args = parseCommandArgs('lab', argv, OPTIONS);
    const json = readFlag(args, 'json');
    if (readFlag(args, 'list')) {
      io.stdout(json ? formatJson('tcpdoc.lab-list/1', { scenarios: LAB_SCENARIOS.map((s) => ({ name: s.name, summary: s.summary, tools: ['ip', 'sysctl', ...s.tools] })) }) : formatScenarioList(LAB_SCENARIOS));
      return EXIT.ok;
    }
    if (readFlag(args, 'cleanup')) {
      requireRoot('--cleanup');
      const report = await cleanupLeftovers({ force: readFlag(args, 'force') });
      io.stdout(json ? formatJson('tcpdoc.lab-cleanup/1', { ...report }) : formatCleanup(report));
      return report.problems.length > 0 ? EXIT.environment : EXIT.ok;
    }
    if (readFlag(args, 'force')) throw new TcpdocError('USAGE', 'lab: --force only goes with --cleanup', { hint: 'To remove namespaces of runs still going: sudo tcpdoc lab --cleanup --force' });
    const name = args.positionals[0];
    if (name === undefined || args.positionals.length > 1) {
      throw new TcpdocError('USAGE', 'lab: name one scenario, or use --list or --cleanup', { hint: `Scenarios: ${LAB_SCENARIOS.map((s) => s.name).join(', ')}.` });
    }
    const lang = readString(args, 'lang') ?? 'en';
    if (lang !== 'en' && lang !== 'zh') throw new TcpdocError('USAGE', `lab: --lang must be en or zh, got '${lang}'`, { hint: 'Example: --lang zh' });
    return runScenario(io, {
      name,
      holdSeconds: readNumber(args, 'lab', 'hold', { min: 0, max: 86_400 }) ?? 0,
      windowMs: Math.round((readNumber(args, 'lab', 'window', { min: 0, max: 60 }) ?? 1) * 1000),
      doctor: !readFlag(args, 'no-doctor'),
      lang,
      json,
    });
  },
};

interface RunOptions {
  name: string;
  holdSeconds: number;
  windowMs: number;
  doctor: boolean;
  lang: 'en' | 'zh';
  json: boolean;
}

async function runScenario(io: CliIo, o: RunOptions): Promise<number> {
  const scenario = findScenario(o.name);
  if (scenario === undefined) {
    throw new TcpdocError('NOT_FOUND', `lab: no scenario named "${o.name}"`, { hint: `Scenarios: ${LAB_SCENARIOS.map((s) => s.name).join(', ')} (tcpdoc lab --list).` });
  }
  const palette = makePalette(shouldColor(io.env, io.isTTY) && !o.json);
  const abort = new AbortController();
  let wake: (() => void) | undefined;
  const off = io.onInterrupt(() => {
    abort.abort();
    wake?.();
  });
  let lab: RunningLab | undefined;
  try {
    try {
      // Programs outlive a killed tcpdoc by two minutes at most past the hold.
      lab = await startLab(scenario.name, { signal: abort.signal, lifetimeMs: (o.holdSeconds + 120) * 1000 });
    } catch (error) {
      if (abort.signal.aborted) {
        io.stderr('tcpdoc lab: interrupted while building; everything it made is removed.\n');
        return INTERRUPTED;
      }
      throw error;
    }
    const built = lab.built;
    if (!o.json) io.stdout(formatBuilt(built, scenario.summary, palette));
    let findings: Finding[] | null = null;
    let doctorNote: string | null = null;
    if (o.doctor && !abort.signal.aborted) {
      const result = await runLabDoctor(built.doctorNetns, o.windowMs);
      findings = result.findings;
      doctorNote = result.note;
      if (!o.json) {
        io.stdout(`${palette.bold(`Doctor in ${built.doctorNetns}`)}\n`);
        io.stdout(findings !== null ? formatFindingsBrief(findings, o.lang, palette) : `  ${doctorNote ?? 'not available'}\n`);
        io.stdout('\n');
      }
    }
    if (o.json) {
      // Findings as tcpdoc.doctor/1 writes them, in --lang.
      io.stdout(formatJson('tcpdoc.lab/1', { scenario: scenario.name, summary: scenario.summary, holdSeconds: o.holdSeconds, built, findings: findings === null ? null : findings.map((f) => buildFindingJson(f, o.lang)), doctorNote }));
    } else {
      io.stdout(formatLook(built, palette));
    }
    if (o.holdSeconds > 0 && !abort.signal.aborted) {
      if (!o.json) io.stdout(`\nHolding for ${o.holdSeconds} s; Ctrl-C cleans up now.\n`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, o.holdSeconds * 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        if (abort.signal.aborted) wake();
      });
    }
    return EXIT.ok;
  } finally {
    if (lab !== undefined) {
      const problems = await lab.stop();
      const message = problems.length === 0 ? `Cleaned up: ${lab.built.namespaces.length} namespaces with their links, rules and processes removed.\n` : `Cleanup problems: ${problems.join('; ')}\nRun 'sudo tcpdoc lab --cleanup' to finish.\n`;
      if (o.json) io.stderr(message);
      else io.stdout(message);
    }
    off();
  }
}
