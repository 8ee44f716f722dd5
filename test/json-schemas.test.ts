// docs/json.md is the contract for every --json document. This test keeps it true: the shapes in
// test/helpers/json-schemas.ts mirror the doc (every key and enumerated value they name must appear in the
// schema's section of the doc, and every key the section names must be described), and real documents from
// the built CLI, made from sockets, captures and labs this test creates itself, must fit those shapes exactly:
// no undescribed field, no missing required field, no wrong type.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasTool, isRoot, requireEnvironment } from './helpers/env.js';
import { checkShape, collectNames, obj, num, str, arr, nullable, type Visited } from './helpers/json-shape.js';
import { SCHEMAS, STATES } from './helpers/json-schemas.js';
import { createNetns, type Netns } from './helpers/netns.js';
import { installWorkloadFirewall, startWorkload } from './helpers/socket-workload.js';

const SELF = fileURLToPath(import.meta.url);
const IS_TS = SELF.endsWith('.ts');
// Run as .ts (tsx) the build in dist/ is used; from dist/test the built files are next door.
const ROOT = fileURLToPath(new URL(IS_TS ? '../' : '../../', import.meta.url));
const CLI = join(ROOT, 'dist/src/cli/main.js');
const MAKE_CAPTURE = join(ROOT, 'dist/bench/make-capture.js');
const DOC = readFileSync(join(ROOT, 'docs/json.md'), 'utf8');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function tcpdoc(args: string[]): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Paths each schema's documents have filled with a value, across every run (for the coverage checks).
const visitedBySchema = new Map<string, Visited>();

function visitedOf(schema: string): Visited {
  let v = visitedBySchema.get(schema);
  if (v === undefined) visitedBySchema.set(schema, (v = new Set()));
  return v;
}

