/**
 * Zeek's conn.log `conn_state` and `history` for one connection, which
 * analysts already know. This follows Zeek's own TCP endpoint tracking
 * (`TCPSessionAdapter::Process` and `UpdateStateMachine` in
 * src/packet_analysis/protocol/tcp/TCPSessionAdapter.cc, `conn_state()` in
 * scripts/base/protocols/conn/main.zeek) packet by packet in capture order,
 * with the client as Zeek's originator.
 *
 * Where it cannot be Zeek's exactly:
 * - Zeek picks the originator by the first packet (and port heuristics);
 *   TCP Lens's client is the SYN's sender, so a capture that starts at the
 *   SYN+ACK is written as Zeek writes a flipped connection: history begins
 *   with `^`.
 * - Content gaps (`g`) come from Zeek's reassembler; here a gap is counted
 *   where an acknowledgement covers data the capture did not show
 *   (Wireshark's acked-unseen-segment).
 * - Checksums are not verified, so `c` never appears; nor does `x`.
 */
import { TcpFlag } from '../packets';
import { seqDelta } from '../sequenceSpace';
import type { ZeekConnState } from './captureModel';
import { TcpEvent } from './vocabulary';

const enum ZeekEndpointState {
  INACTIVE,
  SYN_SENT,
  SYN_ACK_SENT,
  PARTIAL,
  ESTABLISHED,
  CLOSED,
  RESET,
}

/** Bits of Zeek's `hist_seen` (the responder's shifted by 16). */
const enum Hist {
  SYN = 0x1,
  FIN = 0x2,
  RST = 0x4,
  FIN_RST = 0x8,
  DATA = 0x10,
  ACK = 0x20,
  MULTI_FLAG = 0x40,
}

/** Zeek ignores SYN and RST sequence numbers this far from the last one (TOO_LARGE_SEQ_DELTA). */
const TOO_LARGE_SEQ_DELTA = 1048576;

/**
 * Where an endpoint's numbers are, from its offset (Zeek's `TCP_Endpoint`):
 * its state and the one before, sequence numbers, the last SYN, FIN and RST
 * seen (relative), and the counters and next thresholds of the letters Zeek
 * writes at 1, 10, 100… occurrences.
 */
const enum E {
  STATE = 0,
  PREV_STATE = 1,
  START_SEQ = 2,
  LAST_SEQ = 3,
  ACK_SEQ = 4,
  FIN_COUNT = 5,
  HIST_LAST_SYN = 6,
  HIST_LAST_FIN = 7,
  HIST_LAST_RST = 8,
  RETRANSMISSIONS = 9,
  RETRANSMISSION_MARK = 10,
  ZERO_WINDOWS = 11,
  ZERO_WINDOW_MARK = 12,
  GAPS = 13,
  GAP_MARK = 14,
  SIZE = 15,
}

/** A connection's numbers: the originator's, the responder's, then its history (a node of the trie) and `hist_seen`. */
const enum Z {
  ORIG = 0,
  RESP = E.SIZE,
  HISTORY = 2 * E.SIZE,
  HIST_SEEN = 2 * E.SIZE + 1,
  SIZE = 2 * E.SIZE + 2,
}

const TABLE_NODES = 2048;

/**
 * Histories as the nodes of a trie of the letters written so far: adding a
 * letter is a lookup, not a new string, and the connections that read alike
 * (most: ShADadFf) share one string, made once.
 */
class HistoryTrie {
  /**
   * The first `TABLE_NODES` nodes' children in a table, node k's by letter c
   * at `table[k * 128 + c]` (0: none yet; the root, node 0, is nobody's
   * child), which a connection of many looks up several times; the rest (rare
   * and long histories) in a map, so the table stays small. The table grows
   * as a node in its range is made, before that node can have children: a
   * node's children are in one place from the first, never moved from the
   * map to the table.
   */
  private table = new Int32Array(128 * 64);
  private readonly children = new Map<number, number>();
  private readonly texts: string[] = [''];

  /** The node of `node`'s letters followed by the letter `code` (a char code below 128). */
  child(node: number, code: number): number {
    const key = node * 128 + code;
    const known = key < this.table.length ? this.table[key] : (this.children.get(key) ?? 0);
    if (known !== 0) return known;
    const next = this.texts.length;
    this.texts.push(this.texts[node] + String.fromCharCode(code));
    if (next < TABLE_NODES && (next + 1) * 128 > this.table.length) {
      const grown = new Int32Array(this.table.length * 2);
      grown.set(this.table);
      this.table = grown;
    }
    if (key < this.table.length) this.table[key] = next;
    else this.children.set(key, next);
    return next;
  }

