/**
 * The analysis itself: the decoded segments in, per segment its connection,
 * direction, relative numbers, both endpoints' states and its analysis
 * events (typed arrays), the connections and the findings. This is the
 * algorithm's working state (`Connection`/`Flow` objects with scratch
 * fields); views never see it: `snapshot.ts` turns it into the plain-data
 * `CaptureModel`. The decoder's table is only read, never written.
 *
 * `PacketAnalysis` takes one packet at a time in capture order, so that the
 * same code builds the whole model (`buildAnalysis`) and a streaming summary
 * that never holds the packets (summary.ts).
 */
import { DecodedCapture, InputFormat } from '../decoded';
import type { IcmpError } from '../icmpErrors';
import type { NameTable } from '../names';
import { Known, PacketTable, TcpFlag, TcpOption } from '../packets';
import { Problem } from '../problems';
import { seqGreater } from '../sequenceSpace';
import { PacketMark } from './captureModel';
import { classifyConnection } from './classify';
import { C2S, Connection, Direction, Flow, S2C } from './connection';
import { ConnectionStates, type StateColumns } from './connectionStates';
import { ConnectionTracker } from './connectionTracker';
import { FindingCollector, FindingThresholds } from './findings';
import type { Finding } from './captureModel';
import { analyzeSegment, Segment } from './sequenceAnalysis';
import { IcmpMatcher, type MatchedIcmpError } from './icmp';
import { Completeness, TcpEvent } from './vocabulary';
import { ZeekTracker } from './zeek';

export { initialStates } from './connection';

export interface Analysis extends PacketResults {
  fileName: string;
  format: InputFormat;
  gzip: boolean;
  frameCount: number;
  packets: PacketTable;
  connections: Connection[];
  findings: Finding[];
  problems: Problem[];
  /** Zeek's view of each connection (its `conn_state` and history), by connection id. */
  zeek: ZeekTracker;
}

/** What the analysis says of each packet, by packet index. */
export interface PacketResults extends StateColumns {
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
    seqRaw: new Uint32Array(n),
    marks: new Uint8Array(n),
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
    zeek: new ZeekTracker(),
  };
  const analysis = new PacketAnalysis(a, null, false);
  for (let i = 0; i < n; i++) analysis.step(p, i, i);
  analysis.icmpErrorsBefore(p.icmpErrors, Infinity);
  a.connections = analysis.tracker.connections;
  applyStates(a, analysis.matchedIcmpErrors);
  followZeek(a);
  const findings = new FindingCollector(p.names, thresholds);
  // Indexed, not for…of: this function runs once, so the loop runs unoptimised until replaced on the stack, where an iterator costs.
  for (let k = 0; k < a.connections.length; k++) {
    const c = a.connections[k];
    analysis.finish(c);
    findings.add(c);
  }
  a.findings = findings.findings(analysis.lastTime);
  return a;
}

/**
 * Second pass of the whole model: every packet's state changes, once every
 * connection's facts are final (nothing has to wait), with the ICMP errors
 * in between in frame order. Tighter than changing states in the first pass,
 * where the code paths a capture takes show up one by one.
 */
function applyStates(a: Analysis, icmp: readonly (MatchedIcmpError & { error: IcmpError })[]): void {
  const p = a.packets;
  const states = new ConnectionStates(a, true);
  let nextIcmp = 0;
  for (let i = 0; i < p.length; i++) {
    const frame = p.frame[i];
    for (; nextIcmp < icmp.length && icmp[nextIcmp].error.frame < frame; nextIcmp++) {
      states.icmpUnreachable(icmp[nextIcmp].connection, icmp[nextIcmp].dir, icmp[nextIcmp].error.hard);
    }
    const flags = p.flags[i];
    let seqEnd = (a.seqRel[i] + p.len[i]) >>> 0;
    if (flags & (TcpFlag.SYN | TcpFlag.FIN)) seqEnd = (seqEnd + 1) >>> 0;
    const c = a.connections[a.conn[i]];
    states.packet(c, i, a.dir[i] as Direction, flags, seqEnd, a.ackRel[i], (a.marks[i] & PacketMark.RESET_IGNORED) !== 0);
  }
  for (; nextIcmp < icmp.length; nextIcmp++) states.icmpUnreachable(icmp[nextIcmp].connection, icmp[nextIcmp].dir, icmp[nextIcmp].error.hard);
}

