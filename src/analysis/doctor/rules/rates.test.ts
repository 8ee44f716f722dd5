import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ratesRule } from './rates.js';
import { counterSample, makeInputs } from '../fixtures.test.helper.js';

const after = (tcp: Record<string, number>) => counterSample({ Tcp: { ActiveOpens: 1000, PassiveOpens: 1000, AttemptFails: 10, EstabResets: 10, OutSegs: 100_000, RetransSegs: 50, OutRsts: 20, ...tcp } });

test('a retransmission share over 2 % warns and over 10 % is critical', () => {
  const warn = ratesRule.check(makeInputs({ second: after({ OutSegs: 110_000, RetransSegs: 350 }) }));
  assert.deepEqual(warn.map((f) => [f.id, f.severity]), [['retransmission-rate', 'warning']]);
  assert.ok(warn[0]?.evidence.some((e) => e.value === 3 && e.unit === '%'));
  assert.equal(ratesRule.check(makeInputs({ second: after({ OutSegs: 110_000, RetransSegs: 1050 }) }))[0]?.severity, 'critical');
  assert.equal(ratesRule.check(makeInputs({ second: after({ OutSegs: 100_500, RetransSegs: 100 }) })).length, 0, 'too few segments');
});

test('refused connects and resets stand out against new connections', () => {
  const refused = ratesRule.check(makeInputs({ second: after({ ActiveOpens: 1080, AttemptFails: 90, OutRsts: 100 }) }));
  assert.deepEqual(refused.map((f) => f.id).sort(), ['connect-failures', 'resets-sent']);
  assert.ok(refused.find((f) => f.id === 'connect-failures')?.evidence.some((e) => e.value === 40 && e.unit === '/s'));
  const reset = ratesRule.check(makeInputs({ second: after({ PassiveOpens: 1080, EstabResets: 90 }) }));
  assert.deepEqual(reset.map((f) => f.id), ['established-resets']);
});

test('resets that are a small share of a busy connection rate, and a single sample, are quiet', () => {
  assert.equal(ratesRule.check(makeInputs({ second: after({ ActiveOpens: 11_000, PassiveOpens: 11_000, OutRsts: 520 }) })).length, 0);
  assert.equal(ratesRule.check(makeInputs({ second: null })).length, 0);
});
