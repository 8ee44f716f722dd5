// Options shared by status and ls: source, namespaces, address families.
import type { OptionSpec, ParsedArgs } from './args.js';
import { parseIntegerOption, readFlag, readString, readStrings } from './args.js';
import type { SnapshotOptions, SourceChoice } from '../api/snapshot-options.js';
import { TcpdocError } from '../model/errors.js';

export const SNAPSHOT_OPTION_SPEC: OptionSpec = {
  source: { type: 'string' },
  netns: { type: 'string' },
  'pid-ns': { type: 'string' },
  ipv4: { type: 'boolean', short: '4' },
  ipv6: { type: 'boolean', short: '6' },
  pid: { type: 'string', multiple: true },
};

export const SNAPSHOT_OPTION_HELP = `
Where to look:
  --source auto|netlink|proc   netlink sock_diag (default, falls back to /proc/net/tcp
                               with a note) or /proc/net/tcp and tcp6 only
  --netns NAME                 look inside a network namespace made by 'ip netns' (root)
  --pid-ns PID                 look inside the network namespace of process PID, e.g. a
                               container's (root; docker inspect -f '{{.State.Pid}}' NAME)
  -4, --ipv4 / -6, --ipv6      only IPv4 / only IPv6 sockets
  --pid PID                    only sockets owned by process PID (repeatable)`;

// Reads the shared options into SnapshotOptions.
export function readSnapshotFlags(command: string, args: ParsedArgs): SnapshotOptions {
  const options: SnapshotOptions = {};
  const source = readString(args, 'source');
  if (source !== undefined) {
    if (source !== 'auto' && source !== 'netlink' && source !== 'proc') {
      throw new TcpdocError('USAGE', `${command}: --source must be auto, netlink or proc, got '${source}'`);
    }
    options.source = source as SourceChoice;
  }
  const netns = readString(args, 'netns');
  const pidNs = readString(args, 'pid-ns');
  if (netns !== undefined && pidNs !== undefined) {
    throw new TcpdocError('USAGE', `${command}: use either --netns or --pid-ns, not both`);
  }
  if (netns !== undefined) options.netns = netns;
  if (pidNs !== undefined) options.pidNs = parseIntegerOption(command, 'pid-ns', pidNs, { min: 1, max: 2 ** 22 });
  const v4 = readFlag(args, 'ipv4');
  const v6 = readFlag(args, 'ipv6');
  if (v4 !== v6) options.families = v4 ? [4] : [6];
  const pids = readStrings(args, 'pid').flatMap((p) => p.split(',')).map((p) => parseIntegerOption(command, 'pid', p.trim(), { min: 1, max: 2 ** 22 }));
  if (pids.length > 0) options.pids = pids;
  return options;
}
