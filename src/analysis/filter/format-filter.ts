// Prints a FilterExpr back in ss syntax, for --json echoes and messages. The text
// parses back to the same tree; when states lead the filter and the rest uses only
// ss forms, ss itself accepts it too. and/or are parenthesized wherever a reader
// might assume a precedence ss does not have.
import type { CompareOp, FilterExpr } from '../../model/filter.js';
import { TCP_STATES, type TcpState } from '../../model/tcp-state.js';
import { SS_STATE_GROUPS, SS_STATE_NAMES } from './state-names.js';

const OP_TEXT: Readonly<Record<CompareOp, string>> = { eq: '=', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };

// ss text for a filter; '' for { kind: 'all' }.
export function formatFilter(expr: FilterExpr): string {
  if (expr.kind === 'all') return '';
  // A leading state run applies to everything after it, as in ss.
  if (expr.kind === 'and' && expr.left.kind === 'state') {
    return `${formatStates(expr.left.states)} ${formatOperand(expr.right, 'and', true)}`;
  }
  return formatNode(expr, true);
}

// atStart: the node's text begins the filter, where a state run would bind to everything after it.
function formatNode(expr: FilterExpr, atStart = false): string {
  switch (expr.kind) {
    case 'all':
      // No ss spelling for "true" inside an expression; `sport = *` means it.
      return 'sport = *';
    case 'state':
      return expr.states.length === 0 ? 'exclude all' : formatStates(expr.states);
    case 'not':
      return `not ${expr.expr.kind === 'and' || expr.expr.kind === 'or' ? `( ${formatNode(expr.expr)} )` : formatNode(expr.expr)}`;
    case 'and':
    case 'or':
      return `${formatOperand(expr.left, expr.kind, false, atStart)} ${expr.kind} ${formatOperand(expr.right, expr.kind, true)}`;
    case 'port':
      return `${expr.side === 'src' ? 'sport' : 'dport'} ${OP_TEXT[expr.op]} :${expr.port}`;
    case 'host':
      return `${expr.side} ${formatHost(expr)}`;
  }
}

// Left operands of the same operator need no parentheses (ss is left-associative);
// everything else binary is wrapped, and so is a state run that would open the filter.
function formatOperand(expr: FilterExpr, parent: 'and' | 'or', isRight: boolean, atStart = false): string {
  const binary = expr.kind === 'and' || expr.kind === 'or';
  const needs = (binary && (isRight || expr.kind !== parent)) || (expr.kind === 'state' && atStart);
  const text = formatNode(expr, atStart && !needs);
  return needs ? `( ${text} )` : text;
}

// The shortest run of clauses for a state set: a group name, `state` names, or `exclude` names.
export function formatStates(states: readonly TcpState[]): string {
  const set = new Set(states);
  for (const [group, members] of Object.entries(SS_STATE_GROUPS)) {
    if (members.length === set.size && members.every((s) => set.has(s))) return `state ${group}`;
  }
  const included = TCP_STATES.filter((s) => set.has(s));
  const excluded = TCP_STATES.filter((s) => !set.has(s));
  if (included.length === 0) return 'exclude all';
  if (excluded.length < included.length) return excluded.map((s) => `exclude ${SS_STATE_NAMES[s]}`).join(' ');
  return included.map((s) => `state ${SS_STATE_NAMES[s]}`).join(' ');
}

// HOST in a form ss parses: IPv6 in brackets, or bare with a prefix length (ss reads
// `2001:db8::/32` but not `[2001:db8::]/32`).
function formatHost(host: Extract<FilterExpr, { kind: 'host' }>): string {
  const port = host.port === null ? '' : `:${host.port}`;
  if (host.address === null) return `*${port}`;
  if (host.family === 6) {
    return host.prefixLength === 128 ? `[${host.address}]${port}` : `${host.address}/${host.prefixLength}${port}`;
  }
  return `${host.address}${host.prefixLength === 32 ? '' : `/${host.prefixLength}`}${port}`;
}
