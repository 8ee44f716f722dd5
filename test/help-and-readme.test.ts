// Keeps README.md and every command's --help in step with the code, where that can be checked mechanically:
// every option a command's parser accepts is listed in its --help, every option the help names is accepted
// (and takes a value exactly when the help shows one), every example in the help and every tcpdoc command
// line in the README parses, and the README's concrete command lines run without a usage error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';
import { makeBufferIo } from '../src/cli/io.js';
import { COMMANDS } from '../src/cli/registry.js';
import { isRoot, requireEnvironment } from './helpers/env.js';
import { createNetns, type Netns } from './helpers/netns.js';

const SELF = fileURLToPath(import.meta.url);
// From dist/test the built CLI and the checkout are two levels up; run as .ts (tsx) one level.
const ROOT = fileURLToPath(new URL(SELF.endsWith('.ts') ? '..' : '../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const NAMES = COMMANDS.map((c) => c.name);
// An option no command has: parsing stops at the first bad option, so an error about this one means
// everything before it parsed, and nothing ran (every command parses before it does anything).
const PROBE = '--zz-help-probe';
const STACK_FRAME = /^\s+at .+[(:]/m;

// README command lines that are not run for real, each with the reason. A new lab line must be added here.
const NOT_RUN = new Map<string, string>([
  ['lab close-wait --hold 120', 'builds namespaces as root and holds them for two minutes; test/lab-cli.test.ts and test/lab-scenarios.test.ts run the scenarios'],
  ['lab --cleanup', 'removes namespaces other lab runs left; test/lab-cli.test.ts covers it'],
  ['lab', "named in prose (exit code 130), not a command line: alone it is a usage error by design"],
]);

let dir = '';
let netns: Netns | undefined;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tcpdoc-readme-'));
  if (isRoot()) netns = createNetns('tcpdoc-readme');
});

after(() => {
  netns?.remove();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function tcpdoc(args: string[], cwd = ROOT): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(r.error, undefined, `tcpdoc ${args.join(' ')} did not finish: ${String(r.error)}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const helpCache = new Map<string, string>();
function helpOf(command: string): string {
  let help = helpCache.get(command);
  if (help === undefined) {
    const r = tcpdoc([command, '--help']);
    assert.equal(r.status, 0, `${command} --help: ${r.stderr}`);
    help = r.stdout;
    helpCache.set(command, help);
  }
  return help;
}

// The text between the brace at `open` and its match.
function readBraced(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error(`unbalanced braces from offset ${open}`);
}

// The options object a command hands to parseCommandArgs, read from its source: '--long' and '-s' to their type.
function readParserOptions(command: string): Map<string, 'string' | 'boolean'> {
  const file = join(ROOT, 'src', 'cli', 'commands', `${command}.ts`);
  const source = readFileSync(file, 'utf8');
  const call = new RegExp(`parseCommandArgs\\('${command}',[^;]*?,\\s*(OPTIONS\\b|\\{)`, 's').exec(source);
  assert.ok(call !== null, `no parseCommandArgs('${command}', ...) call in ${file}`);
  let body: string;
  if (call[1] === 'OPTIONS') {
    const decl = /const OPTIONS\b[^=]*=\s*\{/.exec(source);
    assert.ok(decl !== null, `no const OPTIONS in ${file}`);
    body = readBraced(source, decl.index + decl[0].length - 1);
  } else {
    body = readBraced(source, call.index + call[0].length - 1);
  }
  // Spread option sets (...SNAPSHOT_OPTION_SPEC) live in src/cli/*.ts.
  body = body.replace(/\.\.\.(\w+)/g, (_all, name: string) => {
    for (const f of ['snapshot-flags.ts', 'args.ts']) {
      const text = readFileSync(join(ROOT, 'src', 'cli', f), 'utf8');
      const decl = new RegExp(`export const ${name}\\b[^=]*=\\s*\\{`).exec(text);
      if (decl !== null) return readBraced(text, decl.index + decl[0].length - 1);
    }
    throw new Error(`${command}: cannot find the option set ${name}`);
  });
  const options = new Map<string, 'string' | 'boolean'>();
  for (const m of body.matchAll(/'?([a-z][\w-]*)'?\s*:\s*\{([^{}]*)\}/g)) {
    const type = /type:\s*'(string|boolean)'/.exec(m[2] ?? '')?.[1] as 'string' | 'boolean' | undefined;
    assert.ok(type !== undefined, `${command}: option ${m[1]} has no type`);
    options.set(`--${m[1]}`, type);
    const short = /short:\s*'(.)'/.exec(m[2] ?? '')?.[1];
    if (short !== undefined) options.set(`-${short}`, type);
  }
  return options;
}

interface HelpOption {
  name: string;
  // What follows the name on its line: a placeholder such as N, FILE or en|zh, or [SECONDS] for an optional value.
  placeholder: 'value' | 'optional' | 'none';
  line: string;
}

// The options a help text defines: lines that start with two spaces and a dash, up to the description.
function readHelpOptions(help: string): HelpOption[] {
  const found: HelpOption[] = [];
  for (const line of help.split('\n')) {
    if (!/^ {2}-/.test(line)) continue;
    const spec = line.slice(2).split(/ {2,}/)[0] ?? '';
    for (const m of spec.matchAll(/(?<![\w-])(--?[a-zA-Z0-9][\w-]*)/g)) {
      const after = spec.slice((m.index ?? 0) + m[0].length);
      const placeholder = /^ \[/.test(after) ? 'optional' : /^ (?:[A-Z][A-Z_]*\b|[a-z0-9]+(?:\|[a-z0-9]+)+)/.test(after) ? 'value' : 'none';
      found.push({ name: m[0], placeholder, line: line.trim() });
    }
  }
  return found;
}

// How the parser takes an option, found by parsing it for real: 'flag' (no value), 'value', 'help' or 'unknown'.
async function probeOption(command: string, option: string): Promise<'flag' | 'value' | 'help' | 'unknown'> {
  const io = makeBufferIo();
  const code = await main([command, option, PROBE], io);
  if (code === 0 && io.out() === helpOf(command)) return 'help';
  assert.equal(code, 2, `${command} ${option} ${PROBE}: exit ${code}, stderr ${io.err()}`);
  if (io.err().includes(`unknown option '${PROBE}'`)) return 'flag';
  if (/needs a value/.test(io.err())) return 'value';
  if (io.err().includes(`unknown option '${option}'`)) return 'unknown';
  assert.fail(`${command} ${option} ${PROBE}: unexpected message: ${io.err()}`);
}

// Parses a command line without running it: the probe option goes last (before a '--'), so the only error
// may be about the probe.
async function assertParses(words: string[], where: string): Promise<void> {
  const end = words.indexOf('--');
  const argv = end < 0 ? [...words, PROBE] : [...words.slice(0, end), PROBE, ...words.slice(end)];
  const io = makeBufferIo();
  const code = await main(argv, io);
  assert.equal(code, 2, `${where}: tcpdoc ${words.join(' ')} ${PROBE} exited ${code}: ${io.err()}`);
  assert.ok(io.err().includes(`unknown option '${PROBE}'`), `${where}: tcpdoc ${words.join(' ')} does not parse: ${io.err()}`);
}

// The tcpdoc invocations in a shell line, as argument lists without 'tcpdoc': quotes are honoured, '# ...'
// comments and '> file' redirections dropped, '|', '&&' and ';' separate commands, and a command substitution
// stands for one value (the doctor example's container pid).
function findTcpdocCommands(line: string): string[][] {
  const text = line.replace(/\$\([^()]*(?:\([^()]*\)[^()]*)*\)/g, '1');
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  let redirect = false;
  const endWord = (): void => {
    if (word !== null && !redirect) words.push(word);
    word = null;
  };
  const endCommand = (): void => {
    endWord();
    const start = words[0] === 'sudo' ? 1 : 0;
    if (words[start] === 'tcpdoc') commands.push(words.slice(start + 1));
    words = [];
    redirect = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quote !== null) {
      if (c === quote) quote = null;
      else word = (word ?? '') + c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word = word ?? '';
    } else if (c === '#' && word === null) {
      break;
    } else if (c === '|' || c === ';' || (c === '&' && text[i + 1] === '&')) {
      if (c === '&') i++;
      endCommand();
    } else if (c === '>') {
      endWord();
      redirect = true;
    } else if (/\s/.test(c)) {
      endWord();
    } else {
      word = (word ?? '') + c;
    }
  }
  endCommand();
  return commands;
}

// The example lines of a help text: from "Examples:" to the next blank line.
function readHelpExamples(help: string): string[] {
  const at = help.indexOf('\nExamples:\n');
  if (at < 0) return [];
  const lines: string[] = [];
  for (const line of help.slice(at + '\nExamples:\n'.length).split('\n')) {
    if (line.trim() === '') break;
    lines.push(line.trim());
  }
  return lines;
}

interface ReadmeCommand {
  words: string[];
  fenced: boolean;
  source: string;
}

// Every tcpdoc command line in README.md: '$ ' prompts in fenced blocks (output included, where the doctor
// suggests commands), every line of sh blocks, and inline `code` in the prose.
function readReadmeCommands(): ReadmeCommand[] {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const found: ReadmeCommand[] = [];
  let fence: string | null = null;
  for (const line of text.split('\n')) {
    const open = /^```(\w*)/.exec(line);
    if (open !== null) {
      fence = fence === null ? (open[1] ?? '') : null;
      continue;
    }
    if (fence !== null) {
      const prompt = /^\s*\$ (.*)$/.exec(line);
      const shell = fence === 'sh' ? line : prompt?.[1];
      if (shell !== undefined) for (const words of findTcpdocCommands(shell)) found.push({ words, fenced: true, source: line.trim() });
    } else {
      for (const m of line.matchAll(/`([^`]*\btcpdoc\b[^`]*)`/g)) {
        for (const words of findTcpdocCommands(m[1] ?? '')) found.push({ words, fenced: false, source: `\`${m[1]}\`` });
      }
    }
  }
  return found;
}

// A word that stands for something the reader fills in: FILE, X, [FILTER].
function isPlaceholder(word: string): boolean {
  return /^[A-Z][A-Z_]*$/.test(word) || /^\[.*\]$/.test(word);
}

test('tcpdoc --help lists every command with its summary, and -V prints the version', () => {
  const r = tcpdoc(['--help']);
  assert.equal(r.status, 0);
  for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^ {2}${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'), c.name);
  for (const option of readHelpOptions(r.stdout)) {
    const flag = tcpdoc([option.name]);
    assert.equal(flag.status, 0, `tcpdoc ${option.name}: ${flag.stderr}`);
  }
  assert.match(tcpdoc(['-V']).stdout, /^tcpdoc \d+\.\d+\.\d+\n$/);
});

for (const command of NAMES) {
  test(`${command}: --help lists every option the parser accepts, and the parser accepts every option the help names`, async () => {
    const help = helpOf(command);
    const listed = readHelpOptions(help);
    const listedNames = new Set(listed.map((o) => o.name));
    const parser = readParserOptions(command);
    assert.ok(parser.has('--json'), `${command}: reading the options from the source found ${[...parser.keys()].join(' ')}`);
    for (const [name, type] of parser) {
      assert.ok(listedNames.has(name), `${command}: the parser accepts ${name} but --help does not list it`);
      // The source reading is checked against the real parser too.
      const probed = await probeOption(command, name);
      assert.notEqual(probed, 'unknown', `${command}: ${name} is in the source's options but the parser refuses it`);
      // A string option the command lets go without a value (status --watch) must show the value as optional.
      const optional = type === 'string' && probed === 'flag' && listed.some((o) => o.name === name && o.placeholder === 'optional');
      if (probed !== 'help' && !optional) assert.equal(probed === 'value' ? 'string' : 'boolean', type, `${command}: ${name} parses as a ${probed}, the source says ${type}`);
    }
    assert.ok(listedNames.has('--help') && listedNames.has('-h'), `${command}: --help does not list -h, --help`);
    for (const option of listed) {
      const probed = await probeOption(command, option.name);
      assert.notEqual(probed, 'unknown', `${command}: --help lists ${option.name} ("${option.line}") but the parser refuses it`);
      if (!option.name.startsWith('--')) continue;
      if (probed === 'value') assert.equal(option.placeholder, 'value', `${command}: ${option.name} takes a value but the help shows none: "${option.line}"`);
      if (probed === 'flag') assert.notEqual(option.placeholder, 'value', `${command}: ${option.name} takes no value but the help shows one: "${option.line}"`);
    }
    // Options named anywhere in the help (prose, usage, its own examples); lines about another command are theirs.
    const mine = help.split('\n').filter((line) => !NAMES.some((other) => other !== command && new RegExp(`\\btcpdoc ${other}\\b`).test(line)));
    for (const m of mine.join('\n').matchAll(/(?<![\w-])--[a-z][\w-]*/g)) {
      assert.notEqual(await probeOption(command, m[0]), 'unknown', `${command}: --help mentions ${m[0]}, which the parser refuses`);
    }
  });

  test(`${command}: every example in --help parses`, async () => {
    const examples = readHelpExamples(helpOf(command));
    assert.ok(examples.length > 0, `${command}: --help has no Examples section`);
    let count = 0;
    for (const line of examples) {
      for (const words of findTcpdocCommands(line)) {
        await assertParses(words, `${command} --help example "${line}"`);
        count++;
      }
    }
    assert.ok(count >= examples.length, `${command}: only ${count} tcpdoc commands in ${examples.length} example lines`);
  });
}

test('README.md has a section and a table row for every command', () => {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const name of NAMES) {
    assert.match(text, new RegExp(`^## tcpdoc ${name}$`, 'm'), `no "## tcpdoc ${name}" section`);
    assert.match(text, new RegExp(`^\\| \`tcpdoc ${name}\\b`, 'm'), `no table row for tcpdoc ${name}`);
  }
});

test('every tcpdoc command line in README.md parses', async () => {
  const commands = readReadmeCommands();
  assert.ok(commands.filter((c) => c.fenced).length >= 10, `only ${commands.length} command lines found in README.md`);
  for (const c of commands) {
    // `tcpdoc --help`, `tcpdoc COMMAND --help`, `tcpdoc help COMMAND` name the entry point, not a command.
    if (!NAMES.includes(c.words[0] ?? '')) continue;
    await assertParses(c.words, `README ${c.source}`);
  }
});

// The README lines that can run here, host-wide ones and those that look inside a namespace apart.
function readConcreteReadmeCommands(t: { diagnostic: (message: string) => void }): { host: ReadmeCommand[]; inNetns: ReadmeCommand[] } {
  const seen = new Set<string>();
  const host: ReadmeCommand[] = [];
  const inNetns: ReadmeCommand[] = [];
  for (const c of readReadmeCommands()) {
    const key = c.words.join(' ');
    if (seen.has(key) || !NAMES.includes(c.words[0] ?? '') || c.words.some(isPlaceholder)) continue;
    seen.add(key);
    if (NOT_RUN.has(key)) {
      t.diagnostic(`not run: tcpdoc ${key}: ${NOT_RUN.get(key) ?? ''}`);
      continue;
    }
    assert.ok(c.words[0] !== 'lab' || key === 'lab --list', `README line "${c.source}" would build a lab: list it in NOT_RUN with the reason, or make it --list`);
    (c.words.includes('--netns') ? inNetns : host).push(c);
  }
  return { host, inNetns };
}

// Runs a README line in the scratch directory, with the files it names, and checks it did not fail as a usage error.
function runReadmeCommand(c: ReadmeCommand, netnsName: string | undefined): void {
  // Captures and sysctl files the examples name: an empty pcap (24-byte global header, libpcap's
  // pcap-savefile(5): magic, version 2.4, zone, sigfigs, snaplen 65535, linktype 1) and a one-line file.
  const pcapHeader = Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex');
  const words = [...c.words];
  const at = words.indexOf('--netns');
  if (at >= 0 && netnsName !== undefined) words[at + 1] = netnsName;
  for (const w of words) {
    if (w.endsWith('.pcap')) writeFileSync(join(dir, w), pcapHeader);
    if (w.endsWith('.conf')) writeFileSync(join(dir, w), 'net.ipv4.tcp_syncookies = 1\n');
  }
  const r = tcpdoc(words, dir);
  assert.ok(r.status === 0 || r.status === 1, `tcpdoc ${words.join(' ')} (README: ${c.source}) exited ${String(r.status)}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, STACK_FRAME, `tcpdoc ${words.join(' ')}: stack trace`);
  assert.ok(r.stdout.length > 0, `tcpdoc ${words.join(' ')} printed nothing`);
}

test('the concrete host-wide command lines in README.md run without a usage error', (t) => {
  const { host } = readConcreteReadmeCommands(t);
  assert.ok(host.length >= 6, `only ${host.length} host-wide command lines`);
  for (const c of host) runReadmeCommand(c, undefined);
});

test('the README lines that look inside a namespace run there without a usage error (in a namespace of our own)', (t) => {
  const { inNetns } = readConcreteReadmeCommands({ diagnostic: () => {} });
  assert.ok(inNetns.length >= 4, `only ${inNetns.length} command lines with --netns`);
  if (!requireEnvironment(t, { root: true }) || netns === undefined) return;
  for (const c of inNetns) runReadmeCommand(c, netns.name);
});

test('findTcpdocCommands reads shell lines the way a shell would', () => {
  assert.deepEqual(findTcpdocCommands("tcpdump -n -r c.pcap | tcpdoc trace -"), [['trace', '-']]);
  assert.deepEqual(findTcpdocCommands("sudo tcpdoc ls -i 'dport = :443'   # comment"), [['ls', '-i', 'dport = :443']]);
  assert.deepEqual(findTcpdocCommands('./scripts/install.sh && tcpdoc doctor'), [['doctor']]);
  assert.deepEqual(findTcpdocCommands("tcpdoc sysctl --check a.conf --corrected > b.conf"), [['sysctl', '--check', 'a.conf', '--corrected']]);
  assert.deepEqual(findTcpdocCommands("sudo tcpdoc doctor --pid-ns $(docker inspect -f '{{.State.Pid}}' api)"), [['doctor', '--pid-ns', '1']]);
  assert.deepEqual(findTcpdocCommands('tcpdoc explain state:CLOSE_WAIT | tcpdoc explain errno:EMFILE'), [['explain', 'state:CLOSE_WAIT'], ['explain', 'errno:EMFILE']]);
});
