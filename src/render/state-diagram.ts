// The RFC 9293 TCP state diagram drawn with box characters, optionally with one state highlighted.
import type { TcpState } from '../model/tcp-state.js';
import type { Palette } from './color.js';

// Kernel state names in the diagram; CLOSE is drawn as the RFC's CLOSED box.
const LABELS: Readonly<Record<TcpState, string>> = {
  ESTABLISHED: 'ESTABLISHED', SYN_SENT: 'SYN_SENT', SYN_RECV: 'SYN_RECV', FIN_WAIT1: 'FIN_WAIT1', FIN_WAIT2: 'FIN_WAIT2',
  TIME_WAIT: 'TIME_WAIT', CLOSE: 'CLOSED', CLOSE_WAIT: 'CLOSE_WAIT', LAST_ACK: 'LAST_ACK', LISTEN: 'LISTEN', CLOSING: 'CLOSING',
};

// Drawn after RFC 9293 section 3.3.2 (Figure 5), with Linux state names; "↺ CLOSED" marks a return to the CLOSED box.
const DIAGRAM = [
  '                        ┌──────────────┐',
  '                        │    CLOSED    │',
  '                        └──────┬────┬──┘',
  '             listen()  ┌───────┘    └───────┐  connect(): send SYN',
  '                       ▼                    ▼',
  '              ┌──────────────┐      ┌──────────────┐',
  '              │    LISTEN    │      │   SYN_SENT   │',
  '              └──────────┬───┘      └────┬──────┬──┘',
  '  recv SYN; send SYN+ACK │   recv SYN;   │      │ recv SYN+ACK;',
  '                         ▼  send SYN+ACK │      │ send ACK',
  '              ┌──────────────┐◀──────────┘      │',
  '              │   SYN_RECV   │                  │',
  '              └──────────┬───┘                  │',
  '  recv ACK of SYN        │                      │',
  '                         ▼                      ▼',
  '              ┌─────────────────────────────────────────────┐',
  '              │                 ESTABLISHED                 │',
  '              └───────────┬─────────────────┬───────────────┘',
  '        close(): send FIN │                 │ recv FIN; send ACK',
  '                          ▼                 ▼',
  '              ┌──────────────┐      ┌──────────────┐',
  '              │  FIN_WAIT1   │      │  CLOSE_WAIT  │',
  '              └─┬─────────┬──┘      └───────┬──────┘',
  'recv FIN;       │         │ recv ACK        │ close(): send FIN',
  'send ACK        ▼         │ of FIN          ▼',
  '    ┌──────────────┐      │         ┌──────────────┐',
  '    │   CLOSING    │      │         │   LAST_ACK   │',
  '    └──────┬───────┘      │         └───────┬──────┘',
  '  recv ACK │              ▼                 ▼ recv ACK of FIN',
  '           │       ┌──────────────┐      ↺ CLOSED',
  '           │       │  FIN_WAIT2   │',
  '           │       └──────┬───────┘',
  '           │              │ recv FIN; send ACK',
  '           ▼              ▼',
  '        ┌────────────────────┐',
  '        │     TIME_WAIT      │── 2 MSL timer (Linux: fixed 60 s) ──▶ ↺ CLOSED',
  '        └────────────────────┘',
];

const NOTES = {
  en: [
    'Also: SYN_SENT → SYN_RECV on a bare SYN (simultaneous open); FIN_WAIT1 → CLOSING',
    'when the peer\'s FIN comes before the ACK of ours (simultaneous close);',
    'close() in LISTEN or SYN_SENT → CLOSED; close() in SYN_RECV → FIN_WAIT1;',
    'FIN_WAIT1 receiving FIN+ACK of its FIN → TIME_WAIT directly; a RST → CLOSED',
    '(SYN_RECV → LISTEN for a passive open); timeouts → CLOSED.',
    'Linux names: SYN_RECV = SYN-RECEIVED, FIN_WAIT1 = FIN-WAIT-1, CLOSE = CLOSED.',
  ],
  zh: [
    '另外：SYN_SENT 收到单独的 SYN → SYN_RECV（同时打开）；对端的 FIN 先于',
    '对我方 FIN 的 ACK 到达时 FIN_WAIT1 → CLOSING（同时关闭）；',
    '在 LISTEN 或 SYN_SENT 中 close() → CLOSED；在 SYN_RECV 中 close() → FIN_WAIT1；',
    'FIN_WAIT1 收到对其 FIN 的 FIN+ACK → 直接进入 TIME_WAIT；收到 RST → CLOSED',
    '（被动打开时 SYN_RECV → LISTEN）；超时 → CLOSED。',
    'Linux 名称：SYN_RECV = SYN-RECEIVED，FIN_WAIT1 = FIN-WAIT-1，CLOSE = CLOSED。',
  ],
};

const HEAVY: Readonly<Record<string, string>> = { '┌': '╔', '┐': '╗', '└': '╚', '┘': '╝', '─': '═', '┬': '╤', '┴': '╧', '│': '║' };

function toHeavy(line: string, from: number, to: number): string {
  const chars = [...line];
  for (let i = from; i <= to && i < chars.length; i++) chars[i] = HEAVY[chars[i] ?? ''] ?? chars[i] ?? '';
  return chars.join('');
}

// Redraws the named state's box with double lines and marks its label; colour when the palette allows.
function highlightBox(lines: string[], label: string, palette: Palette): string[] {
  const pattern = new RegExp(`│(\\s*)${label}(\\s*)│`);
  const row = lines.findIndex((l) => pattern.test(l));
  if (row < 0) return lines;
  const line = lines[row] ?? '';
  const m = pattern.exec(line);
  if (m === null) return lines;
  const left = m.index;
  const right = left + m[0].length - 1;
  const out = [...lines];
  out[row - 1] = toHeavy(out[row - 1] ?? '', left, right);
  out[row + 1] = toHeavy(out[row + 1] ?? '', left, right);
  const before = m[1] ?? '';
  const after = m[2] ?? '';
  const inner = `${before.slice(0, -1)}▶${palette.bold(palette.yellow(label))}◀${after.slice(1)}`;
  out[row] = `${line.slice(0, left)}║${inner}║${line.slice(right + 1)}`;
  return out;
}

// The whole diagram as text; highlight draws one state's box in double lines with ▶ ◀ markers.
export function formatStateDiagram(options: { palette: Palette; highlight?: TcpState; lang?: 'en' | 'zh' }): string {
  let lines = [...DIAGRAM];
  if (options.highlight !== undefined) lines = highlightBox(lines, LABELS[options.highlight], options.palette);
  const notes = NOTES[options.lang ?? 'en'].map((n) => options.palette.dim(n));
  return [...lines, '', ...notes].join('\n') + '\n';
}
