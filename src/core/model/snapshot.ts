/**
 * The analysis's working state into the plain-data `CaptureModel`: columns
 * trimmed to the packet count in buffers of their own (so a transfer carries
 * nothing unused), connection records with every derived fact computed
 * once, and the per-connection packet index.
 */
import { trimmedColumn } from '../columns';
import { endpointKey } from '../endpointKey';
import { endpointOf } from '../endpointText';
import type { NameTable } from '../names';
import type { Problem } from '../problems';
import type { Analysis } from './analysis';
import {
  CAPTURE_MODEL_VERSION,
  type CaptureModel,
  type ConnectionRecord,
  type Endpoint,
  type FrameLines,
  type IcmpErrorRecord,
  type PacketColumns,
  type Role,
  type TcpStateName,
} from './captureModel';
import { At, C2S, Connection, FLOW_NUMBERS, FlowAt, initialClientState, initialServerState, S2C } from './connection';
import { STATE_NAMES, TcpState } from './vocabulary';

export interface SnapshotExtras {
  readonly frameLines: FrameLines;
  /** Problems found outside the analysis (added after its own). */
  readonly problems?: readonly Problem[];
  readonly unreadable?: string;
  readonly internalError?: string;
}

/** The model of an analysis. It takes the analysis's buffers over: the analysis is not to be used afterwards. */
export function snapshotOf(a: Analysis, extras: SnapshotExtras): CaptureModel {
  // Read before the frame column is taken over: frame lines that are that column (see `oneLinePerFrame`) follow it.
  const linesAreFrames = extras.frameLines.frameFirstLine.buffer === a.packets.frame.buffer;
  const packets = packetColumns(a);
  const frameLines = linesAreFrames ? { ...extras.frameLines, frameFirstLine: packets.frame, frameLastLine: packets.frame } : sharedFrameLines(extras.frameLines, packets, a.frameCount);
  const connectionPackets = indexByConnection(packets.conn, a.connections);
  const records = new ConnectionRecords(a);
  const model: CaptureModel = {
    modelVersion: CAPTURE_MODEL_VERSION,
    fileName: a.fileName,
    format: a.format,
    gzip: a.gzip,
    frameCount: a.frameCount,
    packetCount: a.packets.length,
    packets,
    frameLines,
    addresses: addressList(a.packets.names),
    portNames: a.packets.names.portNameList(),
    connections: a.connections.map((c) => records.of(c)),
    connectionPackets,
    findings: a.findings,
    problems: extras.problems?.length ? [...a.problems, ...extras.problems] : a.problems,
    ...(extras.unreadable !== undefined && { unreadable: extras.unreadable }),
    ...(extras.internalError !== undefined && { internalError: extras.internalError }),
  };
  return model;
}

function packetColumns(a: Analysis): PacketColumns {
  const p = a.packets;
  const n = p.length;
  const sackPairs = n > 0 ? p.sackStart[n - 1] + p.sackCount[n - 1] : 0;
  const frame = trimmedColumn(p.frame, n);
  return {
    frame,
    // A binary capture's text view has one line per frame: its packets' lines are their frame numbers.
    line: a.format === 'tcpdump-text' && p.line !== p.frame ? trimmedColumn(p.line, n) : frame,
    time: trimmedColumn(p.time, n),
    src: trimmedColumn(p.src, n),
    dst: trimmedColumn(p.dst, n),
    sport: trimmedColumn(p.sport, n),
    dport: trimmedColumn(p.dport, n),
    flags: trimmedColumn(p.flags, n),
    seqRaw: trimmedColumn(a.seqRaw, n),
    ackRaw: trimmedColumn(p.ack, n),
    seq: trimmedColumn(a.seqRel, n),
    ack: trimmedColumn(a.ackRel, n),
    marks: trimmedColumn(a.marks, n),
    len: trimmedColumn(p.len, n),
    win: trimmedColumn(p.win, n),
    options: trimmedColumn(p.options, n),
    mss: trimmedColumn(p.mss, n),
    wscale: trimmedColumn(p.wscale, n),
    tsVal: trimmedColumn(p.tsVal, n),
    tsEcr: trimmedColumn(p.tsEcr, n),
    sackStart: trimmedColumn(p.sackStart, n),
    sackCount: trimmedColumn(p.sackCount, n),
    sackEdges: trimmedColumn(p.sackEdges, 2 * sackPairs),
    conn: trimmedColumn(a.conn, n),
    dir: trimmedColumn(a.dir, n),
    srcState: trimmedColumn(a.srcState, n),
    dstState: trimmedColumn(a.dstState, n),
    events: trimmedColumn(a.events, n),
  };
}

