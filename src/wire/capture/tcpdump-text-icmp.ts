// ICMP and ICMPv6 unreachable lines in tcpdump's text output (print-icmp.c, print-icmp6.c)
// -> IcmpError records quoting the TCP destination they refer to.
import type { CaptureRecord, IcmpError } from '../../model/segment.js';

const ICMP4_PORT = /^ICMP (\S+) (tcp|udp) port (\d+) unreachable/;
const ICMP4_FRAG = /^ICMP (\S+) unreachable - need to frag \(mtu (\d+)\)/;
const ICMP4_HOST = /^ICMP (host|net) (\S+) unreachable(?: - (admin prohibited filter|admin prohibited|unknown))?/;
const ICMP4_PROTOCOL = /^ICMP (\S+) protocol (\d+) unreachable/;
const ICMP6_PORT = /^ICMP6, destination unreachable, unreachable port, (\S+) (tcp|udp) port (\d+)/;
const ICMP6_OTHER = /^ICMP6, destination unreachable,\s+unreachable (route|prohibited|address) (\S+)/;
const ICMP6_TOO_BIG = /^ICMP6, packet too big, mtu (\d+)/;

// The record for the ICMP part of a line (after "IP REPORTER > ORIGINAL: "); 'other' when it quotes no TCP.
export function parseIcmpLine(frame: number, time: number, family: 4 | 6, reporter: string, original: string, body: string): CaptureRecord {
  let type = -1;
  let code = 0;
  let dst = '';
  let dstPort = 0;
  let mtu: number | null = null;
  let m: RegExpExecArray | null;
  if (family === 4) {
    if ((m = ICMP4_PORT.exec(body)) !== null) {
      if (m[2] !== 'tcp') return { kind: 'other', frame, time, protocol: 'icmp' };
      [type, code, dst, dstPort] = [3, 3, m[1] ?? '', Number(m[3])];
    } else if ((m = ICMP4_FRAG.exec(body)) !== null) {
      [type, code, dst, mtu] = [3, 4, m[1] ?? '', Number(m[2])];
    } else if ((m = ICMP4_HOST.exec(body)) !== null) {
      const host = m[1] === 'host';
      const detail = m[3];
      code = detail === 'admin prohibited filter' ? 13 : detail === 'admin prohibited' ? (host ? 10 : 9) : detail === 'unknown' ? (host ? 7 : 6) : host ? 1 : 0;
      [type, dst] = [3, m[2] ?? ''];
    } else if ((m = ICMP4_PROTOCOL.exec(body)) !== null) {
      [type, code, dst] = [3, 2, m[1] ?? ''];
    }
  } else if ((m = ICMP6_PORT.exec(body)) !== null) {
    if (m[2] !== 'tcp') return { kind: 'other', frame, time, protocol: 'icmpv6' };
    [type, code, dst, dstPort] = [1, 4, m[1] ?? '', Number(m[3])];
  } else if ((m = ICMP6_OTHER.exec(body)) !== null) {
    code = m[1] === 'route' ? 0 : m[1] === 'prohibited' ? 1 : 3;
    [type, dst] = [1, m[2] ?? ''];
  } else if ((m = ICMP6_TOO_BIG.exec(body)) !== null) {
    [type, code, mtu] = [2, 0, Number(m[1])];
  }
  if (type < 0) return { kind: 'other', frame, time, protocol: family === 4 ? 'icmp' : 'icmpv6' };
  // The text shows only the quoted destination (and port); the quoted sender is the one the error went to.
  const error: IcmpError = { frame, time, family, reporter, type, code, quoted: { src: original, dst, srcPort: 0, dstPort, seq: null }, mtu };
  return { kind: 'icmp', error };
}