// Parses one document and checks it against the documented shape of `schema`.
function checkDocument(schema: string, text: string, what: string): Record<string, unknown> {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${what}: not one JSON document (${(error as Error).message}): ${text.slice(0, 200)}`);
  }
  assert.equal(Object.keys(doc)[0], 'schema', `${what}: schema is the first field`);
  assert.equal(doc.schema, schema, what);
  const entry = SCHEMAS[schema];
  assert.ok(entry !== undefined, `no shape for ${schema}`);
  const problems = checkShape(doc, entry.shape, '$', visitedOf(schema));
  // One line per kind of problem: the same field wrong in 500 sockets is one mistake.
  const kinds = [...new Set(problems.map((p) => p.replace(/\[\d+\]/g, '[]')))];
  assert.deepEqual(kinds.slice(0, 20), [], `${what} does not match docs/json.md (${problems.length} problems)`);
  return doc;
}

// Runs tcpdoc and checks its stdout against `schema`; `exit` is the expected exit code.
function runDocument(schema: string, args: string[], exit = 0): Record<string, unknown> {
  const r = tcpdoc(args);
  const what = `tcpdoc ${args.join(' ')}`;
  assert.equal(r.status, exit, `${what} exited ${r.status}: ${r.stderr}`);
  return checkDocument(schema, r.stdout, what);
}

// Asserts that every path was filled with a value in some document of `schema`: the shapes that matter were
// exercised, not only passed as null or empty arrays.
function assertVisited(schema: string, paths: string[]): void {
  const seen = visitedOf(schema);
  const missing = paths.filter((p) => !seen.has(p));
  assert.deepEqual(missing, [], `${schema}: these parts were never filled in any document, so never checked`);
}

// The text of "## HEADING" up to the next "## ", and the conventions before the first section.
function docSection(heading: string): string {
  const start = DOC.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `docs/json.md has no "## ${heading}" section`);
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}
const CONVENTIONS = DOC.slice(0, DOC.indexOf('\n## '));

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Keys the doc's section names in its code blocks: `"key":`, `"key"?`, and `{"a", "b"}` key lists.
function keysNamedInDoc(section: string): Set<string> {
  const keys = new Set<string>();
  const blocks = [...section.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  // Inline key lists outside code blocks count too (lab-list, lab-cleanup).
  const text = [...blocks, section.replace(/```[a-z]*\n[\s\S]*?```/g, '')].join('\n');
  for (const m of text.matchAll(/"([A-Za-z_][A-Za-z0-9_]*)"\s*\??\s*:/g)) keys.add(m[1] ?? '');
  for (const m of text.matchAll(/"([A-Za-z_][A-Za-z0-9_]*)"\?/g)) keys.add(m[1] ?? '');
  for (const list of text.matchAll(/\{\s*"[A-Za-z_]\w*"\??(?:\s*,\s*"[A-Za-z_]\w*"\??)+\s*\}/g)) {
    for (const m of list[0].matchAll(/"(\w+)"/g)) keys.add(m[1] ?? '');
  }
  return keys;
}

// Keys in the doc's examples that are data, not fields (examples of record keys).
const EXAMPLE_KEYS = new Set(['connectionsClosedByClient']);

test('every schema the code writes is documented in docs/json.md and described for this test', () => {
  const srcDir = join(ROOT, 'src');
  const found = new Set<string>();
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/tcpdoc\.[a-z-]+\/\d+/g)) found.add(m[0]);
    }
  };
  visit(srcDir);
  assert.ok(found.size >= 9, `found only ${[...found].join(', ')} in src/`);
  for (const schema of found) {
    assert.ok(SCHEMAS[schema] !== undefined, `${schema} is written by the code but has no shape in test/helpers/json-schemas.ts`);
    assert.ok(docSection(SCHEMAS[schema].section).includes(schema), `${schema} is not named in its docs/json.md section`);
  }
  for (const schema of Object.keys(SCHEMAS)) assert.ok(found.has(schema), `${schema} is described but no code writes it`);
});

test('docs/json.md names every field and value the shapes hold, and documents no field they lack', () => {
  const sections = new Map<string, string[]>();
  for (const [schema, { section }] of Object.entries(SCHEMAS)) sections.set(section, [...(sections.get(section) ?? []), schema]);
  for (const [section, schemas] of sections) {
    const text = docSection(section);
    const searchable = CONVENTIONS + text;
    const described = new Set<string>();
    for (const schema of schemas) {
      const { keys, values } = collectNames(SCHEMAS[schema]!.shape);
      for (const key of keys) {
        described.add(key);
        // A field is named in quotes or backticks: "rttUs", `rttUs`, `zeroWindow.*`.
        assert.match(searchable, new RegExp(`["\`]${escapeRegExp(key)}["\`?.]`), `${schema}: field "${key}" is not named in the "## ${section}" section`);
      }
      for (const value of values) assert.match(searchable, new RegExp(`(?<![\\w-])${escapeRegExp(value)}(?![\\w-])`), `${schema}: value "${value}" is not named in the "## ${section}" section`);
    }
    const undescribed = [...keysNamedInDoc(text)].filter((k) => !described.has(k) && !EXAMPLE_KEYS.has(k) && !(STATES as readonly string[]).includes(k));
    assert.deepEqual(undescribed, [], `"## ${section}" documents fields no shape of ${schemas.join(', ')} has (a typo, or a field the code never writes)`);
  }
  // The documented order of state keys is the one the shapes check.
  assert.match(CONVENTIONS.replace(/\s+/g, ' '), new RegExp(STATES.map((s) => `\`${s}\``).join(',? ')));
});

test('the validator finds an undescribed field, a missing field, a wrong type and a wrong value', () => {
  const shape = obj({ a: num(), b: nullable(str(['x', 'y'])), c: arr(obj({ d: num() })) });
  assert.deepEqual(checkShape({ a: 1, b: null, c: [{ d: 2 }] }, shape), []);
  assert.deepEqual(checkShape({ a: 1, b: 'x', c: [], e: 0 }, shape), ['$.e: field not described in docs/json.md']);
  assert.deepEqual(checkShape({ b: 'x', c: [] }, shape), ['$.a: described field missing']);
  assert.deepEqual(checkShape({ a: '1', b: 'x', c: [] }, shape), ['$.a: expected number, got string "1"']);
  assert.deepEqual(checkShape({ a: 1, b: 'z', c: [{ d: 1.5 }] }, shape), ['$.b: "z" is not one of x, y', '$.c[0].d: expected an integer, got 1.5']);
});

