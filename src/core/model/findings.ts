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
import { grownColumn } from '../columns';
import { endpointOf, endpointText } from '../endpointText';
import { FIRST_NAMED_PORT } from '../names';
import type { NameTable } from '../names';
import type { Finding } from './captureModel';
import { C2S, Connection, FlowAt, S2C } from './connection';
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

/**
 * What a SYN flood or port scan needs of each connection whose client sent
 * a SYN, in columns: a summary keeps this of every connection, so it costs a
 * few dozen bytes each rather than objects.
 */
class Attempts {
  length = 0;
  id = new Int32Array(256);
  clientAddress = new Int32Array(256);
  serverAddress = new Int32Array(256);
  serverPort = new Int32Array(256);
  firstTime = new Float64Array(256);
  /** `AttemptBit`s. */
  bits = new Uint8Array(256);
  /** The client's SYN frames: `synCount[k]` of them from `synStart[k]` in `synFrames`. */
  synStart = new Uint32Array(256);
  synCount = new Uint32Array(256);
  synFrames = new Uint32Array(256);
  private synUsed = 0;
  /** The server as text, of half-open connections only (SYN floods are grouped by it). */
  readonly serverText = new Map<number, string>();

  add(c: Connection, serverText: (c: Connection) => string): void {
    if (this.length === this.id.length) this.grow();
    const k = this.length++;
    const halfOpen = isHalfOpen(c);
    this.id[k] = c.id;
    this.clientAddress[k] = c.clientAddress;
    this.serverAddress[k] = c.serverAddress;
    this.serverPort[k] = c.serverPort;
    this.firstTime[k] = c.firstTime;
    this.bits[k] = (halfOpen ? AttemptBit.HALF_OPEN : 0) | (failedProbe(c) ? AttemptBit.FAILED : 0) | (c.flowNumber(S2C, FlowAt.SENT_SYN_ACK) !== 0 ? AttemptBit.ANSWERED : 0);
    const frames = c.clientSynFrames;
    if (this.synUsed + frames.length > this.synFrames.length) this.synFrames = grownColumn(this.synFrames, Math.max(this.synFrames.length * 2, this.synUsed + frames.length));
    this.synStart[k] = this.synUsed;
    this.synCount[k] = frames.length;
    this.synFrames.set(frames, this.synUsed);
    this.synUsed += frames.length;
    if (halfOpen) this.serverText.set(k, serverText(c));
  }

  /** The rows in connection order. */
  byId(): number[] {
    const rows = Array.from({ length: this.length }, (_, k) => k);
    return rows.sort((x, y) => this.id[x] - this.id[y]);
  }

  has(k: number, bit: AttemptBit): boolean {
    return (this.bits[k] & bit) !== 0;
  }

  /** The client SYN frames of several connections, in capture order, at most MAX_LISTED_PACKETS. */
  synFramesOf(rows: readonly number[]): number[] {
    const all: number[] = [];
    for (const k of rows) for (let j = 0; j < this.synCount[k]; j++) all.push(this.synFrames[this.synStart[k] + j]);
    return all.sort((x, y) => x - y).slice(0, MAX_LISTED_PACKETS);
  }

  private grow(): void {
    const size = this.id.length * 2;
    this.id = grownColumn(this.id, size);
    this.clientAddress = grownColumn(this.clientAddress, size);
    this.serverAddress = grownColumn(this.serverAddress, size);
    this.serverPort = grownColumn(this.serverPort, size);
    this.firstTime = grownColumn(this.firstTime, size);
    this.bits = grownColumn(this.bits, size);
    this.synStart = grownColumn(this.synStart, size);
    this.synCount = grownColumn(this.synCount, size);
  }
}

