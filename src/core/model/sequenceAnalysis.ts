/**
 * Wireshark's TCP sequence analysis (`tcp_analyze_sequence_number` in
 * epan/dissectors/packet-tcp.c, as in Wireshark 4.0), rule for rule and in
 * the same order, so that the events mean what Wireshark users know them to
 * mean. Numbers are relative to each direction's base, and a 0 `nextSeq` or
 * `lastAck` means "nothing seen yet", as there.
 *
 * Where this differs from Wireshark, on purpose:
 * - tcpdump text does not show the sequence number of pure ACKs; the caller
 *   infers it (see `inferMissingSequence`) before these rules run.
 */
import { TcpFlag } from '../packets';
import { seqGreater, seqLess } from '../sequenceSpace';
import { Connection, Direction, Flow } from './connection';
import { TcpEvent } from './vocabulary';

/** Below this many seconds after the highest segment, a segment that does not advance is out of order when no RTT is known. */
const DEFAULT_OUT_OF_ORDER_THRESHOLD = 0.003;
/** A retransmission this soon after the second duplicate ACK is a fast retransmission. */
const FAST_RETRANSMISSION_WINDOW = 0.02;

const SYN_FIN_RST = TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST;

export interface Segment {
  seq: number;
  ack: number;
  len: number;
  flags: number;
  /** Window field as sent (not scaled). */
  win: number;
  time: number;
}

export function analyzeSegment(conn: Connection, dir: Direction, s: Segment): number {
  const fwd = conn.flow(dir);
  const rev = conn.flow(1 - dir);
  const { seq, ack, len, flags, win, time } = s;
  let events = 0;

  if (len === 1 && seq === fwd.nextSeq && rev.window === 0) {
    events |= TcpEvent.ZERO_WINDOW_PROBE;
  } else {
    events |= forwardChecks(fwd, rev, conn, dir, s);
  }

  // Window updates in a run of duplicate ACKs do not end the run: only a new acknowledgement does (Wireshark 4.0).
  if (!(events & TcpEvent.DUPLICATE_ACK) && ack !== fwd.lastAck) fwd.dupAckCount = 0;

  if (rev.maxSeqToBeAcked !== 0 && seqGreater(ack, rev.maxSeqToBeAcked) && flags & TcpFlag.ACK) {
    events |= TcpEvent.ACKED_UNSEEN_SEGMENT;
    rev.maxSeqToBeAcked = rev.nextSeq;
  }

  if ((len > 0 || flags & (TcpFlag.SYN | TcpFlag.FIN)) && !(events & TcpEvent.KEEP_ALIVE)) {
    events |= retransmissionType(fwd, rev, conn, s);
  }

  let nextSeq = (seq + len) >>> 0;
  if (flags & (TcpFlag.SYN | TcpFlag.FIN)) nextSeq = (nextSeq + 1) >>> 0;
  const probe = (events & TcpEvent.ZERO_WINDOW_PROBE) !== 0;
  if ((seqGreater(nextSeq, fwd.nextSeq) || fwd.nextSeq === 0) && !probe) {
    fwd.nextSeq = nextSeq;
    fwd.nextSeqTime = time;
  }
  if ((seq === fwd.maxSeqToBeAcked || fwd.maxSeqToBeAcked === 0) && !probe) {
    fwd.maxSeqToBeAcked = fwd.nextSeq;
  }

  fwd.window = win;
  fwd.lastAck = ack;
  fwd.lastAckTime = time;
  fwd.lastSegmentEvents = events;
  return events;
}