test('explain: an errno, a Node message, a number on another system, nothing matched, states, --list', () => {
  const one = runDocument('tcpdoc.explain/1', ['explain', 'ECONNRESET', '--json']);
  assert.equal((one.entries as unknown[]).length, 1);
  runDocument('tcpdoc.explain/1', ['explain', 'connect ECONNREFUSED 127.0.0.1:9000', '--json']);
  runDocument('tcpdoc.explain/1', ['explain', '104', '--os', 'darwin', '--json']);
  runDocument('tcpdoc.explain/1', ['explain', 'states', '--json']);
  runDocument('tcpdoc.explain/1', ['explain', 'close-wait', '--lang', 'zh', '--json']);
  const none = runDocument('tcpdoc.explain/1', ['explain', 'nosuchthingxyz', '--json'], 1);
  assert.equal((none.entries as unknown[]).length, 0);
  const list = runDocument('tcpdoc.explain/1', ['explain', '--list', '--json']);
  assert.equal(list.query, '--list');
  assert.equal(runDocument('tcpdoc.explain/1', ['explain', '--list', 'sysctl', '--json']).query, '--list sysctl');
  // Every entry kind and every numbering key was checked in some entry.
  const kinds = new Set((list.entries as { kind: string }[]).map((e) => e.kind));
  assert.deepEqual([...kinds].sort(), ['counter', 'errno', 'icmp', 'icmpv6', 'node', 'state', 'sysctl', 'tcpdump', 'win32', 'wsa']);
  assertVisited('tcpdoc.explain/1', [
    '$.entries[].matchedAs[]',
    '$.suggestions[]',
    '$.entries[].sources[].url',
    '$.entries[].sources[].file',
    ...['linux', 'darwin', 'libuvWindows', 'libuv', 'wsa', 'win32', 'icmpType', 'icmpCode', 'state'].map((k) => `$.entries[].numbers.${k}`),
  ]);
});

test('lab --list and sysctl (file check included) need no namespace', (t) => {
  const list = runDocument('tcpdoc.lab-list/1', ['lab', '--list', '--json']);
  assert.ok((list.scenarios as unknown[]).length > 5);
  runDocument('tcpdoc.sysctl/1', ['sysctl', '--json']);
  const dir = mkdtempSync(join(tmpdir(), 'tcpdoc-json-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const conf = join(dir, '99-test.conf');
  // A value the audit dislikes, an ignored-error line, a key no kernel has, a line without "=", a key not audited.
  writeFileSync(conf, 'net.ipv4.tcp_tw_reuse = 1\n-net.ipv4.tcp_fin_timeout = 30\nnet.ipv4.tcp_tw_recycle = 1\nnet.ipv4.tcp_no_such_key = 1\nthis line is wrong\nvm.swappiness = 10\n');
  const doc = runDocument('tcpdoc.sysctl/1', ['sysctl', '--check', conf, '--json']);
  const check = doc.check as { missing: string[]; problems: unknown[] };
  assert.deepEqual(check.missing, ['net.ipv4.tcp_no_such_key']);
  assertVisited('tcpdoc.sysctl/1', ['$.check', '$.check.settings[]', '$.check.problems[]', '$.check.missing[]', '$.settings[].value', '$.settings[].sources[].url']);
});

// Sockets in every state the workload makes, in a namespace of our own: status, ls, sysctl and doctor there.
let ns: Netns | undefined;
let stopWorkload: (() => void) | undefined;
const canNamespace = isRoot() && hasTool('iptables');

before(async () => {
  if (!canNamespace) return;
  ns = createNetns('tcpdoc-json');
  installWorkloadFirewall(ns);
  stopWorkload = (await startWorkload(ns)).stop;
});

after(() => {
  stopWorkload?.();
  ns?.remove();
});

test('status and ls in a namespace with sockets in many states, from netlink and /proc', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] }) || ns === undefined) return;
  const name = ns.name;
  const status = runDocument('tcpdoc.status/1', ['status', '--netns', name, '--json']);
  assert.equal(status.namespace, `netns ${name}`);
  runDocument('tcpdoc.status/1', ['status', '--netns', name, '--source', 'proc', '--json']);
  const bare = runDocument('tcpdoc.status/1', ['status', '--netns', name, '--no-processes', '--state', 'established', '--json']);
  assert.equal(bare.processes, null);
  assert.equal(bare.filter, 'state established');

  // --watch: one compact document per line.
  const child = spawn(process.execPath, [CLI, 'status', '--netns', name, '--watch', '0.2', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = await readLines(child, 2);
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (c) => resolve(c))));
  assert.equal(code, 0);
  for (const line of lines) checkDocument('tcpdoc.status/1', line, 'status --watch line');

  runDocument('tcpdoc.sockets/1', ['ls', '--netns', name, '--json']);
  const full = runDocument('tcpdoc.sockets/1', ['ls', '--netns', name, '-i', '-m', '-p', '-e', '--json']);
  assert.ok((full.sockets as unknown[]).length >= 15);
  runDocument('tcpdoc.sockets/1', ['ls', '--netns', name, '-i', '-m', '-p', '--source', 'proc', '--json']);
  runDocument('tcpdoc.sockets/1', ['ls', '--netns', name, '-p', 'state', 'close-wait', '--json']);

  assertVisited('tcpdoc.status/1', ['$.listeners[].process', '$.listeners[].backlog', '$.ports[]', '$.remotes[]', '$.remoteHosts[]', '$.processes[]', '$.unowned', '$.notes[]', '$.filter']);
  assertVisited('tcpdoc.sockets/1', [
    '$.sockets[].timer',
    '$.sockets[].cookie',
    '$.sockets[].process',
    '$.sockets[].processes[]',
    '$.sockets[].tcpInfo',
    '$.sockets[].tcpInfo.deliveryRateAppLimited',
    '$.sockets[].tcpInfo.totalRtoTimeMs',
    '$.sockets[].memory',
    '$.sockets[].congestion',
    '$.sockets[].shutdown',
    '$.notes[]',
  ]);
  // TIME_WAIT and SYN_RECV entries carry no tcp_info (as documented), even with -i.
  for (const s of full.sockets as { state: string; tcpInfo: unknown }[]) if (s.state === 'TIME_WAIT' || s.state === 'SYN_RECV') assert.equal(s.tcpInfo, null);
});