/** Zeek's view of the connections, packet by packet: a pass of its own, whose loop stays small. */
function followZeek(a: Analysis): void {
  const p = a.packets;
  const zeek = a.zeek;
  const { conn, dir, seqRaw, events } = a;
  const { flags, ack, len, win } = p;
  for (let i = 0; i < p.length; i++) zeek.packet(conn[i], dir[i] === C2S, flags[i], seqRaw[i], ack[i], len[i], win[i], events[i]);
}

/** The one record the sequence analysis reads, refilled for every segment. */
const segment: Segment = { seq: 0, ack: 0, len: 0, flags: 0, win: 0, time: 0 };

export class PacketAnalysis {
  readonly tracker: ConnectionTracker;
  /** Time of the last packet analysed. */
  lastTime = 0;
  private readonly states: ConnectionStates;
  private readonly icmp = new IcmpMatcher();
  /** ICMP errors of the table's list already matched. */
  private icmpDone = 0;

  /**
   * `results`: where each packet's facts go (by packet index), or null for
   * a summary, which keeps only the connections; it then lets ended
   * connections go (`forget`).
   */
  /** With `statesLater`, the ICMP errors matched, in frame order, for the caller to apply with the states. */
  readonly matchedIcmpErrors: (MatchedIcmpError & { error: IcmpError })[] = [];

  constructor(
    private readonly results: PacketResults | null,
    /** The connections not forgotten, oldest first (a summary's; the whole model keeps `tracker.connections`). */
    private readonly live: Set<Connection> | null = null,
    /** Whether the states are changed as packets come (else the caller does it in a pass of its own). */
    private readonly statesNow = true,
    /** Whether each connection counts its packets' analysis events (`Connection.eventCounts`; a summary's). */
    private readonly countEvents = false,
  ) {
    this.tracker = new ConnectionTracker(live === null);
    this.states = new ConnectionStates(results);
  }

  /** The packet at `row` of the table, the `index`-th of the capture (ICMP errors of frames before it first). */
  step(p: PacketTable, row: number, index: number): Connection {
    const frame = p.frame[row];
    if (this.icmpDone < p.icmpErrors.length) this.icmpErrorsBefore(p.icmpErrors, frame);
    const placed = this.tracker.place(p, row, index);
    const c = placed.connection;
    const dir = placed.dir;
    if (placed.opened) {
      this.icmp.opened(c);
      this.live?.add(c);
    }
    const fwd = c.flow(dir);
    const rev = c.flow(1 - dir);
    const flags = p.flags[row];
    const time = p.time[row];
    const len = p.len[row];
    const known = p.known[row];
    let marks = (known & Known.SEQ ? PacketMark.SEQ_SHOWN : 0) | (known & Known.ACK ? PacketMark.ACK_SHOWN : 0);
    let seqRaw = p.seq[row];
    if (!(marks & PacketMark.SEQ_SHOWN)) {
      const inferred = inferMissingSequence(p, row, fwd, rev);
      if (inferred >= 0) {
        seqRaw = inferred;
        marks |= PacketMark.SEQ_INFERRED;
      }
    }
    setBases(fwd, rev, p, row, seqRaw);
    const seq = (seqRaw - fwd.base) >>> 0;
    const ack = flags & TcpFlag.ACK ? (p.ack[row] - rev.base) >>> 0 : 0;

    if (flags & TcpFlag.RST) {
      if (resetAcceptable(fwd, rev, seq)) {
        if (c.firstResetIndex < 0) {
          c.firstResetIndex = index;
          c.resetFrame = frame;
          c.resetDir = dir;
        }
      } else {
        marks |= PacketMark.RESET_IGNORED;
        if (c.firstIgnoredResetIndex < 0) {
          c.firstIgnoredResetIndex = index;
          if (c.firstResetIndex < 0) {
            c.resetFrame = frame;
            c.resetDir = dir;
          }
        }
      }
    }
    segment.seq = seq;
    segment.ack = ack;
    segment.len = len;
    segment.flags = flags;
    segment.win = p.win[row];
    segment.time = time;
    let events = analyzeSegment(c, dir, segment);
    // Neither flags nor numbers shown (tcpdump -q): nothing to judge it by.
    if (flags === 0 && known === 0) events = 0;
    if (placed.reusedPorts) events |= TcpEvent.PORT_NUMBERS_REUSED;
    if ((flags & (TcpFlag.SYN | TcpFlag.ACK)) === (TcpFlag.SYN | TcpFlag.ACK) && fwd.sentSynAck && fwd.base !== seqRaw) {
      events |= TcpEvent.PORT_NUMBERS_REUSED;
    }

    if (this.countEvents && events !== 0) countEvents(c, events);
    const r = this.results;
    if (r !== null) {
      r.seqRaw[index] = seqRaw;
      r.marks[index] = marks;
      r.conn[index] = c.id;
      r.dir[index] = dir;
      r.seqRel[index] = seq;
      r.ackRel[index] = ack;
      r.events[index] = events;
    }

    recordFacts(c, dir, fwd, rev, p, row, index, seq, ack);
    this.lastTime = time;

    if (this.statesNow) {
      let seqEnd = (seq + len) >>> 0;
      if (flags & (TcpFlag.SYN | TcpFlag.FIN)) seqEnd = (seqEnd + 1) >>> 0;
      this.states.packet(c, index, dir, flags, seqEnd, ack, (marks & PacketMark.RESET_IGNORED) !== 0);
    }
    return c;
  }

