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
import { At, FlowAt as F } from './connection';
import { TcpEvent } from './vocabulary';

/** Below this many seconds after the highest segment, a segment that does not advance is out of order when no RTT is known. */
const DEFAULT_OUT_OF_ORDER_THRESHOLD = 0.003;
/** A retransmission this soon after the second duplicate ACK is a fast retransmission. */
const FAST_RETRANSMISSION_WINDOW = 0.02;

const SYN_FIN_RST = TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST;

/**
 * The segment's events, with its sender's flow (at `fo` of the connection's
 * numbers `s`) and the other's (`ro`) updated: numbers read and written in
 * place (see `FlowAt`), no record or accessor per segment. Its time is
 * `times[row]`: read here, as a number passed to a function that is not
 * inlined is boxed (one allocation per packet) unless a small integer.
 */
export function analyzeSegment(s: Float64Array, co: number, fo: number, ro: number, seq: number, ack: number, len: number, flags: number, win: number, times: Float64Array, row: number): number {
  const time = times[row];
  let events = 0;

  if (len === 1 && seq === s[fo + F.NEXT_SEQ] && s[ro + F.WINDOW] === 0) {
    events |= TcpEvent.ZERO_WINDOW_PROBE;
  } else {
    events |= forwardChecks(s, fo, ro, seq, ack, len, flags, win);
  }

  // Window updates in a run of duplicate ACKs do not end the run: only a new acknowledgement does (Wireshark 4.0).
  if (!(events & TcpEvent.DUPLICATE_ACK) && ack !== s[fo + F.LAST_ACK]) s[fo + F.DUP_ACK_COUNT] = 0;

  const revMaxSeqToBeAcked = s[ro + F.MAX_SEQ_TO_BE_ACKED];
  if (revMaxSeqToBeAcked !== 0 && seqGreater(ack, revMaxSeqToBeAcked) && flags & TcpFlag.ACK) {
    events |= TcpEvent.ACKED_UNSEEN_SEGMENT;
    s[ro + F.MAX_SEQ_TO_BE_ACKED] = s[ro + F.NEXT_SEQ];
  }

  if ((len > 0 || flags & (TcpFlag.SYN | TcpFlag.FIN)) && !(events & TcpEvent.KEEP_ALIVE)) {
    events |= retransmissionType(s, co, fo, ro, seq, len, flags, times, row);
  }

  let nextSeq = (seq + len) >>> 0;
  if (flags & (TcpFlag.SYN | TcpFlag.FIN)) nextSeq = (nextSeq + 1) >>> 0;
  const probe = (events & TcpEvent.ZERO_WINDOW_PROBE) !== 0;
  const fwdNextSeq = s[fo + F.NEXT_SEQ];
  if ((seqGreater(nextSeq, fwdNextSeq) || fwdNextSeq === 0) && !probe) {
    s[fo + F.NEXT_SEQ] = nextSeq;
    s[fo + F.NEXT_SEQ_TIME] = time;
  }
  const fwdMax = s[fo + F.MAX_SEQ_TO_BE_ACKED];
  if ((seq === fwdMax || fwdMax === 0) && !probe) {
    s[fo + F.MAX_SEQ_TO_BE_ACKED] = s[fo + F.NEXT_SEQ];
  }

  s[fo + F.WINDOW] = win;
  s[fo + F.LAST_ACK] = ack;
  s[fo + F.LAST_ACK_TIME] = time;
  s[fo + F.LAST_SEGMENT_EVENTS] = events;
  return events;
}

