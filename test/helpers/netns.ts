// Network namespaces for integration tests: unique names, commands inside, guaranteed removal.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

let counter = 0;
let linkCounter = 0;

export interface Netns {
  name: string;
  // Runs a command inside the namespace and returns its stdout.
  exec: (command: string, args: string[], options?: { input?: string; allowFail?: boolean }) => string;
  // Starts a long-running process inside the namespace; killed by remove().
  spawn: (command: string, args: string[]) => ChildProcess;
  remove: () => void;
}

// A fresh namespace with loopback up; name is unique per process and call.
export function createNetns(prefix = 'tcpdoc-t'): Netns {
  const name = `${prefix}-${process.pid}-${++counter}`;
  execFileSync('ip', ['netns', 'add', name]);
  const children: ChildProcess[] = [];
  const exec: Netns['exec'] = (command, args, options = {}) => {
    try {
      return execFileSync('ip', ['netns', 'exec', name, command, ...args], {
        encoding: 'utf8',
        input: options.input,
        stdio: ['pipe', 'pipe', 'pipe'],
        maxBuffer: 256 * 1024 * 1024,
      });
    } catch (error) {
      if (options.allowFail === true) return '';
      throw error;
    }
  };
  exec('ip', ['link', 'set', 'lo', 'up']);
  return {
    name,
    exec,
    spawn: (command, args) => {
      const child = spawn('ip', ['netns', 'exec', name, command, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      children.push(child);
      return child;
    },
    remove: () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      try {
        execFileSync('ip', ['netns', 'pids', name], { encoding: 'utf8' })
          .split('\n')
          .filter((p) => p.trim() !== '')
          .forEach((pid) => {
            try {
              process.kill(Number(pid), 'SIGKILL');
            } catch {
              // Already gone.
            }
          });
      } catch {
        // Namespace may already be gone.
      }
      try {
        execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
      } catch {
        // Already removed.
      }
    },
  };
}

// Joins two namespaces with a veth pair and addresses (IPv4 /24 and IPv6 /64).
export function linkNetns(a: Netns, b: Netns, options: { a4: string; b4: string; a6?: string; b6?: string }): void {
  const link = ++linkCounter;
  const ifA = `v${link}a${process.pid % 10000}`.slice(0, 15);
  const ifB = `v${link}b${process.pid % 10000}`.slice(0, 15);
  execFileSync('ip', ['link', 'add', ifA, 'netns', a.name, 'type', 'veth', 'peer', 'name', ifB, 'netns', b.name]);
  a.exec('ip', ['addr', 'add', `${options.a4}/24`, 'dev', ifA]);
  b.exec('ip', ['addr', 'add', `${options.b4}/24`, 'dev', ifB]);
  if (options.a6 !== undefined && options.b6 !== undefined) {
    a.exec('ip', ['addr', 'add', `${options.a6}/64`, 'dev', ifA, 'nodad']);
    b.exec('ip', ['addr', 'add', `${options.b6}/64`, 'dev', ifB, 'nodad']);
  }
  a.exec('ip', ['link', 'set', ifA, 'up']);
  b.exec('ip', ['link', 'set', ifB, 'up']);
}