test('sysctl and doctor in a namespace, with and without a counter window', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] }) || ns === undefined) return;
  assert.equal(runDocument('tcpdoc.sysctl/1', ['sysctl', '--netns', ns.name, '--json']).netns, `netns ${ns.name}`);
  assert.equal(runDocument('tcpdoc.doctor/1', ['doctor', '--netns', ns.name, '--window', '0', '--json']).windowMs, null);
  const timed = runDocument('tcpdoc.doctor/1', ['doctor', '--netns', ns.name, '--window', '1', '--lang', 'zh', '--json']);
  assert.equal(typeof timed.windowMs, 'number');
  assert.equal(timed.lang, 'zh');
});

// Reads `count` lines from a child's stdout.
function readLines(child: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`fewer than ${count} lines within 15 s: ${err}`)), 15_000);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      if (lines.length > count) {
        clearTimeout(timer);
        resolve(lines.slice(0, count));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before ${count} lines: ${err}`));
    });
  });
}

test('lab: a held close-wait run, the doctor in its namespace, and a syn-flood run with rules and sysctls', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['iptables'] })) return;
  const child = spawn(process.execPath, [CLI, 'lab', 'close-wait', '--hold', '60', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let made: string[] = [];
  try {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const started = Date.now();
    while (!out.endsWith('}\n') && child.exitCode === null && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 50));
    const doc = checkDocument('tcpdoc.lab/1', out, `tcpdoc lab close-wait --json (${err})`);
    const built = doc.built as { doctorNetns: string; namespaces: { name: string }[] };
    made = built.namespaces.map((n) => n.name);
    assert.ok(Array.isArray(doc.findings) && doc.findings.length > 0, 'the lab doctor found the CLOSE_WAIT pile-up');
    const doctor = runDocument('tcpdoc.doctor/1', ['doctor', '--netns', built.doctorNetns, '--window', '0', '--json']);
    assert.ok((doctor.findings as { id: string }[]).some((f) => f.id === 'close-wait-pileup'));
  } finally {
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    // The lab removes its namespaces on Ctrl-C; this only guards against a lab that could not.
    for (const name of made) spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  }
  const flood = runDocument('tcpdoc.lab/1', ['lab', 'syn-flood', '--window', '0', '--json']);
  assert.ok((flood.built as { rules: unknown[] }).rules.length > 0);
  assertVisited('tcpdoc.lab/1', ['$.built.rules[]', '$.built.sysctls[]', '$.built.ports[]', '$.built.observed.*', '$.findings[]', '$.findings[].evidence[].unit', '$.findings[].fixes[].code', '$.findings[].fixes[].commands']);
  assertVisited('tcpdoc.doctor/1', ['$.findings[]', '$.findings[].subject', '$.findings[].evidence[].port', '$.findings[].fixes[].code', '$.findings[].fixes[].commands[]', '$.summary.numbers[].unit', '$.windowMs']);
});

test('trace: a real loopback capture (pcap and tcpdump text), a ladder with an ICMP row, and a synthetic capture with expert flags', async (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['tcpdump', 'iptables'] })) return;
  const dir = mkdtempSync(join(tmpdir(), 'tcpdoc-json-trace-'));
  const capNs = createNetns('tcpdoc-jsoncap');
  try {
    const pcap = join(dir, 'lo.pcap');
    // Port 8082 answers a SYN with ICMP port unreachable; 8081 has no listener (RST).
    capNs.exec('iptables', ['-A', 'INPUT', '-p', 'tcp', '--dport', '8082', '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable']);
    const dump = capNs.spawn('tcpdump', ['-i', 'lo', '--immediate-mode', '-Z', 'root', '-U', '-w', pcap]);
    await waitForStderr(dump, 'listening on');
    capNs.exec('node', ['-e', TRAFFIC]);
    await new Promise((r) => setTimeout(r, 200));
    dump.kill('SIGINT');
    await new Promise((resolve) => (dump.exitCode !== null ? resolve(null) : dump.on('exit', resolve)));

    const all = runDocument('tcpdoc.trace/1', ['trace', '--json', pcap]);
    const conns = all.connections as { id: number; family: number; outcome: string; icmp: unknown[] }[];
    assert.deepEqual(conns.map((c) => c.outcome).sort(), ['REJ', 'S0', 'SF', 'SF']);
    assert.ok(conns.some((c) => c.family === 6));
    const refused = conns.find((c) => c.icmp.length > 0);
    assert.ok(refused !== undefined, 'the ICMP-rejected connection carries its ICMP error');
    runDocument('tcpdoc.trace/1', ['trace', '--json', pcap, '--conn', '1']);
    runDocument('tcpdoc.trace/1', ['trace', '--json', pcap, '--conn', String(refused.id)]);
    const absent = runDocument('tcpdoc.trace/1', ['trace', '--json', pcap, '--conn', '999'], 1);
    assert.deepEqual(absent.connections, []);

    // The same packets as tcpdump text, and a file cut in the middle of a packet (a note).
    const text = spawnSync('tcpdump', ['-r', pcap, '-nn', '-tt'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, 'lo.txt'), text);
    assert.equal((runDocument('tcpdoc.trace/1', ['trace', '--json', join(dir, 'lo.txt')]).summary as { format: string }).format, 'text');
    writeFileSync(join(dir, 'cut.pcap'), readFileSync(pcap).subarray(0, 100));
    // No whole packet survives, so nothing is found (exit 1), and the note says why.
    const cut = runDocument('tcpdoc.trace/1', ['trace', '--json', join(dir, 'cut.pcap')], 1);
    assert.equal((cut.summary as { start: unknown }).start, null);

    // Retransmissions, resets and snaplen truncation from the benchmark's generator.
    const made = spawnSync(process.execPath, [MAKE_CAPTURE, '--packets', '3000', '--out', join(dir, 'bench.pcap')], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(made.status, 0, made.stderr);
    runDocument('tcpdoc.trace/1', ['trace', '--json', join(dir, 'bench.pcap')]);

    assertVisited('tcpdoc.trace/1', [
      '$.connections[].flags.*',
      '$.connections[].icmp[]',
      '$.connections[].rtt',
      '$.connections[].closedBy',
      '$.connections[].diagnosis[].explain[]',
      '$.ladder[]',
      '$.ladder[].icmp',
      '$.ladder[].mss',
      '$.ladder[].windowScale',
      '$.summary.notes[]',
      '$.summary.start',
    ]);
  } finally {
    capNs.remove();
    rmSync(dir, { recursive: true, force: true });
  }
});

// Waits until a child prints `marker` on stderr (tcpdump says "listening on" there).
function waitForStderr(child: ChildProcess, marker: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no '${marker}' within 10 s: ${err}`)), 10_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes(marker)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before '${marker}': ${err}`));
    });
  });
}

// Loopback traffic for the capture: two normal closes (IPv4, IPv6), one refusal by RST, one by ICMP.
const TRAFFIC = `
const net = require('node:net');
const once = (s, ev) => new Promise((r) => s.once(ev, r));
(async () => {
  const server = net.createServer((sock) => { sock.on('data', (d) => sock.write('echo ' + d)); sock.on('end', () => sock.end()); sock.on('error', () => {}); });
  server.listen({ host: '::', port: 8080 });
  await once(server, 'listening');
  for (const host of ['127.0.0.1', '::1']) {
    const c = net.connect({ host, port: 8080 });
    await once(c, 'connect');
    c.write('hello');
    await once(c, 'data');
    c.end();
    await once(c, 'close');
  }
  for (const port of [8081, 8082]) {
    const c = net.connect({ host: '127.0.0.1', port });
    c.on('error', () => {});
    await once(c, 'close');
  }
  server.close();
})();
`;