/** The checks Wireshark runs between the zero-window probe and `finished_fwd`. */
function forwardChecks(fwd: Flow, rev: Flow, conn: Connection, dir: Direction, s: Segment): number {
  const { seq, ack, len, flags, win } = s;
  const plain = (flags & SYN_FIN_RST) === 0;
  let events = 0;

  if (win === 0 && plain) events |= TcpEvent.ZERO_WINDOW;

  if (fwd.nextSeq !== 0 && seqGreater(seq, fwd.nextSeq) && !(flags & TcpFlag.RST)) {
    events |= TcpEvent.PREVIOUS_SEGMENT_NOT_CAPTURED;
  }

  if (len <= 1 && seq === ((fwd.nextSeq - 1) >>> 0) && plain) events |= TcpEvent.KEEP_ALIVE;

  const repeatsLast = len === 0 && seq === fwd.nextSeq && ack === fwd.lastAck && plain;

  if (repeatsLast && win !== 0 && win !== fwd.window) events |= TcpEvent.WINDOW_UPDATE;

  if (len > 0 && plain && reachesWindowEdge(conn, dir, rev, seq, len)) events |= TcpEvent.WINDOW_FULL;

  if (repeatsLast && win !== 0 && win === fwd.window && rev.lastSegmentEvents & TcpEvent.KEEP_ALIVE) {
    return events | TcpEvent.KEEP_ALIVE_ACK;
  }

  if (
    len === 0 &&
    win === 0 &&
    win === fwd.window &&
    seq === fwd.nextSeq &&
    (ack === fwd.lastAck || ack === ((fwd.lastAck + 1) >>> 0)) &&
    rev.lastSegmentEvents & TcpEvent.ZERO_WINDOW_PROBE &&
    plain
  ) {
    return events | TcpEvent.ZERO_WINDOW_PROBE_ACK;
  }

  if (repeatsLast && win !== 0 && win === fwd.window) {
    fwd.dupAckCount++;
    events |= TcpEvent.DUPLICATE_ACK;
  }
  return events;
}

/** 2 ** k for every shift a window scale option can carry (a table: `**` with a variable exponent is slow). */
const POWERS_OF_TWO = Float64Array.from({ length: 256 }, (_, k) => 2 ** k);

/** Whether a data segment fills the receiver's advertised window exactly. */
function reachesWindowEdge(conn: Connection, dir: Direction, rev: Flow, seq: number, len: number): boolean {
  const shift = conn.windowShift((1 - dir) as Direction);
  if (shift < 0 || rev.window < 0) return false;
  const edge = (rev.lastAck + rev.window * POWERS_OF_TWO[shift]) >>> 0;
  return ((seq + len) >>> 0) === edge;
}

/**
 * Wireshark's classification of a segment that carries data, SYN or FIN, in
 * its order: spurious retransmission first (tshark 4.0 calls data already
 * acknowledged spurious even within the out-of-order time), then fast
 * retransmission, out-of-order and plain retransmission.
 */
function retransmissionType(fwd: Flow, rev: Flow, conn: Connection, s: Segment): number {
  const { seq, len, flags, time } = s;
  // A segment of more than one byte starting at next − 1 brings new data (after a zero-window probe, say): not "not advanced".
  const notAdvanced = fwd.nextSeq !== 0 && seqLess(seq, fwd.nextSeq) && !(len > 1 && seq === ((fwd.nextSeq - 1) >>> 0));

  if (len > 0 && rev.lastAck !== 0 && !seqGreater((seq + len) >>> 0, rev.lastAck)) {
    return TcpEvent.SPURIOUS_RETRANSMISSION | TcpEvent.RETRANSMISSION;
  }

  if (
    notAdvanced &&
    rev.dupAckCount >= 2 &&
    rev.lastAck === seq &&
    time - rev.lastAckTime < FAST_RETRANSMISSION_WINDOW
  ) {
    return TcpEvent.FAST_RETRANSMISSION | TcpEvent.RETRANSMISSION;
  }

  const threshold = conn.rtt > 0 ? conn.rtt : DEFAULT_OUT_OF_ORDER_THRESHOLD;
  // SYN and FIN take a sequence number: a repeated SYN+ACK or FIN ends at next, so it is a retransmission.
  const end = (seq + len + (flags & (TcpFlag.SYN | TcpFlag.FIN) ? 1 : 0)) >>> 0;
  if (notAdvanced && time - fwd.nextSeqTime < threshold && fwd.nextSeq !== end) {
    return TcpEvent.OUT_OF_ORDER;
  }

  return notAdvanced ? TcpEvent.RETRANSMISSION : 0;
}
