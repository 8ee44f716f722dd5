// time-wait: a client makes many short connections to one server and closes each one first,
// so each leaves a TIME_WAIT socket on the client for 60 s, all towards one destination.
import type { LabScenario } from '../types.js';
import { SERVER_PROGRAM } from '../programs/server.js';
import { SHORT_CONNECTIONS_PROGRAM } from '../programs/short-connections.js';
import { SERVER_ADDRESS, addLookCommands, buildPair } from './topology.js';

const PORT = 8083;
const CONNECTIONS = 3000;
// Fast enough that a minute of TIME_WAIT would take half the default port range (28232 ports),
// which is what makes it worth a warning; the steady state (18000) still leaves ports free.
const TRICKLE_PER_SECOND = 300;

export const timeWaitScenario: LabScenario = {
  name: 'time-wait',
  summary: 'many short outgoing connections to one destination: TIME_WAIT piles up on the client',
  tools: [],
  build: async (lab) => {
    const pair = await buildPair(lab);
    await lab.startProgram(pair.server, SERVER_PROGRAM, { host: SERVER_ADDRESS, port: PORT, mode: 'greet', backlog: 511 }, `server on ${SERVER_ADDRESS}:${PORT} that sends one byte and closes after the client`);
    lab.addPort({ netns: pair.server, address: SERVER_ADDRESS, port: PORT, what: 'the destination' });
    const client = await lab.startProgram(
      pair.client,
      SHORT_CONNECTIONS_PROGRAM,
      { host: SERVER_ADDRESS, port: PORT, count: CONNECTIONS, concurrency: 32, stopAfterAddrNotAvail: 0, rate: TRICKLE_PER_SECOND },
      `client making ${CONNECTIONS} short connections, then ${TRICKLE_PER_SECOND} per second, closing each first`,
    );
    lab.observe('connectionsCompleted', client.ready.completed ?? 0);
    lab.observe('connectionsFailed', client.ready.failed ?? 0);
    lab.setDoctorNetns(pair.client, `About ${CONNECTIONS} sockets in TIME_WAIT on the client towards ${SERVER_ADDRESS}:${PORT}, each holding an ephemeral port for 60 s, with ${TRICKLE_PER_SECOND} new connections a second.`);
    addLookCommands(lab, pair.client, pair.clientLink, PORT, [
      `sudo ip netns exec ${pair.client} ss -tan state time-wait | wc -l`,
      `sudo ip netns exec ${pair.client} sysctl net.ipv4.ip_local_port_range net.ipv4.tcp_tw_reuse`,
    ]);
  },
};