  /** Matches the ICMP errors of frames before `frame` (all of them: Infinity) and applies them to the states. */
  icmpErrorsBefore(errors: readonly IcmpError[], frame: number): void {
    for (; this.icmpDone < errors.length && errors[this.icmpDone].frame < frame; this.icmpDone++) {
      const error = errors[this.icmpDone];
      const match = this.icmp.match(error, this.live ?? this.tracker.connections);
      if (match === null) continue;
      const c = match.connection;
      if (c.icmpErrors.length === 0) c.icmpErrors = [{ error, dir: match.dir }];
      else c.icmpErrors.push({ error, dir: match.dir });
      if (this.statesNow) this.states.icmpUnreachable(match.connection, match.dir, error.hard);
      else this.matchedIcmpErrors.push({ ...match, error });
    }
  }

  /** The table's ICMP errors matched so far are dropped from it (a summary reads the capture through a small table). */
  dropMatchedIcmpErrors(errors: IcmpError[]): void {
    errors.splice(0, this.icmpDone);
    this.icmpDone = 0;
  }

  /** No more packets will come for the connection: its final states and how it opened and closed. */
  finish(c: Connection): void {
    this.states.finish(c);
    c.finalClientState = c.endpointState(C2S);
    c.finalServerState = c.endpointState(S2C);
    classifyConnection(c);
  }

  /** A summary is done with the connection, which is not read again: a later packet of its 4-tuple begins a new one. */
  forget(c: Connection): void {
    this.tracker.release(c);
    this.icmp.forget(c);
    this.live?.delete(c);
  }
}

