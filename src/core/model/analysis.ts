/**
 * The analysis itself: the decoded segments in, per segment its connection,
 * direction, relative numbers, both endpoints' states and its analysis
 * events (typed arrays), the connections and the findings. This is the
 * algorithm's working state (`Connection`/`Flow` objects with scratch
 * fields); views never see it: `snapshot.ts` turns it into the plain-data
 * `CaptureModel`. The decoder's table is only read, never written.
 */
import { DecodedCapture, InputFormat } from '../decoded';
import { Known, PacketTable, TcpFlag, TcpOption } from '../packets';
import { Problem } from '../problems';
import { seqGreater } from '../sequenceSpace';
import { PacketMark } from './captureModel';
import { classifyConnection } from './classify';
import { C2S, Connection, Direction, Flow } from './connection';
import { ConnectionTracker } from './connectionTracker';
import { FindingThresholds, findPatterns } from './findings';
import type { Finding } from './captureModel';
import { analyzeSegment, Segment } from './sequenceAnalysis';
import { matchIcmpErrors } from './icmp';
import { EndpointState, newEndpoint, onIcmpUnreachable, onReceive, onSend } from './stateMachine';
import { Completeness, TcpEvent, TcpState } from './vocabulary';

export interface Analysis {
  fileName: string;
  format: InputFormat;
  gzip: boolean;
  frameCount: number;
  packets: PacketTable;
  // Per packet (same index as `packets`):
  /** Raw sequence numbers: as the input showed them, or as inferred (see `marks`). */
  seqRaw: Uint32Array;
  /** `PacketMark` bits. */
  marks: Uint8Array;
  conn: Int32Array;
  dir: Uint8Array;
  seqRel: Uint32Array;
  ackRel: Uint32Array;
  srcState: Uint8Array;
  dstState: Uint8Array;
  events: Uint16Array;
  connections: Connection[];
  findings: Finding[];
  problems: Problem[];
}

export function buildAnalysis(decoded: DecodedCapture, fileName: string, thresholds?: Partial<FindingThresholds>): Analysis {
  const p = decoded.packets;
  const n = p.length;
  const a: Analysis = {
    fileName,
    format: decoded.format,
    gzip: decoded.gzip,
    frameCount: decoded.frameCount,
    packets: p,
    seqRaw: p.seq.slice(0, n),
    marks: initialMarks(p),
    conn: new Int32Array(n),
    dir: new Uint8Array(n),
    seqRel: new Uint32Array(n),
    ackRel: new Uint32Array(n),
    srcState: new Uint8Array(n),
    dstState: new Uint8Array(n),
    events: new Uint16Array(n),
    connections: [],
    findings: [],
    problems: decoded.problems.list(),
  };
  const tracker = new ConnectionTracker();
  for (let i = 0; i < n; i++) trackSegment(a, tracker, i);
  a.connections = tracker.connections;
  computeStates(a);
  for (const c of a.connections) classifyConnection(c);
  a.findings = findPatterns(a, thresholds);
  return a;
}

/** What the input showed of each packet's numbers. */
function initialMarks(p: PacketTable): Uint8Array {
  const marks = new Uint8Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const known = p.known[i];
    marks[i] = (known & Known.SEQ ? PacketMark.SEQ_SHOWN : 0) | (known & Known.ACK ? PacketMark.ACK_SHOWN : 0);
  }
  return marks;
}

/** The one record the sequence analysis reads, refilled for every segment. */
const segment: Segment = { seq: 0, ack: 0, len: 0, flags: 0, win: 0, time: 0 };

function trackSegment(a: Analysis, tracker: ConnectionTracker, i: number): void {
  const p = a.packets;
  const { connection: c, dir, reusedPorts } = tracker.place(p, i);
  const fwd = c.flows[dir];
  const rev = c.flows[1 - dir];
  const flags = p.flags[i];
  const time = p.time[i];

  if (!(a.marks[i] & PacketMark.SEQ_SHOWN)) inferMissingSequence(a, i, fwd, rev);
  setBases(fwd, rev, a, i);
  const seq = (a.seqRaw[i] - fwd.base) >>> 0;
  const ack = flags & TcpFlag.ACK ? (p.ack[i] - rev.base) >>> 0 : 0;

  if (flags & TcpFlag.RST) {
    if (resetAcceptable(fwd, rev, seq)) {
      if (c.firstResetIndex < 0) c.firstResetIndex = i;
    } else {
      a.marks[i] |= PacketMark.RESET_IGNORED;
      if (c.firstIgnoredResetIndex < 0) c.firstIgnoredResetIndex = i;
    }
  }
  segment.seq = seq;
  segment.ack = ack;
  segment.len = p.len[i];
  segment.flags = flags;
  segment.win = p.win[i];
  segment.time = time;
  let events = analyzeSegment(c, dir, segment);
  if (reusedPorts) events |= TcpEvent.PORT_NUMBERS_REUSED;
  if ((flags & (TcpFlag.SYN | TcpFlag.ACK)) === (TcpFlag.SYN | TcpFlag.ACK) && fwd.sentSynAck && fwd.base !== a.seqRaw[i]) {
    events |= TcpEvent.PORT_NUMBERS_REUSED;
  }

  a.conn[i] = c.id;
  a.dir[i] = dir;
  a.seqRel[i] = seq;
  a.ackRel[i] = ack;
  a.events[i] = events;
  recordFacts(c, dir, fwd, rev, p, i, seq, ack, time);
}

