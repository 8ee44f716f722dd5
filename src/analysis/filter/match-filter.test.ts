import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileMatcher, matchFilter, statesOfFilter } from './match-filter.js';
import { parseFilter } from './parse-filter.js';
import { makeSocketRecord, type SocketRecord } from '../../model/socket.js';
import { TCP_STATES, type TcpState } from '../../model/tcp-state.js';
import type { FilterExpr } from '../../model/filter.js';
import { compileBytecode } from '../../wire/netlink/bytecode.js';
import { auditBytecode, runBytecode } from '../../wire/netlink/bytecode-check.js';
import { parseIp } from '../../wire/ip-address.js';

function sock(family: 4 | 6, local: string, remote: string, state: TcpState = 'ESTABLISHED'): SocketRecord {
  const split = (t: string) => {
    const i = t.lastIndexOf(':');
    return { address: t.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(t.slice(i + 1)) };
  };
  return makeSocketRecord({ family, state, local: split(local), remote: split(remote) });
}

const matches = (filter: string, s: SocketRecord) => matchFilter(parseFilter(filter), s);

test('port comparisons use the local port for sport and the remote port for dport', () => {
  const s = sock(4, '10.0.0.1:443', '10.0.0.2:50000');
  assert.equal(matches('sport = :443', s), true);
  assert.equal(matches('dport = :443', s), false);
  assert.equal(matches('dport >= :50000', s), true);
  assert.equal(matches('dport > :50000', s), false);
  assert.equal(matches('dport < :50001', s), true);
  assert.equal(matches('dport <= :49999', s), false);
  assert.equal(matches('sport != :443', s), false);
  assert.equal(matches('not sport = :443 or dport = :50000', s), true);
});

test('an IPv4 condition matches IPv4 sockets and IPv4-mapped IPv6 sockets only', () => {
  const v4 = sock(4, '10.1.2.3:80', '192.168.1.9:1234');
  // A dual-stack socket talking to an IPv4 peer: family 6, address printed as IPv4.
  const mapped = sock(6, '10.1.2.3:80', '192.168.1.9:1234');
  const v6 = sock(6, '[2001:db8::1]:80', '[2001:db8::2]:1234');
  for (const s of [v4, mapped]) {
    assert.equal(matches('src 10.0.0.0/8', s), true);
    assert.equal(matches('src 10.1.2.3', s), true);
    assert.equal(matches('src 10.1.2.4', s), false);
    assert.equal(matches('dst 192.168.0.0/16:1234', s), true);
    assert.equal(matches('dst 192.168.0.0/16:1235', s), false);
  }
  assert.equal(matches('src 10.0.0.0/8', v6), false);
  // /0 matches every IPv4 socket, but an IPv6 socket only through a mapped address.
  assert.equal(matches('dst 0.0.0.0/0', v4), true);
  assert.equal(matches('dst 0.0.0.0/0', mapped), true);
  assert.equal(matches('dst 0.0.0.0/0', v6), false);
});

test('an IPv6 condition never matches an IPv4 socket, even an IPv4-mapped one', () => {
  const v4 = sock(4, '10.0.0.1:80', '10.0.0.2:1');
  const mapped = sock(6, '10.0.0.1:80', '10.0.0.2:1');
  const v6 = sock(6, '[2001:db8:1::5]:80', '[::1]:1');
  assert.equal(matches('src [::ffff:10.0.0.1]', v4), false);
  assert.equal(matches('src [::ffff:10.0.0.1]', mapped), true);
  assert.equal(matches('src [::ffff:0.0.0.0]/96', mapped), true);
  assert.equal(matches('src [2001:db8::]/32', v6), true);
  assert.equal(matches('src [2001:db8::]/33', v6), true);
  assert.equal(matches('src [2001:db9::]/32', v6), false);
  assert.equal(matches('dst [::1]', v6), true);
  assert.equal(matches('dst [::]/0', v6), true);
  assert.equal(matches('dst [::]/0', v4), false);
});

test('wildcard hosts match any address, with or without a port', () => {
  const s = sock(4, '10.0.0.1:80', '10.0.0.2:443');
  const t = sock(6, '[::1]:80', '[::1]:443');
  for (const x of [s, t]) {
    assert.equal(matches('dst *', x), true);
    assert.equal(matches('dst *:443', x), true);
    assert.equal(matches('dst *:444', x), false);
    assert.equal(matches('sport = *', x), true);
  }
});

test('state nodes test the socket state', () => {
  const listen = sock(4, '0.0.0.0:22', '0.0.0.0:0', 'LISTEN');
  assert.equal(matches('state listening', listen), true);
  assert.equal(matches('state connected', listen), false);
  assert.equal(matches('state listening sport = :23', listen), false);
  assert.equal(matches('exclude established', listen), true);
});