function countEvents(c: Connection, events: number): void {
  const counts = (c.eventCounts ??= new Uint32Array(16));
  for (let bit = 0; bit < 16; bit++) if (events & (1 << bit)) counts[bit]++;
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
function setBases(fwd: Flow, rev: Flow, p: PacketTable, row: number, seqRaw: number): void {
  const flags = p.flags[row];
  if (!fwd.baseSet) {
    fwd.base = flags & TcpFlag.SYN ? seqRaw : (seqRaw - 1) >>> 0;
    fwd.baseSet = true;
    if (flags & TcpFlag.SYN) fwd.windowScaleOffered = p.options[row] & TcpOption.WSCALE ? p.wscale[row] : -2;
  } else if (flags & TcpFlag.SYN && fwd.windowScaleOffered === -1) {
    fwd.windowScaleOffered = p.options[row] & TcpOption.WSCALE ? p.wscale[row] : -2;
  }
  if (!rev.baseSet && flags & TcpFlag.ACK) {
    rev.base = (p.ack[row] - 1) >>> 0;
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

/** The raw sequence number a packet that showed none carried, or -1 when nothing tells. */
function inferMissingSequence(p: PacketTable, row: number, fwd: Flow, rev: Flow): number {
  if (fwd.baseSet && fwd.nextSeq !== 0) {
    // What the peer acknowledged was sent, even if the capture missed it.
    const expected = rev.lastAck !== 0 && seqGreater(rev.lastAck, fwd.nextSeq) ? rev.lastAck : fwd.nextSeq;
    const next = (fwd.base + expected) >>> 0;
    const ack = p.flags[row] & TcpFlag.ACK ? (p.ack[row] - rev.base) >>> 0 : 0;
    const probe =
      p.len[row] <= 1 &&
      !fwd.peerAdvancedSinceLast &&
      !(rev.lastSegmentEvents & (TcpEvent.KEEP_ALIVE | TcpEvent.ZERO_WINDOW_PROBE)) &&
      ack === fwd.lastAck &&
      p.win[row] === fwd.window &&
      p.time[row] - Math.max(fwd.lastSegmentTime, rev.lastSegmentTime) >= PROBE_MIN_IDLE;
    return probe ? (next - 1) >>> 0 : next;
  }
  if (rev.lastAckRawSet) return rev.lastAckRaw;
  return -1;
}

function recordFacts(c: Connection, dir: Direction, fwd: Flow, rev: Flow, p: PacketTable, row: number, index: number, seq: number, ack: number): void {
  const flags = p.flags[row];
  const len = p.len[row];
  const frame = p.frame[row];
  const time = p.time[row];
  c.countPacket(dir, index, frame, time, len);
  fwd.recordSent(time, flags & TcpFlag.ACK ? p.ack[row] : -1);
  if (len > 0 || flags & (TcpFlag.SYN | TcpFlag.FIN)) rev.peerAdvancedSinceLast = true;
  if ((flags & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.SYN && dir === C2S) {
    c.addClientSynFrame(frame);
  }

  recordCompleteness(c, flags, len);
  if (flags & TcpFlag.SYN) {
    if (flags & TcpFlag.ACK) {
      fwd.sentSynAck = true;
    } else {
      fwd.sentSyn = true;
      c.lastSynTime = time;
    }
  } else if (flags & TcpFlag.ACK) {
    // Like tshark, an RST+ACK of the server's ISN + 1 also completes the handshake's third step.
    if (dir === C2S && ack === 1 && rev.sentSynAck) c.clientAckedSynAck = true;
    // As Wireshark's initial RTT: from the latest SYN to the first ACK that follows it, whatever it answers.
    if (c.rtt < 0 && c.lastSynTime >= 0) c.rtt = time - c.lastSynTime;
  }
  const acksPeerFin = (flags & TcpFlag.ACK) !== 0 && rev.finEnd !== 0 && !seqGreater(rev.finEnd, ack);
  if (flags & TcpFlag.FIN) {
    if (fwd.firstFinIndex < 0) {
      fwd.firstFinIndex = index;
      fwd.firstFinFrame = frame;
      fwd.firstFinTime = time;
      fwd.firstFinAcksPeerFin = acksPeerFin;
    }
    const end = (seq + len + 1) >>> 0;
    if (fwd.finEnd === 0) fwd.finEnd = end;
  } else if (acksPeerFin && fwd.firstFinIndex < 0) {
    fwd.ackedPeerFinBeforeOwnFin = true;
  }
  if (flags & TcpFlag.RST) {
    fwd.sentRst = true;
  }
}

/**
 * Wireshark's `tcp.completeness` (dissect_tcp in packet-tcp.c): the first
 * segment of a stream counts only if it is a pure SYN (with DATA for TCP
 * Fast Open); every later one by its flags: SYN+ACK, an ACK without SYN as
 * DATA if it carries payload or else as ACK, FIN only with ACK, RST. tshark's
 * second pass (`-2`) dissects the first segment again, now in a known
 * stream, by the later rule: its bits show from the second packet on, so a
 * one-packet stream keeps the first rule's mask (a lone `R.` with data: 0).
 */
function recordCompleteness(c: Connection, flags: number, len: number): void {
  let bits = 0;
  if ((flags & (TcpFlag.SYN | TcpFlag.ACK)) === (TcpFlag.SYN | TcpFlag.ACK)) bits |= Completeness.SYN_ACK;
  if ((flags & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.ACK) bits |= len > 0 ? Completeness.DATA : Completeness.ACK;
  if ((flags & (TcpFlag.FIN | TcpFlag.ACK)) === (TcpFlag.FIN | TcpFlag.ACK)) bits |= Completeness.FIN;
  if (flags & TcpFlag.RST) bits |= Completeness.RST;
  if (c.packets === 1) {
    if ((flags & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.SYN) c.completeness = Completeness.SYN | (len > 0 ? Completeness.DATA : 0);
    c.firstSegmentCompleteness = bits;
  } else {
    c.completeness |= c.firstSegmentCompleteness | bits;
  }
}
