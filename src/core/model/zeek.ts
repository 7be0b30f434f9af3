/**
 * Zeek's conn.log `conn_state` and `history` for one connection, which
 * analysts already know. This replays Zeek's own TCP endpoint tracking
 * (`TCPSessionAdapter::Process` and `UpdateStateMachine` in
 * src/packet_analysis/protocol/tcp/TCPSessionAdapter.cc, `conn_state()` in
 * scripts/base/protocols/conn/main.zeek) over the connection's packets,
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

class ZeekEndpoint {
  state = ZeekEndpointState.INACTIVE;
  prevState = ZeekEndpointState.INACTIVE;
  startSeq = 0;
  lastSeq = 0;
  ackSeq = 0;
  finCount = 0;
  histLastSyn = 0;
  histLastFin = 0;
  histLastRst = 0;
  /** Counters and next thresholds of the letters Zeek writes at 1, 10, 100… occurrences. */
  retransmissions = 0;
  retransmissionMark = 1;
  zeroWindows = 0;
  zeroWindowMark = 1;
  gaps = 0;
  gapMark = 1;

  constructor(readonly isOrig: boolean) {}

  reset(): void {
    this.state = this.prevState = ZeekEndpointState.INACTIVE;
    this.startSeq = this.lastSeq = this.ackSeq = this.finCount = 0;
    this.histLastSyn = this.histLastFin = this.histLastRst = 0;
    this.retransmissions = this.zeroWindows = this.gaps = 0;
    this.retransmissionMark = this.zeroWindowMark = this.gapMark = 1;
  }

  setState(state: ZeekEndpointState): void {
    if (state === this.state) return;
    this.prevState = this.state;
    this.state = state;
  }

  /** Zeek's `Size()`: bytes of sequence space sent, without the SYN and FIN octets. */
  size(peer: ZeekEndpoint): number {
    if (this.prevState === ZeekEndpointState.SYN_SENT && this.state === ZeekEndpointState.RESET && peer.state === ZeekEndpointState.INACTIVE) {
      return 0;
    }
    const last = seqDelta(this.lastSeq, this.startSeq);
    const acked = seqDelta(this.ackSeq, this.startSeq);
    let size = Math.max(last, acked, 0);
    if (size !== 0) size--;
    if (this.finCount > 0 && size !== 0) size--;
    return size;
  }
}

function restart(e: ZeekEndpoint, seq: number, seqEnd: number): void {
  e.startSeq = e.ackSeq = seq;
  e.lastSeq = seqEnd;
}

/** The columns the replay reads (packet-indexed). */
export interface ZeekInput {
  readonly flags: Uint8Array;
  readonly seqRaw: Uint32Array;
  readonly ackRaw: Uint32Array;
  readonly len: Uint32Array;
  readonly win: Uint32Array;
  readonly dir: Uint8Array;
  readonly events: Uint16Array;
}

export interface ZeekSummary {
  readonly state: ZeekConnState;
  readonly history: string;
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
   * and long histories) in a map, so the table stays small.
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

/** Replays one connection at a time; reusable. */
export class ZeekReplay {
  private readonly orig = new ZeekEndpoint(true);
  private readonly resp = new ZeekEndpoint(false);
  private readonly histories = new HistoryTrie();
  /** The history so far: a node of `histories`. */
  private history = 0;
  private histSeen = 0;
  private c!: ZeekInput;
  /** The last run's `conn_state` and history. */
  state: ZeekConnState = 'OTH';
  historyText = '';

  /** The summary of the connection made of these packets (indexes into the columns, in capture order). */
  run(columns: ZeekInput, packets: ArrayLike<number>): ZeekSummary {
    this.runRange(columns, packets, 0, packets.length);
    return { state: this.state, history: this.historyText };
  }

