// Notes shown under status and ls output about what a scan could not see.
import type { ScanSkips } from '../../model/socket.js';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

// Plain-language notes for the counts a scan skipped.
export function describeSkips(skips: ScanSkips, isRoot: boolean): string[] {
  const notes: string[] = [];
  if (skips.unreadableProcesses > 0) {
    const why = isRoot ? 'permission denied even for root: a process of another container or user namespace' : 'run as root to see every process';
    const hidden = skips.unattributedSockets > 0 ? `; ${plural(skips.unattributedSockets, 'socket has', 'sockets have')} no visible owner` : '';
    notes.push(`${plural(skips.unreadableProcesses, 'process', 'processes')} could not be read (${why})${hidden}`);
  }
  if (skips.unparsed > 0) notes.push(`${plural(skips.unparsed, 'kernel record', 'kernel records')} could not be decoded and were skipped`);
  return notes;
}
