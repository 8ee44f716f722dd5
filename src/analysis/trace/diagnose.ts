// Plain-language diagnosis of a connection from its summary: what happened, how bad, and which
// `tcpdoc explain` entries tell more.
import type { ConnectionSummary } from './summary.js';
import { formatDuration } from './format-duration.js';

export type Severity = 'ok' | 'info' | 'warning' | 'error';

export interface Diagnosis {
  text: string;
  severity: Severity;
  // Ids of `tcpdoc explain` entries (errno:..., state:..., icmp:...).
  explain: string[];
}

// Timing facts the summary does not carry but the diagnosis needs.
export interface DiagnosisFacts {
  clientSynTimes: { first: number; last: number };
  lastClientDataTime: number;
  serverLastDataTime: number;
  serverRstTime: number;
  clientRstTime: number;
  serverAnsweredSyn: boolean;
}

// Zero-window periods shorter than this are normal flow control, not worth a line.
const ZERO_WINDOW_NOTABLE = 0.2;

// Every diagnosis for a connection, the main one first.
export function diagnoseConnection(s: ConnectionSummary, facts: DiagnosisFacts): Diagnosis[] {
  const out: Diagnosis[] = [];
  const icmp = s.icmp[0];
  if (icmp !== undefined && !facts.serverAnsweredSyn) out.push(diagnoseIcmp(icmp.family, icmp.type, icmp.code, icmp.reporter, icmp.mtu, s.server.port));
  else out.push(diagnoseOutcome(s, facts));
  if (icmp !== undefined && facts.serverAnsweredSyn) out.push(diagnoseIcmp(icmp.family, icmp.type, icmp.code, icmp.reporter, icmp.mtu, s.server.port));
  for (const side of ['server', 'client'] as const) {
    const z = s.zeroWindow[side];
    if (z >= ZERO_WINDOW_NOTABLE) {
      out.push({
        text: `receiver's window stayed at zero for ${formatDuration(z)}: the ${side} application stopped reading`,
        severity: 'warning',
        explain: [],
      });
    }
  }
  const f = s.flags;
  const retrans = (f.retransmission ?? 0) + (f.fastRetransmission ?? 0) + (f.spuriousRetransmission ?? 0);
  const ooo = f.outOfOrder ?? 0;
  if (retrans + ooo > 0 && s.outcome !== 'S0' && s.outcome !== 'SH') {
    const kinds = [
      f.fastRetransmission ? `${f.fastRetransmission} fast` : '',
      f.spuriousRetransmission ? `${f.spuriousRetransmission} spurious` : '',
      ooo ? `${ooo} out of order` : '',
    ].filter((x) => x !== '');
    const what = retrans > 0 ? `${retrans + ooo} retransmission${retrans + ooo === 1 ? '' : 's'}` : `${ooo} segment${ooo === 1 ? '' : 's'} out of order`;
    out.push({
      text: `${what}${kinds.length > 0 && retrans > 0 ? ` (${kinds.join(', ')})` : ''}: segments were lost or delayed on the path`,
      severity: 'warning',
      explain: [],
    });
  }
  if ((f.lostSegment ?? 0) > 0 || (f.ackedUnseen ?? 0) > 0) {
    out.push({
      text: `${(f.lostSegment ?? 0) + (f.ackedUnseen ?? 0)} gap${(f.lostSegment ?? 0) + (f.ackedUnseen ?? 0) === 1 ? '' : 's'} in the capture (segments not captured): the capture dropped packets or they took another path`,
      severity: 'info',
      explain: [],
    });
  }
  if ((f.keepAlive ?? 0) > 0) {
    out.push({ text: `${f.keepAlive} keep-alive probe${f.keepAlive === 1 ? '' : 's'}${f.keepAliveAck ? `, ${f.keepAliveAck} answered` : ', none answered'}`, severity: 'info', explain: [] });
  }
  if ((f.reusedPorts ?? 0) > 0) {
    out.push({ text: 'the same ports were used by an earlier connection in this capture (new SYN, new sequence number)', severity: 'info', explain: [] });
  }
  if (s.roleInferred && s.outcome !== 'OTH') {
    out.push({ text: 'the capture started after the handshake: client and server were guessed from the ports', severity: 'info', explain: [] });
  }
  return out;
}