  /**
   * The same for the packets `packets[from]` … `packets[to - 1]`, without a
   * summary object: the answer is in `state` and `historyText`.
   */
  runRange(columns: ZeekInput, packets: ArrayLike<number>, from: number, to: number): void {
    this.c = columns;
    this.orig.reset();
    this.resp.reset();
    this.histSeen = 0;
    this.history = to > from && columns.dir[packets[from]] !== 0 ? this.histories.child(0, CARET) : 0;
    for (let k = from; k < to; k++) this.process(packets[k]);
    this.historyText = this.histories.text(this.history);
    this.state = this.connState();
  }

  /** `code`: the letter's char code, upper case. */
  private add(endpoint: ZeekEndpoint, code: number): void {
    this.history = this.histories.child(this.history, endpoint.isOrig ? code : code + LOWER);
  }

  /** Zeek's `CheckHistory`: adds the letter the first time; true when it was seen before. */
  private check(endpoint: ZeekEndpoint, mask: number, code: number): boolean {
    const bit = endpoint.isOrig ? mask : mask << 16;
    if ((this.histSeen & bit) !== 0) return true;
    this.histSeen |= bit;
    this.add(endpoint, code);
    return false;
  }

  private process(i: number): void {
    const c = this.c;
    const isOrig = c.dir[i] === 0;
    const endpoint = isOrig ? this.orig : this.resp;
    const peer = isOrig ? this.resp : this.orig;
    const flags = c.flags[i];
    const syn = (flags & TcpFlag.SYN) !== 0;
    const fin = (flags & TcpFlag.FIN) !== 0;
    const rst = (flags & TcpFlag.RST) !== 0;
    const ack = (flags & TcpFlag.ACK) !== 0;
    const len = c.len[i];
    const seq = c.seqRaw[i];
    const ackSeq = c.ackRaw[i];
    const segmentLength = len + (syn ? 1 : 0) + (fin ? 1 : 0) - (rst ? len : 0);
    const seqEnd = (seq + segmentLength) >>> 0;

    this.initEndpoint(endpoint, syn, seq, seqEnd);
    const relSeq = seqDelta(seq, endpoint.startSeq);
    this.updateHistory(endpoint, flags, relSeq, len);
    if (c.win[i] === 0 && !rst && peer.state !== ZeekEndpointState.CLOSED && endpoint.state !== ZeekEndpointState.RESET) {
      this.scaled(endpoint, 0x57 /* W */, 'zeroWindows', 'zeroWindowMark');
    }
    if (fin) endpoint.finCount++;
    if (ack) {
      if (peer.state === ZeekEndpointState.INACTIVE) {
        peer.startSeq = peer.ackSeq = peer.lastSeq = (ackSeq - 1) >>> 0;
      } else if (!rst) {
        const delta = seqDelta(ackSeq, peer.ackSeq);
        if (!(ackSeq === 0 && delta > TOO_LARGE_SEQ_DELTA) && delta > 0) peer.ackSeq = ackSeq;
      }
      // The acknowledgement covers data of the peer's that the capture did not show: Zeek's content gap.
      if (c.events[i] & TcpEvent.ACKED_UNSEEN_SEGMENT) this.scaled(peer, 0x47 /* G */, 'gaps', 'gapMark');
    }
    this.updateLastSeq(endpoint, seqEnd, flags, len);
    this.updateStateMachine(endpoint, peer, isOrig, flags, seq, len);
  }

  private initEndpoint(e: ZeekEndpoint, syn: boolean, seq: number, seqEnd: number): void {
    switch (e.state) {
      case ZeekEndpointState.INACTIVE:
        if (syn) {
          e.startSeq = e.ackSeq = seq;
          e.lastSeq = seqEnd;
        } else {
          // A partial connection: numbered as though a SYN came just before; its first data is no retransmission.
          e.startSeq = e.ackSeq = (seq - 1) >>> 0;
          e.lastSeq = seq;
        }
        break;
      case ZeekEndpointState.SYN_SENT:
      case ZeekEndpointState.SYN_ACK_SENT:
        if (syn && seq !== e.startSeq) restart(e, seq, seqEnd);
        break;
      case ZeekEndpointState.ESTABLISHED:
      case ZeekEndpointState.PARTIAL:
        if (syn) restart(e, seq, seqEnd);
        break;
      case ZeekEndpointState.RESET:
        if (syn && e.prevState === ZeekEndpointState.INACTIVE) restart(e, seq, seqEnd);
        break;
    }
  }

