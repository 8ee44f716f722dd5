// Benchmark: the userspace filter re-check over 100,000 sockets (compile once, then one
// closure call per socket), for port, IPv4-prefix, IPv6 and mixed filters.
// Run: node --import tsx bench/filter-match.bench.ts
import { parseFilter } from '../src/analysis/filter/parse-filter.js';
import { compileMatcher } from '../src/analysis/filter/match-filter.js';
import { makeSocketRecord, type SocketRecord } from '../src/model/socket.js';
import { TCP_STATES } from '../src/model/tcp-state.js';

// Half IPv4, a quarter IPv4-mapped IPv6, a quarter native IPv6; 5,000 distinct peers.
function buildSockets(count: number): SocketRecord[] {
  const out: SocketRecord[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 4;
    const peer4 = `10.${(i >> 8) % 20}.${i % 250}.${(i * 7) % 250}`;
    const peer6 = `2001:db8:${(i % 5000).toString(16)}::${(i % 97).toString(16)}`;
    out.push(
      makeSocketRecord({
        family: kind < 2 ? 4 : 6,
        state: TCP_STATES[i % TCP_STATES.length] ?? 'ESTABLISHED',
        local: { address: kind === 3 ? '2001:db8::1' : '10.0.0.1', port: i % 3 === 0 ? 443 : 8080 },
        remote: { address: kind === 3 ? peer6 : peer4, port: 1024 + (i % 60000) },
      }),
    );
  }
  return out;
}

const sockets = buildSockets(100_000);
const filters = [
  'sport = :443',
  'dport >= :1024 dport < :30000',
  'dst 10.3.0.0/16',
  'dst [2001:db8:10::]/48',
  "state established ( sport = :443 or dst 10.1.0.0/16 ) and not dst [2001:db8::]/32",
];
for (const text of filters) {
  const times: number[] = [];
  let hits = 0;
  for (let run = 0; run < 7; run++) {
    const t0 = process.hrtime.bigint();
    const match = compileMatcher(parseFilter(text));
    hits = 0;
    for (const s of sockets) if (match(s)) hits++;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`${text}: median ${times[3]?.toFixed(1)} ms for ${sockets.length} sockets (${hits} match)`);
}