const enum AttemptBit {
  HALF_OPEN = 1,
  FAILED = 2,
  /** The server answered with a SYN+ACK. */
  ANSWERED = 4,
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
  private readonly attempts = new Attempts();
  private readonly own: OwnFinding[] = [];

  constructor(
    private readonly names: NameTable,
    thresholds: Partial<FindingThresholds> = {},
  ) {
    this.limits = { ...DEFAULT_FINDING_THRESHOLDS, ...thresholds };
  }

  /** A connection that has ended: states final, handshake and close classified. */
  add(c: Connection): void {
    if (c.flowNumber(C2S, FlowAt.SENT_SYN) !== 0) this.attempts.add(c, (x) => this.serverText(x));
    const own = this.closeWait(c) ?? this.synUnanswered(c) ?? this.reset(c);
    if (own) this.own.push(own);
  }

  /** The findings, once every connection has been added; `lastTime` is the time of the capture's last packet. */
  findings(lastTime: number): Finding[] {
    const rows = this.attempts.byId();
    const covered = new Set<number>();
    const findings: Finding[] = [...this.synFloods(rows, covered), ...this.portScans(rows, covered)];
    for (const { id, finding, finTime } of this.own.sort((x, y) => x.id - y.id)) {
      if (covered.has(id)) continue;
      findings.push(finTime === undefined ? finding : ({ ...finding, waited: lastTime - finTime } as Finding));
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

  private synFloods(rows: readonly number[], covered: Set<number>): Finding[] {
    const a = this.attempts;
    const byServer = new Map<string, number[]>();
    for (const k of rows) {
      if (!a.has(k, AttemptBit.HALF_OPEN)) continue;
      const server = a.serverText.get(k)!;
      const list = byServer.get(server) ?? [];
      list.push(k);
      byServer.set(server, list);
    }
    const out: Finding[] = [];
    for (const [target, conns] of byServer) {
      const sources = new Set(conns.map((k) => a.clientAddress[k])).size;
      if (conns.length < this.limits.synFloodMinHalfOpen || sources < this.limits.synFloodMinSources) continue;
      const ids = new Set(conns.map((k) => a.id[k]));
      ids.forEach((id) => covered.add(id));
      out.push({
        kind: 'syn-flood',
        severity: 'error',
        packets: a.synFramesOf(conns),
        connections: [...ids],
        target,
        halfOpen: conns.length,
        sources,
        duration: a.firstTime[conns[conns.length - 1]] - a.firstTime[conns[0]],
      });
    }
    return out;
  }

  private portScans(rows: readonly number[], covered: Set<number>): Finding[] {
    const a = this.attempts;
    const byPair = new Map<number | string, number[]>();
    for (const k of rows) {
      if (covered.has(a.id[k])) continue;
      // One number for the pair, not a string per connection (address ids are below 2^26 but in huge captures).
      const client = a.clientAddress[k];
      const server = a.serverAddress[k];
      const key = client < 0x4000000 && server < 0x4000000 ? client * 0x4000000 + server : `${client}>${server}`;
      const list = byPair.get(key);
      if (list === undefined) byPair.set(key, [k]);
      else list.push(k);
    }
    const out: Finding[] = [];
    for (const conns of byPair.values()) {
      // The cheap test first: most pairs are not scans, and their ports need not be gathered.
      let failed = 0;
      for (const k of conns) if (a.has(k, AttemptBit.FAILED)) failed++;
      if (failed < this.limits.portScanMinFailedShare * conns.length) continue;
      const ports = new Set(conns.map((k) => a.serverPort[k]));
      if (ports.size < this.limits.portScanMinPorts) continue;
      const ids = new Set(conns.map((k) => a.id[k]));
      ids.forEach((id) => covered.add(id));
      out.push({
        kind: 'port-scan',
        severity: 'warning',
        packets: a.synFramesOf(conns),
        connections: [...ids],
        source: this.names.addressText(a.clientAddress[conns[0]]),
        target: this.names.addressText(a.serverAddress[conns[0]]),
        ports: numberedPorts(ports),
        openPorts: numberedPorts(conns.filter((k) => a.has(k, AttemptBit.ANSWERED)).map((k) => a.serverPort[k])),
      });
    }
    return out;
  }

  private closeWait(c: Connection): OwnFinding | undefined {
    const role =
      c.finalServerState === TcpState.CLOSE_WAIT ? 'server' : c.finalClientState === TcpState.CLOSE_WAIT ? 'client' : undefined;
    if (!role) return undefined;
    // The FIN the endpoint in CLOSE_WAIT received: its peer's.
    const peer = role === 'server' ? C2S : S2C;
    const finFrame = c.flowNumber(peer, FlowAt.FIRST_FIN_FRAME) | 0;
    const finding: Finding = {
      kind: 'close-wait',
      severity: 'warning',
      packets: [finFrame],
      connections: [c.id],
      endpoint: role === 'server' ? this.serverText(c) : this.clientText(c),
      role,
      finFrame,
      waited: 0,
    };
    return { id: c.id, finding, finTime: c.flowNumber(peer, FlowAt.FIRST_FIN_TIME) };
  }

  private synUnanswered(c: Connection): OwnFinding | undefined {
    if (c.flowNumber(C2S, FlowAt.SENT_SYN) === 0 || c.flowNumber(S2C, FlowAt.SENT_ANYTHING) !== 0) return undefined;
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
    const refused = accepted && byServer && c.handshake === 'incomplete' && c.flowNumber(S2C, FlowAt.SENT_SYN_ACK) === 0;
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
      bytesC2s: c.bytesSent(C2S),
      bytesS2c: c.bytesSent(S2C),
    };
    return { id: c.id, finding };
  }
}

function isHalfOpen(c: Connection): boolean {
  return c.handshake === 'incomplete' && c.flowNumber(C2S, FlowAt.SENT_SYN) !== 0 && c.bytesSent(C2S) === 0 && c.bytesSent(S2C) === 0;
}

function failedProbe(c: Connection): boolean {
  return c.handshake !== 'three-way' && c.handshake !== 'simultaneous-open' && c.bytesSent(C2S) === 0 && c.bytesSent(S2C) === 0;
}

/** Port numbers in ascending order; a service printed without its number has none and is left out. */
function numberedPorts(ports: Iterable<number>): number[] {
  return [...new Set(ports)].filter((port) => port < FIRST_NAMED_PORT).sort((x, y) => x - y);
}
