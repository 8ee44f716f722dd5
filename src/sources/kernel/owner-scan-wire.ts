// The socket-owner map in a compact, transferable form, so that a worker thread can scan
// /proc and hand the result over without cloning 100k objects.
import type { ProcessRef } from '../../model/socket.js';
import type { SocketOwnerScan } from './processes.js';

export interface PackedOwnerScan {
  // One entry per (socket, owner): inode, pid and fd at the same index.
  inodes: Float64Array;
  pids: Int32Array;
  fds: Int32Array;
  commands: [number, string][];
  processesScanned: number;
  unreadableProcesses: number;
  vanishedProcesses: number;
  method: SocketOwnerScan['method'];
}

// Flattens a scan into typed arrays.
export function packOwnerScan(scan: SocketOwnerScan): PackedOwnerScan {
  let count = 0;
  for (const refs of scan.owners.values()) count += refs.length;
  const inodes = new Float64Array(count);
  const pids = new Int32Array(count);
  const fds = new Int32Array(count);
  const commands = new Map<number, string>();
  let i = 0;
  for (const [inode, refs] of scan.owners) {
    for (const ref of refs) {
      inodes[i] = inode;
      pids[i] = ref.pid;
      fds[i] = ref.fd;
      commands.set(ref.pid, ref.command);
      i++;
    }
  }
  return {
    inodes,
    pids,
    fds,
    commands: [...commands],
    processesScanned: scan.processesScanned,
    unreadableProcesses: scan.unreadableProcesses,
    vanishedProcesses: scan.vanishedProcesses,
    method: scan.method,
  };
}

// Rebuilds the inode -> owners map; owners keep their order (pid order).
export function unpackOwnerScan(packed: PackedOwnerScan): SocketOwnerScan {
  const commands = new Map(packed.commands);
  const owners = new Map<number, ProcessRef[]>();
  for (let i = 0; i < packed.inodes.length; i++) {
    const inode = packed.inodes[i]!;
    const pid = packed.pids[i]!;
    const ref: ProcessRef = { pid, command: commands.get(pid) ?? '?', fd: packed.fds[i]! };
    const list = owners.get(inode);
    if (list === undefined) owners.set(inode, [ref]);
    else list.push(ref);
  }
  return {
    owners,
    processesScanned: packed.processesScanned,
    unreadableProcesses: packed.unreadableProcesses,
    vanishedProcesses: packed.vanishedProcesses,
    method: packed.method,
  };
}
