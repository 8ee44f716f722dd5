// Many short connections to one server, closed by this side first (so TIME_WAIT lands here):
// a burst of up to cfg.count with bounded concurrency, stopping early after cfg.stopAfterAddrNotAvail
// EADDRNOTAVAIL failures; then cfg.rate more per second until the lifetime ends.
import type { LabProgram } from '../types.js';
import { PROGRAM_PRELUDE } from './prelude.js';

export const SHORT_CONNECTIONS_PROGRAM: LabProgram = {
  name: 'tcpdoc-lab-short-connections',
  source: `${PROGRAM_PRELUDE}
const counts = { started: 0, completed: 0, failed: 0, eaddrnotavail: 0, active: 0 };
let burstDone = false;
function one(next) {
  counts.started++;
  counts.active++;
  const socket = net.connect({ host: cfg.host, port: cfg.port });
  socket.on('data', () => socket.end());
  socket.on('error', (error) => {
    counts.failed++;
    if (error.code === 'EADDRNOTAVAIL') counts.eaddrnotavail++;
  });
  socket.on('close', (hadError) => {
    counts.active--;
    if (!hadError) counts.completed++;
    next();
  });
}
function burstNext() {
  if (burstDone) return;
  const stop = counts.started >= cfg.count || (cfg.stopAfterAddrNotAvail > 0 && counts.eaddrnotavail >= cfg.stopAfterAddrNotAvail);
  if (stop) {
    if (counts.active === 0) { burstDone = true; emit('ready', counts); startTrickle(); }
    return;
  }
  one(burstNext);
}
function startTrickle() {
  if (cfg.rate > 0) setInterval(() => one(() => {}), 1000 / cfg.rate);
}
for (let i = 0; i < Math.min(cfg.concurrency, cfg.count); i++) burstNext();
setInterval(() => emit('stats', counts), 250);
`,
};