  private updateHistory(e: ZeekEndpoint, flags: number, relSeq: number, len: number): void {
    const syn = (flags & TcpFlag.SYN) !== 0;
    const fin = (flags & TcpFlag.FIN) !== 0;
    const rst = (flags & TcpFlag.RST) !== 0;
    const bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
    if (bits > 1) {
      if (fin && rst) this.check(e, Hist.FIN_RST, 0x49 /* I */);
      else this.check(e, Hist.MULTI_FLAG, 0x51 /* Q */);
    } else if (bits === 1) {
      if (syn) {
        const code = flags & TcpFlag.ACK ? 0x48 /* H */ : 0x53; /* S */
        if (this.check(e, Hist.SYN, code) && relSeq !== e.histLastSyn) this.add(e, code);
        e.histLastSyn = relSeq;
      }
      if (fin) {
        // A FIN's sequence number is at the end of any data it carries.
        const at = relSeq + len;
        if (this.check(e, Hist.FIN, 0x46 /* F */) && at !== e.histLastFin) this.add(e, 0x46);
        e.histLastFin = at;
      }
      if (rst) {
        if (this.check(e, Hist.RST, 0x52 /* R */) && relSeq !== e.histLastRst) this.add(e, 0x52);
        e.histLastRst = relSeq;
      }
    } else if (len > 0) {
      this.check(e, Hist.DATA, 0x44 /* D */);
    } else if (flags & TcpFlag.ACK) {
      this.check(e, Hist.ACK, 0x41 /* A */);
    }
  }

  /** Zeek's `ScaledHistoryEntry`: the letter at the 1st, 10th, 100th… occurrence. */
  private scaled(e: ZeekEndpoint, code: number, counter: 'retransmissions' | 'zeroWindows' | 'gaps', mark: 'retransmissionMark' | 'zeroWindowMark' | 'gapMark'): void {
    e[counter]++;
    if (e[counter] === e[mark]) {
      this.add(e, code);
      e[mark] *= 10;
    }
  }

  private updateLastSeq(e: ZeekEndpoint, seqEnd: number, flags: number, len: number): void {
    const deltaLast = seqDelta(seqEnd, e.lastSeq);
    const synOrRst = (flags & (TcpFlag.SYN | TcpFlag.RST)) !== 0;
    if (synOrRst && (deltaLast > TOO_LARGE_SEQ_DELTA || deltaLast < -TOO_LARGE_SEQ_DELTA)) {
      // Sequence numbers of such SYNs and RSTs are not trusted.
    } else if (flags & TcpFlag.FIN && e.lastSeq === ((e.startSeq + 1) >>> 0)) {
      e.lastSeq = seqEnd;
    } else if (e.state === ZeekEndpointState.RESET) {
      // Nothing after a reset is trusted.
    } else if (deltaLast > 0) {
      e.lastSeq = seqEnd;
    } else if (len > 0) {
      this.scaled(e, 0x54 /* T */, 'retransmissions', 'retransmissionMark');
    }
  }

