// Runs the socket-owner scan on a second thread so that it overlaps the netlink dump
// (both take a few hundred ms on 100k sockets). The result is collected synchronously:
// the caller blocks on a shared flag, then reads the message with receiveMessageOnPort.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { scanSocketOwners, type SocketOwnerScan, type SocketOwnerScanOptions } from './processes.js';
import { unpackOwnerScan, type PackedOwnerScan } from './owner-scan-wire.js';

const WORKER_URL = new URL('./owner-scan-worker.js', import.meta.url);
// A scan of a million fds takes a few seconds; past this something is wrong and we scan inline.
const WAIT_LIMIT_MS = 60_000;

export interface PendingOwnerScan {
  // Blocks until the scan is done and returns it.
  finish: () => SocketOwnerScan;
  // 'worker' when the scan runs in parallel, 'inline' when it runs inside finish().
  mode: 'worker' | 'inline';
}

// Starts the scan on a worker thread when parallel is true and the compiled worker exists;
// otherwise the scan runs inline when finish() is called.
export function startOwnerScan(options: SocketOwnerScanOptions, parallel: boolean): PendingOwnerScan {
  const inline: PendingOwnerScan = { finish: () => scanSocketOwners(options), mode: 'inline' };
  // Run from TypeScript sources (tsx), the .js worker does not exist: scan inline.
  if (!parallel || !fs.existsSync(fileURLToPath(WORKER_URL))) return inline;
  const flag = new SharedArrayBuffer(4);
  const state = new Int32Array(flag);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(WORKER_URL, { workerData: { options, flag, port: port2 }, transferList: [port2] });
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
      Atomics.wait(state, 0, 0, WAIT_LIMIT_MS);
      const received = receiveMessageOnPort(port1);
      port1.close();
      void worker.terminate();
      const message = received?.message as { ok: true; packed: PackedOwnerScan } | { ok: false; message: string } | undefined;
      if (message === undefined || !message.ok) return scanSocketOwners(options);
      return unpackOwnerScan(message.packed);
    },
  };
}
