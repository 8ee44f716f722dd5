// Recognising "netlink is not usable here" and saying so; small, so callers that only
// might fall back to /proc need not load the /proc source up front.
import { TcpdocError } from '../model/errors.js';

export function isNetlinkUnavailable(error: unknown): error is TcpdocError {
  return error instanceof TcpdocError && error.code === 'NETLINK';
}

export function netlinkFallbackNote(error: TcpdocError): string {
  return `netlink sock_diag unavailable (${error.message}); read /proc/net/tcp instead: no backlog, tcp_info or memory`;
}