  text(node: number): string {
    return this.texts[node];
  }
}

const CARET = 0x5e;
/** Added to an upper-case letter's code: the responder's letters are lower case. */
const LOWER = 0x20;

/**
 * The packet columns Zeek's view reads (by packet index): numbers that may
 * not be small integers are read where they are used, not passed (a number
 * passed to a function that is not inlined is boxed unless a small integer).
 */
export interface ZeekColumns {
  readonly seqRaw: Uint32Array;
  readonly ackRaw: Uint32Array;
  readonly len: Uint32Array;
  readonly win: Uint32Array;
  readonly events: Uint16Array;
}

/** `conn_state` values by their code in `ZeekTracker`'s column of ended connections. */
const CONN_STATES: readonly ZeekConnState[] = ['S0', 'S1', 'SF', 'REJ', 'S2', 'S3', 'RSTO', 'RSTR', 'RSTOS0', 'RSTRH', 'SH', 'SHR', 'OTH'];

/** `ZeekTracker.slotOf` of a connection whose first packet has not come. */
const NOT_BEGUN = 0;
/** `ZeekTracker.slotOf` of a connection past its last packet (its answers in the ended columns). */
const ENDED = -1;

/**
 * Zeek's view of every connection of an analysis, packet by packet in
 * capture order (as Zeek sees them), so that a pass over the packets in
 * order updates them as it goes, rather than replaying each connection's
 * packets afterwards (reading the columns all over).
 *
 * Only a live connection has its numbers: a slot of a shared Float64Array,
 * taken at its first packet and given back at its last (`end`), when its
 * `conn_state` and history are kept in two small columns by connection id.
 * The numbers then take room for the connections open at once, not for all
 * of them (memory first touched is dear: page faults).
 */
export class ZeekTracker {
  private s = new Float64Array(0);
  /** By connection id: `NOT_BEGUN`, `ENDED`, or its slot + 1. */
  private slotOf = new Int32Array(0);
  /** Slots given back, to be taken first. */
  private readonly freeSlots: number[] = [];
  /** Slots ever taken (the numbers have room for `s.length / Z.SIZE`). */
  private slots = 0;
  /** By connection id, once ended: its `conn_state` (index in `CONN_STATES`) and history (a node of the trie). */
  private endedState = new Uint8Array(0);
  private endedHistory = new Int32Array(0);
  private readonly histories = new HistoryTrie();

