// Bad input on every command, run as a user would run the built CLI: each case must end quickly with the
// documented exit code (2 usage, 3 environment, 1 nothing found), a message that says what was wrong and what
// to do, and no stack trace. Cases already covered elsewhere (explain/sysctl/trace unit tests, cli-permissions,
// lab-cli) are not repeated here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireEnvironment } from './helpers/env.js';

const SELF = fileURLToPath(import.meta.url);
// From dist/test the built CLI is next door; run as .ts (tsx) it is the build in dist/.
const CLI = fileURLToPath(new URL(SELF.endsWith('.ts') ? '../dist/src/cli/main.js' : '../src/cli/main.js', import.meta.url));
const STACK_FRAME = /^\s+at .+[(:]/m;
let dir = '';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function tcpdoc(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string | Buffer } = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: options.env ?? { ...process.env, NO_COLOR: '1' },
    ...(options.input !== undefined ? { input: options.input } : { stdio: ['ignore', 'pipe', 'pipe'] }),
  });
  assert.equal(r.error, undefined, `tcpdoc ${args.join(' ')} did not finish: ${String(r.error)}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The exit code, a message matching each pattern (stderr for errors), and no stack frames anywhere.
function expectError(r: Run, code: number, ...patterns: RegExp[]): void {
  assert.equal(r.status, code, `exit ${String(r.status)}, stderr: ${r.stderr}`);
  for (const p of patterns) assert.match(r.stderr, p);
  assert.match(r.stderr, /^tcpdoc: /, 'the error starts with the program name');
  assert.doesNotMatch(r.stderr, STACK_FRAME, 'no stack trace');
  assert.doesNotMatch(r.stderr, /unexpected error|This is a bug/);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tcpdoc-bad-input-'));
});

after(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

test('an unknown option on every command is a usage error naming it and the command help', () => {
  for (const command of ['status', 'ls', 'doctor', 'explain', 'trace', 'sysctl', 'lab']) {
    const r = tcpdoc([command, '--bogus']);
    expectError(r, 2, new RegExp(`${command}: unknown option '--bogus'`), new RegExp(`tcpdoc ${command} --help`));
    assert.doesNotMatch(r.stderr, /place it at the end of the command/, "node:util's wording is replaced");
  }
  expectError(tcpdoc(['bogus']), 2, /unknown command 'bogus'/, /status, ls, explain/);
});

test('a misspelled option gets a did-you-mean; options from other commands say what to write instead', () => {
  expectError(tcpdoc(['status', '--tpo', '3']), 2, /unknown option '--tpo'/, /Did you mean --top\?/);
  expectError(tcpdoc(['doctor', '--windwo', '1']), 2, /Did you mean --window\?/);
  expectError(tcpdoc(['ls', '--state', 'close-wait']), 2, /unknown option '--state'/, /tcpdoc ls state close-wait/);
  expectError(tcpdoc(['ls', '--port', '443']), 2, /unknown option '--port'/, /sport = :443/);
});

test('a missing option value, a negative one and a value given to a switch are usage errors', () => {
  expectError(tcpdoc(['status', '--top']), 2, /status: --top needs a value/);
  expectError(tcpdoc(['trace', 'x.pcap', '-i']), 2, /trace: --interface needs a value/);
  // "-1" reads as an option; the hint says how to pass it, and then the range check explains the rest.
  expectError(tcpdoc(['status', '--top', '-1']), 2, /--top needs a value/, /--top=-VALUE/);
  expectError(tcpdoc(['status', '--top=-1']), 2, /--top expects a whole number, got '-1'/, /from 1 to 100000/);
  expectError(tcpdoc(['trace', 'x.pcap', '--limit', '-1']), 2, /--limit needs a value/);
  expectError(tcpdoc(['ls', '--json=1']), 2, /--json is a switch and takes no value/);
});

test('numbers out of range or not plain decimal are refused with the range and the text as typed', () => {
  expectError(tcpdoc(['status', '--top', '0']), 2, /--top must be between 1 and 100000, got 0/);
  expectError(tcpdoc(['status', '--top', '99999999999999999999999']), 2, /got 99999999999999999999999/);
  expectError(tcpdoc(['status', '--top', 'abc']), 2, /--top expects a whole number, got 'abc'/, /e\.g\. --top 1/);
  expectError(tcpdoc(['status', '--port', '70000']), 2, /--port expects a port number 0-65535, got '70000'/);
  expectError(tcpdoc(['trace', 'x.pcap', '--port', '70000']), 2, /--port must be between 0 and 65535/);
  expectError(tcpdoc(['trace', 'x.pcap', '--conn', '0']), 2, /--conn must be between 1 and/);
  expectError(tcpdoc(['status', '--pid', '0']), 2, /--pid must be between 1 and/);
  expectError(tcpdoc(['ls', '--pid-ns', 'abc']), 2, /--pid-ns expects a whole number, got 'abc'/);
  // Number('0x10') is 16 and Number('1e3') 1000: both used to be accepted as seconds.
  expectError(tcpdoc(['doctor', '--window', '0x10']), 2, /--window expects a number, got '0x10'/, /from 0 to 3600/);
  expectError(tcpdoc(['doctor', '--window', '1e3']), 2, /--window expects a number, got '1e3'/);
  expectError(tcpdoc(['doctor', '--window', 'abc']), 2, /--window expects a number/);
  expectError(tcpdoc(['lab', 'close-wait', '--hold', 'abc']), 2, /lab: --hold expects a number, got 'abc'/);
  expectError(tcpdoc(['lab', 'close-wait', '--window', '61']), 2, /--window must be between 0 and 60/);
  expectError(tcpdoc(['trace', 'x.pcap', '--close-grace', 'soon']), 2, /--close-grace expects a number/);
});

test('status --watch: an interval that is not a number is named as such, not parsed as a filter', () => {
  expectError(tcpdoc(['status', '--watch', '1s']), 2, /--watch expects a number, got '1s'/);
  expectError(tcpdoc(['status', '--watch', '0']), 2, /--watch must be between 0\.1 and 86400/);
  expectError(tcpdoc(['status', '--watch=abc']), 2, /--watch expects a number, got 'abc'/);
});

test('unknown states, filters and sources for status and ls are usage errors that show where', () => {
  expectError(tcpdoc(['status', '--state', 'bogus']), 2, /unknown state "bogus"/, /States: established/);
  expectError(tcpdoc(['ls', 'state', 'bogus']), 2, /unknown state "bogus"/);
  expectError(tcpdoc(['ls', 'dport', '=', ':99999']), 2, /ports go from 0 to 65535/, /\^+/);
  expectError(tcpdoc(['ls', 'dst', '999.1.1.1']), 2, /bad address "999\.1\.1\.1"/);
  expectError(tcpdoc(['ls', '(']), 2, /missing condition/);
  expectError(tcpdoc(['status', '--source', 'nope']), 2, /--source must be auto, netlink or proc, got 'nope'/);
  expectError(tcpdoc(['ls', '--sort', 'bogus']), 2, /unknown sort key 'bogus'/, /Sort keys: state/);
  expectError(tcpdoc(['ls', '--columns', ',']), 2, /--columns needs at least one column id/);
  // An empty value (an unset shell variable) used to drop the filter and show every socket.
  expectError(tcpdoc(['status', '--state', '']), 2, /--state needs a state name/);
  expectError(tcpdoc(['status', '--port', ',']), 2, /--port needs a port number/);
});

test('explain: blank queries are usage errors; unknown ones exit 1 with close entries; states X suggests states', () => {
  expectError(tcpdoc(['explain', '']), 2, /nothing to explain/);
  expectError(tcpdoc(['explain', '   ']), 2, /nothing to explain/);
  expectError(tcpdoc(['explain', 'ECONNRESET', '--lang']), 2, /--lang needs a value/);
  const unknown = tcpdoc(['explain', 'xyzzy-no-such-thing']);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stdout, /No entry matches 'xyzzy-no-such-thing'/);
  assert.match(unknown.stdout, /Closest entries:/);
  const states = tcpdoc(['explain', 'states', 'clse-wait']);
  assert.equal(states.status, 1);
  assert.match(states.stdout, /state:CLOSE_WAIT/);
  const suggested = states.stdout.split('\n').filter((l) => /^\s+\w+:/.test(l));
  assert.ok(suggested.length > 0 && suggested.every((l) => /^\s+state:/.test(l)), `only states are suggested:\n${states.stdout}`);
});

test('sysctl --check: unusable paths say what is wrong, and an endless device is refused without filling memory', () => {
  expectError(tcpdoc(['sysctl', '--check', '']), 2, /--check needs a file path/);
  expectError(tcpdoc(['sysctl', '--check', '/etc/passwd/x']), 2, /no such file: \/etc\/passwd\/x/);
  const loop = join(dir, 'loop-a');
  symlinkSync(join(dir, 'loop-b'), loop);
  symlinkSync(loop, join(dir, 'loop-b'));
  expectError(tcpdoc(['sysctl', '--check', loop]), 2, /too many symbolic links/);
  // stat() says 0 bytes for /dev/zero; reading it whole grew without end.
  expectError(tcpdoc(['sysctl', '--check', '/dev/zero']), 2, /\/dev\/zero is larger than \d+ bytes/);
  // A binary is refused before any of its bytes are echoed as "lines" (an ELF header after a valid line).
  const binary = join(dir, 'binary.conf');
  writeFileSync(binary, Buffer.concat([Buffer.from('net.ipv4.tcp_fin_timeout = 10\n'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x1b, 0x5b, 0x32, 0x4a])]));
  expectError(tcpdoc(['sysctl', '--check', binary]), 2, /binary\.conf is not a text file \(it contains NUL bytes\)/);
  const conf = join(dir, 'ok.conf');
  writeFileSync(conf, 'net.ipv4.tcp_fin_timeout = 10\n');
  expectError(tcpdoc(['sysctl', '--check', conf, '--write-corrected', join(dir, 'no-such-dir', 'out.conf')]), 2, /cannot write the corrected file to .*: its directory does not exist/);
  expectError(tcpdoc(['sysctl', '--check', conf, '--write-corrected', dir]), 2, /it is a directory/);
  expectError(tcpdoc(['sysctl', '--check', conf, '--write-corrected', '']), 2, /--write-corrected needs a file path/);
  assert.equal(readFileSync(conf, 'utf8'), 'net.ipv4.tcp_fin_timeout = 10\n', 'the checked file is untouched');
});

test('trace: empty, looping, unreadable and too-long paths are named errors, never a stack trace', () => {
  const empty = join(dir, 'empty.pcap');
  writeFileSync(empty, '');
  expectError(tcpdoc(['trace', empty]), 2, /the capture is empty \(0 bytes\)/);
  expectError(tcpdoc(['trace', dir]), 2, /is a directory, not a capture file/);
  const loop = join(dir, 'cap-loop-a');
  symlinkSync(join(dir, 'cap-loop-b'), loop);
  symlinkSync(loop, join(dir, 'cap-loop-b'));
  expectError(tcpdoc(['trace', loop]), 2, /too many symbolic links/);
  expectError(tcpdoc(['trace', '/etc/passwd/x.pcap']), 2, /no such file/);
  expectError(tcpdoc(['trace', join(dir, 'x'.repeat(5000))]), 2, /path is too long/);
  // A file that fails on read (EIO), not on open.
  expectError(tcpdoc(['trace', '/proc/self/mem']), 2, /cannot read \/proc\/self\/mem \(EIO/);
});

test('trace -: garbage or nothing on stdin is BAD_INPUT; text that is not tcpdump output finds nothing', () => {
  const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) & 0xff));
  expectError(tcpdoc(['trace', '-'], { input: garbage }), 2, /not a readable capture/, /tcpdoc reads pcap and pcapng/);
  expectError(tcpdoc(['trace', '-'], { input: '' }), 2, /the capture is empty/);
  expectError(tcpdoc(['trace', '-'], { input: Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0]) }), 2, /shorter than a pcap header/);
  const text = tcpdoc(['trace', '-'], { input: 'hello\nthis is not tcpdump output\n' });
  assert.equal(text.status, 1, text.stderr);
  assert.match(text.stdout, /could not be decoded/);
  assert.match(text.stdout, /No TCP connections found/);
  // tshark's summaries are indented like continuation lines: named, not read as nothing.
  const tshark = '    1   0.000000    127.0.0.1 → 127.0.0.1    TCP 74 50932 → 8080 [SYN] Seq=0 Win=65495 Len=0\n';
  expectError(tcpdoc(['trace', '-'], { input: tshark }), 2, /tshark or Wireshark text output/, /tcpdump -n -r FILE/);
});

test('trace - on a terminal says so instead of waiting for input', (t) => {
  if (!requireEnvironment(t, { tools: ['script'] })) return;
  // script gives the CLI a pseudo-terminal as stdin; the pipe into script stays open, so a read would block.
  const r = spawnSync('sh', ['-c', `sleep 2 | script -qec "'${process.execPath}' '${CLI}' trace -" /dev/null`], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.error, undefined);
  assert.match(r.stdout, /standard input is a terminal/);
  assert.match(r.stdout, /Pipe a capture in/);
  assert.doesNotMatch(r.stdout, STACK_FRAME);
});

test('paths with bytes that are not UTF-8 get a hint instead of a bare "no such file"', (t) => {
  if (!requireEnvironment(t, { tools: ['sh'] })) return;
  const base = join(dir, 'latin1');
  mkdirSync(base);
  // The shell passes the raw byte 0xff; Node turns it into U+FFFD, so the file can never be opened under that name.
  writeFileSync(Buffer.concat([Buffer.from(`${base}/`), Buffer.from([0xff]), Buffer.from('.pcap')]), '');
  for (const args of ['trace', 'sysctl --check']) {
    const r = spawnSync('sh', ['-c', `exec "$0" "$1" ${args} "$(printf '%s/\\377.pcap' "$2")"`, process.execPath, CLI, base], { encoding: 'utf8', timeout: 30_000 });
    expectError({ status: r.status, stdout: r.stdout, stderr: r.stderr }, 2, /no such file/, /not UTF-8/);
  }
  assert.equal(readdirSync(base).length, 1, 'the file is there all the same');
});

test('--pid-ns of a process that does not exist is NOT_FOUND on every command that takes it', () => {
  let pid = 4_194_000;
  while (existsSync(`/proc/${pid}`)) pid--;
  for (const command of ['status', 'ls', 'doctor', 'sysctl']) {
    expectError(tcpdoc([command, '--pid-ns', String(pid)]), 2, new RegExp(`no process with pid ${pid}`), /docker inspect/);
  }
  expectError(tcpdoc(['doctor', '--pid-ns', '0']), 2, /--pid-ns must be between 1 and/);
  expectError(tcpdoc(['ls', '--netns', 'x', '--pid-ns', '1']), 2, /either --netns or --pid-ns/);
});

test('--pid of a process that does not exist: an empty listing says so instead of looking like "no sockets"', () => {
  let pid = 4_194_000;
  while (existsSync(`/proc/${pid}`)) pid--;
  const ls = tcpdoc(['ls', '--pid', String(pid)]);
  assert.equal(ls.status, 0, ls.stderr);
  assert.match(ls.stderr, new RegExp(`note: no process with pid ${pid} \\(it does not exist`));
  assert.doesNotMatch(ls.stdout, /ESTAB|LISTEN/);
  const status = tcpdoc(['status', '--pid', `${process.pid},${pid}`]);
  assert.equal(status.status, 0, status.stderr);
  // Only the missing one is named; this test's own process exists.
  assert.match(status.stdout, new RegExp(`no process with pid ${pid} \\(`));
  assert.doesNotMatch(status.stdout + status.stderr, new RegExp(`pid ${process.pid}\\b.*does not exist`));
  const json = tcpdoc(['ls', '--pid', String(pid), '--json']);
  assert.equal(json.status, 0, json.stderr);
  const doc = JSON.parse(json.stdout) as { sockets: unknown[]; notes: string[] };
  assert.deepEqual(doc.sockets, []);
  assert.ok(doc.notes.some((n) => n.startsWith(`no process with pid ${pid} `)), doc.notes.join('; '));
});

test('--netns of a name that does not exist, or of a file that is not a namespace', (t) => {
  expectError(tcpdoc(['doctor', '--netns', 'tcpdoc-no-such-ns', '--window', '0']), 2, /no network namespace named "tcpdoc-no-such-ns"/);
  expectError(tcpdoc(['ls', '--netns', '../../etc']), 2, /no network namespace named/);
  if (!requireEnvironment(t, { root: true })) return;
  // A plain file under /run/netns (what a failed 'ip netns add' can leave) makes setns fail with EINVAL.
  mkdirSync('/run/netns', { recursive: true });
  const name = `tcpdoc-not-a-ns-${process.pid}`;
  const path = `/run/netns/${name}`;
  writeFileSync(path, '');
  try {
    for (const command of ['status', 'sysctl']) {
      expectError(tcpdoc([command, '--netns', name]), 2, /is not a network namespace \(EINVAL\)/, new RegExp(`ip netns delete ${name}`));
    }
  } finally {
    rmSync(path, { force: true });
  }
});

test('lab: --force without --cleanup, two scenarios, an unknown --lang', () => {
  expectError(tcpdoc(['lab', '--force']), 2, /--force only goes with --cleanup/, /lab --cleanup --force/);
  expectError(tcpdoc(['lab', 'close-wait', 'syn-flood']), 2, /name one scenario/, /Scenarios: close-wait/);
  expectError(tcpdoc(['lab', 'close-wait', '--lang', 'fr']), 2, /--lang must be en or zh, got 'fr'/);
});

test('a missing tool is an environment error that says what to install; commands that need no tool still run', (t) => {
  if (!requireEnvironment(t, { root: true })) return;
  const empty = join(dir, 'empty-bin');
  mkdirSync(empty);
  const env = { ...process.env, PATH: empty, NO_COLOR: '1' };
  expectError(tcpdoc(['trace', '--live', '-i', 'lo'], { env }), 3, /tcpdump is not installed/, /apt-get install tcpdump/);
  const labsBefore = readdirSync('/run/netns').filter((n) => n.startsWith('tcpdoc-lab-')).length;
  expectError(tcpdoc(['lab', 'close-wait'], { env }), 3, /tcpdoc lab needs ip/, /iproute2/);
  expectError(tcpdoc(['lab', '--cleanup'], { env }), 3, /ip is not installed/);
  assert.equal(readdirSync('/run/netns').filter((n) => n.startsWith('tcpdoc-lab-')).length, labsBefore, 'nothing was built');
  for (const args of [['status'], ['ls'], ['sysctl'], ['doctor', '--window', '0', '--no-kernel-log']]) {
    const r = tcpdoc(args, { env });
    assert.equal(r.status, 0, `${args.join(' ')} without tools: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, STACK_FRAME);
  }
});

