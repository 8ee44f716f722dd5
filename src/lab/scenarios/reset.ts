// reset: a server that answers each request by resetting the connection (SO_LINGER 0 through
// Node's resetAndDestroy()); the client keeps trying and gets ECONNRESET every time.
import type { LabScenario } from '../types.js';
import { SERVER_PROGRAM } from '../programs/server.js';
import { CONNECT_LOOP_PROGRAM } from '../programs/connect-loop.js';
import { SERVER_ADDRESS, addLookCommands, buildPair } from './topology.js';

const PORT = 8089;
const PER_SECOND = 40;

export const resetScenario: LabScenario = {
  name: 'reset',
  summary: 'a server that resets every connection after the request: RSTs, ECONNRESET',
  tools: [],
  build: async (lab) => {
    const pair = await buildPair(lab);
    const server = await lab.startProgram(pair.server, SERVER_PROGRAM, { host: SERVER_ADDRESS, port: PORT, mode: 'reset', backlog: 511 }, `server on ${SERVER_ADDRESS}:${PORT} that resets each connection after the first bytes`);
    lab.addPort({ netns: pair.server, address: SERVER_ADDRESS, port: PORT, what: 'the resetting server' });
    const client = await lab.startProgram(pair.client, CONNECT_LOOP_PROGRAM, { host: SERVER_ADDRESS, port: PORT, rate: PER_SECOND, readyAfter: 10, maxAttempts: 1_000_000, timeoutMs: 3000, send: 'hello\n' }, `client sending one request ${PER_SECOND} times a second`);
    lab.observe('attemptsEnded', client.ready.ended ?? 0);
    lab.observe('econnreset', client.ready.ECONNRESET ?? 0);
    lab.observe('serverResets', server.latest().resets ?? 0);
    lab.setDoctorNetns(pair.server, `The server on ${SERVER_ADDRESS}:${PORT} (pid ${server.pid}) resets ${PER_SECOND} connections a second: TcpOutRsts and TcpEstabResets rise; the client sees ECONNRESET.`);
    addLookCommands(lab, pair.server, pair.serverLink, PORT, [`sudo ip netns exec ${pair.server} nstat -az TcpOutRsts TcpEstabResets`]);
  },
};
