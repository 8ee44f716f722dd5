// accept-overflow: a listener with a tiny backlog that never calls accept(). Completed
// handshakes fill its accept queue (Recv-Q reaches backlog + 1), then every further SYN or
// final ACK is dropped and counted in ListenOverflows; the late clients sit in SYN_SENT.
import type { LabScenario } from '../types.js';
import { RAW_LISTENER_PROGRAM } from '../programs/raw-listener.js';
import { CLIENTS_PROGRAM } from '../programs/clients.js';
import { SERVER_ADDRESS, addLookCommands, buildPair } from './topology.js';

const PORT = 8082;
const BACKLOG = 8;
const CONNECTIONS = 32;
// New clients keep arriving while the scenario is held, so ListenOverflows rises while the doctor samples.
const TRICKLE_PER_SECOND = 10;
const TRICKLE_MAX = 500;

export const acceptOverflowScenario: LabScenario = {
  name: 'accept-overflow',
  summary: 'a listener that never accepts: the accept queue fills and ListenOverflows rises',
  tools: [],
  build: async (lab) => {
    const pair = await buildPair(lab);
    const listener = await lab.startProgram(pair.server, RAW_LISTENER_PROGRAM, { host: SERVER_ADDRESS, port: PORT, backlog: BACKLOG }, `listener on ${SERVER_ADDRESS}:${PORT} (listen backlog ${BACKLOG}) that never calls accept()`);
    lab.addPort({ netns: pair.server, address: SERVER_ADDRESS, port: PORT, what: 'the listener that never accepts' });
    const clients = await lab.startProgram(pair.client, CLIENTS_PROGRAM, { host: SERVER_ADDRESS, port: PORT, count: CONNECTIONS, mode: 'hold', settleMs: 1500, retry: true, trickleRate: TRICKLE_PER_SECOND, trickleMax: TRICKLE_MAX }, `${CONNECTIONS} clients connecting at once, then ${TRICKLE_PER_SECOND} more a second (${TRICKLE_MAX} in all), retrying when they give up`);
    lab.observe('listenerFd', listener.ready.fd ?? -1);
    lab.observe('clientsConnected', clients.ready.connected ?? 0);
    lab.observe('clientsWaiting', clients.ready.pending ?? 0);
    lab.setDoctorNetns(pair.server, `The listener on ${SERVER_ADDRESS}:${PORT} shows Recv-Q ${BACKLOG + 1} against Send-Q (backlog) ${BACKLOG}: its accept queue is full, and TcpExtListenOverflows rises while the remaining clients retry their SYNs.`);
    addLookCommands(lab, pair.server, pair.serverLink, PORT, [
      `sudo ip netns exec ${pair.server} ss -ltn`,
      `sudo ip netns exec ${pair.server} nstat -az TcpExtListenOverflows TcpExtListenDrops`,
      `sudo ip netns exec ${pair.client} ss -tan state syn-sent`,
    ]);
  },
};
