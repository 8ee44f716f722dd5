// The doctor's engine: runs every rule on the same inputs, sorts findings by severity and
// builds the summary (an "all clear" with the key numbers when nothing needs attention).
import { SEVERITY_ORDER, type Finding, type LocalizedText, type Severity } from '../../model/finding.js';
import type { DoctorInputs } from './inputs.js';
import type { DoctorRule } from './rule.js';
import { counterDelta, ephemeralPortCount, percent, sockstatValue, sysctlNumber, text } from './rule.js';
import { DOCTOR_RULES } from './rules/index.js';

// One number for the summary, e.g. {key: "established", value: 1234}.
export interface KeyNumber {
  key: string;
  label: LocalizedText;
  value: number;
  unit?: string;
}

export interface DoctorSummary {
  // No warning and no critical finding.
  allClear: boolean;
  counts: Record<Severity, number>;
  numbers: KeyNumber[];
}

// A rule that threw: reported, never fatal (rules are pure; this guards against a bug in one).
export interface RuleFailure {
  rule: string;
  message: string;
}

export interface DoctorResult {
  findings: Finding[];
  summary: DoctorSummary;
  rulesRun: string[];
  ruleFailures: RuleFailure[];
}

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

// Most severe first; within a severity, rules keep their registry order and subjects sort by name.
export function sortFindings(findings: readonly { finding: Finding; order: number }[]): Finding[] {
  return [...findings]
    .sort((a, b) => RANK[a.finding.severity] - RANK[b.finding.severity] || a.order - b.order || (a.finding.subject ?? '').localeCompare(b.finding.subject ?? ''))
    .map((x) => x.finding);
}

function push(out: KeyNumber[], key: string, label: LocalizedText, value: number | null | undefined, unit?: string): void {
  if (value === null || value === undefined || !Number.isFinite(value)) return;
  out.push({ key, label, value, ...(unit !== undefined ? { unit } : {}) });
}

// The numbers a healthy summary shows: sockets by main state, listeners, rates, limits in use.
export function buildKeyNumbers(inputs: DoctorInputs): KeyNumber[] {
  const out: KeyNumber[] = [];
  const s = inputs.inventory.states;
  push(out, 'sockets', text('TCP sockets', 'TCP 套接字'), inputs.inventory.total);
  push(out, 'established', text('established', '已建立'), s.ESTABLISHED);
  push(out, 'listeners', text('listeners', '监听'), s.LISTEN);
  push(out, 'timeWait', text('TIME_WAIT', 'TIME_WAIT'), s.TIME_WAIT);
  push(out, 'closeWait', text('CLOSE_WAIT', 'CLOSE_WAIT'), s.CLOSE_WAIT);
  push(out, 'synRecv', text('SYN_RECV', 'SYN_RECV'), s.SYN_RECV);
  push(out, 'synSent', text('SYN_SENT', 'SYN_SENT'), s.SYN_SENT);
  const maxAccept = Math.max(0, ...inputs.inventory.listeners.filter((l) => l.backlog !== null && l.backlog > 0).map((l) => percent(l.acceptQueue, l.backlog ?? 1)));
  if (inputs.inventory.listeners.length > 0) push(out, 'acceptQueueMaxPercent', text('fullest accept queue', '最满的 accept 队列'), maxAccept, '%');
  const opens = counterDelta(inputs, 'Tcp', 'ActiveOpens');
  const passive = counterDelta(inputs, 'Tcp', 'PassiveOpens');
  if (opens !== null) push(out, 'activeOpensPerSecond', text('new outgoing connections', '新建外连'), Math.round(opens.perSecond * 10) / 10, '/s');
  if (passive !== null) push(out, 'passiveOpensPerSecond', text('new incoming connections', '新建入连'), Math.round(passive.perSecond * 10) / 10, '/s');
  const retrans = counterDelta(inputs, 'Tcp', 'RetransSegs');
  const outSegs = counterDelta(inputs, 'Tcp', 'OutSegs');
  if (retrans !== null && outSegs !== null && outSegs.delta > 0) push(out, 'retransPercent', text('retransmitted segments', '重传报文段'), percent(retrans.delta, outSegs.delta), '%');
  const orphans = sockstatValue(inputs, 'TCP', 'orphan');
  const maxOrphans = sysctlNumber(inputs, 'net.ipv4.tcp_max_orphans');
  if (orphans !== null && maxOrphans !== null && maxOrphans > 0) push(out, 'orphansPercent', text('orphans of tcp_max_orphans', '孤儿套接字占 tcp_max_orphans'), percent(orphans, maxOrphans), '%');
  const mem = sockstatValue(inputs, 'TCP', 'mem');
  const tcpMem = inputs.sysctls['net.ipv4.tcp_mem']?.split(' ').map(Number);
  if (mem !== null && tcpMem !== undefined && tcpMem.length === 3 && (tcpMem[1] ?? 0) > 0) push(out, 'memoryPercentOfPressure', text('TCP memory of tcp_mem pressure', 'TCP 内存占 tcp_mem 压力阈值'), percent(mem, tcpMem[1] ?? 1), '%');
  const ports = ephemeralPortCount(inputs);
  if (ports !== null) push(out, 'ephemeralPorts', text('ephemeral ports per destination', '每个目的地的临时端口'), ports.usable);
  const fdShares = inputs.processes.filter((p) => p.openFds !== null && p.softLimit !== null && p.softLimit > 0).map((p) => percent(p.openFds ?? 0, p.softLimit ?? 1));
  if (fdShares.length > 0) push(out, 'fdMaxPercent', text('highest fd use of a socket-holding process', '持有套接字进程的最高 fd 使用率'), Math.max(...fdShares), '%');
  return out;
}

// Runs the rules (all of them by default) and returns sorted findings with the summary.
export function runDoctorRules(inputs: DoctorInputs, rules: readonly DoctorRule[] = DOCTOR_RULES): DoctorResult {
  const collected: { finding: Finding; order: number }[] = [];
  const ruleFailures: RuleFailure[] = [];
  rules.forEach((rule, order) => {
    try {
      for (const finding of rule.check(inputs)) collected.push({ finding, order });
    } catch (error) {
      ruleFailures.push({ rule: rule.name, message: error instanceof Error ? error.message : String(error) });
    }
  });
  const findings = sortFindings(collected);
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    findings,
    summary: { allClear: counts.critical === 0 && counts.warning === 0, counts, numbers: buildKeyNumbers(inputs) },
    rulesRun: rules.map((r) => r.name),
    ruleFailures,
  };
}

// The most severe severity among findings, or null when there are none.
export function worstSeverity(findings: readonly Finding[]): Severity | null {
  for (const s of SEVERITY_ORDER) if (findings.some((f) => f.severity === s)) return s;
  return null;
}
