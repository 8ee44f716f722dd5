// tcpdoc doctor: what is wrong with TCP on this host (or in a namespace), with the evidence and the fix.
import type { Command } from '../command.js';
import type { CliIo } from '../io.js';
import { parseCommandArgs, readFlag, readNumber, readString } from '../args.js';
import { readSnapshotFlags } from '../snapshot-flags.js';
import { runDoctor, DEFAULT_WINDOW_MS, type DoctorOptions, type DoctorReport } from '../../api/doctor.js';
import { formatDoctorText, type DoctorLang } from '../../render/doctor-text.js';
import { buildDoctorDocument, DOCTOR_SCHEMA } from '../../render/doctor-json.js';
import { formatJson } from '../../render/json.js';
import { makePalette, shouldColor } from '../../render/color.js';
import { EXIT, TcpdocError } from '../../model/errors.js';
import type { Severity } from '../../model/finding.js';

const HELP = `Usage: tcpdoc doctor [OPTIONS]

Looks at every TCP socket, the kernel's TCP counters (sampled twice to get rates),
TCP settings, open-file limits and the kernel log, and says what is wrong: CLOSE_WAIT
leaks, SYN floods, full accept queues, TIME_WAIT and ephemeral port exhaustion,
unanswered connects, stuck closes, half-open and stalled connections, retransmission
and reset rates, kernel limits, processes near their fd limit and risky settings.
Each finding has evidence (ports, processes, peers, counts), an explanation and the
fix. A healthy host gets a short "all clear" with the key numbers. Rules and
thresholds: docs/doctor.md.

Options:
  --window SECONDS        time between the two counter samples (default ${DEFAULT_WINDOW_MS / 1000}); 0 takes
                          one sample: faster, but no rates (retransmissions, resets,
                          overflows during the window)
  --fail-on LEVEL         exit 1 when a finding at LEVEL or worse exists: warning or
                          critical (default: exit 0 whatever is found)
  --lang en|zh            language (default: from LC_ALL, LC_MESSAGES or LANG)
  --json                  print the tcpdoc.doctor/1 document (docs/json.md)
  --no-kernel-log         do not read the kernel log
  --source auto|netlink|proc
                          socket source (default auto: netlink, /proc/net/tcp fallback)
  --netns NAME            look inside a network namespace made by 'ip netns' (root)
  --pid-ns PID            look inside the network namespace of process PID, e.g. a
                          container's (root; docker inspect -f '{{.State.Pid}}' NAME)
  -h, --help              show this help

Exit codes: 0 fine (or findings below --fail-on), 1 findings at or above --fail-on,
2 usage error (also a namespace or process that does not exist), 3 environment error
(e.g. no permission to enter a namespace).

Examples:
  tcpdoc doctor
  tcpdoc doctor --window 0 --json
  tcpdoc doctor --fail-on warning        # in cron or CI
  sudo tcpdoc doctor --netns web --lang zh
  sudo tcpdoc doctor --pid-ns $(docker inspect -f '{{.State.Pid}}' api)
`;

const OPTIONS = {
  source: { type: 'string' as const },
  netns: { type: 'string' as const },
  'pid-ns': { type: 'string' as const },
  window: { type: 'string' as const },
  'fail-on': { type: 'string' as const },
  lang: { type: 'string' as const },
  json: { type: 'boolean' as const },
  'no-kernel-log': { type: 'boolean' as const },
};

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

// Chinese when the locale says so: LC_ALL wins over LC_MESSAGES, which wins over LANG.
export function detectDoctorLang(env: NodeJS.ProcessEnv): DoctorLang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return locale !== undefined && /^zh/i.test(locale) ? 'zh' : 'en';
}

function readLang(value: string | undefined, env: NodeJS.ProcessEnv): DoctorLang {
  if (value === undefined) return detectDoctorLang(env);
  if (value === 'en' || value === 'zh') return value;
  throw new TcpdocError('USAGE', `doctor: --lang must be en or zh, got '${value}'`, { hint: 'Example: --lang zh' });
}

function readFailOn(value: string | undefined): Severity | null {
  if (value === undefined) return null;
  if (value === 'warning' || value === 'critical') return value;
  throw new TcpdocError('USAGE', `doctor: --fail-on must be warning or critical, got '${value}'`, { hint: 'Example: --fail-on warning' });
}

// The exit code for a report: 1 when a finding reaches failOn.
export function exitCodeForFindings(report: Pick<DoctorReport, 'findings'>, failOn: Severity | null): number {
  if (failOn === null) return EXIT.ok;
  return report.findings.some((f) => RANK[f.severity] >= RANK[failOn]) ? EXIT.findings : EXIT.ok;
}

// The command with its doctor runner passed in (tests give it recorded reports).
export function createDoctorCommand(run: (options: DoctorOptions) => Promise<DoctorReport>): Command {
  return {
    help: HELP,
    run: async (argv: string[], io: CliIo) => {
      const args = parseCommandArgs('doctor', argv, OPTIONS);
      if (args.positionals.length > 0) throw new TcpdocError('USAGE', `doctor: unexpected argument '${args.positionals[0]}'`, { hint: "Run 'tcpdoc doctor --help'." });
      const snap = readSnapshotFlags('doctor', args);
      const windowSeconds = readNumber(args, 'doctor', 'window', { min: 0, max: 3600 });
      const lang = readLang(readString(args, 'lang'), io.env);
      const failOn = readFailOn(readString(args, 'fail-on'));
      const options: DoctorOptions = {
        ...(snap.netns !== undefined ? { netns: snap.netns } : {}),
        ...(snap.pidNs !== undefined ? { pidNs: snap.pidNs } : {}),
        ...(snap.source !== undefined ? { source: snap.source } : {}),
        windowMs: windowSeconds === undefined ? DEFAULT_WINDOW_MS : Math.round(windowSeconds * 1000),
        now: io.now(),
        kernelLog: !readFlag(args, 'no-kernel-log'),
      };
      const report = await run(options);
      if (readFlag(args, 'json')) {
        io.stdout(formatJson(DOCTOR_SCHEMA, buildDoctorDocument(report.findings, report.summary, report, lang)));
      } else {
        const palette = makePalette(shouldColor(io.env, io.isTTY));
        const notes = [...report.notes, ...report.ruleFailures.map((r) => `rule ${r.rule} failed: ${r.message}`)];
        io.stdout(formatDoctorText(report.findings, report.summary, { namespace: report.namespace, kernelRelease: report.kernelRelease, windowMs: report.windowMs, time: new Date(report.takenAt).toISOString(), notes }, lang, palette));
      }
      return exitCodeForFindings(report, failOn);
    },
  };
}

export const command: Command = createDoctorCommand(runDoctor);
