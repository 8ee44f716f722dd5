// fin-wait2: clients half-close (shutdown(SHUT_WR): FIN sent, still reading) and the server
// never finishes its side, so the clients sit in FIN_WAIT2 and the server in CLOSE_WAIT.
import type { LabScenario } from '../types.js';
import { SERVER_PROGRAM } from '../programs/server.js';
import { CLIENTS_PROGRAM } from '../programs/clients.js';
import { SERVER_ADDRESS, addLookCommands, buildPair } from './topology.js';

const PORT = 8086;
const AGE_MS = 1200;
const CONNECTIONS = 24;

export const finWait2Scenario: LabScenario = {
  name: 'fin-wait2',
  summary: 'a half-close the peer never finishes: FIN_WAIT2 on the client, CLOSE_WAIT on the server',
  tools: [],
  build: async (lab) => {
    const pair = await buildPair(lab);
    const server = await lab.startProgram(pair.server, SERVER_PROGRAM, { host: SERVER_ADDRESS, port: PORT, mode: 'hold', backlog: 511 }, `server on ${SERVER_ADDRESS}:${PORT} that never finishes its side`);
    lab.addPort({ netns: pair.server, address: SERVER_ADDRESS, port: PORT, what: 'the server that never closes' });
    const clients = await lab.startProgram(pair.client, CLIENTS_PROGRAM, { host: SERVER_ADDRESS, port: PORT, count: CONNECTIONS, mode: 'half-close', settleMs: 5000 }, `${CONNECTIONS} clients that half-close and keep reading`);
    for (let i = 0; i < 100 && (server.latest().peerClosed ?? 0) < CONNECTIONS; i++) await lab.sleep(20);
    lab.observe('clientsHalfClosed', clients.ready.halfClosed ?? 0);
    lab.observe('serverSawFin', server.latest().peerClosed ?? 0);
    // A FIN_WAIT2 socket younger than a second is a close in progress, not a leak: let them age.
    await lab.sleep(AGE_MS);
    lab.setDoctorNetns(pair.client, `${CONNECTIONS} sockets in FIN_WAIT2 on the client towards ${SERVER_ADDRESS}:${PORT}, held by the client process (pid ${clients.pid}); held sockets never time out (tcp_fin_timeout covers only orphans). The server side shows the same connections in CLOSE_WAIT.`);
    addLookCommands(lab, pair.client, pair.clientLink, PORT, [`sudo ip netns exec ${pair.client} ss -tanpo state fin-wait-2`, `sudo ip netns exec ${pair.server} ss -tanp state close-wait`]);
  },
};
