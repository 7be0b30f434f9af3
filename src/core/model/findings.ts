/**
 * Capture-wide patterns a person would want pointed out: SYN floods, port
 * scans, sockets left in CLOSE_WAIT, SYNs nobody answered, ICMP errors that
 * refused a connection, and resets. Each is typed data; the sentences are
 * made by the presenters (`core/explain/findingMessage.ts`).
 */
import { endpointOf, endpointText } from '../endpointText';
import { FIRST_NAMED_PORT } from '../names';
import { TcpFlag } from '../packets';
import type { Analysis } from './analysis';
import type { Finding } from './captureModel';
import { C2S, Connection } from './connection';
import { TcpState } from './vocabulary';

export interface FindingThresholds {
  /** At least this many half-open connections to one server… */
  readonly synFloodMinHalfOpen: number;
  /** …from at least this many source addresses make a SYN flood. */
  readonly synFloodMinSources: number;
  /** At least this many ports of one host probed by one source… */
  readonly portScanMinPorts: number;
  /** …with at least this share of the probes failing (0 to 1) make a port scan. */
  readonly portScanMinFailedShare: number;
}

export const DEFAULT_FINDING_THRESHOLDS: FindingThresholds = {
  synFloodMinHalfOpen: 50,
  synFloodMinSources: 10,
  portScanMinPorts: 15,
  portScanMinFailedShare: 0.8,
};

/** Lists of packets in a finding are capped; the counts stay exact. */
const MAX_LISTED_PACKETS = 1000;

export function findPatterns(a: Analysis, thresholds: Partial<FindingThresholds> = {}): Finding[] {
  const limits = { ...DEFAULT_FINDING_THRESHOLDS, ...thresholds };
  const findings: Finding[] = [];
  const covered = new Set<number>();
  const synFrames = clientSynFrames(a);
  findings.push(...synFloods(a, limits, covered, synFrames), ...portScans(a, limits, covered, synFrames));
  for (const c of a.connections) {
    if (covered.has(c.id)) continue;
    const f = closeWait(a, c) ?? synUnanswered(a, c, synFrames) ?? reset(a, c);
    if (f) findings.push(f);
  }
  return findings;
}

function endpoint(a: Analysis, address: number, port: number): string {
  return endpointText(endpointOf(a.packets.names, address, port));
}

function clientText(a: Analysis, c: Connection): string {
  return endpoint(a, c.clientAddress, c.clientPort);
}

function serverText(a: Analysis, c: Connection): string {
  return endpoint(a, c.serverAddress, c.serverPort);
}

function frameOf(a: Analysis, index: number): number {
  return a.packets.frame[index];
}

/** Frame numbers of each connection's client SYNs, gathered in one pass over the packets. */
function clientSynFrames(a: Analysis): Map<number, number[]> {
  const frames = new Map<number, number[]>();
  const p = a.packets;
  for (let i = 0; i < p.length; i++) {
    if ((p.flags[i] & (TcpFlag.SYN | TcpFlag.ACK)) !== TcpFlag.SYN || a.dir[i] !== C2S) continue;
    const list = frames.get(a.conn[i]);
    if (list) list.push(p.frame[i]);
    else frames.set(a.conn[i], [p.frame[i]]);
  }
  return frames;
}

/** The client SYN frames of several connections, in capture order, at most MAX_LISTED_PACKETS. */
function synFramesOf(conns: Connection[], synFrames: Map<number, number[]>): number[] {
  const all = conns.flatMap((c) => synFrames.get(c.id) ?? []);
  return all.sort((x, y) => x - y).slice(0, MAX_LISTED_PACKETS);
}

function isHalfOpen(c: Connection): boolean {
  return c.handshake === 'incomplete' && c.flows[C2S].sentSyn && c.bytes[0] === 0 && c.bytes[1] === 0;
}

function synFloods(a: Analysis, limits: FindingThresholds, covered: Set<number>, synFrames: Map<number, number[]>): Finding[] {
  const byServer = new Map<string, Connection[]>();
  for (const c of a.connections) {
    if (!isHalfOpen(c)) continue;
    const key = serverText(a, c);
    const list = byServer.get(key) ?? [];
    list.push(c);
    byServer.set(key, list);
  }
  const out: Finding[] = [];
  for (const [target, conns] of byServer) {
    const sources = new Set(conns.map((c) => c.clientAddress)).size;
    if (conns.length < limits.synFloodMinHalfOpen || sources < limits.synFloodMinSources) continue;
    const ids = new Set(conns.map((c) => c.id));
    ids.forEach((id) => covered.add(id));
    const first = a.packets.time[conns[0].firstIndex];
    const last = a.packets.time[conns[conns.length - 1].firstIndex];
    out.push({
      kind: 'syn-flood',
      severity: 'error',
      packets: synFramesOf(conns, synFrames),
      connections: [...ids],
      target,
      halfOpen: conns.length,
      sources,
      duration: last - first,
    });
  }
  return out;
}