  /** Room for connection ids below `connections`, before their first packet. */
  reserve(connections: number): void {
    if (connections <= this.slotOf.length) return;
    const grow = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const grown = make(connections);
      grown.set(old);
      return grown;
    };
    this.slotOf = grow(this.slotOf, (n) => new Int32Array(n));
    this.endedState = grow(this.endedState, (n) => new Uint8Array(n));
    this.endedHistory = grow(this.endedHistory, (n) => new Int32Array(n));
  }

  /**
   * Packet `i` of the columns, of connection `id` (below the count
   * reserved), sent by the client (`isOrig`) or the server, with its flags.
   */
  packet(id: number, isOrig: boolean, flags: number, c: ZeekColumns, i: number): void {
    const slot = this.slotOf[id];
    const o = (slot === NOT_BEGUN ? this.begin(id, isOrig) : slot - 1) * Z.SIZE;
    const seq = c.seqRaw[i];
    const ackSeq = c.ackRaw[i];
    const len = c.len[i];
    const win = c.win[i];
    const events = c.events[i];
    const s = this.s;
    const e = o + (isOrig ? Z.ORIG : Z.RESP);
    const peer = o + (isOrig ? Z.RESP : Z.ORIG);
    const state = s[e + E.STATE] | 0;
    // Most packets: data or an ACK between synchronised endpoints whose letters are written already; what `anyPacket` does of them.
    if (
      (flags & (TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST)) === 0 &&
      (state === ZeekEndpointState.ESTABLISHED || state === ZeekEndpointState.PARTIAL) &&
      win !== 0 &&
      (events & TcpEvent.ACKED_UNSEEN_SEGMENT) === 0
    ) {
      const letter = len > 0 ? Hist.DATA : flags & TcpFlag.ACK ? Hist.ACK : 0;
      const ack = (flags & TcpFlag.ACK) !== 0;
      if (((s[o + Z.HIST_SEEN] | 0) & (isOrig ? letter : letter << 16)) === letter << (isOrig ? 0 : 16) && !(ack && (s[peer + E.STATE] | 0) === ZeekEndpointState.INACTIVE)) {
        if (ack) {
          const delta = seqDelta(ackSeq, s[peer + E.ACK_SEQ]);
          if (!(ackSeq === 0 && delta > TOO_LARGE_SEQ_DELTA) && delta > 0) s[peer + E.ACK_SEQ] = ackSeq;
        }
        const seqEnd = (seq + len) >>> 0;
        if (seqDelta(seqEnd, s[e + E.LAST_SEQ]) > 0) s[e + E.LAST_SEQ] = seqEnd;
        else if (len > 0) this.scaled(o, isOrig, e + E.RETRANSMISSIONS, 0x54 /* T */);
        return;
      }
    }
    this.anyPacket(o, e, peer, isOrig, flags, seq, ackSeq, len, win, events);
  }

  private anyPacket(o: number, e: number, peer: number, isOrig: boolean, flags: number, seq: number, ackSeq: number, len: number, win: number, events: number): void {
    const s = this.s;
    const syn = (flags & TcpFlag.SYN) !== 0;
    const fin = (flags & TcpFlag.FIN) !== 0;
    const rst = (flags & TcpFlag.RST) !== 0;
    const ack = (flags & TcpFlag.ACK) !== 0;
    const segmentLength = len + (syn ? 1 : 0) + (fin ? 1 : 0) - (rst ? len : 0);
    const seqEnd = (seq + segmentLength) >>> 0;

    initEndpoint(s, e, syn, seq, seqEnd);
    const relSeq = seqDelta(seq, s[e + E.START_SEQ]);
    this.updateHistory(o, isOrig, e, flags, relSeq, len);
    if (win === 0 && !rst && (s[peer + E.STATE] | 0) !== ZeekEndpointState.CLOSED && (s[e + E.STATE] | 0) !== ZeekEndpointState.RESET) {
      this.scaled(o, isOrig, e + E.ZERO_WINDOWS, 0x57 /* W */);
    }
    if (fin) s[e + E.FIN_COUNT]++;
    if (ack) {
      if ((s[peer + E.STATE] | 0) === ZeekEndpointState.INACTIVE) {
        s[peer + E.START_SEQ] = s[peer + E.ACK_SEQ] = s[peer + E.LAST_SEQ] = (ackSeq - 1) >>> 0;
      } else if (!rst) {
        const delta = seqDelta(ackSeq, s[peer + E.ACK_SEQ]);
        if (!(ackSeq === 0 && delta > TOO_LARGE_SEQ_DELTA) && delta > 0) s[peer + E.ACK_SEQ] = ackSeq;
      }
      // The acknowledgement covers data of the peer's that the capture did not show: Zeek's content gap.
      if (events & TcpEvent.ACKED_UNSEEN_SEGMENT) this.scaled(o, !isOrig, peer + E.GAPS, 0x47 /* G */);
    }
    this.updateLastSeq(o, isOrig, e, seqEnd, flags, len);
    updateStateMachine(s, e, peer, o + Z.ORIG, isOrig, flags, seq, len);
  }

  /** Connection `id`'s last packet has come: its answers are kept, its slot given back. */
  end(id: number): void {
    const slot = this.slotOf[id];
    if (slot <= 0) return;
    const o = (slot - 1) * Z.SIZE;
    this.endedState[id] = CONN_STATES.indexOf(this.stateAt(o));
    this.endedHistory[id] = this.s[o + Z.HISTORY] | 0;
    this.slotOf[id] = ENDED;
    this.freeSlots.push(slot - 1);
  }

  /** Zeek's history of connection `id` (its letters so far). */
  history(id: number): string {
    const slot = id < this.slotOf.length ? this.slotOf[id] : NOT_BEGUN;
    if (slot === NOT_BEGUN) return '';
    return this.histories.text(slot === ENDED ? this.endedHistory[id] : this.s[(slot - 1) * Z.SIZE + Z.HISTORY] | 0);
  }

  /** Zeek's `conn_state` of connection `id` (`conn_state()` of base/protocols/conn/main.zeek). */
  state(id: number): ZeekConnState {
    const slot = id < this.slotOf.length ? this.slotOf[id] : NOT_BEGUN;
    if (slot === NOT_BEGUN) return 'OTH';
    return slot === ENDED ? CONN_STATES[this.endedState[id]] : this.stateAt((slot - 1) * Z.SIZE);
  }

  /** The `conn_state` of the numbers at offset `o`. */
  private stateAt(o: number): ZeekConnState {
    const s = this.s;
    const os = s[o + Z.ORIG + E.STATE] | 0;
    const rs = s[o + Z.RESP + E.STATE] | 0;
    const oInactive = os === ZeekEndpointState.INACTIVE || os === ZeekEndpointState.PARTIAL;
    const rInactive = rs === ZeekEndpointState.INACTIVE || rs === ZeekEndpointState.PARTIAL;
    if (rs === ZeekEndpointState.RESET) {
      if (
        os === ZeekEndpointState.SYN_SENT ||
        os === ZeekEndpointState.SYN_ACK_SENT ||
        (os === ZeekEndpointState.RESET && size(s, o + Z.ORIG, o + Z.RESP) === 0 && size(s, o + Z.RESP, o + Z.ORIG) === 0)
      ) {
        return 'REJ';
      }
      return oInactive ? 'RSTRH' : 'RSTR';
    }
    if (os === ZeekEndpointState.RESET) {
      if (rInactive) return /^\^?S[^HAFGIQ]*R/.test(this.histories.text(s[o + Z.HISTORY] | 0)) ? 'RSTOS0' : 'OTH';
      return 'RSTO';
    }
    if (rs === ZeekEndpointState.CLOSED && os === ZeekEndpointState.CLOSED) return 'SF';
    if (os === ZeekEndpointState.CLOSED) return rInactive ? 'SH' : 'S2';
    if (rs === ZeekEndpointState.CLOSED) return oInactive ? 'SHR' : 'S3';
    if (os === ZeekEndpointState.SYN_SENT && rs === ZeekEndpointState.INACTIVE) return 'S0';
    if (os === ZeekEndpointState.ESTABLISHED && rs === ZeekEndpointState.ESTABLISHED) return 'S1';
    return 'OTH';
  }

  /** Connection `id`'s first packet: a slot for its numbers as Zeek starts them (history begins with `^` when the server sent it); the slot's offset. */
  private begin(id: number, isOrig: boolean): number {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.slots++;
      if (this.slots * Z.SIZE > this.s.length) this.grow(Math.max(this.s.length * 2, 64 * Z.SIZE));
    } else {
      this.s.fill(0, slot * Z.SIZE, (slot + 1) * Z.SIZE);
    }
    this.slotOf[id] = slot + 1;
    const o = slot * Z.SIZE;
    this.s[o + Z.ORIG + E.RETRANSMISSION_MARK] = this.s[o + Z.RESP + E.RETRANSMISSION_MARK] = 1;
    this.s[o + Z.ORIG + E.ZERO_WINDOW_MARK] = this.s[o + Z.RESP + E.ZERO_WINDOW_MARK] = 1;
    this.s[o + Z.ORIG + E.GAP_MARK] = this.s[o + Z.RESP + E.GAP_MARK] = 1;
    this.s[o + Z.HISTORY] = isOrig ? 0 : this.histories.child(0, CARET);
    return slot;
  }

  private grow(length: number): void {
    const grown = new Float64Array(length);
    grown.set(this.s);
    this.s = grown;
  }

  /** `code`: the letter's char code, upper case. */
  private add(o: number, isOrig: boolean, code: number): void {
    this.s[o + Z.HISTORY] = this.histories.child(this.s[o + Z.HISTORY] | 0, isOrig ? code : code + LOWER);
  }

  /** Zeek's `CheckHistory`: adds the letter the first time; true when it was seen before. */
  private check(o: number, isOrig: boolean, mask: number, code: number): boolean {
    const bit = isOrig ? mask : mask << 16;
    const seen = this.s[o + Z.HIST_SEEN] | 0;
    if ((seen & bit) !== 0) return true;
    this.s[o + Z.HIST_SEEN] = seen | bit;
    this.add(o, isOrig, code);
    return false;
  }

  private updateHistory(o: number, isOrig: boolean, e: number, flags: number, relSeq: number, len: number): void {
    const s = this.s;
    const syn = (flags & TcpFlag.SYN) !== 0;
    const fin = (flags & TcpFlag.FIN) !== 0;
    const rst = (flags & TcpFlag.RST) !== 0;
    const bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
    if (bits > 1) {
      if (fin && rst) this.check(o, isOrig, Hist.FIN_RST, 0x49 /* I */);
      else this.check(o, isOrig, Hist.MULTI_FLAG, 0x51 /* Q */);
    } else if (bits === 1) {
      if (syn) {
        const code = flags & TcpFlag.ACK ? 0x48 /* H */ : 0x53; /* S */
        if (this.check(o, isOrig, Hist.SYN, code) && relSeq !== s[e + E.HIST_LAST_SYN]) this.add(o, isOrig, code);
        s[e + E.HIST_LAST_SYN] = relSeq;
      }
      if (fin) {
        // A FIN's sequence number is at the end of any data it carries.
        const at = relSeq + len;
        if (this.check(o, isOrig, Hist.FIN, 0x46 /* F */) && at !== s[e + E.HIST_LAST_FIN]) this.add(o, isOrig, 0x46);
        s[e + E.HIST_LAST_FIN] = at;
      }
      if (rst) {
        if (this.check(o, isOrig, Hist.RST, 0x52 /* R */) && relSeq !== s[e + E.HIST_LAST_RST]) this.add(o, isOrig, 0x52);
        s[e + E.HIST_LAST_RST] = relSeq;
      }
    } else if (len > 0) {
      this.check(o, isOrig, Hist.DATA, 0x44 /* D */);
    } else if (flags & TcpFlag.ACK) {
      this.check(o, isOrig, Hist.ACK, 0x41 /* A */);
    }
  }

  /** Zeek's `ScaledHistoryEntry`: the letter at the 1st, 10th, 100th… occurrence; `counter`: where the count is, its next mark just after. */
  private scaled(o: number, isOrig: boolean, counter: number, code: number): void {
    const s = this.s;
    const count = ++s[counter];
    if (count === s[counter + 1]) {
      this.add(o, isOrig, code);
      s[counter + 1] *= 10;
    }
  }

  private updateLastSeq(o: number, isOrig: boolean, e: number, seqEnd: number, flags: number, len: number): void {
    const s = this.s;
    const lastSeq = s[e + E.LAST_SEQ];
    const deltaLast = seqDelta(seqEnd, lastSeq);
    const synOrRst = (flags & (TcpFlag.SYN | TcpFlag.RST)) !== 0;
    if (synOrRst && (deltaLast > TOO_LARGE_SEQ_DELTA || deltaLast < -TOO_LARGE_SEQ_DELTA)) {
      // Sequence numbers of such SYNs and RSTs are not trusted.
    } else if (flags & TcpFlag.FIN && lastSeq === ((s[e + E.START_SEQ] + 1) >>> 0)) {
      s[e + E.LAST_SEQ] = seqEnd;
    } else if ((s[e + E.STATE] | 0) === ZeekEndpointState.RESET) {
      // Nothing after a reset is trusted.
    } else if (deltaLast > 0) {
      s[e + E.LAST_SEQ] = seqEnd;
    } else if (len > 0) {
      this.scaled(o, isOrig, e + E.RETRANSMISSIONS, 0x54 /* T */);
    }
  }
}