/**
 * RFC 5961: a reset counts only at the sequence number the receiver expects
 * next (the sender's next one, or the receiver's last acknowledgement);
 * another, even in the window, only draws a challenge ACK. A first segment
 * cannot be judged and counts.
 */
function resetAcceptable(fwd: Flow, rev: Flow, seq: number): boolean {
  return fwd.nextSeq === 0 || seq === fwd.nextSeq || (rev.lastAck !== 0 && seq === rev.lastAck);
}

/**
 * Wireshark's relative numbering: a direction counts from its SYN's sequence
 * number, or from one before its first segment without a SYN; the other
 * direction's base comes from the first acknowledgement, if that is earlier.
 */
function setBases(fwd: Flow, rev: Flow, a: Analysis, i: number): void {
  const p = a.packets;
  const flags = p.flags[i];
  if (!fwd.baseSet) {
    fwd.base = flags & TcpFlag.SYN ? a.seqRaw[i] : (a.seqRaw[i] - 1) >>> 0;
    fwd.baseSet = true;
    if (flags & TcpFlag.SYN) fwd.windowScaleOffered = p.options[i] & TcpOption.WSCALE ? p.wscale[i] : -2;
  } else if (flags & TcpFlag.SYN && fwd.windowScaleOffered === -1) {
    fwd.windowScaleOffered = p.options[i] & TcpOption.WSCALE ? p.wscale[i] : -2;
  }
  if (!rev.baseSet && flags & TcpFlag.ACK) {
    rev.base = (p.ack[i] - 1) >>> 0;
    rev.baseSet = true;
  }
}

/**
 * tcpdump prints no sequence number on a segment without data, SYN, FIN or
 * RST. The sender's next sequence number (or what the peer already
 * acknowledged, if more) is then what it would carry,
 * except for a keep-alive or a Linux zero-window probe, which carry next − 1.
 * Those repeat the sender's last ACK and window after a pause in both
 * directions, with no data from the peer since; a duplicate ACK looks the
 * same but answers a segment just received, so it follows that segment
 * closely, and the answer to a keep-alive answers the peer's probe.
 */
const PROBE_MIN_IDLE = 0.2;

function inferMissingSequence(a: Analysis, i: number, fwd: Flow, rev: Flow): void {
  const p = a.packets;
  let raw: number | undefined;
  if (fwd.baseSet && fwd.nextSeq !== 0) {
    // What the peer acknowledged was sent, even if the capture missed it.
    const expected = rev.lastAck !== 0 && seqGreater(rev.lastAck, fwd.nextSeq) ? rev.lastAck : fwd.nextSeq;
    const next = (fwd.base + expected) >>> 0;
    const ack = p.flags[i] & TcpFlag.ACK ? (p.ack[i] - rev.base) >>> 0 : 0;
    const probe =
      p.len[i] <= 1 &&
      !fwd.peerAdvancedSinceLast &&
      !(rev.lastSegmentEvents & (TcpEvent.KEEP_ALIVE | TcpEvent.ZERO_WINDOW_PROBE)) &&
      ack === fwd.lastAck &&
      p.win[i] === fwd.window &&
      p.time[i] - Math.max(fwd.lastSegmentTime, rev.lastSegmentTime) >= PROBE_MIN_IDLE;
    raw = probe ? (next - 1) >>> 0 : next;
  } else if (rev.lastAckRawSet) {
    raw = rev.lastAckRaw;
  }
  if (raw !== undefined) {
    a.seqRaw[i] = raw;
    a.marks[i] |= PacketMark.SEQ_INFERRED;
  }
}

