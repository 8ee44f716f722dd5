// Parses the ss filter language (man 8 ss, FILTER; iproute2 misc/ssfilter.y) into a FilterExpr.
//
// Grammar, as ss actually parses it:
//   filter   := [state-run] [exprlist]
//   exprlist := expr { [and|or] expr }     -- strictly left to right, no precedence
//   expr     := '(' exprlist ')' | not expr | state-run | condition
//   state-run:= { (state|exclude|excl) NAME }  -- ss applies them in order to a mask
// ssfilter.y declares precedence, but its rules take a single `expr` on the right,
// so `a or b and c` is `(a or b) and c` in ss; tcpdoc keeps that meaning so a filter
// selects the same sockets here as in ss. A leading state-run applies to the whole
// expression (ss turns it into idiag_states); tcpdoc also accepts one inside.
import type { CompareOp, FilterExpr, FilterSide } from '../../model/filter.js';
import { TCP_STATES, type TcpState } from '../../model/tcp-state.js';
import { TcpdocError } from '../../model/errors.js';
import { MAX_FILTER_TOKENS, tokenizeFilter, type FilterToken } from './tokenize-filter.js';
import { listStateNames, lookupStateName, suggestStateName } from './state-names.js';
import { parseHostText, parsePortText } from './parse-host.js';

export interface ParseFilterOptions {
  // Extra TCP service names (e.g. parsed from /etc/services); the built-in table is the fallback.
  services?: ReadonlyMap<string, number>;
}

// What the parser accepts, for error hints and --help.
export const FILTER_SYNTAX_HINT =
  'Filter syntax (as in ss): [state NAME | exclude NAME]... EXPRESSION, where EXPRESSION combines ' +
  'sport|dport [=|!=|<|<=|>|>=] :PORT, src|dst [=|!=] HOST, and/&&, or/||, not/!, and ( ). ' +
  'HOST is *, 10.0.0.1, 10.0.0.0/8, [::1], [2001:db8::]/32 or 2001:db8::/32, each optionally with :PORT. ' +
  'PORT is a number or a service name like ssh or https. Adjacent conditions are joined by "and"; ' +
  'and/or are applied left to right, so use parentheses. ' +
  `States: ${listStateNames().join(', ')}.`;

const AND_WORDS = new Set(['and', '&', '&&']);
const OR_WORDS = new Set(['or', '|', '||']);
const NOT_WORDS = new Set(['not', '!']);
const STATE_WORDS = new Set(['state', 'exclude', 'excl']);
const EQ_WORDS = new Set(['=', '==', 'eq']);
const NE_WORDS = new Set(['!=', 'ne', 'neq']);
const PORT_OPS: ReadonlyMap<string, CompareOp> = new Map<string, CompareOp>([
  ...[...EQ_WORDS].map((w) => [w, 'eq'] as const),
  ...[...NE_WORDS].map((w) => [w, 'ne'] as const),
  ['<', 'lt'],
  ['lt', 'lt'],
  ['<=', 'le'],
  ['le', 'le'],
  ['leq', 'le'],
  ['>', 'gt'],
  ['gt', 'gt'],
  ['>=', 'ge'],
  ['ge', 'ge'],
  ['geq', 'ge'],
]);
// Deepest nesting of parentheses and `not`, so hostile input cannot exhaust the stack.
const MAX_DEPTH = 200;

// Parses argv words or one string; an empty filter is { kind: 'all' }. Throws TcpdocError('BAD_FILTER').
export function parseFilter(input: string | readonly string[], options: ParseFilterOptions = {}): FilterExpr {
  const tokens = tokenizeFilter(input);
  const source = typeof input === 'string' ? input : input.join(' ');
  const endColumn = source.length + 1;
  if (tokens.length > MAX_FILTER_TOKENS) {
    throw badFilter(`the filter has ${tokens.length} words; at most ${MAX_FILTER_TOKENS} are accepted`);
  }
  return new FilterParser(tokens, endColumn, options, source).parseAll();
}

