// The numbers and TCP options printed in tcpdump's text lines (print-tcp.c).
import type { TcpOptions } from '../../model/segment.js';

// Parses the TCP options list inside `options [...]`; SACK edges stay as printed.
export function parseTextOptions(text: string): TcpOptions {
  const options: TcpOptions = {};
  const mss = readNumberAfter(text, 'mss ');
  if (mss !== null) options.mss = mss;
  if (text.includes('sackOK')) options.sackPermitted = true;
  const tsVal = readNumberAfter(text, 'TS val ');
  const tsEcr = readNumberAfter(text, ' ecr ');
  if (tsVal !== null && tsEcr !== null) {
    options.tsVal = tsVal;
    options.tsEcr = tsEcr;
  }
  const wscale = readNumberAfter(text, 'wscale ');
  if (wscale !== null) options.windowScale = wscale;
  if (text.includes('sack ')) {
    const blocks: [number, number][] = [];
    for (const m of text.matchAll(/\{(\d+):(\d+)\}/g)) blocks.push([Number(m[1]), Number(m[2])]);
    options.sack = blocks;
  }
  return options;
}

// The decimal number right after the first occurrence of key, or null; no regex or split per field.
export function readNumberAfter(text: string, key: string): number | null {
  const at = text.indexOf(key);
  if (at < 0) return null;
  let value = 0;
  let digits = 0;
  for (let i = at + key.length; i < text.length && digits < 16; i++, digits++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    value = value * 10 + c;
  }
  return digits === 0 ? null : value;
}