function recordFacts(c: Connection, dir: Direction, fwd: Flow, rev: Flow, p: PacketTable, i: number, seq: number, ack: number, time: number): void {
  const flags = p.flags[i];
  const len = p.len[i];
  c.packets++;
  c.bytes[dir] += len;
  c.lastIndex = i;
  fwd.sentAnything = true;
  fwd.lastSegmentTime = time;
  fwd.peerAdvancedSinceLast = false;
  if (len > 0 || flags & (TcpFlag.SYN | TcpFlag.FIN)) rev.peerAdvancedSinceLast = true;
  if (flags & TcpFlag.ACK) {
    fwd.lastAckRaw = p.ack[i];
    fwd.lastAckRawSet = true;
  }

  if (flags & TcpFlag.SYN) {
    if (flags & TcpFlag.ACK) {
      fwd.sentSynAck = true;
      c.completeness |= Completeness.SYN_ACK;
    } else {
      fwd.sentSyn = true;
      c.completeness |= Completeness.SYN;
      c.lastSynTime = time;
    }
  } else if (flags & TcpFlag.ACK) {
    c.completeness |= Completeness.ACK;
    // Like tshark, an RST+ACK of the server's ISN + 1 also completes the handshake's third step.
    if (dir === C2S && ack === 1 && rev.sentSynAck) c.clientAckedSynAck = true;
    // As Wireshark's initial RTT: from the latest SYN to the first ACK that follows it, whatever it answers.
    if (c.rtt < 0 && c.lastSynTime >= 0) c.rtt = time - c.lastSynTime;
  }
  if (len > 0) c.completeness |= Completeness.DATA;
  const acksPeerFin = (flags & TcpFlag.ACK) !== 0 && rev.finEnd !== 0 && !seqGreater(rev.finEnd, ack);
  if (flags & TcpFlag.FIN) {
    c.completeness |= Completeness.FIN;
    if (fwd.firstFinIndex < 0) {
      fwd.firstFinIndex = i;
      fwd.firstFinAcksPeerFin = acksPeerFin;
    }
    const end = (seq + len + 1) >>> 0;
    if (fwd.finEnd === 0) fwd.finEnd = end;
  } else if (acksPeerFin && fwd.firstFinIndex < 0) {
    fwd.ackedPeerFinBeforeOwnFin = true;
  }
  if (flags & TcpFlag.RST) {
    fwd.sentRst = true;
    // Wireshark counts a reset only in a stream that already showed something: a lone RST has completeness 0.
    if (c.completeness !== 0) c.completeness |= Completeness.RST;
  }
}

/**
 * Client and server states before a connection's first packet: CLOSED at a
 * SYN; at a SYN+ACK the client (its receiver) had sent a SYN; UNKNOWN when
 * the capture begins mid-connection.
 */
export function initialStates(firstFlags: number): [client: TcpState, server: TcpState] {
  if (!(firstFlags & TcpFlag.SYN)) return [TcpState.UNKNOWN, TcpState.UNKNOWN];
  return [firstFlags & TcpFlag.ACK ? TcpState.SYN_SENT : TcpState.CLOSED, TcpState.CLOSED];
}

/** Second pass: both endpoints' states after every segment. */
function computeStates(a: Analysis): void {
  const p = a.packets;
  const endpoints: [EndpointState, EndpointState][] = a.connections.map((c) => {
    const [client, server] = initialStates(p.flags[c.firstIndex]);
    return [newEndpoint(client), newEndpoint(server)];
  });
  const icmp = matchIcmpErrors(a);
  let nextIcmp = 0;
  const applyIcmpBefore = (frame: number) => {
    for (; nextIcmp < icmp.length && icmp[nextIcmp].error.frame < frame; nextIcmp++) {
      const { error, connection, dir } = icmp[nextIcmp];
      connection.icmpErrors.push({ error, dir });
      onIcmpUnreachable(endpoints[connection.id][dir], error.hard);
    }
  };
  for (let i = 0; i < p.length; i++) {
    applyIcmpBefore(p.frame[i]);
    const c = a.connections[a.conn[i]];
    const dir = a.dir[i];
    const sender = endpoints[c.id][dir];
    const receiver = endpoints[c.id][1 - dir];
    const flags = p.flags[i];
    if (!(a.marks[i] & PacketMark.RESET_IGNORED)) {
      let seqEnd = (a.seqRel[i] + p.len[i]) >>> 0;
      if (flags & (TcpFlag.SYN | TcpFlag.FIN)) seqEnd = (seqEnd + 1) >>> 0;
      const acksPeerFin = (flags & TcpFlag.ACK) !== 0 && receiver.finEnd !== 0 && !seqGreater(receiver.finEnd, a.ackRel[i]);
      onSend(sender, flags, seqEnd, acksPeerFin);
      onReceive(receiver, flags, a.ackRel[i], c.flows[1 - dir].sentSynAck);
    }
    a.srcState[i] = sender.state;
    a.dstState[i] = receiver.state;
  }
  applyIcmpBefore(Infinity);
  for (const c of a.connections) {
    c.finalClientState = endpoints[c.id][C2S].state;
    c.finalServerState = endpoints[c.id][1 - C2S].state;
  }
}