class FilterParser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly FilterToken[],
    private readonly endColumn: number,
    private readonly options: ParseFilterOptions,
    private readonly source: string = '',
  ) {}

  parseAll(): FilterExpr {
    let states: FilterExpr | null = null;
    if (this.peekIn(STATE_WORDS)) {
      states = this.parseStateRun();
      // `state established and dport = :22` reads naturally; ss would reject the "and".
      const after = this.peek();
      if (after !== undefined && AND_WORDS.has(after.text) && this.tokens[this.index + 1] !== undefined) this.index++;
      // `state listening or dport = :22` (an error in ss): the run is just the first operand.
      if (after !== undefined && OR_WORDS.has(after.text)) {
        const whole = this.parseExprList(states);
        return this.finish(whole);
      }
    }
    let rest: FilterExpr | null = null;
    if (this.peek() !== undefined) rest = this.parseExprList();
    const combined: FilterExpr | null = states !== null && rest !== null ? { kind: 'and', left: states, right: rest } : (states ?? rest);
    return this.finish(combined ?? { kind: 'all' });
  }

  // Everything must have been consumed.
  private finish(expr: FilterExpr): FilterExpr {
    const stray = this.peek();
    if (stray !== undefined) {
      if (stray.text === ')') throw this.errorAt(stray, `unbalanced ")" with no "(" before it`);
      throw this.errorAt(stray, `unexpected "${stray.text}"`);
    }
    return expr;
  }

  private parseExprList(first?: FilterExpr): FilterExpr {
    let left = first ?? this.parseExpr();
    for (;;) {
      const next = this.peek();
      if (next === undefined || next.text === ')') return left;
      let kind: 'and' | 'or' = 'and';
      if (AND_WORDS.has(next.text) || OR_WORDS.has(next.text)) {
        kind = OR_WORDS.has(next.text) ? 'or' : 'and';
        this.index++;
        const operand = this.peek();
        if (operand === undefined || operand.text === ')' || AND_WORDS.has(operand.text) || OR_WORDS.has(operand.text)) {
          throw this.errorAt(operand, `missing condition after "${next.text}"`);
        }
      }
      const right = this.parseExpr();
      left = { kind, left, right };
    }
  }

  private parseExpr(): FilterExpr {
    const token = this.peek();
    if (token === undefined) throw this.errorAt(undefined, 'missing condition');
    if (token.text === '(') {
      this.enter(token);
      this.index++;
      if (this.peek()?.text === ')') throw this.errorAt(this.peek(), 'empty parentheses');
      const inner = this.parseExprList();
      const close = this.peek();
      if (close?.text !== ')') throw this.errorAt(close, `missing ")" to close the "(" at column ${token.column}`);
      this.index++;
      this.depth--;
      return inner;
    }
    if (NOT_WORDS.has(token.text)) {
      this.enter(token);
      this.index++;
      const operand = this.peek();
      if (operand === undefined || operand.text === ')' || AND_WORDS.has(operand.text) || OR_WORDS.has(operand.text)) {
        throw this.errorAt(operand, `missing condition after "${token.text}"`);
      }
      const expr = this.parseExpr();
      this.depth--;
      return { kind: 'not', expr };
    }
    if (STATE_WORDS.has(token.text)) return this.parseStateRun();
    switch (token.text) {
      case 'sport':
      case 'dport':
        this.index++;
        return this.parsePortCondition(token.text === 'sport' ? 'src' : 'dst', token);
      case 'src':
      case 'dst':
        this.index++;
        return this.parseHostCondition(token.text, token);
      case 'dev':
      case 'fwmark':
      case 'cgroup':
      case 'autobound':
        throw this.errorAt(token, `"${token.text}" conditions are not supported by tcpdoc`);
      case ')':
        throw this.errorAt(token, 'unbalanced ")" with no "(" before it');
      default:
        if (AND_WORDS.has(token.text) || OR_WORDS.has(token.text)) {
          throw this.errorAt(token, `missing condition before "${token.text}"`);
        }
        throw this.errorAt(token, `unexpected "${token.text}"; expected a condition such as "dport = :443"`);
    }
  }

  // A run of state/exclude clauses, folded into one mask in order, as ss's main() does.
  private parseStateRun(): FilterExpr {
    let mask: Set<TcpState> | null = null;
    while (this.peekIn(STATE_WORDS)) {
      const keyword = this.next();
      const nameToken = this.peek();
      if (nameToken === undefined || nameToken.text === '(' || nameToken.text === ')') {
        throw this.errorAt(nameToken, `missing state name after "${keyword.text}"`);
      }
      this.index++;
      const states = lookupStateName(nameToken.text);
      if (states === undefined) {
        const suggestion = suggestStateName(nameToken.text);
        throw this.errorAt(
          nameToken,
          `unknown state "${nameToken.text}"${suggestion === undefined ? '' : `; did you mean "${suggestion}"?`}`,
        );
      }
      if (keyword.text === 'state') {
        mask ??= new Set();
        for (const s of states) mask.add(s);
      } else {
        mask ??= new Set(TCP_STATES);
        for (const s of states) mask.delete(s);
      }
    }
    return { kind: 'state', states: TCP_STATES.filter((s) => mask?.has(s) === true) };
  }

  private parsePortCondition(side: FilterSide, keyword: FilterToken): FilterExpr {
    let op: CompareOp = 'eq';
    const maybeOp = this.peek();
    const known = maybeOp === undefined ? undefined : PORT_OPS.get(maybeOp.text);
    if (known !== undefined) {
      op = known;
      this.index++;
    }
    const operand = this.operand(keyword, 'a port such as :443');
    const port = parsePortText(operand.text, this.options.services);
    if (!port.ok) throw this.errorAt(operand, `bad port "${operand.text}": ${port.reason}`);
    if (port.port === '*') {
      // ss turns `sport = *` into a host condition with no address and any port: always true.
      if (op !== 'eq' && op !== 'ne') throw this.errorAt(operand, `"*" only works with = or !=`);
      const any: FilterExpr = { kind: 'host', side, family: null, address: null, prefixLength: 0, port: null };
      return op === 'eq' ? any : { kind: 'not', expr: any };
    }
    return { kind: 'port', side, op, port: port.port };
  }

  private parseHostCondition(keyword: 'src' | 'dst', token: FilterToken): FilterExpr {
    let negate = false;
    const maybeOp = this.peek();
    if (maybeOp !== undefined && (EQ_WORDS.has(maybeOp.text) || NE_WORDS.has(maybeOp.text))) {
      negate = NE_WORDS.has(maybeOp.text);
      this.index++;
    } else if (maybeOp !== undefined && PORT_OPS.has(maybeOp.text)) {
      throw this.errorAt(maybeOp, `"${keyword}" compares with = or != only; use sport/dport for port ranges`);
    }
    const operand = this.operand(token, 'a host such as 10.0.0.0/8 or [::1]:443');
    const host = parseHostText(operand.text, this.options.services);
    if (!host.ok) throw this.errorAt(operand, `bad address "${operand.text}": ${host.reason}`);
    const expr: FilterExpr = { kind: 'host', side: keyword, ...host.host };
    return negate ? { kind: 'not', expr } : expr;
  }

  // The operand after a keyword (and optional operator); keywords and parentheses do not count.
  private operand(keyword: FilterToken, what: string): FilterToken {
    const t = this.peek();
    if (t === undefined || t.text === '(' || t.text === ')' || AND_WORDS.has(t.text) || OR_WORDS.has(t.text)) {
      throw this.errorAt(t, `missing operand after "${keyword.text}": expected ${what}`);
    }
    this.index++;
    return t;
  }

  private enter(token: FilterToken): void {
    if (++this.depth > MAX_DEPTH) throw this.errorAt(token, `nesting deeper than ${MAX_DEPTH} levels`);
  }

  private peek(): FilterToken | undefined {
    return this.tokens[this.index];
  }

  private peekIn(words: ReadonlySet<string>): boolean {
    const t = this.peek();
    return t !== undefined && words.has(t.text);
  }

  private next(): FilterToken {
    const t = this.tokens[this.index++];
    if (t === undefined) throw this.errorAt(undefined, 'unexpected end of filter');
    return t;
  }

  private errorAt(token: FilterToken | undefined, message: string): TcpdocError {
    const where = token === undefined ? `at the end (column ${this.endColumn})` : `at column ${token.column}`;
    return badFilter(`bad filter: ${message} ${where}\n${pointAt(this.source, token?.column ?? this.endColumn, token?.text.length ?? 1)}`);
  }
}

// The filter with a caret line under the bad token, as compilers show errors.
export function pointAt(source: string, column: number, width: number): string {
  // Very long filters are cut around the token so the caret stays on screen.
  const start = Math.max(0, column - 1 - 40);
  const shown = source.slice(start, start + 100);
  return `  ${start > 0 ? '...' : ''}${shown}\n  ${' '.repeat(column - 1 - start + (start > 0 ? 3 : 0))}${'^'.repeat(Math.max(1, width))}`;
}

function badFilter(message: string): TcpdocError {
  return new TcpdocError('BAD_FILTER', message, { hint: FILTER_SYNTAX_HINT });
}