function failedProbe(c: Connection): boolean {
  return c.handshake !== 'three-way' && c.handshake !== 'simultaneous-open' && c.bytes[0] === 0 && c.bytes[1] === 0;
}

/** Port numbers in ascending order; a service printed without its number has none and is left out. */
function numberedPorts(ports: Iterable<number>): number[] {
  return [...new Set(ports)].filter((port) => port < FIRST_NAMED_PORT).sort((x, y) => x - y);
}

function portScans(a: Analysis, limits: FindingThresholds, covered: Set<number>, synFrames: Map<number, number[]>): Finding[] {
  const byPair = new Map<string, Connection[]>();
  for (const c of a.connections) {
    if (covered.has(c.id) || !c.flows[C2S].sentSyn) continue;
    const key = `${c.clientAddress}>${c.serverAddress}`;
    const list = byPair.get(key) ?? [];
    list.push(c);
    byPair.set(key, list);
  }
  const out: Finding[] = [];
  for (const conns of byPair.values()) {
    const ports = new Set(conns.map((c) => c.serverPort));
    const failed = conns.filter(failedProbe).length;
    if (ports.size < limits.portScanMinPorts || failed < limits.portScanMinFailedShare * conns.length) continue;
    const ids = new Set(conns.map((c) => c.id));
    ids.forEach((id) => covered.add(id));
    const names = a.packets.names;
    out.push({
      kind: 'port-scan',
      severity: 'warning',
      packets: synFramesOf(conns, synFrames),
      connections: [...ids],
      source: names.addressText(conns[0].clientAddress),
      target: names.addressText(conns[0].serverAddress),
      ports: numberedPorts(ports),
      openPorts: numberedPorts(conns.filter((c) => c.flows[1].sentSynAck).map((c) => c.serverPort)),
    });
  }
  return out;
}

function closeWait(a: Analysis, c: Connection): Finding | undefined {
  const role =
    c.finalServerState === TcpState.CLOSE_WAIT ? 'server' : c.finalClientState === TcpState.CLOSE_WAIT ? 'client' : undefined;
  if (!role) return undefined;
  const finIndex = c.flows[role === 'server' ? 0 : 1].firstFinIndex;
  const finFrame = frameOf(a, finIndex);
  return {
    kind: 'close-wait',
    severity: 'warning',
    packets: [finFrame],
    connections: [c.id],
    endpoint: role === 'server' ? serverText(a, c) : clientText(a, c),
    role,
    finFrame,
    waited: a.packets.time[a.packets.length - 1] - a.packets.time[finIndex],
  };
}

function synUnanswered(a: Analysis, c: Connection, synFrames: Map<number, number[]>): Finding | undefined {
  if (!c.flows[C2S].sentSyn || c.flows[1].sentAnything) return undefined;
  const frames = synFrames.get(c.id) ?? [];
  if (c.icmpErrors.length > 0) {
    const e = c.icmpErrors[0].error;
    return {
      kind: 'icmp-unreachable',
      severity: 'warning',
      packets: [...frames, ...c.icmpErrors.map((x) => x.error.frame)].sort((x, y) => x - y),
      connections: [c.id],
      client: clientText(a, c),
      server: serverText(a, c),
      reason: e.reason,
      hard: e.hard,
      icmpFrame: e.frame,
    };
  }
  return {
    kind: 'syn-unanswered',
    severity: 'warning',
    packets: frames,
    connections: [c.id],
    client: clientText(a, c),
    server: serverText(a, c),
    synCount: frames.length,
  };
}

function reset(a: Analysis, c: Connection): Finding | undefined {
  if (c.close !== 'reset') return undefined;
  const accepted = c.firstResetIndex >= 0;
  const index = accepted ? c.firstResetIndex : c.firstIgnoredResetIndex;
  const byServer = a.dir[index] !== C2S;
  const refused = accepted && byServer && c.handshake === 'incomplete' && !c.flows[1].sentSynAck;
  const resetFrame = frameOf(a, index);
  return {
    kind: 'reset',
    severity: accepted ? 'warning' : 'info',
    packets: [resetFrame],
    connections: [c.id],
    by: byServer ? 'server' : 'client',
    endpoint: byServer ? serverText(a, c) : clientText(a, c),
    peer: byServer ? clientText(a, c) : serverText(a, c),
    resetFrame,
    refused,
    ignored: !accepted,
    bytesC2s: c.bytes[0],
    bytesS2c: c.bytes[1],
  };
}