test('lab with ip but without iptables names iptables for the scenarios that need it, and builds nothing', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ip', 'sysctl'] })) return;
  const partial = join(dir, 'partial-bin');
  mkdirSync(partial);
  for (const tool of ['ip', 'sysctl', 'sh']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(found, join(partial, tool));
  }
  const before = readdirSync('/run/netns').filter((n) => n.startsWith('tcpdoc-lab-')).length;
  expectError(tcpdoc(['lab', 'blackhole'], { env: { ...process.env, PATH: partial, NO_COLOR: '1' } }), 3, /tcpdoc lab needs iptables/, /apt-get install iptables/);
  assert.equal(readdirSync('/run/netns').filter((n) => n.startsWith('tcpdoc-lab-')).length, before);
});

test('NO_COLOR wins over FORCE_COLOR on every command that colours; FORCE_COLOR alone colours', () => {
  const ansi = /\u001b\[/;
  const forced = tcpdoc(['explain', 'ECONNRESET'], { env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '' } });
  assert.equal(forced.status, 0);
  assert.match(forced.stdout, ansi, 'FORCE_COLOR gives colour even into a pipe');
  const runs: string[][] = [['status'], ['ls', '-p'], ['explain', 'ECONNRESET'], ['explain', 'states', 'TIME_WAIT'], ['sysctl', '--all'], ['doctor', '--window', '0', '--no-kernel-log']];
  for (const args of runs) {
    const r = tcpdoc(args, { env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '1' } });
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stdout + r.stderr, ansi, `${args.join(' ')} has no escape codes with NO_COLOR`);
  }
  const error = tcpdoc(['status', '--top', 'x'], { env: { ...process.env, FORCE_COLOR: '1' } });
  assert.doesNotMatch(error.stderr, ansi, 'errors are plain text');
});

test('tcpdoc with no command prints the help on stderr and exits 2; asked for, help goes to stdout', () => {
  const r = tcpdoc([]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Usage: tcpdoc COMMAND/);
  assert.equal(r.stdout, '');
  const asked = tcpdoc(['--help']);
  assert.equal(asked.status, 0);
  assert.match(asked.stdout, /Usage: tcpdoc COMMAND/);
  expectError(tcpdoc(['help', 'nope']), 2, /unknown command 'nope'/);
});