  private updateStateMachine(e: ZeekEndpoint, peer: ZeekEndpoint, isOrig: boolean, flags: number, seq: number, len: number): void {
    const syn = (flags & TcpFlag.SYN) !== 0;
    const fin = (flags & TcpFlag.FIN) !== 0;
    const rst = (flags & TcpFlag.RST) !== 0;
    const ack = (flags & TcpFlag.ACK) !== 0;
    switch (e.state) {
      case ZeekEndpointState.INACTIVE:
        if (syn) {
          if (isOrig) {
            e.setState(ack ? ZeekEndpointState.SYN_ACK_SENT : ZeekEndpointState.SYN_SENT);
          } else {
            if (!ack && peer.state === ZeekEndpointState.SYN_ACK_SENT && seq === e.startSeq) peer.setState(ZeekEndpointState.ESTABLISHED);
            if (peer.state === ZeekEndpointState.SYN_SENT) peer.setState(ZeekEndpointState.ESTABLISHED);
            e.setState(ZeekEndpointState.ESTABLISHED);
          }
        }
        if (fin) e.setState(ZeekEndpointState.CLOSED);
        if (rst) e.setState(ZeekEndpointState.RESET);
        if (e.state === ZeekEndpointState.INACTIVE) {
          if (!isOrig && len === 0 && this.orig.state === ZeekEndpointState.SYN_SENT) {
            // An ACK of the SYN before the SYN+ACK does not make a partial connection.
          } else if (ack && peer.state === ZeekEndpointState.ESTABLISHED) {
            e.setState(ZeekEndpointState.ESTABLISHED);
          } else {
            e.setState(ZeekEndpointState.PARTIAL);
          }
        }
        break;
      case ZeekEndpointState.SYN_SENT:
      case ZeekEndpointState.SYN_ACK_SENT:
        if (fin) e.setState(ZeekEndpointState.CLOSED);
        if (rst) e.setState(ZeekEndpointState.RESET);
        break;
      case ZeekEndpointState.ESTABLISHED:
      case ZeekEndpointState.PARTIAL:
        if (syn && e.state === ZeekEndpointState.PARTIAL && peer.state === ZeekEndpointState.INACTIVE && !ack) {
          e.setState(ZeekEndpointState.SYN_SENT);
        }
        if (fin && !rst) {
          e.setState(ZeekEndpointState.CLOSED);
          // The peer's FIN followed by its RST was a normal close after all.
          if (peer.state === ZeekEndpointState.RESET && peer.prevState === ZeekEndpointState.CLOSED) peer.setState(ZeekEndpointState.CLOSED);
        }
        if (rst) e.setState(ZeekEndpointState.RESET);
        break;
      case ZeekEndpointState.CLOSED:
        if (rst && peer.state !== ZeekEndpointState.CLOSED) e.setState(ZeekEndpointState.RESET);
        break;
      case ZeekEndpointState.RESET:
        break;
    }
  }

  /** `conn_state()` of base/protocols/conn/main.zeek. */
  private connState(): ZeekConnState {
    const os = this.orig.state;
    const rs = this.resp.state;
    const oInactive = os === ZeekEndpointState.INACTIVE || os === ZeekEndpointState.PARTIAL;
    const rInactive = rs === ZeekEndpointState.INACTIVE || rs === ZeekEndpointState.PARTIAL;
    if (rs === ZeekEndpointState.RESET) {
      if (
        os === ZeekEndpointState.SYN_SENT ||
        os === ZeekEndpointState.SYN_ACK_SENT ||
        (os === ZeekEndpointState.RESET && this.orig.size(this.resp) === 0 && this.resp.size(this.orig) === 0)
      ) {
        return 'REJ';
      }
      return oInactive ? 'RSTRH' : 'RSTR';
    }
    if (os === ZeekEndpointState.RESET) {
      if (rInactive) return /^\^?S[^HAFGIQ]*R/.test(this.histories.text(this.history)) ? 'RSTOS0' : 'OTH';
      return 'RSTO';
    }
    if (rs === ZeekEndpointState.CLOSED && os === ZeekEndpointState.CLOSED) return 'SF';
    if (os === ZeekEndpointState.CLOSED) return rInactive ? 'SH' : 'S2';
    if (rs === ZeekEndpointState.CLOSED) return oInactive ? 'SHR' : 'S3';
    if (os === ZeekEndpointState.SYN_SENT && rs === ZeekEndpointState.INACTIVE) return 'S0';
    if (os === ZeekEndpointState.ESTABLISHED && rs === ZeekEndpointState.ESTABLISHED) return 'S1';
    return 'OTH';
  }
}
