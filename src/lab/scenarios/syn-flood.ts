// syn-flood: clients whose final handshake ACK is dropped by iptables in their own namespace.
// The server keeps each request in SYN_RECV (retransmitting its SYN-ACK) until its SYN queue,
// capped by the listener's backlog, is full; after that it answers with syncookies.
import type { LabScenario } from '../types.js';
import { SERVER_PROGRAM } from '../programs/server.js';
import { CLIENTS_PROGRAM } from '../programs/clients.js';
import { SERVER_ADDRESS, addLookCommands, buildPair } from './topology.js';

const PORT = 8081;
const BACKLOG = 64;
const HANDSHAKES = 100;
// New handshakes keep coming while the scenario is held, so cookies are sent during the doctor's window.
const TRICKLE_PER_SECOND = 20;
const TRICKLE_MAX = 2000;

export const synFloodScenario: LabScenario = {
  name: 'syn-flood',
  summary: 'handshakes whose final ACK never arrives: SYN_RECV fills the SYN queue, syncookies fire',
  tools: ['iptables'],
  build: async (lab) => {
    const pair = await buildPair(lab);
    // 1 is the kernel default; set it anyway so the scenario does not depend on the host's choice.
    await lab.setSysctl(pair.server, 'net.ipv4.tcp_syncookies', '1');
    const server = await lab.startProgram(pair.server, SERVER_PROGRAM, { host: SERVER_ADDRESS, port: PORT, mode: 'hold', backlog: BACKLOG }, `server on ${SERVER_ADDRESS}:${PORT} with backlog ${BACKLOG}`);
    lab.addPort({ netns: pair.server, address: SERVER_ADDRESS, port: PORT, what: 'the flooded listener' });
    await lab.addRule(pair.client, 'OUTPUT', ['-d', `${SERVER_ADDRESS}/32`, '-p', 'tcp', '-m', 'tcp', '--dport', String(PORT), '--tcp-flags', 'FIN,SYN,RST,ACK', 'ACK', '-j', 'DROP'], 'drops the client\'s pure ACKs, so the server never sees a handshake complete');
    const clients = await lab.startProgram(pair.client, CLIENTS_PROGRAM, { host: SERVER_ADDRESS, port: PORT, count: HANDSHAKES, mode: 'hold', settleMs: 5000, trickleRate: TRICKLE_PER_SECOND, trickleMax: TRICKLE_MAX }, `${HANDSHAKES} clients whose final ACK is dropped, then ${TRICKLE_PER_SECOND} more a second (${TRICKLE_MAX} in all)`);
    lab.observe('handshakesStarted', HANDSHAKES);
    lab.observe('clientsThinkingConnected', clients.ready.connected ?? 0);
    lab.observe('serverAccepted', server.latest().accepted ?? 0);
    lab.setDoctorNetns(pair.server, `About ${BACKLOG + 1} sockets in SYN_RECV on ${SERVER_ADDRESS}:${PORT} (the SYN queue is full once it holds more than the backlog, ${BACKLOG}); the other handshakes, and the ${TRICKLE_PER_SECOND} new ones a second, are answered with syncookies (TcpExtSyncookiesSent, TcpExtTCPReqQFullDoCookies).`);
    addLookCommands(lab, pair.server, pair.serverLink, PORT, [
      `sudo ip netns exec ${pair.server} ss -tan state syn-recv`,
      `sudo ip netns exec ${pair.server} nstat -az TcpExtSyncookiesSent TcpExtTCPReqQFullDoCookies TcpExtTCPReqQFullDrop`,
      `sudo ip netns exec ${pair.client} iptables -S OUTPUT`,
    ]);
  },
};
