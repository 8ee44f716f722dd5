import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDoctorRules, worstSeverity } from './engine.js';
import { DOCTOR_RULES } from './rules/index.js';
import { counterSample, makeInputs, many, sock } from './fixtures.test.helper.js';
import { findEntry } from '../../knowledge/index.js';
import type { DoctorRule } from './rule.js';
import type { Finding } from '../../model/finding.js';
import type { DoctorInputs } from './inputs.js';

function pathologicalInputs(): DoctorInputs {
  const listener = sock({ state: 'LISTEN', local: '0.0.0.0:8080', remote: '0.0.0.0:0', recvQ: 9, sendQ: 8, pid: 1, command: 'node' });
  const closeWait = many(30, { state: 'CLOSE_WAIT', local: '10.0.0.1:8080', pid: 1, command: 'node' });
  const halfOpen = many(3, { state: 'ESTABLISHED', local: '10.0.0.1:8080', pid: 1, info: { lastDataSentMs: 90_000, lastDataRecvMs: 90_000, lastAckRecvMs: 90_000 } }, 'remote', 50000);
  return makeInputs({ sockets: [listener, ...closeWait, ...halfOpen] });
}

test('findings come sorted critical, warning, info, with counts', () => {
  const result = runDoctorRules(pathologicalInputs());
  assert.deepEqual(result.findings.map((f) => f.id), ['accept-queue-full', 'close-wait-pileup', 'half-open-risk']);
  assert.deepEqual(result.summary.counts, { critical: 1, warning: 1, info: 1 });
  assert.equal(result.summary.allClear, false);
  assert.equal(worstSeverity(result.findings), 'critical');
  assert.equal(result.rulesRun.length, DOCTOR_RULES.length);
});

test('a quiet host is all clear with the key numbers', () => {
  const sockets = [sock({ state: 'LISTEN', local: '0.0.0.0:80', remote: '0.0.0.0:0', sendQ: 511 }), ...many(40, { state: 'ESTABLISHED', local: '10.0.0.1:80' })];
  const result = runDoctorRules(makeInputs({ sockets, second: counterSample({ Tcp: { OutSegs: 110_000, RetransSegs: 60 } }) }));
  assert.equal(result.findings.length, 0);
  assert.equal(result.summary.allClear, true);
  const numbers = Object.fromEntries(result.summary.numbers.map((n) => [n.key, n.value]));
  assert.equal(numbers.sockets, 41);
  assert.equal(numbers.established, 40);
  assert.equal(numbers.listeners, 1);
  assert.equal(numbers.ephemeralPorts, 28232);
  assert.equal(numbers.retransPercent, 0.1);
});

test('a rule that throws is reported and the others still run', () => {
  const broken: DoctorRule = { name: 'broken', check: () => { throw new Error('boom'); } };
  const result = runDoctorRules(pathologicalInputs(), [broken, ...DOCTOR_RULES]);
  assert.deepEqual(result.ruleFailures, [{ rule: 'broken', message: 'boom' }]);
  assert.equal(result.findings.length, 3);
});

