/**
 * The analysis itself: the decoded segments in, per segment its connection,
 * direction, relative numbers, both endpoints' states and its analysis
 * events (typed arrays), the connections and the findings. This is the
 * algorithm's working state (`Connection` objects and their numbers, with scratch
 * fields); views never see it: `snapshot.ts` turns it into the plain-data
 * `CaptureModel`. The decoder's table is only read, never written, but
 * for its sequence numbers, which become the raw ones (`seqRaw`).
 *
 * `PacketAnalysis` takes one packet at a time in capture order, so that the
 * same code builds the whole model (`buildAnalysis`) and a streaming summary
 * that never holds the packets (summary.ts).
 */
import { DecodedCapture, InputFormat } from '../decoded';
import type { IcmpError } from '../icmpErrors';
import { Known, PacketTable, TcpFlag, TcpOption } from '../packets';
import { Problem } from '../problems';
import { seqGreater } from '../sequenceSpace';
import { PacketMark } from './captureModel';
import { classifyConnection } from './classify';
import { At, C2S, Connection, Direction, FLOW_NUMBERS, FlowAt as F, S2C } from './connection';
import { ConnectionStates, type StateColumns } from './connectionStates';
import { ConnectionTracker } from './connectionTracker';
import { FindingCollector, FindingThresholds } from './findings';
import type { Finding } from './captureModel';
import { analyzeSegment } from './sequenceAnalysis';
import { IcmpMatcher, type MatchedIcmpError } from './icmp';
import { Completeness, TcpEvent } from './vocabulary';
import { type ZeekColumns, ZeekTracker } from './zeek';

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
    // Each row is read before it is written (where tcpdump showed none, with the one inferred): the table's own column holds them.
    seqRaw: p.seq,
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
 * in between in frame order, and Zeek's view of the packet. Tighter than
 * changing states in the first pass, where the code paths a capture takes
 * show up one by one; each column read once, in order.
 */
