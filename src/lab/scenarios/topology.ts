// The shape every scenario starts from: a server namespace and a client namespace joined by one
// veth pair, with fixed addresses (each run has its own namespaces, so runs never clash).
import type { LabBuilder } from '../types.js';

export const SERVER_ADDRESS = '10.200.0.1';
export const CLIENT_ADDRESS = '10.200.0.2';

export interface LabPair {
  server: string;
  client: string;
  serverLink: string;
  clientLink: string;
}

// Makes the two namespaces and the link between them.
export async function buildPair(lab: LabBuilder): Promise<LabPair> {
  const server = await lab.addNamespace('server');
  const client = await lab.addNamespace('client');
  const { linkA, linkB } = await lab.linkNamespaces(server, SERVER_ADDRESS, client, CLIENT_ADDRESS);
  return { server, client, serverLink: linkA, clientLink: linkB };
}

// The usual ways to look at a namespace while the scenario is held.
export function addLookCommands(lab: LabBuilder, netns: string, link: string, port: number, extra: string[] = []): void {
  lab.look(`sudo tcpdoc status --netns ${netns}`);
  lab.look(`sudo tcpdoc doctor --netns ${netns}`);
  lab.look(`sudo ip netns exec ${netns} ss -tanpoi 'sport = :${port} or dport = :${port}'`);
  for (const command of extra) lab.look(command);
  lab.look(`sudo ip netns exec ${netns} tcpdump -ni ${link} tcp port ${port}`);
}
