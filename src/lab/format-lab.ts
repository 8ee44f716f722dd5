// Text for `tcpdoc lab`: what a run built, where to look, and the scenario list. Pure.
import type { Palette } from '../render/color.js';
import { formatTable } from '../render/table.js';
import type { Finding } from '../model/finding.js';
import type { CleanupReport } from './cleanup.js';
import type { LabBuilt, LabScenario } from './types.js';

// The role of a namespace in a run ("server", "client"), for short labels.
function roleOf(built: LabBuilt, netns: string): string {
  return built.namespaces.find((n) => n.name === netns)?.role ?? netns;
}

// Everything the run made, grouped, with the commands to look with.
export function formatBuilt(built: LabBuilt, summary: string, p: Palette): string {
  const out: string[] = [];
  out.push(`${p.bold(`tcpdoc lab ${built.scenario}`)}: ${summary}`, '');
  out.push(p.bold('Namespaces'));
  out.push(formatTable([{ header: 'NAME' }, { header: 'ROLE' }, { header: 'ADDRESSES' }], built.namespaces.map((n) => [n.name, n.role + (built.removed.includes(n.name) ? ' (removed: the vanished peer)' : ''), n.addresses.join(' ')]), { indent: '  ' }));
  if (built.links.length > 0) {
    out.push(p.bold('Links (veth)'));
    for (const l of built.links) out.push(`  ${l.name} (${roleOf(built, l.netns)}) <-> ${l.peer} (${roleOf(built, l.peerNetns)})${built.removed.includes(l.name) || built.removed.includes(l.peerNetns) ? '  removed' : ''}`);
    out.push('');
  }
  if (built.processes.length > 0) {
    out.push(p.bold('Processes'));
    out.push(formatTable([{ header: 'PID', align: 'right' }, { header: 'NETNS' }, { header: 'WHAT' }], built.processes.map((x) => [String(x.pid), roleOf(built, x.netns), `${x.command} (${x.program}): ${x.role}${built.removed.includes(x.netns) ? ' (killed with its namespace)' : ''}`]), { indent: '  ' }));
  }
  if (built.ports.length > 0) {
    out.push(p.bold('Ports'));
    for (const port of built.ports) out.push(`  ${port.address}:${port.port} in ${roleOf(built, port.netns)}: ${port.what}`);
    out.push('');
  }
  if (built.rules.length > 0) {
    out.push(p.bold('Firewall rules (iptables, inside the namespaces)'));
    for (const r of built.rules) out.push(`  ${roleOf(built, r.netns)}: iptables ${r.rule}`, `    ${p.dim(r.why)}`);
    out.push('');
  }
  if (built.sysctls.length > 0) {
    out.push(p.bold('Sysctls (per namespace)'));
    for (const s of built.sysctls) out.push(`  ${roleOf(built, s.netns)}: ${s.key} = ${s.value}`);
    out.push('');
  }
  const observed = Object.entries(built.observed);
  if (observed.length > 0) {
    out.push(p.bold('Seen by the lab programs'));
    out.push(`  ${observed.map(([k, v]) => `${k} ${v}`).join(', ')}`, '');
  }
  out.push(p.bold(`What to expect in ${built.doctorNetns}`));
  out.push(`  ${built.expect}`, '');
  return out.join('\n') + '\n';
}

// The commands to look with while the scenario is held.
export function formatLook(built: LabBuilt, p: Palette): string {
  return `${p.bold('Look with')}\n${built.look.map((c) => `  ${c}`).join('\n')}\n`;
}

// A short list of findings: severity, id, title, subject and evidence, one block each.
export function formatFindingsBrief(findings: readonly Finding[], lang: 'en' | 'zh', p: Palette): string {
  if (findings.length === 0) return `  ${p.green('no findings')}\n`;
  const colour = { critical: p.red, warning: p.yellow, info: p.cyan } as const;
  const out: string[] = [];
  for (const f of findings) {
    out.push(`  ${colour[f.severity](f.severity.toUpperCase())} ${p.bold(f.id)}  ${f.title[lang]}${f.subject !== null ? `  (${f.subject})` : ''}`);
    for (const e of f.evidence) {
      const where = [e.address !== undefined ? e.address : null, e.port !== undefined ? `port ${e.port}` : null, e.pid !== undefined ? `${e.command ?? '?'}[${e.pid}]` : null].filter((x) => x !== null);
      out.push(`      ${e.label[lang]}: ${e.value}${e.unit !== undefined ? ` ${e.unit}` : ''}${where.length > 0 ? p.dim(`  (${where.join(', ')})`) : ''}`);
    }
  }
  return out.join('\n') + '\n';
}

// The scenario list for --list.
export function formatScenarioList(scenarios: readonly LabScenario[]): string {
  return formatTable([{ header: 'SCENARIO' }, { header: 'WHAT IT REPRODUCES' }], scenarios.map((s) => [s.name, s.summary]));
}

// What --cleanup did.
export function formatCleanup(report: CleanupReport): string {
  const lines: string[] = [];
  if (report.removedNamespaces.length === 0 && report.removedLinks.length === 0 && report.killedPids.length === 0) lines.push('No lab leftovers found.');
  for (const n of report.removedNamespaces) lines.push(`removed namespace ${n}`);
  if (report.killedPids.length > 0) lines.push(`killed processes ${report.killedPids.join(', ')}`);
  for (const l of report.removedLinks) lines.push(`removed link ${l}`);
  for (const s of report.skipped) lines.push(`left ${s.netns} alone: its run (pid ${s.ownerPid}) is still going; stop it with Ctrl-C or kill ${s.ownerPid}, or use --force`);
  for (const problem of report.problems) lines.push(`problem: ${problem}`);
  return lines.join('\n') + '\n';
}
