// close-wait: clients connect and close; the server never calls close(), so every connection
// sits in CLOSE_WAIT on the server, owned by the server process, for as long as it lives.
import type { LabScenario } from '../types.js';
import { SERVER_PROGRAM } from '../programs/server.js';
import { CLIENTS_PROGRAM } from '../programs/clients.js';
import { SERVER_ADDRESS, addLookCommands, buildPair } from './topology.js';

const PORT = 8080;
const AGE_MS = 1200;
const CONNECTIONS = 24;

export const closeWaitScenario: LabScenario = {
  name: 'close-wait',
  summary: 'a server that never closes after the client closes: CLOSE_WAIT piles up',
  tools: [],
  build: async (lab) => {
    const pair = await buildPair(lab);
    const server = await lab.startProgram(pair.server, SERVER_PROGRAM, { host: SERVER_ADDRESS, port: PORT, mode: 'hold', backlog: 511 }, `server on ${SERVER_ADDRESS}:${PORT} that never calls close()`);
    lab.addPort({ netns: pair.server, address: SERVER_ADDRESS, port: PORT, what: 'the leaking server' });
    const clients = await lab.startProgram(pair.client, CLIENTS_PROGRAM, { host: SERVER_ADDRESS, port: PORT, count: CONNECTIONS, mode: 'close', settleMs: 5000 }, `${CONNECTIONS} clients that connect and close at once`);
    lab.observe('connectionsClosedByClient', clients.ready.closed ?? 0);
    // Wait until the server has seen every FIN (its sockets are then in CLOSE_WAIT).
    for (let i = 0; i < 100 && (server.latest().peerClosed ?? 0) < (clients.ready.closed ?? 0); i++) await lab.sleep(20);
    lab.observe('serverSawFin', server.latest().peerClosed ?? 0);
    // A CLOSE_WAIT socket younger than a second is a close in progress, not a leak: let them age.
    await lab.sleep(AGE_MS);
    lab.setDoctorNetns(pair.server, `${CONNECTIONS} sockets in CLOSE_WAIT on ${SERVER_ADDRESS}:${PORT}, all owned by the server process (pid ${server.pid}); they stay until it closes them or exits.`);
    addLookCommands(lab, pair.server, pair.serverLink, PORT, [`sudo ip netns exec ${pair.server} ss -tanp state close-wait`]);
  },
};
