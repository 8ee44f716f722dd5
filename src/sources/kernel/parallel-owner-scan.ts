// Runs the socket-owner scan on two threads: a worker scans part of the processes while
// the main thread dumps sockets, then the main thread scans the rest and merges. Each
// readlink costs the kernel a few µs, so on 100k socket fds the scan is the longest part
// of `ls -p` and the doctor. The worker's result is collected synchronously: the caller
// blocks on a shared flag, then reads the message with receiveMessageOnPort.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { ProcessRef } from '../../model/socket.js';
import { listPids, scanSocketOwners, type SocketOwnerScan, type SocketOwnerScanOptions } from './processes.js';
import { unpackOwnerScan, type PackedOwnerScan } from './owner-scan-wire.js';

const WORKER_URL = new URL('./owner-scan-worker.js', import.meta.url);
// A scan of a million fds takes a few seconds; past this something is wrong and we scan inline.
const WAIT_LIMIT_MS = 60_000;
// The main thread dumps and decodes the sockets first, so it takes a smaller share of the fds.
const MAIN_THREAD_SHARE = 0.3;

export interface PendingOwnerScan {
  // Blocks until the scan is done and returns it.
  finish: () => SocketOwnerScan;
  // 'worker' when part of the scan runs in parallel, 'inline' when it all runs inside finish().
  mode: 'worker' | 'inline';
}

// Splits pids between the worker and the main thread by their fd counts (stat of
// /proc/PID/fd gives the count on Linux 6.2+; older kernels give 0 and the split is by number).
export function splitPidsByLoad(pids: readonly number[], fdCount: (pid: number) => number, mainShare: number): { worker: number[]; main: number[] } {
  const loads = pids.map((pid) => ({ pid, fds: Math.max(1, fdCount(pid)) })).sort((a, b) => b.fds - a.fds);
  const total = loads.reduce((sum, l) => sum + l.fds, 0);
  // Greedy: each process goes to the side further below its target share.
  const target = { main: total * mainShare, worker: total * (1 - mainShare) };
  const load = { main: 0, worker: 0 };
  const out = { worker: [] as number[], main: [] as number[] };
  for (const l of loads) {
    const side = target.worker - load.worker >= target.main - load.main ? 'worker' : 'main';
    load[side] += l.fds;
    out[side].push(l.pid);
  }
  return out;
}

function readFdCount(procRoot: string, pid: number): number {
  try {
    return fs.statSync(`${procRoot}/${pid}/fd`).size;
  } catch {
    return 0;
  }
}

// Joins two scans of disjoint process sets; owners stay in pid order.
export function mergeOwnerScans(a: SocketOwnerScan, b: SocketOwnerScan): SocketOwnerScan {
  const owners = new Map<number, ProcessRef[]>(a.owners);
  for (const [inode, refs] of b.owners) {
    const list = owners.get(inode);
    if (list === undefined) owners.set(inode, refs);
    else owners.set(inode, [...list, ...refs].sort((x, y) => x.pid - y.pid || x.fd - y.fd));
  }
  return {
    owners,
    processesScanned: a.processesScanned + b.processesScanned,
    unreadableProcesses: a.unreadableProcesses + b.unreadableProcesses,
    vanishedProcesses: a.vanishedProcesses + b.vanishedProcesses,
    method: a.method,
  };
}

// Starts the scan with a worker thread when parallel is true and the compiled worker exists;
// otherwise the whole scan runs inline when finish() is called.
export function startOwnerScan(options: SocketOwnerScanOptions, parallel: boolean): PendingOwnerScan {
  const inline: PendingOwnerScan = { finish: () => scanSocketOwners(options), mode: 'inline' };
  // Run from TypeScript sources (tsx), the .js worker does not exist: scan inline.
  if (!parallel || !fs.existsSync(fileURLToPath(WORKER_URL))) return inline;
  const procRoot = options.procRoot ?? '/proc';
  const split = splitPidsByLoad(options.pids ?? listPids(procRoot), (pid) => readFdCount(procRoot, pid), MAIN_THREAD_SHARE);
  const flag = new SharedArrayBuffer(4);
  const state = new Int32Array(flag);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(WORKER_URL, { workerData: { options: { ...options, pids: split.worker }, flag, port: port2 }, transferList: [port2] });
  } catch {
    port1.close();
    return inline;
  }
  worker.unref();
  // A worker that fails to start sets no flag; its error event wakes nobody, so record it.
  worker.on('error', () => {
    Atomics.store(state, 0, 2);
    Atomics.notify(state, 0);
  });
  return {
    mode: 'worker',
    finish: () => {
      const mine = scanSocketOwners({ ...options, pids: split.main });
      Atomics.wait(state, 0, 0, WAIT_LIMIT_MS);
      const received = receiveMessageOnPort(port1);
      port1.close();
      void worker.terminate();
      const message = received?.message as { ok: true; packed: PackedOwnerScan } | { ok: false; message: string } | undefined;
      const theirs = message === undefined || !message.ok ? scanSocketOwners({ ...options, pids: split.worker }) : unpackOwnerScan(message.packed);
      return mergeOwnerScans(mine, theirs);
    },
  };
}
