// A TCP server that misbehaves on purpose: "hold" never closes (CLOSE_WAIT after the client's
// FIN), "greet" sends a byte and closes only after the client does (the client gets TIME_WAIT),
// "reset" answers the first bytes with a RST (SO_LINGER 0 via resetAndDestroy). "idle-close" is the
// well-behaved one: it closes every connection after idleMs, as an HTTP server's keepAliveTimeout does.
import type { LabProgram } from '../types.js';
import { PROGRAM_PRELUDE } from './prelude.js';

export const SERVER_PROGRAM: LabProgram = {
  name: 'tcpdoc-lab-server',
  source: `${PROGRAM_PRELUDE}
let accepted = 0, peerClosed = 0, resets = 0, closedIdle = 0;
const held = [];
const server = net.createServer({ allowHalfOpen: cfg.mode === 'hold' }, (socket) => {
  accepted++;
  socket.on('error', () => {});
  if (cfg.mode === 'hold') {
    // The bug being shown: the peer's FIN arrives ('end') and we never call end() or destroy().
    held.push(socket);
    socket.on('end', () => { peerClosed++; });
    socket.resume();
  } else if (cfg.mode === 'idle-close') {
    socket.resume();
    setTimeout(() => { closedIdle++; socket.end(); }, cfg.idleMs);
  } else if (cfg.mode === 'greet') {
    // allowHalfOpen is off, so Node closes our side once the client's FIN arrives.
    socket.write('x');
    socket.resume();
  } else {
    socket.once('data', () => { resets++; socket.resetAndDestroy(); });
  }
});
server.on('error', (error) => { process.stderr.write(String(error) + '\\n'); process.exit(1); });
server.listen({ host: cfg.host, port: cfg.port, backlog: cfg.backlog }, () => emit('ready', { port: cfg.port }));
setInterval(() => emit('stats', { accepted, peerClosed, resets, closedIdle, held: held.length }), 250);
`,
};
