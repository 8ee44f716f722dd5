// tcpdoc sysctl: audit of the TCP kernel settings (current values, or a sysctl.conf file before it is applied).
import fs from 'node:fs';
import type { Command } from '../command.js';
import type { CliIo } from '../io.js';
import { parseCommandArgs, parseIntegerOption, readFlag, readString, type ParsedArgs } from '../args.js';
import { detectLang } from './explain.js';
import { AUDITED_KEYS, CONTEXT_KEYS, GLOBAL_KEYS, auditSysctls } from '../../analysis/sysctl/audit.js';
import { buildCorrectedConf } from '../../analysis/sysctl/correct-sysctl-conf.js';
import { collectConfValues, parseSysctlConf, type SysctlConf } from '../../analysis/sysctl/parse-sysctl-conf.js';
import { VERDICT_RANK, type SysctlVerdict, type SysctlVerdictKind } from '../../analysis/sysctl/verdict.js';
import type { Lang } from '../../knowledge/types.js';
import { EXIT, TcpdocError } from '../../model/errors.js';
import { makePalette, shouldColor } from '../../render/color.js';
import { formatJson } from '../../render/json.js';
import { formatSysctlText, type SysctlTextReport } from '../../render/sysctl-text.js';
import type { NetnsTarget } from '../../sources/kernel/netns.js';
import { findMissingSysctls, readSysctlConfFile, readSysctlValues } from '../../sources/kernel/sysctl-values.js';

const SCHEMA = 'tcpdoc.sysctl/1';

const HELP = `tcpdoc sysctl - audit the TCP kernel settings: value, default, verdict, why, source

Usage: tcpdoc sysctl [--all] [--netns NAME | --pid-ns PID] [--lang en|zh] [--json] [--fail-on wrong|look]
       tcpdoc sysctl --check FILE [--corrected | --write-corrected OUT] [options]

Every TCP setting tcpdoc knows (syncookies, somaxconn, tcp_tw_reuse, tcp_fin_timeout,
keepalive, retries, port range, buffers, ...) is judged for the running kernel:
  fine   nothing to do
  look   worth a look: depends on the workload, or differs from the default for little gain
  wrong  change it: it breaks connections, or the kernel will refuse it
By default only settings that are not fine are listed (with why, what to do and the source),
followed by a count; --all lists every setting. See docs/sysctl.md for every rule.

Options:
  --all                   list every audited setting, fine ones too
  --check FILE            audit a sysctl.conf / sysctl.d file before it is applied: its values
                          override the current ones; lists every setting the file makes, syntax
                          problems with line numbers, and keys this kernel does not have
  --corrected             with --check: print the corrected file instead of the report (wrong
                          lines commented out or fixed, each with a "# tcpdoc:" note)
  --write-corrected OUT   with --check: also write the corrected file to OUT
  --netns NAME            audit inside a network namespace made by 'ip netns' (root); most TCP
                          settings are per namespace; tcp_mem, tcp_max_orphans,
                          netdev_max_backlog and net.core.{r,w}mem_{max,default} are
                          host-wide and read from the host
  --pid-ns PID            audit the network namespace of process PID, e.g. a container's (root)
  --lang en|zh            language (default: from LC_ALL, LC_MESSAGES or LANG; zh* gives Chinese)
  --json                  print {"schema": "${SCHEMA}", "kernel", "settings": [...], ...}
                          (every setting, see docs/json.md)
  --fail-on wrong|look    exit 1 when a setting is wrong (or wrong or worth a look)
  -h, --help              show this help

Exit codes: 0 done (and nothing at or above --fail-on), 1 a setting at or above --fail-on
(with --check, syntax errors in the file count as wrong), 2 usage error, unreadable file, or a
namespace or process that does not exist, 3 environment error (namespace not enterable).

Examples:
  tcpdoc sysctl
  tcpdoc sysctl --all --lang zh
  tcpdoc sysctl --check /etc/sysctl.d/99-tuning.conf
  tcpdoc sysctl --check 99-tuning.conf --corrected > 99-tuning.fixed.conf
  tcpdoc sysctl --check 99-tuning.conf --write-corrected 99-tuning.fixed.conf --fail-on wrong
  sudo tcpdoc sysctl --netns web1 --json
  sudo tcpdoc sysctl --pid-ns 4242 --fail-on wrong
`;

