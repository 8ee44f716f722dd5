// port-exhaustion: the client namespace gets a 64-port ip_local_port_range; short connections
// to one server leave TIME_WAIT behind until every port is taken and connect() fails with
// EADDRNOTAVAIL.
import type { LabScenario } from '../types.js';
import { SERVER_PROGRAM } from '../programs/server.js';
import { SHORT_CONNECTIONS_PROGRAM } from '../programs/short-connections.js';
import { SERVER_ADDRESS, addLookCommands, buildPair } from './topology.js';

const PORT = 8084;
const RANGE_LOW = 40000;
const RANGE_HIGH = 40063;

export const portExhaustionScenario: LabScenario = {
  name: 'port-exhaustion',
  summary: 'a narrow ephemeral port range runs out: connect() fails with EADDRNOTAVAIL',
  tools: [],
  build: async (lab) => {
    const pair = await buildPair(lab);
    await lab.setSysctl(pair.client, 'net.ipv4.ip_local_port_range', `${RANGE_LOW} ${RANGE_HIGH}`);
    await lab.startProgram(pair.server, SERVER_PROGRAM, { host: SERVER_ADDRESS, port: PORT, mode: 'greet', backlog: 511 }, `server on ${SERVER_ADDRESS}:${PORT} that sends one byte and closes after the client`);
    lab.addPort({ netns: pair.server, address: SERVER_ADDRESS, port: PORT, what: 'the destination' });
    const client = await lab.startProgram(
      pair.client,
      SHORT_CONNECTIONS_PROGRAM,
      { host: SERVER_ADDRESS, port: PORT, count: 1000, concurrency: 8, stopAfterAddrNotAvail: 5, rate: 2 },
      `client making short connections until connect() fails with EADDRNOTAVAIL, then 2 attempts a second`,
    );
    lab.observe('portsInRange', RANGE_HIGH - RANGE_LOW + 1);
    lab.observe('connectionsCompleted', client.ready.completed ?? 0);
    lab.observe('eaddrnotavail', client.ready.eaddrnotavail ?? 0);
    lab.setDoctorNetns(pair.client, `All ${RANGE_HIGH - RANGE_LOW + 1} ports of ip_local_port_range (${RANGE_LOW}-${RANGE_HIGH}) are held by TIME_WAIT sockets towards ${SERVER_ADDRESS}:${PORT}; the client's connect() calls fail with EADDRNOTAVAIL.`);
    addLookCommands(lab, pair.client, pair.clientLink, PORT, [
      `sudo ip netns exec ${pair.client} ss -tan state time-wait | wc -l`,
      `sudo ip netns exec ${pair.client} sysctl net.ipv4.ip_local_port_range`,
    ]);
  },
};
