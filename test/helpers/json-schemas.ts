// The shapes docs/json.md documents, one per schema, in the description language of json-shape.ts. This file
// mirrors the doc: test/json-schemas.test.ts checks that every key and enumerated value named here appears in
// the doc's section for the schema, and that every key the section names is described here.
import { arr, bool, nullable, num, obj, oneOf, opt, rec, str, type Shape } from './json-shape.js';

// Keys of every object keyed by state, in the documented order.
export const STATES = ['LISTEN', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'CLOSE_WAIT', 'CLOSING', 'LAST_ACK', 'TIME_WAIT', 'CLOSE'] as const;

// The expert flag names of tcpdoc.trace/1, in bit order.
export const EXPERT_NAMES = [
  'retransmission', 'fastRetransmission', 'spuriousRetransmission', 'outOfOrder', 'lostSegment', 'ackedUnseen', 'duplicateAck',
  'zeroWindow', 'zeroWindowProbe', 'zeroWindowProbeAck', 'windowFull', 'windowUpdate', 'keepAlive', 'keepAliveAck', 'reusedPorts', 'rst',
] as const;

const stateCounts = obj(Object.fromEntries(STATES.map((s) => [s, num()])), { order: true });
const family = num({ values: [4, 6] });
const endpoint = obj({ address: str(), port: num() });
const processRef = obj({ pid: num(), command: str(), fd: num() });
const skips = obj({ unparsed: num(), unreadableProcesses: num(), unattributedSockets: num() });
const source = str(['netlink', 'proc']);
const sources = arr(obj({ title: str(), url: opt(str()), file: opt(str()) }));
const lang = str(['en', 'zh']);
const fraction = num({ fraction: true });

const status: Shape = obj({
  schema: str(['tcpdoc.status/1']),
  source,
  namespace: nullable(str()),
  takenAt: str(),
  filter: nullable(str()),
  total: num(),
  states: stateCounts,
  listeners: arr(obj({ family, address: str(), port: num(), acceptQueue: num(), backlog: nullable(num()), synRecv: num(), states: stateCounts, process: nullable(processRef) })),
  ports: arr(obj({ port: num(), listening: bool, total: num(), states: stateCounts })),
  remotes: arr(obj({ address: str(), port: num(), total: num(), states: stateCounts })),
  remoteHosts: arr(obj({ address: str(), total: num(), states: stateCounts })),
  processes: nullable(arr(obj({ pid: num(), command: str(), total: num(), states: stateCounts }))),
  unowned: nullable(stateCounts),
  skips,
  notes: arr(str()),
});

// struct tcp_info: the fields every supported kernel sends, then those of longer structs.
export const TCP_INFO_ALWAYS = [
  'length', 'state', 'caState', 'retransmits', 'probes', 'backoff', 'options', 'sndWscale', 'rcvWscale', 'rtoUs', 'atoUs', 'sndMss', 'rcvMss',
  'unacked', 'sacked', 'lost', 'retrans', 'lastDataSentMs', 'lastDataRecvMs', 'lastAckRecvMs', 'pmtu', 'rcvSsthresh', 'rttUs', 'rttVarUs',
  'sndSsthresh', 'sndCwnd', 'advmss', 'reordering', 'rcvRttUs', 'rcvSpace', 'totalRetrans',
] as const;
export const TCP_INFO_LATER = [
  'pacingRate', 'maxPacingRate', 'bytesAcked', 'bytesReceived', 'segsOut', 'segsIn', 'notsentBytes', 'minRttUs', 'dataSegsIn', 'dataSegsOut',
  'deliveryRate', 'busyTimeUs', 'rwndLimitedUs', 'sndbufLimitedUs', 'delivered', 'deliveredCe', 'bytesSent', 'bytesRetrans', 'dsackDups',
  'reordSeen', 'rcvOooPack', 'sndWnd', 'rcvWnd', 'rehash', 'totalRto', 'totalRtoRecoveries', 'totalRtoTimeMs', 'fastopenClientFail',
  'receivedCe', 'deliveredE1Bytes', 'deliveredE0Bytes', 'deliveredCeBytes', 'receivedE1Bytes', 'receivedE0Bytes', 'receivedCeBytes',
] as const;

const tcpInfo = obj({
  ...Object.fromEntries(TCP_INFO_ALWAYS.map((k) => [k, num()])),
  deliveryRateAppLimited: bool,
  ...Object.fromEntries(TCP_INFO_LATER.map((k) => [k, opt(num())])),
  // null: no pacing limit.
  pacingRate: opt(nullable(num())),
  maxPacingRate: opt(nullable(num())),
});

