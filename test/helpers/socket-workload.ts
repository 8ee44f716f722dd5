// A Node program, run inside a test namespace, that holds TCP sockets in known states:
// LISTEN, ESTABLISHED, CLOSE_WAIT, FIN_WAIT2, TIME_WAIT, SYN_SENT and SYN_RECV (the
// last two need the iptables rules that installWorkloadFirewall adds). It prints
// "ready" once everything is set up and exits when stdin closes or after 90 s.
import type { Netns } from './netns.js';

export const WORKLOAD_PORTS = { main: 7001, synRecv: 7002, dual: 7003, dropped: 7009 } as const;

export const WORKLOAD_SCRIPT = `
const net = require('node:net');
const held = [];
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const connect = (opts) => new Promise((resolve, reject) => {
  const s = net.connect(opts, () => resolve(s));
  s.on('error', reject);
  held.push(s);
});
(async () => {
  // Port 7001: the server keeps half-open connections (allowHalfOpen) and never closes them,
  // except for the 4th client, which it closes after the client did (-> client TIME_WAIT).
  let accepted = 0;
  const server = net.createServer({ allowHalfOpen: true }, (sock) => {
    held.push(sock);
    const n = ++accepted;
    sock.on('error', () => {});
    sock.on('end', () => { if (n === 4) sock.end(); });
  });
  await new Promise((r) => server.listen({ host: '127.0.0.1', port: ${WORKLOAD_PORTS.main}, backlog: 17 }, r));
  const c1 = await connect({ host: '127.0.0.1', port: ${WORKLOAD_PORTS.main} });   // ESTABLISHED both ways
  await wait(50);
  const c2 = await connect({ host: '127.0.0.1', port: ${WORKLOAD_PORTS.main}, allowHalfOpen: true });
  await wait(50);
  c2.end();                                                     // c2 FIN_WAIT2, server side CLOSE_WAIT
  const c3 = await connect({ host: '127.0.0.1', port: ${WORKLOAD_PORTS.main} });   // ESTABLISHED
  await wait(50);
  const c4 = await connect({ host: '127.0.0.1', port: ${WORKLOAD_PORTS.main} });
  await wait(50);
  c4.on('error', () => {});
  c4.end();                                                     // -> TIME_WAIT after the server's FIN
  // Port 7002: the client's final ACK is dropped by iptables, so the server stays in SYN_RECV.
  const s2 = net.createServer(() => {});
  await new Promise((r) => s2.listen({ host: '127.0.0.1', port: ${WORKLOAD_PORTS.synRecv} }, r));
  const c5 = net.connect({ host: '127.0.0.1', port: ${WORKLOAD_PORTS.synRecv} });
  c5.on('error', () => {});
  held.push(c5);
  // Port 7003: a dual-stack listener with an IPv6 and an IPv4 (mapped) client.
  const s3 = net.createServer((sock) => { held.push(sock); sock.on('error', () => {}); });
  await new Promise((r) => s3.listen({ host: '::', port: ${WORKLOAD_PORTS.dual} }, r));
  await connect({ host: '::1', port: ${WORKLOAD_PORTS.dual} });
  await connect({ host: '127.0.0.1', port: ${WORKLOAD_PORTS.dual} });
  // Port 7009: SYNs are dropped, so this connect stays in SYN_SENT.
  const c6 = net.connect({ host: '127.0.0.1', port: ${WORKLOAD_PORTS.dropped} });
  c6.on('error', () => {});
  held.push(c6);
  await wait(300);
  process.stdout.write('ready\\n');
  void c1; void c3;
})().catch((e) => { console.error(e); process.exit(1); });
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(0), 90000);
`;

// Drops the SYN to the "dropped" port and the client's final ACK to the SYN_RECV port.
export function installWorkloadFirewall(ns: Netns): void {
  ns.exec('iptables', ['-A', 'INPUT', '-p', 'tcp', '--dport', String(WORKLOAD_PORTS.dropped), '-j', 'DROP']);
  ns.exec('iptables', ['-A', 'INPUT', '-p', 'tcp', '--dport', String(WORKLOAD_PORTS.synRecv), '--tcp-flags', 'SYN,ACK,FIN,RST', 'ACK', '-j', 'DROP']);
}

// Starts the workload in the namespace and resolves once it printed "ready".
export async function startWorkload(ns: Netns): Promise<{ pid: number; stop: () => void }> {
  const child = ns.spawn('node', ['-e', WORKLOAD_SCRIPT]);
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`workload not ready after 15 s; stderr: ${err}`)), 15_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`workload exited with ${code}: ${err}`));
    });
  });
  // `ip netns exec` execs the command, so the child's pid is node's.
  return {
    pid: child.pid ?? -1,
    stop: () => {
      child.stdin?.end();
      child.kill('SIGKILL');
    },
  };
}
