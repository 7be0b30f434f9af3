/**
 * Capture-wide patterns a person would want pointed out: SYN floods, port
 * scans, sockets left in CLOSE_WAIT, SYNs nobody answered, ICMP errors that
 * refused a connection, and resets. Each is typed data; the sentences are
 * made by the presenters (`core/explain/findingMessage.ts`).
 *
 * Connections are handed over one at a time once they have ended (in any
 * order: a streaming summary writes them as they close), and only the few
 * facts the findings need are kept of each.
 */
import { endpointOf, endpointText } from '../endpointText';
import { FIRST_NAMED_PORT } from '../names';
import type { NameTable } from '../names';
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

/** What a SYN flood or port scan needs of a connection whose client sent a SYN. */
interface Attempt {
  readonly id: number;
  readonly clientAddress: number;
  readonly serverAddress: number;
  readonly serverPort: number;
  /** The server as text, for half-open connections only (SYN floods are grouped by it). */
  readonly serverText: string | null;
  readonly firstTime: number;
  readonly synFrames: readonly number[];
  readonly halfOpen: boolean;
  readonly failed: boolean;
  /** The server answered with a SYN+ACK. */
  readonly answered: boolean;
}

/** A finding about one connection, and the connection's id (they are listed in id order). */
interface OwnFinding {
  readonly id: number;
  readonly finding: Finding;
  /** A close-wait finding's FIN time: its `waited` runs to the end of the capture. */
  readonly finTime?: number;
}

export class FindingCollector {
  private readonly limits: FindingThresholds;
  private readonly attempts: Attempt[] = [];
  private readonly own: OwnFinding[] = [];

  constructor(
    private readonly names: NameTable,
    thresholds: Partial<FindingThresholds> = {},
  ) {
    this.limits = { ...DEFAULT_FINDING_THRESHOLDS, ...thresholds };
  }

  /** A connection that has ended: states final, handshake and close classified. */
  add(c: Connection): void {
    if (c.flows[C2S].sentSyn) {
      const halfOpen = isHalfOpen(c);
      this.attempts.push({
        id: c.id,
        clientAddress: c.clientAddress,
        serverAddress: c.serverAddress,
        serverPort: c.serverPort,
        serverText: halfOpen ? this.serverText(c) : null,
        firstTime: c.firstTime,
        synFrames: c.clientSynFrames,
        halfOpen,
        failed: failedProbe(c),
        answered: c.flows[1].sentSynAck,
      });
    }
    const own = this.closeWait(c) ?? this.synUnanswered(c) ?? this.reset(c);
    if (own) this.own.push(own);
  }

  /** The findings, once every connection has been added; `lastTime` is the time of the capture's last packet. */
  findings(lastTime: number): Finding[] {
    const attempts = this.attempts.sort((x, y) => x.id - y.id);
    const covered = new Set<number>();
    const findings: Finding[] = [...this.synFloods(attempts, covered), ...this.portScans(attempts, covered)];
    for (const { id, finding, finTime } of this.own.sort((x, y) => x.id - y.id)) {
      if (covered.has(id)) continue;
      findings.push(finTime === undefined ? finding : { ...finding, waited: lastTime - finTime } as Finding);
    }
    return findings;
  }

  private endpoint(address: number, port: number): string {
    return endpointText(endpointOf(this.names, address, port));
  }

  private clientText(c: Connection): string {
    return this.endpoint(c.clientAddress, c.clientPort);
  }

  private serverText(c: Connection): string {
    return this.endpoint(c.serverAddress, c.serverPort);
  }

  private synFloods(attempts: readonly Attempt[], covered: Set<number>): Finding[] {
    const byServer = new Map<string, Attempt[]>();
    for (const a of attempts) {
      if (!a.halfOpen) continue;
      const list = byServer.get(a.serverText!) ?? [];
      list.push(a);
      byServer.set(a.serverText!, list);
    }
    const out: Finding[] = [];
    for (const [target, conns] of byServer) {
      const sources = new Set(conns.map((c) => c.clientAddress)).size;
      if (conns.length < this.limits.synFloodMinHalfOpen || sources < this.limits.synFloodMinSources) continue;
      const ids = new Set(conns.map((c) => c.id));
      ids.forEach((id) => covered.add(id));
      out.push({
        kind: 'syn-flood',
        severity: 'error',
        packets: synFramesOf(conns),
        connections: [...ids],
        target,
        halfOpen: conns.length,
        sources,
        duration: conns[conns.length - 1].firstTime - conns[0].firstTime,
      });
    }
    return out;
  }