function diagnoseOutcome(s: ConnectionSummary, facts: DiagnosisFacts): Diagnosis {
  switch (s.outcome) {
    case 'S0': {
      const tries = s.synAttempts;
      const span = facts.clientSynTimes.last - facts.clientSynTimes.first;
      const over = tries > 1 ? ` over ${formatDuration(span)}` : '';
      return {
        text: `SYN never answered (${tries} ${tries === 1 ? 'try' : 'tries'}${over}): filtered or host down`,
        severity: 'error',
        explain: ['errno:ETIMEDOUT'],
      };
    }
    case 'REJ':
      return { text: 'refused: the server answered the SYN with RST (ECONNREFUSED)', severity: 'error', explain: ['errno:ECONNREFUSED'] };
    case 'RSTOS0':
      return { text: 'client sent SYN, then gave up with RST before any answer', severity: 'warning', explain: [] };
    case 'RSTR': {
      const reqToRst = facts.serverRstTime - facts.lastClientDataTime;
      if (facts.lastClientDataTime >= 0 && facts.serverLastDataTime < facts.lastClientDataTime && reqToRst >= 0) {
        return {
          text: `server reset the connection ${formatDuration(reqToRst)} after the request, without answering it (the client sees ECONNRESET)`,
          severity: 'error',
          explain: ['errno:ECONNRESET'],
        };
      }
      return { text: 'server reset the connection (the client sees ECONNRESET)', severity: 'error', explain: ['errno:ECONNRESET'] };
    }
    case 'RSTO':
      return {
        text: 'client reset the connection: an abortive close (SO_LINGER 0, or closed with unread data); the server sees ECONNRESET',
        severity: 'warning',
        explain: ['errno:ECONNRESET'],
      };
    case 'RSTRH':
      return { text: 'server reset a connection whose start was not captured', severity: 'warning', explain: ['errno:ECONNRESET'] };
    case 'SF':
      return {
        text: `normal close: the ${s.closedBy ?? 'client'} closed first and keeps TIME_WAIT`,
        severity: 'ok',
        explain: ['state:TIME_WAIT'],
      };
    case 'S1':
      return { text: 'established and still open when the capture ended', severity: 'ok', explain: [] };
    case 'S2':
      return {
        text: 'the client closed its side; the server never closed (half-close, or the capture ended first)',
        severity: 'info',
        explain: ['state:FIN_WAIT2', 'state:CLOSE_WAIT'],
      };
    case 'S3':
      return {
        text: 'the server closed its side; the client never closed (half-close, or the capture ended first)',
        severity: 'info',
        explain: ['state:FIN_WAIT2', 'state:CLOSE_WAIT'],
      };
    case 'SH':
      return { text: 'client sent SYN, then FIN, with no answer', severity: 'warning', explain: [] };
    case 'SHR':
      return { text: 'server answered and closed, but the client side was never seen', severity: 'info', explain: [] };
    case 'OTH':
      if ((s.completeness & 3) === 3) {
        return { text: 'handshake not completed: the SYN-ACK was never acknowledged', severity: 'warning', explain: ['state:SYN_RECV'] };
      }
      return { text: 'midstream: the capture started after the handshake', severity: 'info', explain: [] };
  }
}

// ICMP errors (RFC 792, RFC 4443) with what the kernel turns them into for the connecting socket.
function diagnoseIcmp(family: 4 | 6, type: number, code: number, reporter: string, mtu: number | null, port: number): Diagnosis {
  const id = family === 4 ? `icmp:${type}/${code}` : `icmpv6:${type}/${code}`;
  const v4 = family === 4;
  if ((v4 && type === 3 && code === 3) || (!v4 && type === 1 && code === 4)) {
    return { text: `ICMP port unreachable from ${reporter}: nothing listens on port ${port} (ECONNREFUSED)`, severity: 'error', explain: [id, 'errno:ECONNREFUSED'] };
  }
  if ((v4 && type === 3 && (code === 9 || code === 10 || code === 13)) || (!v4 && type === 1 && code === 1)) {
    // Linux turns the IPv4 codes into EHOSTUNREACH and the ICMPv6 one into EACCES (icmp_err_convert, icmpv6_err_convert).
    const errno = v4 ? 'EHOSTUNREACH' : 'EACCES';
    return { text: `ICMP administratively prohibited from ${reporter}: a firewall rejected the connection (${errno})`, severity: 'error', explain: [id, `errno:${errno}`] };
  }
  if ((v4 && type === 3 && code === 1) || (!v4 && type === 1 && code === 3)) {
    return { text: `ICMP host unreachable from ${reporter} (EHOSTUNREACH)`, severity: 'error', explain: [id, 'errno:EHOSTUNREACH'] };
  }
  if ((v4 && type === 3 && code === 0) || (!v4 && type === 1 && code === 0)) {
    return { text: `ICMP network unreachable from ${reporter} (ENETUNREACH)`, severity: 'error', explain: [id, 'errno:ENETUNREACH'] };
  }
  if ((v4 && type === 3 && code === 4) || (!v4 && type === 2)) {
    return { text: `ICMP ${v4 ? 'fragmentation needed' : 'packet too big'} from ${reporter}${mtu !== null ? `: path MTU ${mtu}` : ''}`, severity: 'warning', explain: [id] };
  }
  if ((v4 && type === 11) || (!v4 && type === 3)) {
    return { text: `ICMP time exceeded from ${reporter}: a routing loop or a TTL too small`, severity: 'error', explain: [id] };
  }
  return { text: `ICMP${v4 ? '' : 'v6'} error type ${type} code ${code} from ${reporter}`, severity: 'warning', explain: [id] };
}
