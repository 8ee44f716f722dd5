// half-open: clients connect and go idle; then the client side vanishes without a FIN or RST
// (its veth is deleted, its processes killed, its namespace removed). The server keeps the
// connections ESTABLISHED, with no keepalive, and nothing will ever tell it otherwise.
import type { LabScenario } from '../types.js';
import { SERVER_PROGRAM } from '../programs/server.js';
import { CLIENTS_PROGRAM } from '../programs/clients.js';
import { CLIENT_ADDRESS, SERVER_ADDRESS, buildPair } from './topology.js';

const PORT = 8085;
const CONNECTIONS = 8;

export const halfOpenScenario: LabScenario = {
  name: 'half-open',
  summary: 'the peer vanishes without FIN or RST: ESTABLISHED sockets with nobody on the other end',
  tools: [],
  build: async (lab) => {
    const pair = await buildPair(lab);
    const server = await lab.startProgram(pair.server, SERVER_PROGRAM, { host: SERVER_ADDRESS, port: PORT, mode: 'hold', backlog: 511 }, `server on ${SERVER_ADDRESS}:${PORT} without keepalive`);
    lab.addPort({ netns: pair.server, address: SERVER_ADDRESS, port: PORT, what: 'the server left with dead connections' });
    const clients = await lab.startProgram(pair.client, CLIENTS_PROGRAM, { host: SERVER_ADDRESS, port: PORT, count: CONNECTIONS, mode: 'hold', settleMs: 5000 }, `${CONNECTIONS} idle clients (removed with their namespace)`);
    for (let i = 0; i < 100 && (server.latest().accepted ?? 0) < CONNECTIONS; i++) await lab.sleep(20);
    lab.observe('serverAccepted', server.latest().accepted ?? 0);
    lab.observe('clientsConnected', clients.ready.connected ?? 0);
    // The link goes first, so the clients' FINs (sent when they are killed) reach nobody.
    await lab.removeNamespace(pair.client);
    lab.setDoctorNetns(pair.server, `${CONNECTIONS} ESTABLISHED sockets on ${SERVER_ADDRESS}:${PORT} to ${CLIENT_ADDRESS}, which no longer exists; without keepalive they stay until the server writes to them or exits. They grow idle: the longer the hold, the louder the doctor.`);
    lab.look(`sudo tcpdoc status --netns ${pair.server}`);
    lab.look(`sudo tcpdoc doctor --netns ${pair.server}`);
    lab.look(`sudo ip netns exec ${pair.server} ss -tanoi state established`);
    lab.look(`sudo ip netns exec ${pair.server} ip link   # the veth is gone`);
  },
};