test('statesOfFilter narrows the kernel state mask exactly for state expressions and safely otherwise', () => {
  const states = (f: string) => statesOfFilter(parseFilter(f));
  assert.deepEqual(states('state established dport = :22'), ['ESTABLISHED']);
  assert.deepEqual(states('dport = :22'), [...TCP_STATES]);
  assert.deepEqual(states('state listening or state time-wait'), ['TIME_WAIT', 'LISTEN']);
  assert.deepEqual(states('( state listening sport = :1 ) or ( state time-wait dport = :2 )'), ['TIME_WAIT', 'LISTEN']);
  assert.deepEqual(states('not state listening'), TCP_STATES.filter((s) => s !== 'LISTEN'));
  assert.deepEqual(states('not ( state listening or sport = :1 )'), TCP_STATES.filter((s) => s !== 'LISTEN'));
  assert.deepEqual(states('not ( state listening sport = :1 )'), [...TCP_STATES]);
  assert.deepEqual(states('state established exclude established'), []);
  assert.deepEqual(states('state established or sport = :1'), [...TCP_STATES]);
});

// A deterministic pseudo-random generator (tests must be repeatable).
function makeRandom(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

const ADDRESSES4 = ['10.0.0.1', '10.0.0.2', '10.9.8.7', '127.0.0.1', '0.0.0.0', '192.168.1.1'];
const ADDRESSES6 = ['::1', '::', '2001:db8::1', '2001:db8:1::2', 'fe80::1', 'fe80::', '2001:db8:0:0:1:0:0:1', '1:2:3:4:5:6:7:8', 'FFFF::a:B', '::ffff:10.0.0.1'];
const PORTS = [0, 22, 80, 443, 1023, 1024, 1025, 50000, 65535];
const HOSTS = [
  '*', '*:443', '10.0.0.0/8', '10.0.0.1', '10.0.0.1:80', '0.0.0.0/0', '192.168.1.1/32:1024', '127.0.0.0/8',
  '[::1]', '[2001:db8::]/32', '[2001:db8::1]:22', '[::ffff:10.0.0.0]/104', '[::]/0', '[fe80::]/10:443',
  '[1:2:3:4:5:6:7:8]/127', '[2001:db8::1:0:0:1]', '[ffff::]/16', '[::ffff:0.0.0.0]/96', '[::ffff:10.0.0.1]',
];

function randomFilter(rand: () => number, depth: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const r = rand();
  if (depth <= 0 || r < 0.4) {
    if (rand() < 0.5) return `${pick(['sport', 'dport'])} ${pick(['=', '!=', '<', '<=', '>', '>='])} :${pick(PORTS)}`;
    return `${pick(['src', 'dst'])} ${pick(HOSTS)}`;
  }
  if (r < 0.55) return `not ( ${randomFilter(rand, depth - 1)} )`;
  return `( ${randomFilter(rand, depth - 1)} ) ${pick(['and', 'or', ''])} ( ${randomFilter(rand, depth - 1)} )`;
}

function randomSocket(rand: () => number): SocketRecord {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const family = rand() < 0.5 ? 4 : 6;
  // Family-6 sockets get IPv4 text (mapped) a third of the time, as decoders print them.
  const addr = () => (family === 4 || rand() < 0.33 ? pick(ADDRESSES4) : pick(ADDRESSES6));
  return makeSocketRecord({
    family,
    state: pick(TCP_STATES),
    local: { address: addr(), port: pick(PORTS) },
    remote: { address: addr(), port: pick(PORTS) },
  });
}

// The bytes the kernel holds for a socket address (IPv6 sockets store IPv4 peers mapped).
function kernelAddress(family: 4 | 6, text: string): Uint8Array {
  const ip = parseIp(text);
  assert.ok(ip !== null, text);
  if (family === 4 || ip.family === 6) return ip.bytes;
  const out = new Uint8Array(16);
  out[10] = 0xff;
  out[11] = 0xff;
  out.set(ip.bytes, 12);
  return out;
}

test('the matcher agrees with the kernel interpreter run on the compiled bytecode (2000 random filters)', () => {
  const rand = makeRandom(0x5eed);
  const sockets = Array.from({ length: 300 }, () => randomSocket(rand));
  let accepted = 0;
  let rejected = 0;
  for (let i = 0; i < 2000; i++) {
    const text = randomFilter(rand, 3);
    const expr: FilterExpr = parseFilter(text);
    const matcher = compileMatcher(expr);
    for (const family of [4, 6] as const) {
      const program = compileBytecode(expr, family);
      if (program === null) continue;
      assert.equal(auditBytecode(program), null, text);
      for (const s of sockets) {
        if (s.family !== family) continue;
        const kernel = runBytecode(program, {
          family: s.family,
          saddr: kernelAddress(s.family, s.local.address),
          daddr: kernelAddress(s.family, s.remote.address),
          sport: s.local.port,
          dport: s.remote.port,
        });
        assert.equal(matcher(s), kernel, `${text} on ${JSON.stringify([s.family, s.local, s.remote])}`);
        if (kernel) accepted++;
        else rejected++;
      }
    }
  }
  // Both outcomes occur often, so the comparison means something.
  assert.ok(accepted > 10_000 && rejected > 10_000, `${accepted} accepted, ${rejected} rejected`);
});
