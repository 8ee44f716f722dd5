// What to type when a tool the lab runs is missing: the Debian package that carries it.
const PACKAGE_OF: Record<string, string> = { ip: 'iproute2', ss: 'iproute2', sysctl: 'procps', iptables: 'iptables', tcpdump: 'tcpdump', sh: 'dash' };

// "Install it: apt-get install iproute2 (Debian/Ubuntu)." for ip, and so on.
export function formatInstallHint(tool: string): string {
  const pkg = PACKAGE_OF[tool] ?? tool;
  return `Install it: apt-get install ${pkg} (Debian/Ubuntu), or your distribution's ${pkg} package.`;
}
