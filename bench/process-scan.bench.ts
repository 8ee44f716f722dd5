// Benchmark: mapping ~100,000 socket fds (6 processes x 17,000 unbound TCP sockets) to processes.
// Compares the libc readlinkat walk with the node:fs readdir + readlink walk.
// Run as root: node --import tsx bench/process-scan.bench.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { scanSocketOwners } from '../src/sources/kernel/processes.js';

const HOLDER = `
import socket, resource, sys, time
n = int(sys.argv[1])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(n + 64, hard), hard))
socks = [socket.socket() for _ in range(n)]
print("ready", flush=True)
time.sleep(300)
`;

const holders: ChildProcess[] = [];
try {
  for (let i = 0; i < 6; i++) {
    const child = spawn('python3', ['-c', HOLDER, '17000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    holders.push(child);
    await once(child.stdout!, 'data');
  }
  for (const noLibc of [false, true]) {
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      const scan = scanSocketOwners({ noLibc });
      const ms = performance.now() - start;
      console.log(`${scan.method}: ${ms.toFixed(1)} ms, ${scan.owners.size} socket inodes, ${scan.processesScanned} processes`);
    }
  }
} finally {
  for (const child of holders) child.kill('SIGKILL');
}