  private portScans(attempts: readonly Attempt[], covered: Set<number>): Finding[] {
    const byPair = new Map<string, Attempt[]>();
    for (const a of attempts) {
      if (covered.has(a.id)) continue;
      const key = `${a.clientAddress}>${a.serverAddress}`;
      const list = byPair.get(key) ?? [];
      list.push(a);
      byPair.set(key, list);
    }
    const out: Finding[] = [];
    for (const conns of byPair.values()) {
      const ports = new Set(conns.map((c) => c.serverPort));
      const failed = conns.filter((c) => c.failed).length;
      if (ports.size < this.limits.portScanMinPorts || failed < this.limits.portScanMinFailedShare * conns.length) continue;
      const ids = new Set(conns.map((c) => c.id));
      ids.forEach((id) => covered.add(id));
      out.push({
        kind: 'port-scan',
        severity: 'warning',
        packets: synFramesOf(conns),
        connections: [...ids],
        source: this.names.addressText(conns[0].clientAddress),
        target: this.names.addressText(conns[0].serverAddress),
        ports: numberedPorts(ports),
        openPorts: numberedPorts(conns.filter((c) => c.answered).map((c) => c.serverPort)),
      });
    }
    return out;
  }

  private closeWait(c: Connection): OwnFinding | undefined {
    const role =
      c.finalServerState === TcpState.CLOSE_WAIT ? 'server' : c.finalClientState === TcpState.CLOSE_WAIT ? 'client' : undefined;
    if (!role) return undefined;
    const fin = c.flows[role === 'server' ? 0 : 1];
    const finding: Finding = {
      kind: 'close-wait',
      severity: 'warning',
      packets: [fin.firstFinFrame],
      connections: [c.id],
      endpoint: role === 'server' ? this.serverText(c) : this.clientText(c),
      role,
      finFrame: fin.firstFinFrame,
      waited: 0,
    };
    return { id: c.id, finding, finTime: fin.firstFinTime };
  }

  private synUnanswered(c: Connection): OwnFinding | undefined {
    if (!c.flows[C2S].sentSyn || c.flows[1].sentAnything) return undefined;
    const frames = c.clientSynFrames;
    if (c.icmpErrors.length > 0) {
      const e = c.icmpErrors[0].error;
      const finding: Finding = {
        kind: 'icmp-unreachable',
        severity: 'warning',
        packets: [...frames, ...c.icmpErrors.map((x) => x.error.frame)].sort((x, y) => x - y),
        connections: [c.id],
        client: this.clientText(c),
        server: this.serverText(c),
        reason: e.reason,
        hard: e.hard,
        icmpFrame: e.frame,
      };
      return { id: c.id, finding };
    }
    const finding: Finding = {
      kind: 'syn-unanswered',
      severity: 'warning',
      packets: frames,
      connections: [c.id],
      client: this.clientText(c),
      server: this.serverText(c),
      synCount: frames.length,
    };
    return { id: c.id, finding };
  }

  private reset(c: Connection): OwnFinding | undefined {
    if (c.close !== 'reset') return undefined;
    const accepted = c.firstResetIndex >= 0;
    const byServer = c.resetDir !== C2S;
    const refused = accepted && byServer && c.handshake === 'incomplete' && !c.flows[1].sentSynAck;
    const finding: Finding = {
      kind: 'reset',
      severity: accepted ? 'warning' : 'info',
      packets: [c.resetFrame],
      connections: [c.id],
      by: byServer ? 'server' : 'client',
      endpoint: byServer ? this.serverText(c) : this.clientText(c),
      peer: byServer ? this.clientText(c) : this.serverText(c),
      resetFrame: c.resetFrame,
      refused,
      ignored: !accepted,
      bytesC2s: c.bytes[0],
      bytesS2c: c.bytes[1],
    };
    return { id: c.id, finding };
  }
}

/** The client SYN frames of several connections, in capture order, at most MAX_LISTED_PACKETS. */
function synFramesOf(conns: readonly Attempt[]): number[] {
  const all = conns.flatMap((c) => c.synFrames);
  return all.sort((x, y) => x - y).slice(0, MAX_LISTED_PACKETS);
}

function isHalfOpen(c: Connection): boolean {
  return c.handshake === 'incomplete' && c.flows[C2S].sentSyn && c.bytes[0] === 0 && c.bytes[1] === 0;
}

function failedProbe(c: Connection): boolean {
  return c.handshake !== 'three-way' && c.handshake !== 'simultaneous-open' && c.bytes[0] === 0 && c.bytes[1] === 0;
}

/** Port numbers in ascending order; a service printed without its number has none and is left out. */
function numberedPorts(ports: Iterable<number>): number[] {
  return [...new Set(ports)].filter((port) => port < FIRST_NAMED_PORT).sort((x, y) => x - y);
}