/**
 * The frames' lines, as one array with the packets' frame numbers when they
 * hold the same numbers: every frame on its own line and a TCP segment (frame
 * k is line k and packet k - 1).
 */
function sharedFrameLines(lines: FrameLines, packets: PacketColumns, frameCount: number): FrameLines {
  const { frameFirstLine, frameLastLine } = lines;
  const n = packets.frame.length;
  if (frameFirstLine !== frameLastLine || n !== frameCount || packets.line !== packets.frame) return lines;
  // Frame numbers ascend from 1 to n, n of them: frame[k] is k + 1, as frameFirstLine[k] is.
  if (n > 0 && (packets.frame[0] !== 1 || packets.frame[n - 1] !== n)) return lines;
  for (let k = 0; k < n; k++) if (frameFirstLine[k] !== k + 1) return lines;
  return { ...lines, frameFirstLine: packets.frame, frameLastLine: packets.frame };
}

/**
 * Compressed sparse rows: connection c's packets are index[start[c]] …
 * index[start[c + 1] - 1]. Each connection counted its packets already.
 */
function indexByConnection(conn: Int32Array, connections: readonly Connection[]): CaptureModel['connectionPackets'] {
  const count = connections.length;
  const start = new Uint32Array(count + 1);
  for (let c = 0; c < count; c++) start[c + 1] = start[c] + connections[c].packets;
  const next = start.slice(0, count);
  const index = new Uint32Array(conn.length);
  for (let i = 0; i < conn.length; i++) index[next[conn[i]]++] = i;
  return { start, index };
}

function addressList(names: NameTable): string[] {
  const list: string[] = [];
  for (let id = 0; id < names.addressCount; id++) list.push(names.addressText(id));
  return list;
}

const NO_ICMP_ERRORS: readonly IcmpErrorRecord[] = Object.freeze([]);

/**
 * Builds the records, sharing the small objects many connections have alike
 * (endpoints, state pairs, per-direction flags): a capture of many short
 * connections then costs little more than its numbers.
 */
class ConnectionRecords {
  /** The clients' endpoints and the servers' apart, so that the many client ports do not push the few servers out. */
  private readonly clients = new EndpointCache();
  private readonly servers = new EndpointCache();
  /** Shared pairs by small keys (state pairs: client * 16 + server; SYNs seen: 2 bits; shifts -2 … 14: two 5-bit fields). */
  private readonly statePairs: ({ readonly client: TcpStateName; readonly server: TcpStateName } | undefined)[] = [];
  private readonly synPairs: ({ readonly c2s: boolean; readonly s2c: boolean } | undefined)[] = [];
  private readonly shiftPairs: ({ readonly c2s: number; readonly s2c: number } | undefined)[] = [];

  constructor(private readonly a: Analysis) {}

