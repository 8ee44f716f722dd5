// What a lab scenario is and what a run reports it built.

export interface LabNamespace {
  name: string;
  // What the namespace plays: "server", "client".
  role: string;
  addresses: string[];
}

export interface LabLink {
  name: string;
  netns: string;
  peer: string;
  peerNetns: string;
}

export interface LabProcess {
  pid: number;
  netns: string;
  // What ss shows as the process name.
  command: string;
  // The program's job, e.g. "server on 10.200.0.1:8080 that never calls close()".
  role: string;
  program: string;
}

export interface LabRule {
  netns: string;
  // The rule as iptables -S would print it.
  rule: string;
  why: string;
}

export interface LabSysctl {
  netns: string;
  key: string;
  value: string;
}

export interface LabPort {
  netns: string;
  address: string;
  port: number;
  what: string;
}

// Everything a run built, and where to look: printed by `tcpdoc lab` and in its JSON.
export interface LabBuilt {
  scenario: string;
  namespaces: LabNamespace[];
  links: LabLink[];
  processes: LabProcess[];
  rules: LabRule[];
  sysctls: LabSysctl[];
  ports: LabPort[];
  // The namespace where the pathology shows; the doctor runs there.
  doctorNetns: string;
  // Numbers the lab's own programs report (connections made, errors seen), by name.
  observed: Record<string, number>;
  // What to expect, in one or two sentences.
  expect: string;
  // Commands to look with while the scenario is held.
  look: string[];
  // Namespaces and links removed on purpose while building (the half-open peer); their processes were killed.
  removed: string[];
}

// Where a scenario can reach the run it is building.
export interface LabBuilder {
  readonly prefix: string;
  addNamespace: (role: string) => Promise<string>;
  // Joins two namespaces with a veth pair and /24 IPv4 addresses; returns the interface names.
  linkNamespaces: (a: string, addressA: string, b: string, addressB: string) => Promise<{ linkA: string; linkB: string }>;
  setSysctl: (netns: string, key: string, value: string) => Promise<void>;
  // Appends an iptables rule inside a namespace (args without -A CHAIN).
  addRule: (netns: string, chain: string, args: string[], why: string) => Promise<void>;
  startProgram: (netns: string, program: LabProgram, config: Record<string, unknown>, role: string) => Promise<LabProgramHandle>;
  addPort: (port: LabPort) => void;
  observe: (name: string, value: number) => void;
  look: (command: string) => void;
  setDoctorNetns: (netns: string, expect: string) => void;
  // Makes a namespace vanish without a goodbye: its links go first, then its processes, then the namespace.
  removeNamespace: (netns: string) => Promise<void>;
  deleteLink: (netns: string, link: string) => Promise<void>;
  sleep: (ms: number) => Promise<void>;
}

// A small Node program the lab runs inside a namespace (CommonJS source for `node -e`).
export interface LabProgram {
  name: string;
  source: string;
  // Loads koffi (given through TCPDOC_LAB_KOFFI).
  needsKoffi?: boolean;
}

export interface LabProgramHandle {
  pid: number;
  // The numbers from the program's "ready" line.
  ready: Record<string, number>;
  // The program's latest numbers (ready or a later stats line).
  latest: () => Record<string, number>;
  kill: () => void;
}

export interface LabScenario {
  name: string;
  // One line for `tcpdoc lab --list`.
  summary: string;
  // Tools beyond ip and sysctl that the scenario needs.
  tools: string[];
  build: (lab: LabBuilder) => Promise<void>;
}
