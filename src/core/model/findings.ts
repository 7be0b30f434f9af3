/**
 * Capture-wide patterns a person would want pointed out: SYN floods, port
 * scans, sockets left in CLOSE_WAIT, SYNs nobody answered, and resets.
 */
import { TcpFlag } from '../packets';
import { Analysis } from './analysis';
import { C2S, Connection } from './connection';
import { TcpState } from './vocabulary';

export type Severity = 'info' | 'warning' | 'error';

export interface Finding {
  kind: 'syn-flood' | 'port-scan' | 'close-wait' | 'syn-unanswered' | 'icmp-unreachable' | 'reset';
  severity: Severity;
  message: string;
  /** Frame numbers (`n`) of the packets that show it. */
  packets: number[];
  /** Connection ids involved. */
  connections: number[];
  [extra: string]: unknown;
}

/** At least this many half-open connections to one server, from at least this many sources, make a SYN flood. */
const FLOOD_MIN_HALF_OPEN = 50;
const FLOOD_MIN_SOURCES = 10;
/** At least this many ports of one host probed by one source, nearly all failing, make a port scan. */
const SCAN_MIN_PORTS = 15;
const SCAN_MIN_FAILED_SHARE = 0.8;
/** Lists of packets in a finding are capped; the counts stay exact. */
const MAX_LISTED_PACKETS = 1000;

export function findPatterns(a: Analysis): Finding[] {
  const findings: Finding[] = [];
  const covered = new Set<number>();
  const synFrames = clientSynFrames(a);
  findings.push(...synFloods(a, covered, synFrames), ...portScans(a, covered, synFrames));
  for (const c of a.connections) {
    if (covered.has(c.id)) continue;
    const f = closeWait(a, c) ?? synUnanswered(a, c, synFrames) ?? reset(a, c);
    if (f) findings.push(f);
  }
  return findings;
}

function endpoint(a: Analysis, address: number, port: number): string {
  const host = a.packets.names.addressText(address);
  const service = a.packets.names.portName(port) ?? String(port);
  return host.includes(':') ? `[${host}]:${service}` : `${host}:${service}`;
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

function synFloods(a: Analysis, covered: Set<number>, synFrames: Map<number, number[]>): Finding[] {
  const byServer = new Map<string, Connection[]>();
  for (const c of a.connections) {
    if (!isHalfOpen(c)) continue;
    const key = endpoint(a, c.serverAddress, c.serverPort);
    const list = byServer.get(key) ?? [];
    list.push(c);
    byServer.set(key, list);
  }
  const out: Finding[] = [];
  for (const [target, conns] of byServer) {
    const sources = new Set(conns.map((c) => c.clientAddress)).size;
    if (conns.length < FLOOD_MIN_HALF_OPEN || sources < FLOOD_MIN_SOURCES) continue;
    const ids = new Set(conns.map((c) => c.id));
    ids.forEach((id) => covered.add(id));
    const first = a.packets.time[conns[0].firstIndex];
    const last = a.packets.time[conns[conns.length - 1].firstIndex];
    out.push({
      kind: 'syn-flood',
      severity: 'error',
      message: `SYN flood: ${conns.length} half-open connections to ${target} from ${sources} sources in ${(last - first).toFixed(1)} s`,
      packets: synFramesOf(conns, synFrames),
      connections: [...ids],
      target,
      halfOpen: conns.length,
      sources,
    });
  }
  return out;
}

function failedProbe(c: Connection): boolean {
  return c.handshake !== 'three-way' && c.handshake !== 'simultaneous-open' && c.bytes[0] === 0 && c.bytes[1] === 0;
}

function portScans(a: Analysis, covered: Set<number>, synFrames: Map<number, number[]>): Finding[] {
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
    if (ports.size < SCAN_MIN_PORTS || failed < SCAN_MIN_FAILED_SHARE * conns.length) continue;
    const ids = new Set(conns.map((c) => c.id));
    ids.forEach((id) => covered.add(id));
    const names = a.packets.names;
    const source = names.addressText(conns[0].clientAddress);
    const target = names.addressText(conns[0].serverAddress);
    const open = [...new Set(conns.filter((c) => c.flows[1].sentSynAck).map((c) => c.serverPort))].sort((x, y) => x - y);
    const sortedPorts = [...ports].sort((x, y) => x - y);
    out.push({
      kind: 'port-scan',
      severity: 'warning',
      message:
        `Port scan: ${source} probed ${ports.size} ports of ${target}` +
        (open.length ? `; open: ${open.join(', ')}` : '; none open'),
      packets: synFramesOf(conns, synFrames),
      connections: [...ids],
      source,
      target,
      ports: sortedPorts,
      openPorts: open,
    });
  }
  return out;
}

