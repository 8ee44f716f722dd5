// Names of everything a lab run creates. Each name carries the pid of the tcpdoc process
// that made it, so leftovers of a killed run can be told apart from a run still going.

// Every lab namespace starts with this; `ip netns list | grep tcpdoc-lab-` finds them.
export const LAB_NETNS_PREFIX = 'tcpdoc-lab-';
// Every lab veth interface starts with this (interface names are limited to 15 bytes).
export const LAB_LINK_PREFIX = 'tlab';

// The base of one run's names: "tcpdoc-lab-<pid>-<n>-<scenario>"; n tells runs of one process apart.
export function buildRunPrefix(ownerPid: number, serial: number, scenario: string): string {
  return `${LAB_NETNS_PREFIX}${ownerPid}-${serial}-${scenario}`;
}

// A veth name for a run: "tlab" + pid and serial in base 36 + a side letter, at most 15 bytes.
export function buildLinkName(ownerPid: number, serial: number, side: string): string {
  return `${LAB_LINK_PREFIX}${ownerPid.toString(36)}x${serial.toString(36)}${side}`.slice(0, 15);
}

// The pid of the process that made a lab namespace, or null for names that are not the lab's.
export function parseOwnerPid(netnsName: string): number | null {
  const match = /^tcpdoc-lab-(\d+)-/.exec(netnsName);
  if (match === null) return null;
  const pid = Number(match[1]);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}
