// Filters on the real kernel: for a table of ss filters, the sockets the kernel returns
// for our bytecode (netlinkSource with the filter and the narrowed state mask) equal
// the userspace matcher's pick from an unfiltered listing, and equal what
// `ss -tanH FILTER` shows, inside a namespace holding IPv4, IPv6 and IPv4-mapped
// sockets in LISTEN, ESTABLISHED and TIME_WAIT on several ports and addresses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createNetns, type Netns } from './helpers/netns.js';
import { waitForOutput } from './helpers/wait-for-output.js';
import { hasTool, isRoot, requireEnvironment } from './helpers/env.js';
import type { SocketListing, SocketQuery } from '../src/sources/kernel/socket-source.js';
import type { SocketRecord } from '../src/model/socket.js';
import { parseFilter } from '../src/analysis/filter/parse-filter.js';
import { formatFilter } from '../src/analysis/filter/format-filter.js';
import { compileMatcher, statesOfFilter } from '../src/analysis/filter/match-filter.js';
import { compileBytecode } from '../src/wire/netlink/bytecode.js';

const SOURCE_URL = new URL('../src/sources/kernel/netlink.js', import.meta.url).href;
// Under tsx (running the .ts file directly) the child needs the same loader.
const LOADER = import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [];
const ready = isRoot() && hasTool('ss') && hasTool('ip');

// Listeners: A 127.0.0.1:7101, B 10.7.0.1:7102, C [::]:7103 (dual stack), D [2001:db8:8::1]:7104.
// Clients bind chosen local addresses so src/dst conditions have something to tell apart;
// two clients close first and sit in TIME_WAIT (one IPv4, one IPv6).
const WORKLOAD = `
const net = require('node:net');
const held = [];
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const listen = (host, port) => new Promise((resolve) => {
  const server = net.createServer((sock) => { held.push(sock); sock.on('error', () => {}); });
  server.listen({ host, port }, () => resolve(server));
});
const connect = (opts) => new Promise((resolve, reject) => {
  const s = net.connect(opts, () => resolve(s));
  s.on('error', reject);
  held.push(s);
});
(async () => {
  await listen('127.0.0.1', 7101);
  await listen('10.7.0.1', 7102);
  await listen('::', 7103);
  await listen('2001:db8:8::1', 7104);
  await connect({ host: '127.0.0.1', port: 7101 });
  await connect({ host: '127.0.0.1', port: 7101, localAddress: '10.8.0.1' });
  await connect({ host: '10.7.0.1', port: 7102, localAddress: '10.8.0.1' });
  await connect({ host: '::1', port: 7103 });
  await connect({ host: '127.0.0.1', port: 7103 });
  await connect({ host: '10.7.0.1', port: 7103, localAddress: '10.8.0.1' });
  await connect({ host: '2001:db8:8::1', port: 7103, localAddress: '2001:db8:7::1' });
  await connect({ host: '2001:db8:8::1', port: 7104, localAddress: '2001:db8:7::1' });
  const tw4 = await connect({ host: '10.7.0.1', port: 7102 });
  const tw6 = await connect({ host: '2001:db8:8::1', port: 7104, localAddress: '::1' });
  tw4.end();
  tw6.end();
  await wait(300);
  process.stdout.write('ready\\n');
})().catch((e) => { console.error(e); process.exit(1); });
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(0), 50000);
`;

// Each filter is valid ss syntax and picks some but not all sockets.
const FILTERS = [
  'sport = :7101',
  'dport = :7103',
  'sport >= :7102',
  'sport < :7103',
  'sport > :7102 and sport <= :7104',
  'dport != :7101',
  'src 10.7.0.1',
  'dst 10.8.0.0/16',
  'src 127.0.0.0/8',
  'src [::1]',
  'dst 2001:db8::/32',
  'src [2001:db8:8::1]:7104',
  'dst *:7103',
  'src *:7104',
  'dst [::ffff:10.8.0.1]',
  'dst 0.0.0.0/0',
  'src 0.0.0.0/0 and sport = :7103',
  '( sport = :7101 or sport = :7103 ) and not dst 127.0.0.1',
  'not ( src 10.0.0.0/8 or dport = :7101 )',
  'sport = :7101 or sport = :7102 and dport > :1024',
  'state time-wait',
  'state listening',
  'state established dst 2001:db8:8::/48',
  'state connected ( dport = :7104 or dst 10.7.0.1 )',
  'exclude listening sport >= :7101 sport <= :7104',
  'exclude time-wait exclude listening src ::/0',
];

let ns: Netns | undefined;

before(async () => {
  if (!ready) return;
  ns = createNetns('tcpdoc-flt');
  for (const a of ['10.7.0.1/32', '10.8.0.1/32']) ns.exec('ip', ['addr', 'add', a, 'dev', 'lo']);
  for (const a of ['2001:db8:7::1/128', '2001:db8:8::1/128']) ns.exec('ip', ['-6', 'addr', 'add', a, 'dev', 'lo', 'nodad']);
  const child = ns.spawn('node', ['-e', WORKLOAD]);
  await waitForOutput(child, 'ready');
});

