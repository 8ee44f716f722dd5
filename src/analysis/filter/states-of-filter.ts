// The TCP states a filter can match, to narrow the idiag_states mask of a dump.
import type { FilterExpr } from '../../model/filter.js';
import { TCP_STATES, type TcpState } from '../../model/tcp-state.js';

// The states a filter can possibly match, in kernel order, so a dump can ask the
// kernel for only those (idiag_states). Exact for pure state expressions, a safe
// superset otherwise.
export function statesOfFilter(expr: FilterExpr): TcpState[] {
  const set = possibleStates(expr);
  return TCP_STATES.filter((s) => set.has(s));
}

function possibleStates(expr: FilterExpr): Set<TcpState> {
  const exact = exactStates(expr);
  if (exact !== null) return exact;
  switch (expr.kind) {
    case 'and': {
      const l = possibleStates(expr.left);
      const r = possibleStates(expr.right);
      return new Set([...l].filter((s) => r.has(s)));
    }
    case 'or':
      return new Set([...possibleStates(expr.left), ...possibleStates(expr.right)]);
    case 'not': {
      // not (A or B) = not A and not B: each side narrows when it is exact.
      const inner = expr.expr;
      if (inner.kind === 'or') {
        return possibleStates({ kind: 'and', left: { kind: 'not', expr: inner.left }, right: { kind: 'not', expr: inner.right } });
      }
      if (inner.kind === 'not') return possibleStates(inner.expr);
      return new Set(TCP_STATES);
    }
    default:
      return new Set(TCP_STATES);
  }
}

// The exact state set when the expression depends on the state alone, else null.
function exactStates(expr: FilterExpr): Set<TcpState> | null {
  switch (expr.kind) {
    case 'all':
      return new Set(TCP_STATES);
    case 'state':
      return new Set(expr.states);
    case 'not': {
      const inner = exactStates(expr.expr);
      return inner === null ? null : new Set(TCP_STATES.filter((s) => !inner.has(s)));
    }
    case 'and':
    case 'or': {
      const l = exactStates(expr.left);
      const r = exactStates(expr.right);
      if (l === null || r === null) return null;
      return expr.kind === 'and' ? new Set([...l].filter((s) => r.has(s))) : new Set([...l, ...r]);
    }
    default:
      return null;
  }
}
