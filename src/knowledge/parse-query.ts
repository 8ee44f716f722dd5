// Turns what a user typed (or an error message) into a typed query: a number, an HRESULT, an ICMP pair, tcpdump flags, a Node message or plain text.
import { parseHresult } from './windows.js';

// The forms a query can take.
export type ParsedQuery =
  | { type: 'empty' }
  | { type: 'number'; value: number }
  | { type: 'hresult'; value: number }
  | { type: 'icmp'; v6: boolean; icmpType: number; icmpCode: number | undefined }
  | { type: 'flags'; flags: string }
  | { type: 'node-message'; message: string; code: string | undefined; syscall: string | undefined; address: string | undefined; port: number | undefined; hostname: string | undefined; aggregate?: boolean }
  | { type: 'text'; text: string };

// Error class prefixes Node puts before a message ("Error: ", "TypeError: ", "AggregateError [ECONNREFUSED]: ").
const ERROR_PREFIX = /^(?:Uncaught\s+)?(?:[A-Z][A-Za-z]*)?Error(?:\s*\[[A-Z0-9_]+\])?:\s*/;
const SYSCALL_MESSAGE = /^([a-z][A-Za-z0-9]*)\s+((?:E[A-Z0-9]+|EAI_[A-Z]+|UNKNOWN|EOF))(?=$|[\s:])(.*)$/;
const ICMP = /^icmp(v?6)?\s*(?:[:\s]\s*)?(?:type\s*)?(\d{1,3})(?:\s*(?:\/|\s|code)\s*(?:code\s*)?(\d{1,3}))?$/i;
const FLAGS = /^(?:flags\s*)?\[([A-Za-z.]+)\]$/i;
// An OpenSSL error string ("80BC...:error:0A00010B:SSL routines:...") follows the code in TLS failures: it holds no address.
const OPENSSL_ERROR = /^[0-9A-F]+:error:[0-9A-F]+:/i;

// Splits "ADDRESS:PORT" (IPv6 unbracketed as Node prints it, e.g. ":::3000").
export function splitHostPort(token: string): { address: string; port: number | undefined } {
  const m = /^\[?(.*?)\]?:(\d{1,5})$/.exec(token);
  if (m?.[1] !== undefined && m[2] !== undefined && m[1] !== '') return { address: m[1], port: Number(m[2]) };
  return { address: token, port: undefined };
}

// Reads syscall, code, address and port out of a Node system error message.
export function parseNodeMessage(text: string): ParsedQuery | undefined {
  const message = text.replace(ERROR_PREFIX, '').trim();
  const m = SYSCALL_MESSAGE.exec(message);
  if (m === null) return undefined;
  const syscall = m[1];
  const code = m[2];
  let rest = (m[3] ?? '').replace(/\s+-\s+Local\s+\(.*\)\s*$/, '').trim();
  const hadDescription = rest.startsWith(':');
  if (hadDescription) rest = rest.slice(1).trim();
  const tokens = rest === '' || OPENSSL_ERROR.test(rest) ? [] : rest.split(/\s+/);
  const last = hadDescription ? tokens.at(-1) : tokens[0];
  // The description ("address already in use") is words; only the trailing token can be an address.
  const target = last !== undefined && (!hadDescription || /[\d:.]/.test(last)) ? last : undefined;
  let address: string | undefined;
  let port: number | undefined;
  let hostname: string | undefined;
  if (target !== undefined) {
    if (syscall === 'getaddrinfo' || syscall === 'getnameinfo' || syscall?.startsWith('query') === true) hostname = target;
    else ({ address, port } = splitHostPort(target));
  }
  return { type: 'node-message', message, code, syscall, address, port, hostname };
}

// Classifies a query string; never throws.
export function parseQuery(raw: string): ParsedQuery {
  const text = raw.trim().replace(/^["'`]|["'`]$/g, '').trim();
  if (text === '') return { type: 'empty' };
  if (/^[-+]?\d+$/.test(text)) {
    const n = Number(text);
    if (text.startsWith('-') && text.length === 11) {
      const h = parseHresult(text);
      if (h !== undefined) return { type: 'hresult', value: h };
    }
    if (Number.isSafeInteger(n)) return { type: 'number', value: n };
  }
  const h = /^0x/i.test(text) || /^[89a-f][0-9a-f]{7}$/i.test(text) ? parseHresult(text) : undefined;
  if (h !== undefined) return { type: 'hresult', value: h };
  if (/^0x[0-9a-f]{1,4}$/i.test(text)) return { type: 'number', value: Number.parseInt(text.slice(2), 16) };
  const icmp = ICMP.exec(text);
  if (icmp?.[2] !== undefined) {
    return { type: 'icmp', v6: icmp[1] !== undefined, icmpType: Number(icmp[2]), icmpCode: icmp[3] !== undefined ? Number(icmp[3]) : undefined };
  }
  const flags = FLAGS.exec(text);
  if (flags?.[1] !== undefined) return { type: 'flags', flags: flags[1] };
  // Node prints an autoSelectFamily failure as "AggregateError [ECONNREFUSED]:" with an empty message.
  const aggregate = /^AggregateError(?:\s*\[([A-Z0-9_]+)\])?:?\s*$/.exec(text);
  if (aggregate !== null) return { type: 'node-message', message: text, code: aggregate[1], syscall: undefined, address: undefined, port: undefined, hostname: undefined, aggregate: true };
  const node = parseNodeMessage(text);
  if (node !== undefined) return node;
  return { type: 'text', text: text.replace(ERROR_PREFIX, '').trim() || text };
}