after(() => ns?.remove());

// Runs netlinkSource.listSockets for several queries in one child inside the namespace.
function listInNamespace(queries: SocketQuery[]): SocketListing[] {
  if (ns === undefined) throw new Error('namespace missing');
  const script = `import { netlinkSource } from ${JSON.stringify(SOURCE_URL)};
const queries = JSON.parse(process.argv[1]);
process.stdout.write(JSON.stringify(queries.map((q) => netlinkSource.listSockets(q))));`;
  const out = ns.exec('node', [...LOADER, '--input-type=module', '-e', script, JSON.stringify(queries)]);
  return JSON.parse(out) as SocketListing[];
}

const SS_STATES: Record<string, string> = {
  ESTAB: 'ESTABLISHED', 'SYN-SENT': 'SYN_SENT', 'SYN-RECV': 'SYN_RECV', 'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2', 'TIME-WAIT': 'TIME_WAIT', 'CLOSE-WAIT': 'CLOSE_WAIT', 'LAST-ACK': 'LAST_ACK',
  LISTEN: 'LISTEN', CLOSING: 'CLOSING', UNCONN: 'CLOSE',
};

// ss endpoints in our form: mapped IPv4 unwrapped, "*" port as 0, no %iface, "*:" as [::].
function normalizeSs(text: string): string {
  const t = text.replace(/%[^\]:]+/, '').replace(/:\*$/, ':0').replace(/^\*:/, '[::]:');
  const mapped = /^\[::ffff:(\d+\.\d+\.\d+\.\d+)\]:(\d+)$/.exec(t);
  return mapped === null ? t : `${mapped[1]}:${mapped[2]}`;
}

function ssKeys(filterText: string): string[] {
  if (ns === undefined) throw new Error('namespace missing');
  // When the filter selects a single state, ss leaves out its State column.
  const only = statesOfFilter(parseFilter(filterText));
  // -a shows every state when the filter has no state clause; a state clause overrides it.
  return ns
    .exec('ss', ['-tanH', ...filterText.split(' ').filter((w) => w !== '')])
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 4)
    .map((cols) => (/^\d+$/.test(cols[0] ?? '') ? [only.length === 1 ? only[0] : '?', ...cols] : [SS_STATES[cols[0] ?? ''] ?? `?${cols[0]}`, ...cols.slice(1)]))
    .map(([state, , , local, remote]) => `${state} ${normalizeSs(local ?? '')} ${normalizeSs(remote ?? '')}`)
    .sort();
}

const endpoint = (e: { address: string; port: number }) => (e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`);
const keyOf = (s: SocketRecord) => `${s.state} ${endpoint(s.local)} ${endpoint(s.remote)}`;
const keys = (sockets: SocketRecord[]) => sockets.map(keyOf).sort();

test('kernel-filtered, userspace-filtered and ss results agree for every filter', (t) => {
  if (!requireEnvironment(t, { root: true, tools: ['ss', 'ip'] })) return;
  const exprs = FILTERS.map((f) => parseFilter(f));
  for (const [i, e] of exprs.entries()) {
    // Every filter here reaches the kernel as bytecode or as a state mask.
    const narrowed = statesOfFilter(e).length < 11;
    assert.ok(compileBytecode(e, 4) !== null || narrowed, `${FILTERS[i]} gives the kernel nothing to filter`);
  }
  const [all, ...filtered] = listInNamespace([{}, ...exprs.map((filter) => ({ filter, states: statesOfFilter(filter) }))]);
  assert.ok(all !== undefined);
  const states = new Set<string>(all.sockets.map((s) => s.state));
  for (const s of ['LISTEN', 'ESTABLISHED', 'TIME_WAIT']) assert.ok(states.has(s), `workload has no ${s}`);
  assert.ok(all.sockets.some((s) => s.family === 6 && !s.local.address.includes(':')), 'an IPv4-mapped socket exists');
  assert.ok(all.sockets.some((s) => s.family === 6 && s.local.address.includes(':')), 'a native IPv6 socket exists');
  assert.deepEqual(keys(all.sockets), ssKeys(''), 'unfiltered listings agree');

  for (const [i, text] of FILTERS.entries()) {
    const expr = exprs[i]!;
    const listing = filtered[i]!;
    // The kernel accepted the program (no fallback note) and decoded everything.
    assert.deepEqual(listing.notes, [], text);
    assert.equal(listing.unparsed, 0, text);
    const userspace: SocketRecord[] = all.sockets.filter(compileMatcher(expr));
    assert.ok(userspace.length > 0 && userspace.length < all.sockets.length, `${text} picks ${userspace.length} of ${all.sockets.length}`);
    assert.deepEqual(keys(listing.sockets), keys(userspace), `kernel vs userspace: ${text}`);
    assert.deepEqual(keys(userspace), ssKeys(text), `userspace vs ss: ${text}`);
    // Our own formatting of the filter means the same to ss.
    assert.deepEqual(ssKeys(formatFilter(expr)), ssKeys(text), `formatted: ${formatFilter(expr)}`);
  }
});
