import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFilter } from './parse-filter.js';
import { formatFilter } from './format-filter.js';
import { parseServicesFile } from './service-ports.js';
import { tokenizeFilter } from './tokenize-filter.js';
import { TcpdocError } from '../../model/errors.js';
import { TCP_STATES, type TcpState } from '../../model/tcp-state.js';
import type { FilterExpr } from '../../model/filter.js';

const dport = (port: number, op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' = 'eq'): FilterExpr => ({ kind: 'port', side: 'dst', op, port });
const sport = (port: number, op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' = 'eq'): FilterExpr => ({ kind: 'port', side: 'src', op, port });

test('the ss example parses from argv words and from one string alike', () => {
  const argv = ['state', 'established', '(', 'dport', '=', ':ssh', 'or', 'sport', '=', ':443', ')'];
  const expected: FilterExpr = {
    kind: 'and',
    left: { kind: 'state', states: ['ESTABLISHED'] },
    right: { kind: 'or', left: dport(22), right: sport(443) },
  };
  assert.deepEqual(parseFilter(argv), expected);
  assert.deepEqual(parseFilter(argv.join(' ')), expected);
  assert.deepEqual(parseFilter(['state established', '(dport = :ssh', 'or', 'sport = :443)']), expected);
});

test('parentheses glued to words are split off, and so is a glued "!"', () => {
  assert.deepEqual(
    tokenizeFilter(['(dport', '=', ':443)', '!sport', '!=', ':1']).map((t) => t.text),
    ['(', 'dport', '=', ':443', ')', '!', 'sport', '!=', ':1'],
  );
  assert.deepEqual(parseFilter('((dport = :80))'), dport(80));
  assert.deepEqual(parseFilter('!(sport = :1)'), { kind: 'not', expr: sport(1) });
});

test('and/or apply left to right, as ss parses them; not binds to the next condition', () => {
  // ss compiles `a or b and c` as (a or b) and c (checked against its bytecode).
  assert.deepEqual(parseFilter('sport = :1 or sport = :2 and dport = :3'), {
    kind: 'and',
    left: { kind: 'or', left: sport(1), right: sport(2) },
    right: dport(3),
  });
  assert.deepEqual(parseFilter('sport = :1 && sport = :2 || dport = :3'), {
    kind: 'or',
    left: { kind: 'and', left: sport(1), right: sport(2) },
    right: dport(3),
  });
  assert.deepEqual(parseFilter('not sport = :1 dport = :3'), { kind: 'and', left: { kind: 'not', expr: sport(1) }, right: dport(3) });
  assert.deepEqual(parseFilter('! ! sport = :1'), { kind: 'not', expr: { kind: 'not', expr: sport(1) } });
});

test('every comparison spelling of ss maps to its operator; the operator is optional', () => {
  const spellings: [string, 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'][] = [
    ['=', 'eq'], ['==', 'eq'], ['eq', 'eq'], ['!=', 'ne'], ['ne', 'ne'], ['neq', 'ne'],
    ['<', 'lt'], ['lt', 'lt'], ['<=', 'le'], ['le', 'le'], ['leq', 'le'],
    ['>', 'gt'], ['gt', 'gt'], ['>=', 'ge'], ['ge', 'ge'], ['geq', 'ge'],
  ];
  for (const [word, op] of spellings) assert.deepEqual(parseFilter(['dport', word, ':1024']), dport(1024, op), word);
  assert.deepEqual(parseFilter('sport :22'), sport(22));
  assert.deepEqual(parseFilter('sport = 22'), sport(22));
  assert.deepEqual(parseFilter('sport = :HTTPS'), sport(443));
});

test('service names come from the built-in table or from /etc/services text passed in', () => {
  const services = parseServicesFile('# comment\nfoo-svc\t12345/tcp\tfoo bar # alias\nudponly 999/udp\nbroken line\n');
  assert.equal(services.get('foo'), 12345);
  assert.equal(services.has('udponly'), false);
  assert.deepEqual(parseFilter('dport = :foo-svc', { services }), dport(12345));
  assert.deepEqual(parseFilter('dport = :bar', { services }), dport(12345));
  assert.throws(() => parseFilter('dport = :foo-svc'), /bad port "?:foo-svc"?/);
});

test('hosts: IPv4, prefixes, bracketed IPv6, bare IPv6 prefixes, wildcards and ports', () => {
  const host = (text: string) => parseFilter(['dst', text]);
  const h = (family: 4 | 6 | null, address: string | null, prefixLength: number, port: number | null): FilterExpr => ({
    kind: 'host', side: 'dst', family, address, prefixLength, port,
  });
  assert.deepEqual(host('10.1.2.3'), h(4, '10.1.2.3', 32, null));
  assert.deepEqual(host('10.0.0.0/8'), h(4, '10.0.0.0', 8, null));
  assert.deepEqual(host('10.0.0.0/8:80'), h(4, '10.0.0.0', 8, 80));
  assert.deepEqual(host('10.1.2.3:https'), h(4, '10.1.2.3', 32, 443));
  assert.deepEqual(host('[::1]'), h(6, '::1', 128, null));
  assert.deepEqual(host('[::1]:443'), h(6, '::1', 128, 443));
  assert.deepEqual(host('[2001:0db8::]/32'), h(6, '2001:db8::', 32, null));
  assert.deepEqual(host('[2001:db8::]/32:22'), h(6, '2001:db8::', 32, 22));
  assert.deepEqual(host('2001:db8::/32'), h(6, '2001:db8::', 32, null));
  assert.deepEqual(host('2001:db8::/32:22'), h(6, '2001:db8::', 32, 22));
  assert.deepEqual(host('[::ffff:10.0.0.1]'), h(6, '::ffff:10.0.0.1', 128, null));
  assert.deepEqual(host('[10.0.0.1]:5'), h(4, '10.0.0.1', 32, 5));
  assert.deepEqual(host('*'), h(null, null, 0, null));
  assert.deepEqual(host('*:443'), h(null, null, 0, 443));
  assert.deepEqual(host('*:*'), h(null, null, 0, null));
  assert.deepEqual(parseFilter('src = 127.0.0.1'), { ...h(4, '127.0.0.1', 32, null), side: 'src' });
  assert.deepEqual(parseFilter('dst != 10.0.0.0/8'), { kind: 'not', expr: h(4, '10.0.0.0', 8, null) });
  assert.deepEqual(parseFilter('sport = *'), { kind: 'host', side: 'src', family: null, address: null, prefixLength: 0, port: null });
});

test('state names: ss spellings, kernel names and the groups ss defines', () => {
  const states = (text: string) => {
    const e = parseFilter(text);
    assert.equal(e.kind, 'state');
    return e.kind === 'state' ? e.states : [];
  };
  const except = (...drop: TcpState[]) => TCP_STATES.filter((s) => !drop.includes(s));
  assert.deepEqual(states('state established'), ['ESTABLISHED']);
  for (const name of ['close-wait', 'CLOSE_WAIT', 'close_wait', 'Close-Wait']) assert.deepEqual(states(`state ${name}`), ['CLOSE_WAIT']);
  for (const name of ['fin-wait-1', 'FIN_WAIT1']) assert.deepEqual(states(`state ${name}`), ['FIN_WAIT1']);
  for (const name of ['listening', 'LISTEN']) assert.deepEqual(states(`state ${name}`), ['LISTEN']);
  for (const name of ['closed', 'close', 'unconnected', 'CLOSE']) assert.deepEqual(states(`state ${name}`), ['CLOSE']);
  assert.deepEqual(states('state syn-rcv'), ['SYN_RECV']);
  assert.deepEqual(states('state all'), [...TCP_STATES]);
  assert.deepEqual(states('state connected'), except('CLOSE', 'LISTEN'));
  assert.deepEqual(states('state synchronized'), except('CLOSE', 'LISTEN', 'SYN_SENT'));
  assert.deepEqual(states('state bucket'), ['SYN_RECV', 'TIME_WAIT']);
  assert.deepEqual(states('state big'), except('SYN_RECV', 'TIME_WAIT'));
  // Several clauses apply in order, as in ss's main(): state adds, exclude removes.
  assert.deepEqual(states('state established state time-wait'), ['ESTABLISHED', 'TIME_WAIT']);
  assert.deepEqual(states('exclude listening'), except('LISTEN'));
  assert.deepEqual(states('state connected exclude time-wait excl syn-recv'), except('CLOSE', 'LISTEN', 'TIME_WAIT', 'SYN_RECV'));
  assert.deepEqual(states('exclude listening state listening'), [...TCP_STATES]);
  assert.deepEqual(states('state established exclude established'), []);
});

test('a leading state run covers the whole expression; "and" after it is tolerated; runs may also appear inside', () => {
  assert.deepEqual(parseFilter('state listening sport = :1 or sport = :2'), {
    kind: 'and',
    left: { kind: 'state', states: ['LISTEN'] },
    right: { kind: 'or', left: sport(1), right: sport(2) },
  });
  assert.deepEqual(parseFilter('state listening and sport = :1'), parseFilter('state listening sport = :1'));
  assert.deepEqual(parseFilter('sport = :1 or state time-wait'), { kind: 'or', left: sport(1), right: { kind: 'state', states: ['TIME_WAIT'] } });
  assert.deepEqual(parseFilter(''), { kind: 'all' });
  assert.deepEqual(parseFilter([]), { kind: 'all' });
});

// Expects a BAD_FILTER error whose message contains every fragment.
function assertBad(input: string | string[], ...fragments: (string | RegExp)[]): void {
  try {
    parseFilter(input);
  } catch (error) {
    assert.ok(error instanceof TcpdocError, String(error));
    assert.equal(error.code, 'BAD_FILTER');
    assert.ok(error.hint !== undefined && error.hint.includes('sport|dport'), 'the hint lists the accepted forms');
    for (const f of fragments) {
      if (typeof f === 'string') assert.ok(error.message.includes(f), `"${error.message}" lacks "${f}"`);
      else assert.match(error.message, f);
    }
    return;
  }
  assert.fail(`${JSON.stringify(input)} parsed`);
}

test('errors quote the bad token and its column and say what was expected', () => {
  assertBad('state establishd', 'unknown state "establishd"', 'column 7', 'did you mean "established"');
  assertBad('state CLOSEWAIT', 'did you mean "close-wait"');
  assertBad('state', 'missing state name after "state"', 'at the end');
  assertBad('dport =', 'missing operand after "dport"', 'at the end (column 8)');
  assertBad('dport = :443 or', 'missing condition after "or"');
  assertBad('and dport = :1', 'missing condition before "and"', 'column 1');
  assertBad('( dport = :1', 'missing ")" to close the "(" at column 1');
  assertBad('dport = :1 )', 'unbalanced ")"', 'column 12');
  assertBad('( )', 'empty parentheses');
  assertBad('dport = :70000', 'bad port ":70000"', '0 to 65535', 'column 9');
  assertBad('dport = :nosuchservice', 'bad port ":nosuchservice"');
  assertBad('dport > *', '"*" only works with = or !=');
  assertBad('dst 10.0.0.256', 'bad address "10.0.0.256"');
  assertBad('dst 10.0.0.0/33', 'prefix length must be 0 to 32');
  assertBad('dst 2001:db8::1', 'needs brackets');
  assertBad('dst example.com', 'host names are not resolved');
  assertBad('dst [::1', "missing ']'");
  assertBad('dst > 10.0.0.1', 'compares with = or != only');
  assertBad('dport = :22 :80', 'unexpected ":80"', 'column 13');
  assertBad('dport = :22 bogus', 'unexpected "bogus"');
  assertBad('dev = eth0', '"dev" conditions are not supported');
  assertBad(['sport', '=', ':1', 'or', 'or', 'sport', '=', ':2'], 'missing condition after "or"', 'column 15');
});

test('hostile input fails fast instead of exhausting the stack or memory', () => {
  assertBad('('.repeat(1000) + 'sport = :1' + ')'.repeat(1000), 'nesting deeper than');
  assertBad('not '.repeat(1000) + 'sport = :1', 'nesting deeper than');
  assertBad(Array.from({ length: 20000 }, () => 'sport = :1').join(' or '), 'at most');
});

test('formatting gives ss text that parses back to the same tree', () => {
  const inputs = [
    'state established ( dport = :ssh or sport = :443 )',
    'sport = :1 or sport = :2 and dport = :3',
    'sport = :1 and ( sport = :2 or dport = :3 )',
    'not ( sport = :1 or dport = :2 ) and dst 10.0.0.0/8',
    'dst [::1]:443 or src [2001:db8::]/32:22 or dst *:80 or src * or dst 10.1.2.3:8',
    'dst [::ffff:10.0.0.1] sport >= :1024 sport < :2000 dport != :5 dport > :1 dport <= :9',
    'exclude listening exclude time-wait dport = :1',
    'state bucket',
    'state established exclude established',
    'sport = :1 or state time-wait state listening',
    'not ( state established and sport = :22 )',
    '( state listening or sport = :1 ) and dport = :2',
    'sport = *',
    '',
  ];
  for (const input of inputs) {
    const tree = parseFilter(input);
    const text = formatFilter(tree);
    assert.deepEqual(parseFilter(text), tree, `${input} -> ${text}`);
  }
  assert.equal(formatFilter(parseFilter('state established (dport = :ssh or sport = :443)')), 'state established ( dport = :22 or sport = :443 )');
  assert.equal(formatFilter(parseFilter('sport = :1 or sport = :2 and dport = :3')), '( sport = :1 or sport = :2 ) and dport = :3');
  assert.equal(formatFilter(parseFilter('exclude listening')), 'exclude listening');
  assert.equal(formatFilter(parseFilter('state connected')), 'state connected');
  assert.equal(formatFilter(parseFilter('dst [2001:db8::]/32')), 'dst 2001:db8::/32');
});

test('errors show the filter with a caret under the bad token', async () => {
  const { TcpdocError } = await import('../../model/errors.js');
  assert.throws(
    () => parseFilter(['state', 'established', 'sport', '=', ':abc']),
    (e: unknown) => e instanceof TcpdocError && e.message.endsWith('  state established sport = :abc\n                            ^^^^'),
  );
  assert.throws(
    () => parseFilter('( sport = :80'),
    (e: unknown) => e instanceof TcpdocError && e.message.endsWith('  ( sport = :80\n               ^'),
  );
});
