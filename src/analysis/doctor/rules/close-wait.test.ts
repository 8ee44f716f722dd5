import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeWaitRule, CLOSE_WAIT_WARNING } from './close-wait.js';
import { makeInputs, many, sock } from '../fixtures.test.helper.js';

const leak = (n: number, ageMs = 30_000) =>
  many(n, { state: 'CLOSE_WAIT', local: '10.0.0.1:8080', remote: '10.0.0.9:40000', pid: 4242, command: 'node', info: { lastDataSentMs: ageMs, lastDataRecvMs: ageMs, lastAckRecvMs: ageMs } });

test('a leak of lingering CLOSE_WAIT sockets on one port names the port, process, peer and count', () => {
  const findings = closeWaitRule.check(makeInputs({ sockets: [...leak(25), sock({ state: 'ESTABLISHED', pid: 4242 })] }));
  assert.equal(findings.length, 1);
  const f = findings[0]!;
  assert.equal(f.id, 'close-wait-pileup');
  assert.equal(f.severity, 'warning');
  assert.equal(f.subject, 'port 8080 (node[4242])');
  assert.deepEqual(f.evidence[0], { label: f.evidence[0]!.label, value: 25, port: 8080, pid: 4242, command: 'node' });
  assert.ok(f.evidence.some((e) => e.address === '10.0.0.9' && e.value === 25));
  assert.ok(f.evidence.some((e) => e.unit === 's' && e.value === 30));
  assert.match(f.title.en, /25 connections stuck in CLOSE_WAIT on port 8080/);
  assert.match(f.title.zh, /8080/);
});

test('below the threshold, or only fresh closes in progress, nothing is reported', () => {
  assert.equal(closeWaitRule.check(makeInputs({ sockets: leak(CLOSE_WAIT_WARNING - 1) })).length, 0);
  assert.equal(closeWaitRule.check(makeInputs({ sockets: leak(500, 500) })).length, 0);
});

test('groups are per process and port, and a thousand is critical', () => {
  const other = many(30, { state: 'CLOSE_WAIT', local: '10.0.0.1:9090', pid: 7, command: 'java' });
  const findings = closeWaitRule.check(makeInputs({ sockets: [...leak(1000), ...other] }));
  assert.deepEqual(findings.map((f) => [f.subject, f.severity]).sort(), [
    ['port 8080 (node[4242])', 'critical'],
    ['port 9090 (java[7])', 'warning'],
  ]);
});

test('outgoing connections are grouped by the server they went to, not by their random local ports', () => {
  // A client whose pool never closes connections the server ended: every socket has its own ephemeral port.
  const sockets = Array.from({ length: 40 }, (_, i) =>
    sock({ state: 'CLOSE_WAIT', local: `10.0.0.1:${40000 + i}`, remote: '10.0.0.7:5432', pid: 31, command: 'node', info: { lastDataSentMs: 9000, lastDataRecvMs: 9000, lastAckRecvMs: 9000 } }),
  );
  const findings = closeWaitRule.check(makeInputs({ sockets }));
  assert.equal(findings.length, 1);
  const f = findings[0]!;
  assert.equal(f.subject, '10.0.0.7:5432 (node[31])');
  assert.match(f.title.en, /40 connections stuck in CLOSE_WAIT towards 10\.0\.0\.7:5432 \(node\[31\]\)/);
  assert.deepEqual(f.evidence[0], { label: f.evidence[0]!.label, value: 40, address: '10.0.0.7', port: 5432, pid: 31, command: 'node' });
  assert.match(f.explanation.en, /this host is the client/);
  assert.ok(f.fixes[0]!.commands?.includes('tcpdoc ls state close-wait dst 10.0.0.7 and dport = :5432 -p -i'));
});

test('a listening port inside the ephemeral range is still a service port', () => {
  const listener = sock({ state: 'LISTEN', local: '0.0.0.0:45000', pid: 5, command: 'app' });
  const sockets = [listener, ...many(25, { state: 'CLOSE_WAIT', local: '10.0.0.1:45000', remote: '10.0.0.9:50000', pid: 5, command: 'app' })];
  const findings = closeWaitRule.check(makeInputs({ sockets }));
  assert.deepEqual(findings.map((f) => f.subject), ['port 45000 (app[5])']);
});

test('IPv6 servers are bracketed in the suggested filter, and a narrowed port range is honoured', () => {
  const sockets = Array.from({ length: 20 }, (_, i) => sock({ state: 'CLOSE_WAIT', local: `[2001:db8::1]:${2000 + i}`, remote: '[2001:db8::2]:443', pid: 8, command: 'curl' }));
  // Port 2000 is outside the default range: with the default it reads as a service port (one group per port)...
  assert.equal(closeWaitRule.check(makeInputs({ sockets })).length, 0);
  // ...and inside a range that starts at 1024 it is an outgoing connection.
  const findings = closeWaitRule.check(makeInputs({ sockets, sysctls: { 'net.ipv4.ip_local_port_range': '1024\t65535' } }));
  assert.equal(findings.length, 1);
  assert.ok(findings[0]!.fixes[0]!.commands?.includes('tcpdoc ls state close-wait dst [2001:db8::2] and dport = :443 -p -i'));
});