const sockets: Shape = obj({
  schema: str(['tcpdoc.sockets/1']),
  source,
  namespace: nullable(str()),
  takenAt: str(),
  filter: nullable(str()),
  count: num(),
  sockets: arr(
    obj({
      family,
      state: str(STATES),
      local: endpoint,
      remote: endpoint,
      recvQ: num(),
      sendQ: num(),
      timer: nullable(obj({ kind: str(['on', 'keepalive', 'timewait', 'probe0', 'delack', 'unknown']), expiresMs: num(), retransmits: num() })),
      uid: num(),
      inode: num(),
      cookie: nullable(str()),
      interfaceIndex: num(),
      process: nullable(processRef),
      processes: arr(processRef),
      tcpInfo: nullable(tcpInfo),
      memory: nullable(obj({ rmemAlloc: num(), rcvBuf: num(), wmemAlloc: num(), sndBuf: num(), fwdAlloc: num(), wmemQueued: num(), optMem: num(), backlog: num(), drops: num() })),
      congestion: nullable(str()),
      shutdown: nullable(num({ values: [0, 1, 2, 3] })),
    }),
  ),
  skips,
  notes: arr(str()),
});

export const EXPLAIN_KINDS = ['errno', 'node', 'wsa', 'win32', 'icmp', 'icmpv6', 'state', 'sysctl', 'counter', 'tcpdump'] as const;

const explain: Shape = obj({
  schema: str(['tcpdoc.explain/1']),
  query: str(),
  entries: arr(
    obj({
      id: str(),
      kind: str(EXPLAIN_KINDS),
      name: str(),
      number: oneOf(num(), str(), { kind: 'null' }),
      numbers: obj(Object.fromEntries(['linux', 'darwin', 'libuvWindows', 'libuv', 'wsa', 'win32', 'icmpType', 'icmpCode', 'state'].map((k) => [k, opt(num())]))),
      matchedAs: arr(str()),
      summary: str(),
      details: str(),
      checks: arr(str()),
      fixes: arr(str()),
      related: arr(str()),
      sources,
    }),
  ),
  suggestions: arr(obj({ id: str(), name: str(), summary: str() })),
});

const endpointState = str([...STATES, 'CLOSED']);

const traceConnection = obj({
  id: num(),
  family,
  client: endpoint,
  server: endpoint,
  roleInferred: bool,
  outcome: str(['S0', 'S1', 'SF', 'REJ', 'S2', 'S3', 'RSTO', 'RSTR', 'RSTOS0', 'RSTRH', 'SH', 'SHR', 'OTH']),
  history: str(),
  completeness: num(),
  firstFrame: num(),
  packets: obj({ toServer: num(), toClient: num() }),
  bytes: obj({ toServer: num(), toClient: num() }),
  frameBytes: obj({ toServer: num(), toClient: num() }),
  start: fraction,
  end: fraction,
  duration: fraction,
  rtt: nullable(fraction),
  synAttempts: num(),
  states: obj({ client: arr(endpointState), server: arr(endpointState) }),
  closedBy: nullable(str(['client', 'server'])),
  closeKind: nullable(str(['fin', 'rst'])),
  flags: rec(num(), EXPERT_NAMES),
  zeroWindow: obj({ client: fraction, server: fraction }),
  icmp: arr(obj({ time: fraction, frame: num(), reporter: str(), type: num(), code: num(), family, mtu: nullable(num()) })),
  diagnosis: arr(obj({ text: str(), severity: str(['ok', 'info', 'warning', 'error']), explain: arr(str()) })),
});

const ladderRow = obj({
  kind: str(['tcp', 'icmp']),
  frame: num(),
  time: fraction,
  fromClient: bool,
  flags: num(),
  relSeq: num(),
  relAck: num(),
  length: num(),
  window: num(),
  expert: num(),
  dupAckNum: num(),
  clientState: endpointState,
  serverState: endpointState,
  mss: nullable(num()),
  windowScale: nullable(num()),
  sackPermitted: bool,
  icmp: nullable(obj({ type: num(), code: num(), reporter: str(), family })),
});

const trace: Shape = obj({
  schema: str(['tcpdoc.trace/1']),
  connections: arr(traceConnection),
  // Only with --conn N.
  ladder: opt(arr(ladderRow)),
  summary: obj({
    packets: num(),
    tcpPackets: num(),
    connections: num(),
    expert: obj(Object.fromEntries(EXPERT_NAMES.map((k) => [k, num()])), { order: true }),
    icmpErrors: num(),
    icmpUnattached: num(),
    otherPackets: num(),
    filteredOut: num(),
    unparsed: num(),
    unparsedReasons: rec(num()),
    start: nullable(fraction),
    end: nullable(fraction),
    format: str(['pcap', 'pcapng', 'text']),
    notes: arr(obj({ kind: str(['drops', 'truncated', 'link-type', 'format']), message: str() })),
    interrupted: bool,
  }),
});

const sysctl: Shape = obj({
  schema: str(['tcpdoc.sysctl/1']),
  kernel: str(),
  netns: nullable(str()),
  lang,
  summary: obj({ wrong: num(), look: num(), fine: num() }),
  settings: arr(
    obj({
      key: str(),
      value: nullable(str()),
      default: str(),
      verdict: str(['fine', 'look', 'wrong']),
      reason: str(),
      advice: str(),
      sources,
      related: arr(str()),
    }),
  ),
  unreadable: arr(str()),
  check: nullable(
    obj({
      file: str(),
      settings: arr(obj({ line: num(), key: str(), value: str(), ignoreErrors: bool, audited: bool })),
      problems: arr(obj({ line: num(), severity: str(['error', 'note']), message: str(), text: str() })),
      missing: arr(str()),
      corrected: str(),
      changed: num(),
    }),
  ),
});