function setState(s: Float64Array, e: number, state: ZeekEndpointState): void {
  if (state === s[e + E.STATE]) return;
  s[e + E.PREV_STATE] = s[e + E.STATE];
  s[e + E.STATE] = state;
}

function restart(s: Float64Array, e: number, seq: number, seqEnd: number): void {
  s[e + E.START_SEQ] = s[e + E.ACK_SEQ] = seq;
  s[e + E.LAST_SEQ] = seqEnd;
}

/** Zeek's `Size()`: bytes of sequence space sent, without the SYN and FIN octets. */
function size(s: Float64Array, e: number, peer: number): number {
  if (s[e + E.PREV_STATE] === ZeekEndpointState.SYN_SENT && (s[e + E.STATE] | 0) === ZeekEndpointState.RESET && (s[peer + E.STATE] | 0) === ZeekEndpointState.INACTIVE) {
    return 0;
  }
  const last = seqDelta(s[e + E.LAST_SEQ], s[e + E.START_SEQ]);
  const acked = seqDelta(s[e + E.ACK_SEQ], s[e + E.START_SEQ]);
  let n = Math.max(last, acked, 0);
  if (n !== 0) n--;
  if (s[e + E.FIN_COUNT] > 0 && n !== 0) n--;
  return n;
}

function initEndpoint(s: Float64Array, e: number, syn: boolean, seq: number, seqEnd: number): void {
  switch (s[e + E.STATE] | 0) {
    case ZeekEndpointState.INACTIVE:
      if (syn) {
        s[e + E.START_SEQ] = s[e + E.ACK_SEQ] = seq;
        s[e + E.LAST_SEQ] = seqEnd;
      } else {
        // A partial connection: numbered as though a SYN came just before; its first data is no retransmission.
        s[e + E.START_SEQ] = s[e + E.ACK_SEQ] = (seq - 1) >>> 0;
        s[e + E.LAST_SEQ] = seq;
      }
      break;
    case ZeekEndpointState.SYN_SENT:
    case ZeekEndpointState.SYN_ACK_SENT:
      if (syn && seq !== s[e + E.START_SEQ]) restart(s, e, seq, seqEnd);
      break;
    case ZeekEndpointState.ESTABLISHED:
    case ZeekEndpointState.PARTIAL:
      if (syn) restart(s, e, seq, seqEnd);
      break;
    case ZeekEndpointState.RESET:
      if (syn && s[e + E.PREV_STATE] === ZeekEndpointState.INACTIVE) restart(s, e, seq, seqEnd);
      break;
  }
}