  of(c: Connection): ConnectionRecord {
    // The flows' numbers read in place (see `FlowAt`).
    const s = c.s;
    const client = c.o + At.FLOWS;
    const server = client + FLOW_NUMBERS;
    const firstFlags = c.firstFlags;
    const clientFin = s[client + FlowAt.FIRST_FIN_INDEX] | 0;
    const serverFin = s[server + FlowAt.FIRST_FIN_INDEX] | 0;
    return {
      id: c.id,
      client: this.clients.get(this.a.packets.names, c.clientAddress, c.clientPort),
      server: this.servers.get(this.a.packets.names, c.serverAddress, c.serverPort),
      firstIndex: c.firstIndex,
      lastIndex: c.lastIndex,
      firstN: c.firstFrame,
      lastN: c.lastFrame,
      packets: c.packets,
      bytes: { c2s: c.bytesSent(C2S), s2c: c.bytesSent(S2C) },
      start: c.firstTime,
      end: c.lastTime,
      handshake: c.handshake,
      close: c.close,
      finalState: this.statePair(c.finalClientState, c.finalServerState),
      completeness: c.completeness,
      rtt: c.rtt < 0 ? null : c.rtt,
      base: { c2s: s[client + FlowAt.BASE], s2c: s[server + FlowAt.BASE] },
      synSeen: this.synPair(s[client + FlowAt.SENT_SYN] !== 0 || s[client + FlowAt.SENT_SYN_ACK] !== 0, s[server + FlowAt.SENT_SYN] !== 0 || s[server + FlowAt.SENT_SYN_ACK] !== 0),
      windowShift: this.shiftPair(c.windowShift(C2S), c.windowShift(S2C)),
      firstFinIndex: { c2s: clientFin, s2c: serverFin },
      firstResetIndex: c.firstResetIndex,
      firstIgnoredResetIndex: c.firstIgnoredResetIndex,
      activeCloser: activeCloser(clientFin, serverFin, s[client + FlowAt.FIRST_FIN_ACKS_PEER_FIN] !== 0, s[server + FlowAt.FIRST_FIN_ACKS_PEER_FIN] !== 0),
      zeekState: this.a.zeek.state(c.id),
      zeekHistory: this.a.zeek.history(c.id),
      initialState: this.statePair(initialClientState(firstFlags), initialServerState(firstFlags)),
      icmpErrors: c.icmpErrors.length === 0 ? NO_ICMP_ERRORS : c.icmpErrors.map(icmpErrorRecord),
    };
  }

  private statePair(client: TcpState, server: TcpState): { readonly client: TcpStateName; readonly server: TcpStateName } {
    const key = client * 16 + server;
    return (this.statePairs[key] ??= Object.freeze({ client: STATE_NAMES[client] as TcpStateName, server: STATE_NAMES[server] as TcpStateName }));
  }

  private synPair(c2s: boolean, s2c: boolean): { readonly c2s: boolean; readonly s2c: boolean } {
    return (this.synPairs[(c2s ? 2 : 0) + (s2c ? 1 : 0)] ??= Object.freeze({ c2s, s2c }));
  }

  private shiftPair(c2s: number, s2c: number): { readonly c2s: number; readonly s2c: number } {
    return (this.shiftPairs[(c2s + 2) * 32 + s2c + 2] ??= Object.freeze({ c2s, s2c }));
  }
}

const ENDPOINT_CACHE_BITS = 12;

/**
 * Endpoint records shared by the connections that have them alike: one per
 * slot of a small table, by a hash of address and port, a newer endpoint
 * taking the slot of an older one. A map of every endpoint would grow by
 * one entry for each client port of a capture of many connections, which
 * costs more than the records it spares.
 */
class EndpointCache {
  private readonly keys = new Float64Array(1 << ENDPOINT_CACHE_BITS).fill(-1);
  private readonly values: Endpoint[] = new Array<Endpoint>(1 << ENDPOINT_CACHE_BITS);

  get(names: NameTable, address: number, port: number): Endpoint {
    const key = endpointKey(address, port);
    const slot = (Math.imul(address, 0x9e3779b1) ^ Math.imul(port, 0x85ebca77)) >>> (32 - ENDPOINT_CACHE_BITS);
    if (this.keys[slot] === key) return this.values[slot];
    const value = Object.freeze(endpointOf(names, address, port));
    this.keys[slot] = key;
    this.values[slot] = value;
    return value;
  }
}

function icmpErrorRecord({ error, dir }: Connection['icmpErrors'][number]): IcmpErrorRecord {
  const { frame, line, time, reason, hard } = error;
  return { frame, line, time, reason, hard, role: dir === C2S ? 'client' : 'server' };
}

/**
 * The side whose FIN came first (by the packet indexes of each side's first FIN, -1 for none); 'both'
 * when the second FIN did not acknowledge the first (they crossed).
 */
function activeCloser(clientFin: number, serverFin: number, clientFinAcksPeerFin: boolean, serverFinAcksPeerFin: boolean): Role | 'both' | null {
  if (clientFin < 0 && serverFin < 0) return null;
  if (serverFin < 0) return 'client';
  if (clientFin < 0) return 'server';
  const clientFirst = clientFin < serverFin;
  if (!(clientFirst ? serverFinAcksPeerFin : clientFinAcksPeerFin)) return 'both';
  return clientFirst ? 'client' : 'server';
}