function readLang(value: string | undefined, env: NodeJS.ProcessEnv): Lang {
  if (value === undefined) return detectLang(env);
  if (value === 'en' || value === 'zh') return value;
  throw new TcpdocError('USAGE', `sysctl: --lang must be en or zh, got '${value}'`, { hint: 'Example: --lang zh' });
}

function readFailOn(value: string | undefined): SysctlVerdictKind | undefined {
  if (value === undefined) return undefined;
  if (value === 'wrong' || value === 'look') return value;
  throw new TcpdocError('USAGE', `sysctl: --fail-on must be wrong or look, got '${value}'`, { hint: 'Example: --fail-on wrong' });
}

function readTarget(args: ParsedArgs): NetnsTarget | undefined {
  const netns = readString(args, 'netns');
  const pidNs = readString(args, 'pid-ns');
  if (netns !== undefined && pidNs !== undefined) throw new TcpdocError('USAGE', 'sysctl: use either --netns or --pid-ns, not both');
  if (netns !== undefined) return { name: netns };
  if (pidNs !== undefined) return { pid: parseIntegerOption('sysctl', 'pid-ns', pidNs, { min: 1, max: 2 ** 22 }) };
  return undefined;
}

interface CheckedFile {
  path: string;
  conf: SysctlConf;
  lineOf: Map<string, number>;
  missing: string[];
}

function toJsonSetting(v: SysctlVerdict, lang: Lang): Record<string, unknown> {
  return { key: v.key, value: v.value, default: v.defaultValue, verdict: v.verdict, reason: v.reason[lang], advice: v.advice[lang], sources: v.sources, related: v.related };
}

// Why --write-corrected could not write, and what to do: permission is an environment problem, the rest a bad path.
function describeWriteError(path: string, error: unknown): TcpdocError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new TcpdocError('NO_PERMISSION', `cannot write the corrected file to ${path} (${code})`, { hint: 'Write it somewhere you may write, e.g. --write-corrected ./99-tuning.fixed.conf, then copy it with sudo.', cause: error });
  }
  const why = code === 'ENOENT' ? 'its directory does not exist' : code === 'EISDIR' ? 'it is a directory' : code === 'ENOTDIR' ? 'a part of the path is not a directory' : `the system refused (${code})`;
  return new TcpdocError('BAD_INPUT', `cannot write the corrected file to ${path}: ${why}`, { hint: 'Give a file path in an existing directory, e.g. --write-corrected ./99-tuning.fixed.conf.', cause: error });
}

