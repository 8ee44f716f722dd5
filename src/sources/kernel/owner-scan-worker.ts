// Worker thread entry: scans /proc/*/fd for socket owners while the main thread dumps sockets.
import { workerData, type MessagePort } from 'node:worker_threads';
import { scanSocketOwners, type SocketOwnerScanOptions } from './processes.js';
import { packOwnerScan } from './owner-scan-wire.js';

const { options, flag, port } = workerData as { options: SocketOwnerScanOptions; flag: SharedArrayBuffer; port: MessagePort };
const state = new Int32Array(flag);
try {
  const packed = packOwnerScan(scanSocketOwners(options));
  port.postMessage({ ok: true, packed }, [packed.inodes.buffer as ArrayBuffer, packed.pids.buffer as ArrayBuffer, packed.fds.buffer as ArrayBuffer]);
  Atomics.store(state, 0, 1);
} catch (error) {
  port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  Atomics.store(state, 0, 2);
}
Atomics.notify(state, 0);
port.close();