function closeWait(a: Analysis, c: Connection): Finding | undefined {
  const waiting =
    c.finalServerState === TcpState.CLOSE_WAIT ? 'server' : c.finalClientState === TcpState.CLOSE_WAIT ? 'client' : undefined;
  if (!waiting) return undefined;
  const [addr, port, peerFlow] =
    waiting === 'server' ? [c.serverAddress, c.serverPort, c.flows[0]] : [c.clientAddress, c.clientPort, c.flows[1]];
  const finIndex = peerFlow.firstFinIndex;
  const end = a.packets.time[a.packets.length - 1];
  const waited = end - a.packets.time[finIndex];
  return {
    kind: 'close-wait',
    severity: 'warning',
    message:
      `${waiting} ${endpoint(a, addr, port)} received the peer's FIN (n=${frameOf(a, finIndex)}) and never closed its side: ` +
      `CLOSE_WAIT for ${waited.toFixed(3)} s until the capture ends`,
    packets: [frameOf(a, finIndex)],
    connections: [c.id],
    endpoint: endpoint(a, addr, port),
  };
}

function synUnanswered(a: Analysis, c: Connection, synFrames: Map<number, number[]>): Finding | undefined {
  if (!c.flows[C2S].sentSyn || c.flows[1].sentAnything) return undefined;
  const frames = synFrames.get(c.id) ?? [];
  if (c.icmpErrors.length > 0) {
    const e = c.icmpErrors[0];
    return {
      kind: 'icmp-unreachable',
      severity: 'warning',
      message:
        `SYN to ${endpoint(a, c.serverAddress, c.serverPort)} from ${endpoint(a, c.clientAddress, c.clientPort)} answered by ICMP ${e.reason} (n=${e.frame})` +
        (e.hard ? ': connection refused' : ''),
      packets: [...frames, ...c.icmpErrors.map((x) => x.frame)].sort((x, y) => x - y),
      connections: [c.id],
      reason: e.reason,
    };
  }
  return {
    kind: 'syn-unanswered',
    severity: 'warning',
    message:
      `SYN to ${endpoint(a, c.serverAddress, c.serverPort)} from ${endpoint(a, c.clientAddress, c.clientPort)} ` +
      `sent ${frames.length} time${frames.length === 1 ? '' : 's'}, never answered`,
    packets: frames,
    connections: [c.id],
  };
}

function reset(a: Analysis, c: Connection): Finding | undefined {
  if (c.close !== 'reset') return undefined;
  const first = c.firstResetIndex;
  const ignored = c.firstIgnoredResetIndex;
  if (first < 0) {
    return {
      kind: 'reset',
      severity: 'info',
      message: `RST at n=${frameOf(a, ignored)} does not carry the sequence number its receiver expects: ignored (RFC 5961), the connection went on`,
      packets: [frameOf(a, ignored)],
      connections: [c.id],
      ignored: true,
    };
  }
  const byServer = a.dir[first] !== C2S;
  const refused = byServer && c.handshake === 'incomplete' && !c.flows[1].sentSynAck;
  const sender = byServer ? endpoint(a, c.serverAddress, c.serverPort) : endpoint(a, c.clientAddress, c.clientPort);
  return {
    kind: 'reset',
    severity: 'warning',
    message: refused
      ? `Connection refused: ${endpoint(a, c.serverAddress, c.serverPort)} answered the SYN from ${endpoint(a, c.clientAddress, c.clientPort)} with RST`
      : `${byServer ? 'Server' : 'Client'} ${sender} reset the connection (n=${frameOf(a, first)}) after ${c.bytes[0]} bytes client to server and ${c.bytes[1]} bytes back`,
    packets: [frameOf(a, first)],
    connections: [c.id],
    refused,
  };
}
