/**
 * Turns the sequence and acknowledgement numbers tcpdump printed into the
 * absolute numbers the capture held.
 *
 * Without -S, tcpdump (print-tcp.c) keeps one record per connection: the
 * first packet of a 4-tuple carrying ACK, or any SYN+ACK, prints absolute
 * numbers and sets the bases (its own direction's seq, and ack - 1 for the
 * other direction); later ACK-carrying packets print numbers minus those
 * bases, SACK edges included (even on the packet that set the bases).
 * Packets without ACK (SYN, bare RST) always print absolute numbers. With
 * -S everything is absolute. The decoder mirrors tcpdump's bases and decides
 * per 4-tuple whether the numbers after them are relative or absolute, by
 * which reading lands closer to the next sequence number expected in that
 * sequence space.
 */
import { endpointKey } from '../endpointKey';
import { Known, SegmentFields, TcpFlag } from '../packets';
import { PrintedNumbers } from './tcpFields';

const enum Reading {
  Unknown,
  Relative,
  Absolute,
}

/** Sequence spaces are numbered by endpoint: 0 is the lower (address, port) of the tuple. */
class TupleState {
  hasBase = false;
  /** Per sequence space (0, 1) in fields of its own, not arrays: one object to reach per segment, of many tuples read in turn. */
  private base0 = 0;
  private base1 = 0;
  /** The sequence number each endpoint sends next, as far as its segments and its peer's acks show. */
  private next0 = 0;
  private next1 = 0;
  private hasNext0 = false;
  private hasNext1 = false;
  reading = Reading.Unknown;

  base(space: number): number {
    return space === 0 ? this.base0 : this.base1;
  }

  setBase(space: number, value: number): void {
    if (space === 0) this.base0 = value;
    else this.base1 = value;
  }

  next(space: number): number {
    return space === 0 ? this.next0 : this.next1;
  }

  hasNext(space: number): boolean {
    return space === 0 ? this.hasNext0 : this.hasNext1;
  }

  setNext(space: number, value: number): void {
    if (space === 0) {
      this.next0 = value;
      this.hasNext0 = true;
    } else {
      this.next1 = value;
      this.hasNext1 = true;
    }
  }
}

const RECENT_TUPLE_BITS = 14;
const RECENT_TUPLES = 1 << RECENT_TUPLE_BITS;

/** How much closer one reading must be than the other to count as a decision. */
const DECISIVE_RATIO = 8;

export class SequenceResolver {
  private readonly tuples = new Map<number, Map<number, TupleState>>();
  private relativeTuples = 0;
  private absoluteTuples = 0;
  /** The tuple of the previous segment: consecutive segments mostly share one. */
  private lastTuple: TupleState | undefined;
  private lastLowKey = -1;
  private lastHighKey = -1;
  /** What `absolute` read last. */
  private resolved = 0;
  private readonly recentLowKeys = new Float64Array(RECENT_TUPLES);
  private readonly recentHighKeys = new Float64Array(RECENT_TUPLES);
  private readonly recentTuples: (TupleState | undefined)[] = new Array<TupleState | undefined>(RECENT_TUPLES).fill(undefined);

  /** Fills f.seq, f.ack, f.known and makes f.sack absolute, from what `printed` holds. */
  resolve(f: SegmentFields, printed: PrintedNumbers): void {
    const srcKey = endpointKey(f.src, f.sport);
    const dstKey = endpointKey(f.dst, f.dport);
    const mine = srcKey <= dstKey ? 0 : 1;
    const peer = 1 - mine;
    const tuple = mine === 0 ? this.tuple(srcKey, dstKey) : this.tuple(dstKey, srcKey);
    const hasAck = (f.flags & TcpFlag.ACK) !== 0;

    if (!hasAck) {
      f.seq = printed.seqShown ? printed.seq >>> 0 : this.estimatedSeq(tuple, mine);
      f.ack = 0;
    } else if (!tuple.hasBase || (f.flags & TcpFlag.SYN) !== 0) {
      f.seq = printed.seqShown ? printed.seq >>> 0 : this.estimatedSeq(tuple, mine);
      f.ack = printed.ack >>> 0;
      tuple.hasBase = true;
      tuple.setBase(mine, f.seq);
      tuple.setBase(peer, (f.ack - 1) >>> 0);
    } else {
      if (printed.seqShown) {
        this.absolute(printed.seq, tuple, mine);
        f.seq = this.resolved;
      } else {
        f.seq = this.estimatedSeq(tuple, mine);
      }
      this.absolute(printed.ack, tuple, peer);
      f.ack = this.resolved;
    }

    f.known = 0;
    if (printed.seqShown) {
      f.known |= Known.SEQ;
      const consumed = f.len + ((f.flags & TcpFlag.SYN) !== 0 ? 1 : 0) + ((f.flags & TcpFlag.FIN) !== 0 ? 1 : 0);
      this.advanceNext(tuple, mine, (f.seq + consumed) >>> 0, (f.flags & TcpFlag.SYN) !== 0);
    }
    if (hasAck) {
      f.known |= Known.ACK;
      this.advanceNext(tuple, peer, f.ack, false);
      // SACK edges are in the acknowledged space; without ACK tcpdump prints them absolute.
      for (let i = 0; i < 2 * f.sackCount; i++) {
        this.absolute(f.sack[i], tuple, peer);
        f.sack[i] = this.resolved;
      }
    }
  }