const severity = str(['info', 'warning', 'critical']);
const evidenceContext = { unit: opt(str()), port: opt(num()), address: opt(str()), pid: opt(num()), command: opt(str()) };
const code = opt(obj({ language: str(), source: str() }));

// A tcpdoc.doctor/1 finding (texts in one language).
const finding = obj({
  id: str(),
  severity,
  title: str(),
  subject: nullable(str()),
  evidence: arr(obj({ label: str(), value: oneOf(num({ fraction: true }), str()), ...evidenceContext })),
  explanation: str(),
  fixes: arr(obj({ text: str(), commands: arr(str()), code })),
  related: arr(str()),
});

export const DOCTOR_NUMBER_KEYS = [
  'sockets', 'established', 'listeners', 'timeWait', 'closeWait', 'synRecv', 'synSent', 'acceptQueueMaxPercent', 'activeOpensPerSecond',
  'passiveOpensPerSecond', 'retransPercent', 'orphansPercent', 'memoryPercentOfPressure', 'ephemeralPorts', 'fdMaxPercent',
] as const;

const doctor: Shape = obj({
  schema: str(['tcpdoc.doctor/1']),
  lang,
  takenAt: str(),
  namespace: nullable(str()),
  source,
  kernelRelease: str(),
  windowMs: nullable(num()),
  findings: arr(finding),
  summary: obj({
    allClear: bool,
    counts: obj({ critical: num(), warning: num(), info: num() }),
    numbers: arr(obj({ key: str(DOCTOR_NUMBER_KEYS), label: str(), value: num({ fraction: true }), unit: opt(str()) })),
  }),
  kernelLog: obj({ available: bool, reason: nullable(str()) }),
  rulesRun: arr(str()),
  ruleFailures: arr(obj({ rule: str(), message: str() })),
  notes: arr(str()),
});

// A finding in tcpdoc.lab/1 is a tcpdoc.doctor/1 finding, in --lang.
const labFinding = finding;

export const LAB_PROGRAMS = ['tcpdoc-lab-server', 'tcpdoc-lab-clients', 'tcpdoc-lab-short-connections', 'tcpdoc-lab-connect-loop', 'tcpdoc-lab-raw-listener'] as const;

const lab: Shape = obj({
  schema: str(['tcpdoc.lab/1']),
  scenario: str(),
  summary: str(),
  holdSeconds: num({ fraction: true }),
  built: obj({
    scenario: str(),
    namespaces: arr(obj({ name: str(), role: str(['server', 'client']), addresses: arr(str()) })),
    links: arr(obj({ name: str(), netns: str(), peer: str(), peerNetns: str() })),
    processes: arr(obj({ pid: num(), netns: str(), command: str(['node']), role: str(), program: str(LAB_PROGRAMS) })),
    rules: arr(obj({ netns: str(), rule: str(), why: str() })),
    sysctls: arr(obj({ netns: str(), key: str(), value: str() })),
    ports: arr(obj({ netns: str(), address: str(), port: num(), what: str() })),
    doctorNetns: str(),
    observed: rec(num()),
    expect: str(),
    look: arr(str()),
    removed: arr(str()),
  }),
  findings: nullable(arr(labFinding)),
  doctorNote: nullable(str()),
});

const labList: Shape = obj({
  schema: str(['tcpdoc.lab-list/1']),
  scenarios: arr(obj({ name: str(), summary: str(), tools: arr(str()) })),
});

const labCleanup: Shape = obj({
  schema: str(['tcpdoc.lab-cleanup/1']),
  removedNamespaces: arr(str()),
  killedPids: arr(num()),
  removedLinks: arr(str()),
  skipped: arr(obj({ netns: str(), ownerPid: num() })),
  problems: arr(str()),
});

// Every schema: its shape and the docs/json.md section ("## tcpdoc NAME") that documents it.
export const SCHEMAS: Record<string, { shape: Shape; section: string }> = {
  'tcpdoc.status/1': { shape: status, section: 'tcpdoc status' },
  'tcpdoc.sockets/1': { shape: sockets, section: 'tcpdoc ls' },
  'tcpdoc.explain/1': { shape: explain, section: 'tcpdoc explain' },
  'tcpdoc.trace/1': { shape: trace, section: 'tcpdoc trace' },
  'tcpdoc.sysctl/1': { shape: sysctl, section: 'tcpdoc sysctl' },
  'tcpdoc.doctor/1': { shape: doctor, section: 'tcpdoc doctor' },
  'tcpdoc.lab/1': { shape: lab, section: 'tcpdoc lab' },
  'tcpdoc.lab-list/1': { shape: labList, section: 'tcpdoc lab' },
  'tcpdoc.lab-cleanup/1': { shape: labCleanup, section: 'tcpdoc lab' },
};
