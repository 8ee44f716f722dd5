// refused: a client keeps connecting to a port where nothing listens; every SYN is answered with
// a RST and connect() fails with ECONNREFUSED.
import type { LabScenario } from '../types.js';
import { CONNECT_LOOP_PROGRAM } from '../programs/connect-loop.js';
import { SERVER_ADDRESS, addLookCommands, buildPair } from './topology.js';

const PORT = 8087;
const PER_SECOND = 40;

export const refusedScenario: LabScenario = {
  name: 'refused',
  summary: 'connections to a port with no listener: RST for every SYN, ECONNREFUSED',
  tools: [],
  build: async (lab) => {
    const pair = await buildPair(lab);
    lab.addPort({ netns: pair.server, address: SERVER_ADDRESS, port: PORT, what: 'nothing listens here' });
    const client = await lab.startProgram(pair.client, CONNECT_LOOP_PROGRAM, { host: SERVER_ADDRESS, port: PORT, rate: PER_SECOND, readyAfter: 10, maxAttempts: 1_000_000, timeoutMs: 3000, send: '' }, `client trying ${SERVER_ADDRESS}:${PORT} ${PER_SECOND} times a second`);
    lab.observe('attemptsEnded', client.ready.ended ?? 0);
    lab.observe('econnrefused', client.ready.ECONNREFUSED ?? 0);
    lab.setDoctorNetns(pair.client, `${PER_SECOND} connection attempts a second to ${SERVER_ADDRESS}:${PORT} all fail with ECONNREFUSED: TcpAttemptFails rises on the client and TcpOutRsts on the server.`);
    addLookCommands(lab, pair.client, pair.clientLink, PORT, [`sudo ip netns exec ${pair.client} nstat -az TcpActiveOpens TcpAttemptFails`, `sudo ip netns exec ${pair.server} nstat -az TcpOutRsts`]);
  },
};
