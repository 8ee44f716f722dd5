// Connection attempts at a steady rate, each sending cfg.send once connected, counting how each
// ended by error code ("ok" for a clean close); ready after cfg.readyAfter attempts have ended.
import type { LabProgram } from '../types.js';
import { PROGRAM_PRELUDE } from './prelude.js';

export const CONNECT_LOOP_PROGRAM: LabProgram = {
  name: 'tcpdoc-lab-connect-loop',
  source: `${PROGRAM_PRELUDE}
const counts = { attempts: 0, ended: 0 };
let readySent = false;
function record(outcome) {
  counts[outcome] = (counts[outcome] || 0) + 1;
  counts.ended++;
  if (!readySent && counts.ended >= cfg.readyAfter) { readySent = true; emit('ready', counts); }
}
function attempt() {
  if (counts.attempts >= cfg.maxAttempts) return;
  counts.attempts++;
  let outcome = null;
  const socket = net.connect({ host: cfg.host, port: cfg.port });
  socket.setTimeout(cfg.timeoutMs, () => socket.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
  socket.on('connect', () => { if (cfg.send) socket.write(cfg.send); });
  socket.on('error', (error) => { outcome = error.code || 'error'; });
  socket.on('close', () => record(outcome || 'ok'));
  socket.resume();
}
setInterval(attempt, 1000 / cfg.rate);
attempt();
setInterval(() => emit('stats', counts), 250);
`,
};
