// Builds a namespace holding many TCP sockets, spread over several processes, for the
// inventory and doctor benchmarks. Each connection gives two sockets (client and
// server side), each held by a process; a process holds at most ~19,000 fds here.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';

const SERVER_SCRIPT = `
const net = require('node:net');
const port = Number(process.argv[1]);
const held = [];
const server = net.createServer((s) => { held.push(s); s.on('error', () => {}); });
server.listen({ host: '127.0.0.1', port, backlog: 4096 }, () => process.stdout.write('listening\\n'));
process.stdin.on('end', () => process.exit(0)); process.stdin.resume();
setTimeout(() => process.exit(0), Number(process.argv[2]) * 1000);
`;

const CLIENT_SCRIPT = `
const net = require('node:net');
const ports = process.argv[1].split(',').map(Number);
const count = Number(process.argv[2]);
const held = [];
(async () => {
  let made = 0;
  while (made < count) {
    const batch = Math.min(500, count - made);
    await Promise.all(Array.from({ length: batch }, (_, i) => new Promise((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port: ports[(made + i) % ports.length] }, () => resolve());
      s.on('error', () => resolve());
      held.push(s);
    })));
    made += batch;
  }
  process.stdout.write('connected ' + made + '\\n');
})();
process.stdin.on('end', () => process.exit(0)); process.stdin.resume();
setTimeout(() => process.exit(0), Number(process.argv[3]) * 1000);
`;

export interface SocketFarm {
  netns: string;
  sockets: number;
  pids: number[];
  remove: () => void;
}

function waitFor(child: ChildProcess, word: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no '${word}' after ${timeoutMs} ms: ${err}`)), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(word)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
  });
}

// Makes `connections` connections (2x sockets) in a fresh namespace, plus TIME_WAIT sockets.
export async function buildSocketFarm(options: { connections: number; timeWait: number; lifetimeSeconds: number; name?: string }): Promise<SocketFarm> {
  const netns = options.name ?? `tcpdoc-bench-${process.pid}`;
  execFileSync('ip', ['netns', 'add', netns]);
  const children: ChildProcess[] = [];
  const remove = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    try {
      execFileSync('ip', ['netns', 'del', netns], { stdio: 'ignore' });
    } catch {
      // Already gone.
    }
  };
  try {
    const inNs = (args: string[]) => execFileSync('ip', ['netns', 'exec', netns, ...args], { encoding: 'utf8' });
    inNs(['ip', 'link', 'set', 'lo', 'up']);
    inNs(['sysctl', '-qw', 'net.ipv4.ip_local_port_range=1024 65535']);
    const perProcess = 15_000;
    const serverCount = Math.ceil(options.connections / perProcess);
    const ports = Array.from({ length: serverCount }, (_, i) => 600 + i);
    const start = (script: string, args: string[]) => {
      const child = spawn('ip', ['netns', 'exec', netns, 'node', '-e', script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      children.push(child);
      return child;
    };
    await Promise.all(ports.map((p) => waitFor(start(SERVER_SCRIPT, [String(p), String(options.lifetimeSeconds)]), 'listening', 20_000)));
    const clientCount = Math.ceil(options.connections / perProcess);
    const per = Math.ceil(options.connections / clientCount);
    await Promise.all(
      Array.from({ length: clientCount }, (_, i) => {
        const n = Math.min(per, options.connections - i * per);
        return waitFor(start(CLIENT_SCRIPT, [ports.join(','), String(n), String(options.lifetimeSeconds)]), 'connected', 300_000);
      }),
    );
    if (options.timeWait > 0) {
      // Short connections closed by the client leave client-side TIME_WAIT sockets (no fd held).
      const script = `
        const net = require('node:net'); let left = ${options.timeWait}; let open = 0;
        const server = net.createServer((s) => { s.on('error', () => {}); s.on('end', () => s.end()); });
        server.listen({ host: '127.0.0.2', port: 700, backlog: 4096 }, () => {
          const next = () => { while (open < 200 && left > 0) { left--; open++;
            const c = net.connect({ host: '127.0.0.2', port: 700 }, () => c.end());
            c.on('error', () => {}); c.on('close', () => { open--; if (left > 0) next(); else if (open === 0) { process.stdout.write('done\\n'); } }); } };
          next();
        });
        setTimeout(() => process.exit(0), ${options.lifetimeSeconds} * 1000);`;
      const tw = start(script, []);
      await waitFor(tw, 'done', 120_000);
    }
    const sockets = Number(inNs(['sh', '-c', 'ss -tanH | wc -l']).trim());
    return { netns, sockets, pids: children.map((c) => c.pid ?? -1), remove };
  } catch (error) {
    remove();
    throw error;
  }
}