// Inputs that make every rule fire at least once, so every related id gets checked.
function everythingInputs(): DoctorInputs {
  const listener = (port: number, recvQ: number, backlog: number) => sock({ state: 'LISTEN', local: `0.0.0.0:${port}`, remote: '0.0.0.0:0', recvQ, sendQ: backlog, pid: 2 });
  const info = (ms: number) => ({ lastDataSentMs: ms, lastDataRecvMs: ms, lastAckRecvMs: ms });
  const sockets = [
    listener(8080, 0, 511), listener(8081, 0, 64), listener(8082, 9, 8),
    ...many(25, { state: 'CLOSE_WAIT', local: '10.0.0.1:8080', pid: 2 }),
    ...many(64, { state: 'SYN_RECV', local: '10.0.0.1:8081' }),
    ...many(64, { state: 'TIME_WAIT', local: '10.0.0.1:40000', remote: '10.0.0.9:5432' }, 'local', 40000),
    ...many(5, { state: 'SYN_SENT', local: '10.0.0.1:40100', remote: '10.0.0.8:80', timer: { kind: 'on', retransmits: 2 } }, 'local', 40100),
    ...many(10, { state: 'FIN_WAIT1', timer: { kind: 'on', retransmits: 5 } }, 'remote', 41000),
    ...many(10, { state: 'FIN_WAIT2', pid: 2, info: info(5000) }, 'remote', 42000),
    ...many(1000, { state: 'FIN_WAIT2', timer: { kind: 'timewait' } }, 'remote', 43000).map((s) => ({ ...s, inode: 0 })),
    ...many(100, { state: 'LAST_ACK', timer: { kind: 'on', retransmits: 1 } }, 'remote', 44100),
    ...many(50, { state: 'CLOSING' }, 'remote', 45000),
    ...many(2, { state: 'ESTABLISHED', pid: 2, info: info(100_000) }, 'remote', 46000),
    sock({ state: 'ESTABLISHED', remote: '10.0.0.7:9', sendQ: 10, timer: { kind: 'on', retransmits: 6 } }),
    sock({ state: 'ESTABLISHED', remote: '10.0.0.7:10', sendQ: 10, timer: { kind: 'probe0', retransmits: 6 } }),
  ];
  const base = makeInputs();
  const first = base.counters.first;
  const second = {
    groups: {
      Tcp: { ...first.groups.Tcp, OutSegs: 200_000, RetransSegs: 20_050, OutRsts: 1020, EstabResets: 1010, AttemptFails: 1010 },
      TcpExt: { ...first.groups.TcpExt, ListenOverflows: 5, TCPReqQFullDrop: 3, TCPTimeWaitOverflow: 1, TCPAbortOnMemory: 1 },
    },
    sockstat: { TCP: { inuse: 10, orphan: 40_000, tw: 60_000, alloc: 10, mem: 200_000 } },
  };
  const scan = Array.from({ length: 200 }, (_, i) => sock({ state: 'SYN_SENT', local: `10.0.0.1:${47000 + i}`, remote: `10.0.2.${i % 200}:${100 + i}`, timer: { kind: 'on', retransmits: 0 } }));
  return makeInputs({
    sockets: [...sockets, ...scan],
    sysctls: { 'net.ipv4.ip_local_port_range': '40000 40063', 'net.ipv4.tcp_tw_recycle': '1', 'net.ipv4.tcp_syncookies': '0' },
    kernelRelease: '4.9.0',
    first,
    second,
    processes: [{ pid: 2, command: 'node', openFds: 1000, softLimit: 1024, hardLimit: 1024, sockets: 40 }],
  });
}

test('every rule fires on the pathological fixture, and every related id resolves in the knowledge base', () => {
  const result = runDoctorRules(everythingInputs());
  assert.deepEqual(result.ruleFailures, []);
  const ids = new Set(result.findings.map((f) => f.id));
  for (const id of ['close-wait-pileup', 'syn-recv-pileup', 'syn-queue-overflow', 'accept-queue-full', 'time-wait-pileup', 'syn-sent-pileup', 'syn-sent-scan', 'fin-wait1-stuck', 'fin-wait2-held', 'fin-wait2-orphans', 'last-ack-pileup', 'closing-pileup', 'half-open-risk', 'stalled-connections', 'retransmission-rate', 'resets-sent', 'established-resets', 'connect-failures', 'orphan-limit', 'time-wait-limit', 'tcp-memory-pressure', 'fd-limit', 'sysctl-wrong']) {
    assert.ok(ids.has(id), `expected a ${id} finding`);
  }
  const all: Finding[] = [...result.findings, ...runDoctorRules(makeInputs({ sockets: [sock({ state: 'LISTEN', local: '0.0.0.0:1', remote: '0.0.0.0:0' })], second: { ...makeInputs().counters.first, groups: { ...makeInputs().counters.first.groups, TcpExt: { ...makeInputs().counters.first.groups.TcpExt, ListenOverflows: 9 } } } })).findings];
  assert.ok(all.some((f) => f.id === 'listen-overflows'));
  for (const f of all) {
    assert.ok(f.related.length > 0, `${f.id} links to explain`);
    for (const id of f.related) assert.ok(findEntry(id) !== undefined, `${f.id}: related id ${id} must resolve`);
    for (const text of [f.title, f.explanation, ...f.fixes.map((x) => x.text), ...f.evidence.map((e) => e.label)]) {
      assert.ok(text.en.length > 0 && text.zh.length > 0, `${f.id}: both languages`);
    }
  }
});