/** `orig`: the originator's offset (the one Zeek's `UpdateStateMachine` asks about as `orig`). */
function updateStateMachine(s: Float64Array, e: number, peer: number, orig: number, isOrig: boolean, flags: number, seq: number, len: number): void {
  const syn = (flags & TcpFlag.SYN) !== 0;
  const fin = (flags & TcpFlag.FIN) !== 0;
  const rst = (flags & TcpFlag.RST) !== 0;
  const ack = (flags & TcpFlag.ACK) !== 0;
  const state = s[e + E.STATE] | 0;
  switch (state) {
    case ZeekEndpointState.INACTIVE:
      if (syn) {
        if (isOrig) {
          setState(s, e, ack ? ZeekEndpointState.SYN_ACK_SENT : ZeekEndpointState.SYN_SENT);
        } else {
          if (!ack && (s[peer + E.STATE] | 0) === ZeekEndpointState.SYN_ACK_SENT && seq === s[e + E.START_SEQ]) setState(s, peer, ZeekEndpointState.ESTABLISHED);
          if ((s[peer + E.STATE] | 0) === ZeekEndpointState.SYN_SENT) setState(s, peer, ZeekEndpointState.ESTABLISHED);
          setState(s, e, ZeekEndpointState.ESTABLISHED);
        }
      }
      if (fin) setState(s, e, ZeekEndpointState.CLOSED);
      if (rst) setState(s, e, ZeekEndpointState.RESET);
      if ((s[e + E.STATE] | 0) === ZeekEndpointState.INACTIVE) {
        if (!isOrig && len === 0 && (s[orig + E.STATE] | 0) === ZeekEndpointState.SYN_SENT) {
          // An ACK of the SYN before the SYN+ACK does not make a partial connection.
        } else if (ack && (s[peer + E.STATE] | 0) === ZeekEndpointState.ESTABLISHED) {
          setState(s, e, ZeekEndpointState.ESTABLISHED);
        } else {
          setState(s, e, ZeekEndpointState.PARTIAL);
        }
      }
      break;
    case ZeekEndpointState.SYN_SENT:
    case ZeekEndpointState.SYN_ACK_SENT:
      if (fin) setState(s, e, ZeekEndpointState.CLOSED);
      if (rst) setState(s, e, ZeekEndpointState.RESET);
      break;
    case ZeekEndpointState.ESTABLISHED:
    case ZeekEndpointState.PARTIAL:
      if (syn && state === ZeekEndpointState.PARTIAL && (s[peer + E.STATE] | 0) === ZeekEndpointState.INACTIVE && !ack) {
        setState(s, e, ZeekEndpointState.SYN_SENT);
      }
      if (fin && !rst) {
        setState(s, e, ZeekEndpointState.CLOSED);
        // The peer's FIN followed by its RST was a normal close after all.
        if ((s[peer + E.STATE] | 0) === ZeekEndpointState.RESET && s[peer + E.PREV_STATE] === ZeekEndpointState.CLOSED) setState(s, peer, ZeekEndpointState.CLOSED);
      }
      if (rst) setState(s, e, ZeekEndpointState.RESET);
      break;
    case ZeekEndpointState.CLOSED:
      if (rst && (s[peer + E.STATE] | 0) !== ZeekEndpointState.CLOSED) setState(s, e, ZeekEndpointState.RESET);
      break;
    case ZeekEndpointState.RESET:
      break;
  }
}