/** The checks Wireshark runs between the zero-window probe and `finished_fwd`. */
function forwardChecks(s: Float64Array, fo: number, ro: number, seq: number, ack: number, len: number, flags: number, win: number): number {
  const plain = (flags & SYN_FIN_RST) === 0;
  const fwdNextSeq = s[fo + F.NEXT_SEQ];
  const fwdLastAck = s[fo + F.LAST_ACK];
  const fwdWindow = s[fo + F.WINDOW] | 0;
  let events = 0;

  if (win === 0 && plain) events |= TcpEvent.ZERO_WINDOW;

  if (fwdNextSeq !== 0 && seqGreater(seq, fwdNextSeq) && !(flags & TcpFlag.RST)) {
    events |= TcpEvent.PREVIOUS_SEGMENT_NOT_CAPTURED;
  }

  if (len <= 1 && seq === ((fwdNextSeq - 1) >>> 0) && plain) events |= TcpEvent.KEEP_ALIVE;

  const repeatsLast = len === 0 && seq === fwdNextSeq && ack === fwdLastAck && plain;

  if (repeatsLast && win !== 0 && win !== fwdWindow) events |= TcpEvent.WINDOW_UPDATE;

  if (len > 0 && plain && reachesWindowEdge(s, fo, ro, seq, len)) events |= TcpEvent.WINDOW_FULL;

  if (repeatsLast && win !== 0 && win === fwdWindow && (s[ro + F.LAST_SEGMENT_EVENTS] | 0) & TcpEvent.KEEP_ALIVE) {
    return events | TcpEvent.KEEP_ALIVE_ACK;
  }

  if (
    len === 0 &&
    win === 0 &&
    win === fwdWindow &&
    seq === fwdNextSeq &&
    (ack === fwdLastAck || ack === ((fwdLastAck + 1) >>> 0)) &&
    (s[ro + F.LAST_SEGMENT_EVENTS] | 0) & TcpEvent.ZERO_WINDOW_PROBE &&
    plain
  ) {
    return events | TcpEvent.ZERO_WINDOW_PROBE_ACK;
  }

  if (repeatsLast && win !== 0 && win === fwdWindow) {
    s[fo + F.DUP_ACK_COUNT]++;
    events |= TcpEvent.DUPLICATE_ACK;
  }
  return events;
}

/** 2 ** k for every shift a window scale option can carry (a table: `**` with a variable exponent is slow). */
const POWERS_OF_TWO = Float64Array.from({ length: 256 }, (_, k) => 2 ** k);

/**
 * Whether a data segment fills the receiver's advertised window exactly.
 * The receiver's window scale shift is `Connection.windowShift`'s: known
 * only when both SYNs offered it (RFC 7323).
 */
function reachesWindowEdge(s: Float64Array, fo: number, ro: number, seq: number, len: number): boolean {
  const mine = s[ro + F.WINDOW_SCALE_OFFERED] | 0;
  const peer = s[fo + F.WINDOW_SCALE_OFFERED] | 0;
  if (mine === -1 || peer === -1) return false;
  const shift = mine === -2 || peer === -2 ? 0 : mine;
  const window = s[ro + F.WINDOW] | 0;
  if (window < 0) return false;
  const edge = (s[ro + F.LAST_ACK] + window * POWERS_OF_TWO[shift]) >>> 0;
  return ((seq + len) >>> 0) === edge;
}

/**
 * Wireshark's classification of a segment that carries data, SYN or FIN, in
 * its order: spurious retransmission first (tshark 4.0 calls data already
 * acknowledged spurious even within the out-of-order time), then fast
 * retransmission, out-of-order and plain retransmission.
 */
function retransmissionType(s: Float64Array, co: number, fo: number, ro: number, seq: number, len: number, flags: number, times: Float64Array, row: number): number {
  const time = times[row];
  const fwdNextSeq = s[fo + F.NEXT_SEQ];
  const revLastAck = s[ro + F.LAST_ACK];
  // A segment of more than one byte starting at next − 1 brings new data (after a zero-window probe, say): not "not advanced".
  const notAdvanced = fwdNextSeq !== 0 && seqLess(seq, fwdNextSeq) && !(len > 1 && seq === ((fwdNextSeq - 1) >>> 0));

  if (len > 0 && revLastAck !== 0 && !seqGreater((seq + len) >>> 0, revLastAck)) {
    return TcpEvent.SPURIOUS_RETRANSMISSION | TcpEvent.RETRANSMISSION;
  }
  if (!notAdvanced) return 0;

  if ((s[ro + F.DUP_ACK_COUNT] | 0) >= 2 && revLastAck === seq && time - s[ro + F.LAST_ACK_TIME] < FAST_RETRANSMISSION_WINDOW) {
    return TcpEvent.FAST_RETRANSMISSION | TcpEvent.RETRANSMISSION;
  }

  const rtt = s[co + At.RTT];
  const threshold = rtt > 0 ? rtt : DEFAULT_OUT_OF_ORDER_THRESHOLD;
  // SYN and FIN take a sequence number: a repeated SYN+ACK or FIN ends at next, so it is a retransmission.
  const end = (seq + len + (flags & (TcpFlag.SYN | TcpFlag.FIN) ? 1 : 0)) >>> 0;
  if (time - s[fo + F.NEXT_SEQ_TIME] < threshold && fwdNextSeq !== end) {
    return TcpEvent.OUT_OF_ORDER;
  }

  return TcpEvent.RETRANSMISSION;
}