function applyStates(a: Analysis, icmp: readonly (MatchedIcmpError & { error: IcmpError })[]): void {
  const p = a.packets;
  const n = p.length;
  const states = new ConnectionStates(a, true);
  const zeek = a.zeek;
  const connections = a.connections;
  zeek.reserve(connections.length);
  const { conn, dir, seqRel, ackRel, marks } = a;
  const { frame, flags, len } = p;
  const zeekColumns: ZeekColumns = { seqRaw: a.seqRaw, ackRaw: p.ack, len, win: p.win, events: a.events };
  let nextIcmp = 0;
  let nextIcmpFrame = icmp.length > 0 ? icmp[0].error.frame : Infinity;
  for (let i = 0; i < n; i++) {
    if (frame[i] > nextIcmpFrame) {
      for (; nextIcmp < icmp.length && icmp[nextIcmp].error.frame < frame[i]; nextIcmp++) {
        states.icmpUnreachable(icmp[nextIcmp].connection, icmp[nextIcmp].dir, icmp[nextIcmp].error.hard);
      }
      nextIcmpFrame = nextIcmp < icmp.length ? icmp[nextIcmp].error.frame : Infinity;
    }
    const f = flags[i];
    const l = len[i];
    const id = conn[i];
    const d = dir[i] as Direction;
    let seqEnd = (seqRel[i] + l) >>> 0;
    if (f & (TcpFlag.SYN | TcpFlag.FIN)) seqEnd = (seqEnd + 1) >>> 0;
    const c = connections[id];
    states.packet(c, i, d, f, seqEnd, ackRel[i], (marks[i] & PacketMark.RESET_IGNORED) !== 0);
    zeek.packet(id, d === C2S, f, zeekColumns, i);
    if (i === c.lastIndex) zeek.end(id);
  }
  for (; nextIcmp < icmp.length; nextIcmp++) states.icmpUnreachable(icmp[nextIcmp].connection, icmp[nextIcmp].dir, icmp[nextIcmp].error.hard);
}

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
    const reusedPorts = placed.reusedPorts;
    const s = c.s;
    const co = c.o;
    const fo = co + At.FLOWS + dir * FLOW_NUMBERS;
    const ro = co + At.FLOWS + (1 - dir) * FLOW_NUMBERS;
    const flags = p.flags[row];
    const time = p.time[row];
    const len = p.len[row];
    const known = p.known[row];
    let marks = (known & Known.SEQ ? PacketMark.SEQ_SHOWN : 0) | (known & Known.ACK ? PacketMark.ACK_SHOWN : 0);
    let seqRaw = p.seq[row];
    if (!(marks & PacketMark.SEQ_SHOWN)) {
      const inferred = inferMissingSequence(p, row, s, fo, ro);
      if (inferred >= 0) {
        seqRaw = inferred;
        marks |= PacketMark.SEQ_INFERRED;
      }
    }
    if (s[fo + F.BASE_SET] === 0 || s[ro + F.BASE_SET] === 0 || flags & TcpFlag.SYN) setBases(s, fo, ro, p, row, seqRaw);
    const seq = (seqRaw - s[fo + F.BASE]) >>> 0;
    const ack = flags & TcpFlag.ACK ? (p.ack[row] - s[ro + F.BASE]) >>> 0 : 0;

    if (flags & TcpFlag.RST) marks |= recordReset(c, dir, index, frame, seq);
    let events = analyzeSegment(s, co, fo, ro, seq, ack, len, flags, p.win[row], p.time, row);
    // Neither flags nor numbers shown (tcpdump -q): nothing to judge it by.
    if (flags === 0 && known === 0) events = 0;
    if (reusedPorts) events |= TcpEvent.PORT_NUMBERS_REUSED;
    if ((flags & (TcpFlag.SYN | TcpFlag.ACK)) === (TcpFlag.SYN | TcpFlag.ACK) && s[fo + F.SENT_SYN_ACK] !== 0 && s[fo + F.BASE] !== seqRaw) {
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
    recordFacts(c, s, co, fo, ro, dir, flags, len, frame, p, row, index, seq, ack);
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
function resetAcceptable(c: Connection, dir: Direction, seq: number): boolean {
  const nextSeq = c.flowNumber(dir, F.NEXT_SEQ);
  const peerAck = c.flowNumber(1 - dir, F.LAST_ACK);
  return nextSeq === 0 || seq === nextSeq || (peerAck !== 0 && seq === peerAck);
}

/**
 * Wireshark's relative numbering: a direction counts from its SYN's sequence
 * number, or from one before its first segment without a SYN; the other
 * direction's base comes from the first acknowledgement, if that is earlier.
 */
function setBases(s: Float64Array, fo: number, ro: number, p: PacketTable, row: number, seqRaw: number): void {
  const flags = p.flags[row];
  if (s[fo + F.BASE_SET] === 0) {
    s[fo + F.BASE] = flags & TcpFlag.SYN ? seqRaw : (seqRaw - 1) >>> 0;
    s[fo + F.BASE_SET] = 1;
  }
  // The flow's first SYN tells the window scale it offers (-2: none); -1 until then.
  if (flags & TcpFlag.SYN && s[fo + F.WINDOW_SCALE_OFFERED] === -1) {
    s[fo + F.WINDOW_SCALE_OFFERED] = p.options[row] & TcpOption.WSCALE ? p.wscale[row] : -2;
  }
  if (s[ro + F.BASE_SET] === 0 && flags & TcpFlag.ACK) {
    s[ro + F.BASE] = (p.ack[row] - 1) >>> 0;
    s[ro + F.BASE_SET] = 1;
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
function inferMissingSequence(p: PacketTable, row: number, s: Float64Array, fo: number, ro: number): number {
  const nextSeq = s[fo + F.NEXT_SEQ];
  if (s[fo + F.BASE_SET] !== 0 && nextSeq !== 0) {
    // What the peer acknowledged was sent, even if the capture missed it.
    const peerAck = s[ro + F.LAST_ACK];
    const expected = peerAck !== 0 && seqGreater(peerAck, nextSeq) ? peerAck : nextSeq;
    const next = (s[fo + F.BASE] + expected) >>> 0;
    const ack = p.flags[row] & TcpFlag.ACK ? (p.ack[row] - s[ro + F.BASE]) >>> 0 : 0;
    const probe =
      p.len[row] <= 1 &&
      s[fo + F.PEER_ADVANCED_SINCE_LAST] === 0 &&
      !((s[ro + F.LAST_SEGMENT_EVENTS] | 0) & (TcpEvent.KEEP_ALIVE | TcpEvent.ZERO_WINDOW_PROBE)) &&
      ack === s[fo + F.LAST_ACK] &&
      p.win[row] === (s[fo + F.WINDOW] | 0) &&
      p.time[row] - Math.max(s[fo + F.LAST_SEGMENT_TIME], s[ro + F.LAST_SEGMENT_TIME]) >= PROBE_MIN_IDLE;
    return probe ? (next - 1) >>> 0 : next;
  }
  if (s[ro + F.LAST_ACK_RAW_SET] !== 0) return s[ro + F.LAST_ACK_RAW];
  return -1;
}

/**
 * The packet's facts for states, classification and findings, in the
 * connection's numbers (see `FlowAt`). Its time and raw acknowledgement are
 * read from the table here, not passed (see `analyzeSegment`).
 */
function recordFacts(
  c: Connection,
  s: Float64Array,
  co: number,
  fo: number,
  ro: number,
  dir: Direction,
  flags: number,
  len: number,
  frame: number,
  p: PacketTable,
  row: number,
  index: number,
  seq: number,
  ack: number,
): void {
  const time = p.time[row];
  s[co + At.PACKETS]++;
  s[co + At.BYTES + dir] += len;
  s[co + At.LAST_INDEX] = index;
  s[co + At.LAST_FRAME] = frame;
  s[co + At.LAST_TIME] = time;
  s[fo + F.SENT_ANYTHING] = 1;
  s[fo + F.LAST_SEGMENT_TIME] = time;
  s[fo + F.PEER_ADVANCED_SINCE_LAST] = 0;
  if (flags & TcpFlag.ACK) {
    s[fo + F.LAST_ACK_RAW] = p.ack[row];
    s[fo + F.LAST_ACK_RAW_SET] = 1;
  }
  if (len > 0 || flags & (TcpFlag.SYN | TcpFlag.FIN)) s[ro + F.PEER_ADVANCED_SINCE_LAST] = 1;
  if ((flags & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.SYN && dir === C2S) {
    c.addClientSynFrame(frame);
  }

  recordCompleteness(c, s, co, flags, len);
  if (flags & TcpFlag.SYN) {
    if (flags & TcpFlag.ACK) {
      s[fo + F.SENT_SYN_ACK] = 1;
    } else {
      s[fo + F.SENT_SYN] = 1;
      s[co + At.LAST_SYN_TIME] = time;
    }
  } else if (flags & TcpFlag.ACK) {
    // Like tshark, an RST+ACK of the server's ISN + 1 also completes the handshake's third step.
    if (dir === C2S && ack === 1 && s[ro + F.SENT_SYN_ACK] !== 0) s[co + At.CLIENT_ACKED_SYN_ACK] = 1;
    // As Wireshark's initial RTT: from the latest SYN to the first ACK that follows it, whatever it answers.
    if (s[co + At.RTT] < 0 && s[co + At.LAST_SYN_TIME] >= 0) s[co + At.RTT] = time - s[co + At.LAST_SYN_TIME];
  }
  const peerFinEnd = s[ro + F.FIN_END];
  const acksPeerFin = (flags & TcpFlag.ACK) !== 0 && peerFinEnd !== 0 && !seqGreater(peerFinEnd, ack);
  if (flags & TcpFlag.FIN) {
    if ((s[fo + F.FIRST_FIN_INDEX] | 0) < 0) {
      s[fo + F.FIRST_FIN_INDEX] = index;
      s[fo + F.FIRST_FIN_FRAME] = frame;
      s[fo + F.FIRST_FIN_TIME] = time;
      s[fo + F.FIRST_FIN_ACKS_PEER_FIN] = acksPeerFin ? 1 : 0;
    }
    const end = (seq + len + 1) >>> 0;
    if (s[fo + F.FIN_END] === 0) s[fo + F.FIN_END] = end;
  } else if (acksPeerFin && (s[fo + F.FIRST_FIN_INDEX] | 0) < 0) {
    s[fo + F.ACKED_PEER_FIN_BEFORE_OWN_FIN] = 1;
  }
  if (flags & TcpFlag.RST) {
    s[fo + F.SENT_RST] = 1;
  }
}

/**
 * RFC 5961 (see `resetAcceptable`): the connection's first accepted and
 * first ignored resets; the `PacketMark` of an ignored one.
 */
function recordReset(c: Connection, dir: Direction, index: number, frame: number, seq: number): number {
  if (resetAcceptable(c, dir, seq)) {
    if (c.firstResetIndex < 0) {
      c.firstResetIndex = index;
      c.resetFrame = frame;
      c.resetDir = dir;
    }
    return 0;
  }
  if (c.firstIgnoredResetIndex < 0) {
    c.firstIgnoredResetIndex = index;
    if (c.firstResetIndex < 0) {
      c.resetFrame = frame;
      c.resetDir = dir;
    }
  }
  return PacketMark.RESET_IGNORED;
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
function recordCompleteness(c: Connection, s: Float64Array, co: number, flags: number, len: number): void {
  let bits = 0;
  if ((flags & (TcpFlag.SYN | TcpFlag.ACK)) === (TcpFlag.SYN | TcpFlag.ACK)) bits |= Completeness.SYN_ACK;
  if ((flags & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.ACK) bits |= len > 0 ? Completeness.DATA : Completeness.ACK;
  if ((flags & (TcpFlag.FIN | TcpFlag.ACK)) === (TcpFlag.FIN | TcpFlag.ACK)) bits |= Completeness.FIN;
  if (flags & TcpFlag.RST) bits |= Completeness.RST;
  if (s[co + At.PACKETS] === 1) {
    if ((flags & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.SYN) s[co + At.COMPLETENESS] = Completeness.SYN | (len > 0 ? Completeness.DATA : 0);
    c.firstSegmentCompleteness = bits;
  } else {
    s[co + At.COMPLETENESS] = (s[co + At.COMPLETENESS] | 0) | c.firstSegmentCompleteness | bits;
  }
}
