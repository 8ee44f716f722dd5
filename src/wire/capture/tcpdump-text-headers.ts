// The parts of a tcpdump text line in front of the addresses: the link-level header that -e prints, and the
// IP header details that -v prints in parentheses. Layouts from tcpdump's print-ether.c, print-sll.c,
// print-ip.c and print-ip6.c, checked against tcpdump 4.99 output.

// What comes before "SRC > DST": the network protocol, or something that is not IP.
export type NetworkStart = { family: 4 | 6; rest: string } | { other: string };

// -e on Ethernet: "02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 74: ";
// Linux cooked v1 "Out 00:00:00:00:00:00 ethertype ..." and v2 "ifindex 1 00:00:00:00:00:00 ethertype ..."
// (v2 after the "IFACE DIR" prefix, which the caller removes).
const LINK_HEADER = /^(?:(?:In|Out|B|M|P) )?(?:ifindex \d+ )?(?:[0-9a-f]{2}(?::[0-9a-f]{2})+(?: > [0-9a-f]{2}(?::[0-9a-f]{2})+,)? )?ethertype [^(]*\(0x([0-9a-f]{4})\), length \d+: /;
// After an 802.1Q or 802.1ad tag: "vlan 100, p 0, ethertype IPv4 (0x0800), " (repeated for QinQ).
const VLAN_HEADER = /^vlan \d+, p \d+, (?:CFI, )?ethertype [^(]*\(0x([0-9a-f]{4})\), /;
const ETHERTYPE_IPV4 = '0800';
const ETHERTYPE_IPV6 = '86dd';
const VLAN_TAGS = new Set(['8100', '88a8', '9100']);

// The network protocol at the start of `text` (after the time and any "IFACE DIR" prefix): the IP or IP6
// keyword of a plain line, or a -e link header; anything else is named for the 'other' count.
export function readNetworkStart(text: string): NetworkStart {
  if (text.startsWith('IP ')) return { family: 4, rest: text.slice(3) };
  if (text.startsWith('IP6 ')) return { family: 6, rest: text.slice(4) };
  const link = LINK_HEADER.exec(text);
  if (link === null) return { other: (text.split(/[\s,]/, 1)[0] ?? '').toLowerCase() || 'unknown' };
  let ethertype = link[1] ?? '';
  let rest = text.slice(link[0].length);
  for (let tags = 0; VLAN_TAGS.has(ethertype) && tags < 4; tags++) {
    const vlan = VLAN_HEADER.exec(rest);
    if (vlan === null) break;
    ethertype = vlan[1] ?? '';
    rest = rest.slice(vlan[0].length);
  }
  if (ethertype === ETHERTYPE_IPV4) return { family: 4, rest };
  if (ethertype === ETHERTYPE_IPV6) return { family: 6, rest };
  return { other: ethertype === '0806' ? 'arp' : `ethertype 0x${ethertype}` };
}

// -v details of the IP header, "(tos 0x0, ttl 64, id 1, ..., proto TCP (6), length 60)" or
// "(flowlabel 0x1, hlim 64, next-header TCP (6) payload length: 40)": the TTL or hop limit, and the text
// after the closing parenthesis (empty for IPv4, whose packet line follows on the next, indented line).
export function readVerboseIpHeader(text: string): { ttl: number | null; rest: string } | null {
  if (!text.startsWith('(')) return null;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) {
      const inside = text.slice(1, i);
      const ttl = /(?:^|, )(?:ttl|hlim) (\d+)/.exec(inside);
      return { ttl: ttl === null ? null : Number(ttl[1]), rest: text.slice(i + 1).trimStart() };
    }
  }
  return null;
}
