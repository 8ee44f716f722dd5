// pool-leak: the client side of CLOSE_WAIT. A server closes idle connections (as keepAliveTimeout does);
// the client's pool keeps the sockets and never closes its side, so each one waits in CLOSE_WAIT in the
// client process, every one on its own ephemeral port.
import type { LabScenario } from '../types.js';
import { SERVER_PROGRAM } from '../programs/server.js';
import { CLIENTS_PROGRAM } from '../programs/clients.js';
import { SERVER_ADDRESS, addLookCommands, buildPair } from './topology.js';

const PORT = 8090;
const IDLE_MS = 300;
const AGE_MS = 1200;
const CONNECTIONS = 24;

export const poolLeakScenario: LabScenario = {
  name: 'pool-leak',
  summary: 'a client pool that never closes connections the server ended: CLOSE_WAIT on the client',
  tools: [],
  build: async (lab) => {
    const pair = await buildPair(lab);
    const server = await lab.startProgram(pair.server, SERVER_PROGRAM, { host: SERVER_ADDRESS, port: PORT, mode: 'idle-close', idleMs: IDLE_MS, backlog: 511 }, `server on ${SERVER_ADDRESS}:${PORT} that closes connections idle for ${IDLE_MS} ms`);
    lab.addPort({ netns: pair.server, address: SERVER_ADDRESS, port: PORT, what: 'the server that closes idle connections' });
    const clients = await lab.startProgram(pair.client, CLIENTS_PROGRAM, { host: SERVER_ADDRESS, port: PORT, count: CONNECTIONS, mode: 'hold', settleMs: 5000 }, `a pool of ${CONNECTIONS} connections that never closes its side`);
    lab.observe('clientConnections', clients.ready.connected ?? 0);
    // Wait until the server has closed every connection (the client sockets are then in CLOSE_WAIT).
    for (let i = 0; i < 150 && (server.latest().closedIdle ?? 0) < (clients.ready.connected ?? 0); i++) await lab.sleep(20);
    lab.observe('serverClosedIdle', server.latest().closedIdle ?? 0);
    // A CLOSE_WAIT socket younger than a second is a close in progress, not a leak: let them age.
    await lab.sleep(AGE_MS);
    lab.setDoctorNetns(pair.client, `${CONNECTIONS} sockets in CLOSE_WAIT on the client towards ${SERVER_ADDRESS}:${PORT}, each on its own ephemeral port and all owned by the client process (pid ${clients.pid}): the server closed them and the pool never did.`);
    addLookCommands(lab, pair.client, pair.clientLink, PORT, [`sudo ip netns exec ${pair.client} ss -tanp state close-wait`]);
  },
};
