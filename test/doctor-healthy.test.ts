// A busy but healthy namespace: an HTTP server and a client pool with keep-alive doing
// thousands of requests while the doctor samples. The doctor must find no warning or critical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireEnvironment } from './helpers/env.js';
import { createNetns } from './helpers/netns.js';
import { waitForOutput } from './helpers/wait-for-output.js';
import { runDoctor } from '../src/api/doctor.js';

const TRAFFIC = `
const http = require('node:http');
const server = http.createServer({ keepAliveTimeout: 30000 }, (req, res) => { res.end('x'.repeat(2048)); });
server.listen({ host: '127.0.0.1', port: 9000 }, async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const get = () => new Promise((resolve) => {
    http.get({ host: '127.0.0.1', port: 9000, path: '/', agent }, (res) => { res.resume(); res.on('end', resolve); }).on('error', resolve);
  });
  let done = 0;
  const started = Date.now();
  // Bounded: at most 60,000 requests or 15 s, 32 at a time.
  const worker = async () => { while (done < 60000 && Date.now() - started < 15000) { await get(); done++; if (done === 2000) process.stdout.write('ready\\n'); } };
  await Promise.all(Array.from({ length: 32 }, worker));
  process.stdout.write('done ' + done + '\\n');
});
setTimeout(() => process.exit(0), 30000);
`;

test('a busy namespace with keep-alive traffic gets no warning or critical finding', { timeout: 60_000 }, async (t) => {
  if (!requireEnvironment(t, { root: true })) return;
  const ns = createNetns('tcpdoc-healthy');
  try {
    const child = ns.spawn('node', ['-e', TRAFFIC]);
    await waitForOutput(child, 'ready');
    const report = await runDoctor({ netns: ns.name, windowMs: 2000 });
    const loud = report.findings.filter((f) => f.severity !== 'info');
    assert.deepEqual(loud.map((f) => `${f.severity} ${f.id}: ${f.title.en}`), []);
    assert.equal(report.summary.allClear, true);
    // The doctor really looked at the busy namespace: the pool's connections and the request traffic.
    const numbers = Object.fromEntries(report.summary.numbers.map((n) => [n.key, n.value]));
    assert.ok((numbers.established ?? 0) >= 32, `established ${numbers.established}`);
    assert.equal(numbers.listeners, 1);
    assert.ok(report.windowMs !== null && report.windowMs >= 2000);
    assert.equal(report.inputs, undefined, 'inputs are kept only when asked');
    assert.equal(report.namespace, `netns ${ns.name}`);
  } finally {
    ns.remove();
  }
});

test('the same namespace with the counters window shows traffic in the rates', { timeout: 60_000 }, async (t) => {
  if (!requireEnvironment(t, { root: true })) return;
  const ns = createNetns('tcpdoc-healthy');
  try {
    const child = ns.spawn('node', ['-e', TRAFFIC]);
    await waitForOutput(child, 'ready');
    const report = await runDoctor({ netns: ns.name, windowMs: 1000, keepInputs: true });
    const first = report.inputs?.counters.first.groups.Tcp?.OutSegs ?? 0;
    const second = report.inputs?.counters.second?.groups.Tcp?.OutSegs ?? 0;
    assert.ok(second - first > 100, `segments sent in the window: ${second - first}`);
    assert.equal(report.findings.filter((f) => f.severity !== 'info').length, 0);
  } finally {
    ns.remove();
  }
});
