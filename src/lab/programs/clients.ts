// Opens a fixed number of connections and keeps them: "hold" leaves them open, "half-close"
// sends FIN and keeps reading (FIN_WAIT2 held by this process), "close" closes them at once.
// With retry, a failed connection is tried again a second later (SYN_SENT stays visible).
// With trickleRate, new connections keep coming at that rate up to trickleMax in all.
import type { LabProgram } from '../types.js';
import { PROGRAM_PRELUDE } from './prelude.js';

export const CLIENTS_PROGRAM: LabProgram = {
  name: 'tcpdoc-lab-clients',
  source: `${PROGRAM_PRELUDE}
const counts = { connected: 0, failed: 0, pending: 0, closed: 0, halfClosed: 0 };
const sockets = [];
let readySent = false;
const report = (event) => emit(event, { ...counts, count: cfg.count });
const maybeReady = () => {
  if (!readySent && counts.connected + counts.failed >= cfg.count) { readySent = true; report('ready'); }
};
function open() {
  counts.pending++;
  const socket = net.connect({ host: cfg.host, port: cfg.port, allowHalfOpen: true });
  sockets.push(socket);
  socket.on('connect', () => {
    counts.pending--;
    counts.connected++;
    if (cfg.mode === 'half-close') { socket.end(); counts.halfClosed++; }
    if (cfg.mode === 'close') { socket.destroy(); counts.closed++; }
    maybeReady();
  });
  socket.on('error', () => {
    counts.pending--;
    counts.failed++;
    maybeReady();
    if (cfg.retry) setTimeout(open, 1000);
  });
  socket.resume();
}
for (let i = 0; i < cfg.count; i++) open();
let opened = cfg.count;
const startTrickle = () => {
  if (!(cfg.trickleRate > 0)) return;
  const timer = setInterval(() => {
    if (opened >= cfg.trickleMax) { clearInterval(timer); return; }
    opened++;
    open();
  }, 1000 / cfg.trickleRate);
};
const readyTimer = setTimeout(() => { if (!readySent) { readySent = true; report('ready'); } }, cfg.settleMs);
const readyCheck = setInterval(() => { if (readySent) { clearInterval(readyCheck); clearTimeout(readyTimer); startTrickle(); } }, 20);
setInterval(() => report('stats'), 250);
`,
};