// The sysctl command.
export const command: Command = {
  help: HELP,
  run: async (argv, io: CliIo) => {
    const args = parseCommandArgs('sysctl', argv, {
      all: { type: 'boolean' },
      check: { type: 'string' },
      corrected: { type: 'boolean' },
      'write-corrected': { type: 'string' },
      netns: { type: 'string' },
      'pid-ns': { type: 'string' },
      lang: { type: 'string' },
      json: { type: 'boolean' },
      'fail-on': { type: 'string' },
    });
    if (args.positionals.length > 0) throw new TcpdocError('USAGE', `sysctl: unexpected argument '${args.positionals[0]}'`, { hint: 'To audit a file, use --check FILE.' });
    const lang = readLang(readString(args, 'lang'), io.env);
    const failOn = readFailOn(readString(args, 'fail-on'));
    const target = readTarget(args);
    const checkPath = readString(args, 'check');
    const printCorrected = readFlag(args, 'corrected');
    const writeCorrected = readString(args, 'write-corrected');
    const json = readFlag(args, 'json');
    if (checkPath === '' || writeCorrected === '') {
      throw new TcpdocError('USAGE', `sysctl: ${checkPath === '' ? '--check' : '--write-corrected'} needs a file path, got an empty string`, { hint: 'Example: tcpdoc sysctl --check /etc/sysctl.d/99-tuning.conf --write-corrected 99-tuning.fixed.conf' });
    }
    if (checkPath === undefined && (printCorrected || writeCorrected !== undefined)) {
      throw new TcpdocError('USAGE', 'sysctl: --corrected and --write-corrected need --check FILE');
    }
    if (printCorrected && json) throw new TcpdocError('USAGE', 'sysctl: use either --corrected or --json (the JSON holds the corrected text under check.corrected)');

    const options = target !== undefined ? { netns: target } : {};
    const current = readSysctlValues([...AUDITED_KEYS, ...CONTEXT_KEYS], GLOBAL_KEYS, options);
    let checked: CheckedFile | undefined;
    let values = current.values;
    if (checkPath !== undefined) {
      const conf = parseSysctlConf(readSysctlConfFile(checkPath));
      const fileValues = collectConfValues(conf);
      values = { ...values, ...fileValues };
      const lineOf = new Map(conf.settings.map((s) => [s.key, s.line]));
      const missing = findMissingSysctls(Object.keys(fileValues), GLOBAL_KEYS, options)
        // The audit itself explains keys it knows are gone or not yet there (tcp_tw_recycle, tcp_tw_reuse_delay).
        .filter((k) => !AUDITED_KEYS.includes(k));
      checked = { path: checkPath, conf, lineOf, missing };
    }
    const verdicts = auditSysctls(values, current.kernelRelease);
    const corrected = checked !== undefined ? buildCorrectedConf(checked.conf, verdicts, lang, checked.missing) : undefined;
    if (writeCorrected !== undefined && corrected !== undefined) {
      try {
        fs.writeFileSync(writeCorrected, corrected.text);
      } catch (error) {
        throw describeWriteError(writeCorrected, error);
      }
    }

    const all = readFlag(args, 'all');
    // Worst first; within a verdict, the audit's order (listen path, closing, timers, memory, features).
    const shown = verdicts
      .filter((v) => all || (checked !== undefined ? checked.lineOf.has(v.key) : v.verdict !== 'fine'))
      .sort((a, b) => VERDICT_RANK[b.verdict] - VERDICT_RANK[a.verdict]);
    const fileErrors = checked !== undefined ? checked.conf.problems.filter((p) => p.severity === 'error').length + checked.missing.length : 0;

    if (printCorrected && corrected !== undefined) {
      io.stdout(corrected.text);
    } else if (json) {
      const body: Record<string, unknown> = {
        kernel: current.kernelRelease,
        netns: current.netnsLabel ?? null,
        lang,
        summary: { wrong: verdicts.filter((v) => v.verdict === 'wrong').length, look: verdicts.filter((v) => v.verdict === 'look').length, fine: verdicts.filter((v) => v.verdict === 'fine').length },
        settings: verdicts.map((v) => toJsonSetting(v, lang)),
        unreadable: current.unreadable,
        check: checked === undefined ? null : {
          file: checked.path,
          settings: checked.conf.settings.map((s) => ({ line: s.line, key: s.key, value: s.value, ignoreErrors: s.ignoreErrors, audited: AUDITED_KEYS.includes(s.key) })),
          problems: checked.conf.problems.map((p) => ({ line: p.line, severity: p.severity, message: p.message[lang], text: p.text })),
          missing: checked.missing,
          corrected: corrected?.text ?? '',
          changed: corrected?.changed ?? 0,
        },
      };
      io.stdout(formatJson(SCHEMA, body));
    } else {
      const report: SysctlTextReport = { kernelRelease: current.kernelRelease, all: verdicts, shown, unreadable: current.unreadable };
      if (current.netnsLabel !== undefined) report.netnsLabel = current.netnsLabel;
      if (checked !== undefined) report.check = { path: checked.path, problems: checked.conf.problems, lineOf: checked.lineOf, missing: checked.missing };
      io.stdout(formatSysctlText(report, { palette: makePalette(shouldColor(io.env, io.isTTY)), lang }));
      if (writeCorrected !== undefined && corrected !== undefined) {
        io.stdout(lang === 'zh' ? `\n已写入修正后的文件 ${writeCorrected}（修改 ${corrected.changed} 行）。\n` : `\nWrote the corrected file to ${writeCorrected} (${corrected.changed} line${corrected.changed === 1 ? '' : 's'} changed).\n`);
      }
    }

    if (failOn === undefined) return EXIT.ok;
    // With --check only what the file sets counts; otherwise every setting.
    const judged = checked !== undefined ? verdicts.filter((v) => checked.lineOf.has(v.key)) : verdicts;
    const failing = judged.some((v) => VERDICT_RANK[v.verdict] >= VERDICT_RANK[failOn]) || fileErrors > 0;
    return failing ? EXIT.findings : EXIT.ok;
  },
};
