// TCP service names for `:PORT` in filters. A small built-in table (IANA
// assignments, as in /etc/services) covers the common cases; callers that read
// /etc/services pass its text to parseServicesFile and hand the map to the parser.

// Well-known TCP ports by service name (IANA Service Name and Port Number Registry).
export const BUILTIN_TCP_SERVICES: ReadonlyMap<string, number> = new Map([
  ['ftp-data', 20],
  ['ftp', 21],
  ['ssh', 22],
  ['telnet', 23],
  ['smtp', 25],
  ['domain', 53],
  ['http', 80],
  ['www', 80],
  ['kerberos', 88],
  ['pop3', 110],
  ['sunrpc', 111],
  ['imap', 143],
  ['imap2', 143],
  ['bgp', 179],
  ['ldap', 389],
  ['https', 443],
  ['microsoft-ds', 445],
  ['submissions', 465],
  ['submission', 587],
  ['ldaps', 636],
  ['rsync', 873],
  ['imaps', 993],
  ['pop3s', 995],
  ['socks', 1080],
  ['openvpn', 1194],
  ['ms-sql-s', 1433],
  ['mysql', 3306],
  ['postgresql', 5432],
  ['amqp', 5672],
  ['x11', 6000],
  ['redis', 6379],
  ['http-alt', 8080],
  ['zookeeper', 2181],
  ['memcache', 11211],
]);

// Parses /etc/services text into TCP name (and alias) -> port. Malformed lines are skipped.
export function parseServicesFile(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/#.*/, '').trim();
    if (line === '') continue;
    const [name, portProto, ...aliases] = line.split(/\s+/);
    const match = /^(\d{1,5})\/tcp$/.exec(portProto ?? '');
    if (name === undefined || match === null) continue;
    const port = Number(match[1]);
    if (port > 65535) continue;
    for (const n of [name, ...aliases]) if (!out.has(n)) out.set(n, port);
  }
  return out;
}