  private tuple(lowKey: number, highKey: number): TupleState {
    if (lowKey === this.lastLowKey && highKey === this.lastHighKey && this.lastTuple) return this.lastTuple;
    this.lastLowKey = lowKey;
    this.lastHighKey = highKey;
    // A direct-mapped cache of recent tuples in front of the maps, whose keys are not small integers.
    const slot = recentSlot(lowKey, highKey);
    const recent = this.recentTuples[slot];
    this.lastTuple = recent !== undefined && this.recentLowKeys[slot] === lowKey && this.recentHighKeys[slot] === highKey ? recent : this.lookUpTuple(lowKey, highKey);
    return this.lastTuple;
  }

  private lookUpTuple(lowKey: number, highKey: number): TupleState {
    const slot = recentSlot(lowKey, highKey);
    const state = this.mappedTuple(lowKey, highKey);
    this.recentLowKeys[slot] = lowKey;
    this.recentHighKeys[slot] = highKey;
    this.recentTuples[slot] = state;
    return state;
  }

  private mappedTuple(lowKey: number, highKey: number): TupleState {
    let byHigh = this.tuples.get(lowKey);
    if (byHigh === undefined) {
      byHigh = new Map();
      this.tuples.set(lowKey, byHigh);
    }
    let state = byHigh.get(highKey);
    if (state === undefined) {
      state = new TupleState();
      byHigh.set(highKey, state);
    }
    return state;
  }

  /**
   * A number printed after the bases were set, relative to the space's base
   * (tcpdump) or absolute (-S), into `resolved` (returned, a number past 2^31
   * would be a heap object each time).
   */
  private absolute(printed: number, tuple: TupleState, space: number): void {
    const asAbsolute = printed >>> 0;
    const asRelative = (tuple.base(space) + printed) >>> 0;
    if (asAbsolute === asRelative) {
      this.resolved = asAbsolute;
      return;
    }
    let reading = tuple.reading;
    if (reading === Reading.Unknown && tuple.hasNext(space)) {
      const toRelative = distance(asRelative, tuple.next(space));
      const toAbsolute = distance(asAbsolute, tuple.next(space));
      if (toRelative * DECISIVE_RATIO < toAbsolute) reading = this.decide(tuple, Reading.Relative);
      else if (toAbsolute * DECISIVE_RATIO < toRelative) reading = this.decide(tuple, Reading.Absolute);
    }
    if (reading === Reading.Unknown) reading = this.absoluteTuples > this.relativeTuples ? Reading.Absolute : Reading.Relative;
    this.resolved = reading === Reading.Absolute ? asAbsolute : asRelative;
  }

  private decide(tuple: TupleState, reading: Reading): Reading {
    tuple.reading = reading;
    if (reading === Reading.Absolute) this.absoluteTuples++;
    else this.relativeTuples++;
    return reading;
  }

  /** Moves the space's next sequence number forward (or anywhere, for a SYN's new ISN). */
  private advanceNext(tuple: TupleState, space: number, next: number, restart: boolean): void {
    if (restart || !tuple.hasNext(space) || seqAfter(next, tuple.next(space))) tuple.setNext(space, next);
  }

  /**
   * tcpdump prints no seq on a segment without payload, SYN, FIN or RST:
   * its sender's next sequence number is the best guess (Known.SEQ stays clear).
   */
  private estimatedSeq(tuple: TupleState, space: number): number {
    return tuple.hasNext(space) ? tuple.next(space) : 0;
  }
}

/** The top bits of a product, which depend on every bit of both keys' low 32 (their ports and the low bits of their addresses). */
function recentSlot(lowKey: number, highKey: number): number {
  return Math.imul((lowKey | 0) ^ Math.imul(highKey | 0, 0x85ebca6b), 0x9e3779b1) >>> (32 - RECENT_TUPLE_BITS);
}

/** Distance between two sequence numbers on the 32-bit circle. */
function distance(a: number, b: number): number {
  const d = (a - b) >>> 0;
  return d > 0x80000000 ? 0x100000000 - d : d;
}

/** Whether a comes after b in sequence space. */
function seqAfter(a: number, b: number): boolean {
  const d = (a - b) >>> 0;
  return d !== 0 && d < 0x80000000;
}
