// blackhole: the server namespace drops every SYN to one port, so the client's connections sit
// in SYN_SENT, retransmitting the SYN with backoff, until they time out (and are tried again).
import type { LabScenario } from '../types.js';
import { CLIENTS_PROGRAM } from '../programs/clients.js';
import { SERVER_ADDRESS, addLookCommands, buildPair } from './topology.js';

const PORT = 8088;
const CONNECTIONS = 16;

export const blackholeScenario: LabScenario = {
  name: 'blackhole',
  summary: 'SYNs silently dropped by a firewall: connections stuck in SYN_SENT',
  tools: ['iptables'],
  build: async (lab) => {
    const pair = await buildPair(lab);
    await lab.addRule(pair.server, 'INPUT', ['-p', 'tcp', '-m', 'tcp', '--dport', String(PORT), '--tcp-flags', 'FIN,SYN,RST,ACK', 'SYN', '-j', 'DROP'], `drops every SYN to port ${PORT} without an answer`);
    lab.addPort({ netns: pair.server, address: SERVER_ADDRESS, port: PORT, what: 'filtered port' });
    const clients = await lab.startProgram(pair.client, CLIENTS_PROGRAM, { host: SERVER_ADDRESS, port: PORT, count: CONNECTIONS, mode: 'hold', settleMs: 1200, retry: true }, `${CONNECTIONS} clients connecting, retrying when they time out`);
    lab.observe('clientsWaiting', clients.ready.pending ?? 0);
    lab.setDoctorNetns(pair.client, `${CONNECTIONS} sockets in SYN_SENT on the client towards ${SERVER_ADDRESS}:${PORT}, retransmitting their SYNs (1 s, 3 s, 7 s, ...) until tcp_syn_retries runs out.`);
    addLookCommands(lab, pair.client, pair.clientLink, PORT, [`sudo ip netns exec ${pair.client} ss -tano state syn-sent`, `sudo ip netns exec ${pair.server} iptables -S INPUT`]);
  },
};
