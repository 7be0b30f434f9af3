import { IcmpError } from '../icmpErrors';
import { TcpFlag } from '../packets';
import type { EndpointState } from './stateMachine';
import { Close, Handshake, TcpState } from './vocabulary';

export const C2S = 0;
export const S2C = 1;
export type Direction = typeof C2S | typeof S2C;

/**
 * Zero for fields that will hold times or raw 32-bit numbers: -0 is not a
 * small integer to V8, so these fields hold floating-point numbers from the
 * start, rather than switching to them at the first time or large number
 * (which throws away the compiled code that reads them). A flow's times and
 * raw numbers start at -0 too (`resetFlowNumbers`).
 */
const FLOAT_ZERO = -0;

const FLOW_FIELDS = 25;

/**
 * One direction of a connection, as Wireshark's sequence analysis tracks it
 * (`tcp_flow_t` and its `tcp_analyze_seq_info`): where each of its numbers
 * is, from the flow's offset. Sequence and acknowledgement numbers are
 * relative to `BASE`, and 0 means "not seen yet", exactly as in Wireshark, so
 * its rules carry over unchanged. Booleans are 0 or 1.
 *
 * A flow's numbers live in its connection's slot of a shared Float64Array
 * (see `ConnectionStore`) and are read and written in place, with no object
 * per flow: a capture of many connections then holds no object for their
 * flows, which the garbage collector would copy and trace again and again,
 * and the per-packet analysis calls no accessors (a function that calls many
 * runs out of V8's inlining budget, and the rest become calls).
 */
export const enum FlowAt {
  BASE_SET = 0,
  /** Raw number that relative numbers of this direction count from (the ISN, or seq − 1 without a SYN). */
  BASE = 1,
  NEXT_SEQ = 2,
  NEXT_SEQ_TIME = 3,
  MAX_SEQ_TO_BE_ACKED = 4,
  LAST_ACK = 5,
  LAST_ACK_TIME = 6,
  /** Last window field seen in this direction, -1 before any. */
  WINDOW = 7,
  DUP_ACK_COUNT = 8,
  /** Event bits of this direction's previous segment. */
  LAST_SEGMENT_EVENTS = 9,
  /** Window scale shift from this direction's SYN: -1 no SYN seen, -2 SYN without the option. */
  WINDOW_SCALE_OFFERED = 10,
  /** Facts for states and classification. */
  SENT_SYN = 11,
  SENT_SYN_ACK = 12,
  /** Relative sequence number just past this direction's FIN, 0 when no FIN sent. */
  FIN_END = 13,
  /** Packet index of the FIN that this direction sent first, -1 if none; its frame number and time. */
  FIRST_FIN_INDEX = 14,
  FIRST_FIN_FRAME = 15,
  FIRST_FIN_TIME = 16,
  /** Whether that first FIN also acknowledged the peer's FIN. */
  FIRST_FIN_ACKS_PEER_FIN = 17,
  /** Whether a segment before this direction's own FIN acknowledged the peer's FIN. */
  ACKED_PEER_FIN_BEFORE_OWN_FIN = 18,
  SENT_RST = 19,
  SENT_ANYTHING = 20,
  LAST_SEGMENT_TIME = 21,
  /** Whether the peer sent data, SYN or FIN since this direction's last segment (text input: keep-alive inference). */
  PEER_ADVANCED_SINCE_LAST = 22,
  /** Raw value of this direction's last acknowledgement, for inferring the peer's missing sequence numbers. */
  LAST_ACK_RAW = 23,
  LAST_ACK_RAW_SET = 24,
}

/** A flow's numbers (at `o` of `s`, all zeros) as before its first segment. */
function resetFlowNumbers(s: Float64Array, o: number): void {
  s[o + FlowAt.BASE] = FLOAT_ZERO;
  s[o + FlowAt.NEXT_SEQ_TIME] = FLOAT_ZERO;
  s[o + FlowAt.LAST_ACK_TIME] = FLOAT_ZERO;
  s[o + FlowAt.WINDOW] = -1;
  s[o + FlowAt.WINDOW_SCALE_OFFERED] = -1;
  s[o + FlowAt.FIRST_FIN_INDEX] = -1;
  s[o + FlowAt.FIRST_FIN_TIME] = FLOAT_ZERO;
  s[o + FlowAt.LAST_SEGMENT_TIME] = FLOAT_ZERO;
  s[o + FlowAt.PEER_ADVANCED_SINCE_LAST] = 1;
  s[o + FlowAt.LAST_ACK_RAW] = FLOAT_ZERO;
}

/**
 * Where connections' and their flows' numbers are kept: blocks of a few
 * hundred connections' worth, each connection's numbers then its two flows'
 * side by side. A block is freed once all its connections are.
 */
const CONNECTION_FIELDS = 28;
/** An endpoint's RFC 793 state and where its SYN and FIN end (see `EndpointState`). */
export const ENDPOINT_NUMBERS = 3;

/** Where a connection's numbers are, from its offset (what its accessors read; see `FlowAt`). */
export const enum At {
  PACKETS = 0,
  LAST_INDEX = 1,
  FIRST_FRAME = 2,
  FIRST_TIME = 3,
  FIRST_FLAGS = 4,
  LAST_FRAME = 5,
  LAST_TIME = 6,
  COMPLETENESS = 7,
  RTT = 8,
  LAST_SYN_TIME = 9,
  CLIENT_ACKED_SYN_ACK = 10,
  FIRST_RESET_INDEX = 11,
  FIRST_IGNORED_RESET_INDEX = 12,
  RESET_FRAME = 13,
  RESET_DIR = 14,
  FINAL_CLIENT_STATE = 15,
  FINAL_SERVER_STATE = 16,
  FIRST_INDEX = 17,
  /** Payload bytes, client's then server's. */
  BYTES = 18,
  /** How many SYNs the client sent, and the first one's frame. */
  SYN_COUNT = 20,
  FIRST_SYN = 21,
  /** Both endpoints' numbers, client first (`ENDPOINT_NUMBERS` each). */
  ENDPOINTS = 22,
  /** The client's flow's numbers, then the server's (`FLOW_FIELDS` each). */
  FLOWS = 28,
}
export const FLOW_NUMBERS = FLOW_FIELDS;
const SLOT_NUMBERS = CONNECTION_FIELDS + 2 * FLOW_FIELDS;
const BLOCK_SLOTS = 512;

/**
 * The blocks of one analysis's connections (its tracker's), so that they go
 * with it: each new connection object takes the next slot of the current
 * block (a connection object a streamed summary reuses keeps its slot).
 */
export class ConnectionStore {
  /** The block of the slot `nextSlot` gave last. */
  block: Float64Array = new Float64Array(0);
  private used = BLOCK_SLOTS;

  /** A new connection's slot, all zeros: its offset in `block`. */
  nextSlot(): number {
    if (this.used === BLOCK_SLOTS) {
      this.block = new Float64Array(BLOCK_SLOTS * SLOT_NUMBERS);
      this.used = 0;
    }
    return this.used++ * SLOT_NUMBERS;
  }
}

/**
 * An endpoint's RFC 793 state, a view of a connection's numbers: the state
 * machine reads and changes it through a view pointed at one connection at a
 * time (`Connection.endpoint`), so that no connection holds objects for it.
 */
export class EndpointView implements EndpointState {
  s: Float64Array = new Float64Array(ENDPOINT_NUMBERS);
  o = 0;

  get state(): TcpState {
    return (this.s[this.o] | 0) as TcpState;
  }
  set state(v: TcpState) {
    this.s[this.o] = v;
  }
  get synEnd(): number {
    return this.s[this.o + 1];
  }
  set synEnd(v: number) {
    this.s[this.o + 1] = v;
  }
  get finEnd(): number {
    return this.s[this.o + 2];
  }
  set finEnd(v: number) {
    this.s[this.o + 2] = v;
  }
}

/** Shared by the connections without a client SYN (made a list of their own at the first). */
const NO_FRAMES = Object.freeze([]) as unknown as number[];
/** Shared by the connections without an ICMP error (made a list of their own at the first). */
const NO_ICMP_ERRORS = Object.freeze([]) as unknown as Connection['icmpErrors'];

export class Connection {
  /**
   * `s[o]` … are the connection's numbers (see the accessors below), then its
   * flows'. Whole numbers are read back with `| 0`, so that they stay small
   * integers, rather than boxed numbers, in the records made of them.
   */
  readonly s: Float64Array;
  readonly o: number;
  /** Its number and 4-tuple, set as it opens (see `reopen`; read-only to everyone else). */
  id = 0;
  clientAddress = 0;
  clientPort = 0;
  serverAddress = 0;
  serverPort = 0;
  /**
   * Packets (and ICMP errors) whose state changes wait for a fact still to
   * come: whether the receiver of a SYN will answer it (see
   * `ConnectionStates`). Null when nothing waits.
   */
  pendingStates: number[] | null = null;
  /** Packets that carried each `TcpEvent` bit (bit k at index k), where they are counted (a summary); null before the first. */
  eventCounts: Uint32Array | null = null;
  /** The client's SYN frames after the first (which is with the numbers), null before a second. */
  private moreSynFrames: number[] | null = null;
  /** ICMP destination unreachable messages about this connection's segments, with the direction of the quoted segment (shared and empty before the first). */
  icmpErrors: { readonly error: IcmpError; readonly dir: Direction }[] = NO_ICMP_ERRORS;
  /** The first segment's completeness bits by the rule of later segments (see `recordCompleteness`). */
  firstSegmentCompleteness = 0;
  handshake: Handshake = 'not-captured';
  close: Close = 'open';

  constructor(
    store: ConnectionStore,
    id: number,
    clientAddress: number,
    clientPort: number,
    serverAddress: number,
    serverPort: number,
    /** Packet index of the first packet, its frame number, time and flags. */
    firstIndex: number,
    firstFrame: number,
    firstTime: number,
    firstFlags: number,
  ) {
    this.o = store.nextSlot();
    this.s = store.block;
    this.reopen(id, clientAddress, clientPort, serverAddress, serverPort, firstIndex, firstFrame, firstTime, firstFlags);
  }

  /**
   * The object made a new connection's (the constructor's last step): a
   * streamed summary reuses the objects of the connections it wrote out, so
   * that the garbage collector does not copy and then promote new ones by
   * the hundred thousand. Nothing of the old connection is read again.
   */
  reopen(
    id: number,
    clientAddress: number,
    clientPort: number,
    serverAddress: number,
    serverPort: number,
    firstIndex: number,
    firstFrame: number,
    firstTime: number,
    firstFlags: number,
  ): void {
    this.s.fill(0, this.o, this.o + SLOT_NUMBERS);
    this.pendingStates = null;
    this.eventCounts?.fill(0);
    this.moreSynFrames = null;
    this.icmpErrors = NO_ICMP_ERRORS;
    this.firstSegmentCompleteness = 0;
    this.handshake = 'not-captured';
    this.close = 'open';
    resetFlowNumbers(this.s, this.o + At.FLOWS);
    resetFlowNumbers(this.s, this.o + At.FLOWS + FLOW_FIELDS);
    this.id = id;
    this.clientAddress = clientAddress;
    this.clientPort = clientPort;
    this.serverAddress = serverAddress;
    this.serverPort = serverPort;
    const s = this.s;
    const o = this.o;
    s[o + At.LAST_INDEX] = firstIndex;
    s[o + At.FIRST_FRAME] = s[o + At.LAST_FRAME] = firstFrame;
    s[o + At.FIRST_TIME] = s[o + At.LAST_TIME] = firstTime;
    s[o + At.FIRST_FLAGS] = firstFlags;
    s[o + At.RTT] = -1;
    s[o + At.LAST_SYN_TIME] = -1;
    s[o + At.FIRST_RESET_INDEX] = -1;
    s[o + At.FIRST_IGNORED_RESET_INDEX] = -1;
    s[o + At.FINAL_CLIENT_STATE] = TcpState.UNKNOWN;
    s[o + At.FINAL_SERVER_STATE] = TcpState.UNKNOWN;
    s[o + At.FIRST_INDEX] = firstIndex;
    s[o + At.ENDPOINTS] = initialClientState(firstFlags);
    s[o + At.ENDPOINTS + ENDPOINT_NUMBERS] = initialServerState(firstFlags);
  }

  get packets(): number {
    return this.s[this.o + At.PACKETS] | 0;
  }
  set packets(v: number) {
    this.s[this.o + At.PACKETS] = v;
  }
  get lastIndex(): number {
    return this.s[this.o + At.LAST_INDEX] | 0;
  }
  set lastIndex(v: number) {
    this.s[this.o + At.LAST_INDEX] = v;
  }
  /** Frame number and time of the first and the last packet, flags of the first. */
  get firstFrame(): number {
    return this.s[this.o + At.FIRST_FRAME] | 0;
  }
  get firstTime(): number {
    return this.s[this.o + At.FIRST_TIME];
  }
  get firstFlags(): number {
    return this.s[this.o + At.FIRST_FLAGS] | 0;
  }
  get lastFrame(): number {
    return this.s[this.o + At.LAST_FRAME] | 0;
  }
  set lastFrame(v: number) {
    this.s[this.o + At.LAST_FRAME] = v;
  }
  get lastTime(): number {
    return this.s[this.o + At.LAST_TIME];
  }
  set lastTime(v: number) {
    this.s[this.o + At.LAST_TIME] = v;
  }
  get completeness(): number {
    return this.s[this.o + At.COMPLETENESS] | 0;
  }
  set completeness(v: number) {
    this.s[this.o + At.COMPLETENESS] = v;
  }
  /** Wireshark's initial RTT (SYN to the handshake's ACK), -1 when not seen. */
  get rtt(): number {
    return this.s[this.o + At.RTT];
  }
  set rtt(v: number) {
    this.s[this.o + At.RTT] = v;
  }
  get lastSynTime(): number {
    return this.s[this.o + At.LAST_SYN_TIME];
  }
  set lastSynTime(v: number) {
    this.s[this.o + At.LAST_SYN_TIME] = v;
  }
  /** The client acknowledged the server's SYN (ack of ISN + 1) after a SYN+ACK. */
  get clientAckedSynAck(): boolean {
    return this.s[this.o + At.CLIENT_ACKED_SYN_ACK] !== 0;
  }
  set clientAckedSynAck(v: boolean) {
    this.s[this.o + At.CLIENT_ACKED_SYN_ACK] = v ? 1 : 0;
  }
  /** Packet index of the first RST its receiver accepts, and of the first it ignores (RFC 5961); -1 if none. */
  get firstResetIndex(): number {
    return this.s[this.o + At.FIRST_RESET_INDEX] | 0;
  }
  set firstResetIndex(v: number) {
    this.s[this.o + At.FIRST_RESET_INDEX] = v;
  }
  get firstIgnoredResetIndex(): number {
    return this.s[this.o + At.FIRST_IGNORED_RESET_INDEX] | 0;
  }
  set firstIgnoredResetIndex(v: number) {
    this.s[this.o + At.FIRST_IGNORED_RESET_INDEX] = v;
  }
  /** Frame number and direction of the reset a finding reports: the first accepted one, else the first ignored one. */
  get resetFrame(): number {
    return this.s[this.o + At.RESET_FRAME] | 0;
  }
  set resetFrame(v: number) {
    this.s[this.o + At.RESET_FRAME] = v;
  }
  get resetDir(): Direction {
    return (this.s[this.o + At.RESET_DIR] | 0) as Direction;
  }
  set resetDir(v: Direction) {
    this.s[this.o + At.RESET_DIR] = v;
  }
  get finalClientState(): TcpState {
    return (this.s[this.o + At.FINAL_CLIENT_STATE] | 0) as TcpState;
  }
  set finalClientState(v: TcpState) {
    this.s[this.o + At.FINAL_CLIENT_STATE] = v;
  }
  get finalServerState(): TcpState {
    return (this.s[this.o + At.FINAL_SERVER_STATE] | 0) as TcpState;
  }
  set finalServerState(v: TcpState) {
    this.s[this.o + At.FINAL_SERVER_STATE] = v;
  }
  /** Packet index of the first packet. */
  get firstIndex(): number {
    return this.s[this.o + At.FIRST_INDEX] | 0;
  }

  /**
   * Points `view` at the RFC 793 state of endpoint `dir` (the client's:
   * `C2S`), as far as the packets applied so far take it; returns `view`.
   */
  endpoint(dir: Direction, view: EndpointView): EndpointView {
    view.s = this.s;
    view.o = this.o + At.ENDPOINTS + dir * ENDPOINT_NUMBERS;
    return view;
  }

  /** The RFC 793 state of endpoint `dir` (see `endpoint`). */
  endpointState(dir: Direction): TcpState {
    return (this.s[this.o + At.ENDPOINTS + dir * ENDPOINT_NUMBERS] | 0) as TcpState;
  }

  /** Payload bytes sent in direction `dir`. */
  bytesSent(dir: Direction): number {
    return this.s[this.o + At.BYTES + dir];
  }

  /** Frame numbers of the client's SYNs (without ACK), in capture order (a list of its own at each call). */
  get clientSynFrames(): number[] {
    const count = this.s[this.o + At.SYN_COUNT];
    if (count === 0) return NO_FRAMES;
    const first = this.s[this.o + At.FIRST_SYN];
    return this.moreSynFrames === null ? [first] : [first, ...this.moreSynFrames];
  }

  addClientSynFrame(frame: number): void {
    const count = this.s[this.o + At.SYN_COUNT]++;
    if (count === 0) this.s[this.o + At.FIRST_SYN] = frame;
    else if (this.moreSynFrames === null) this.moreSynFrames = [frame];
    else this.moreSynFrames.push(frame);
  }

  /** One number (`FlowAt`) of the flow of direction `dir` (`C2S`: client → server, or `S2C`). */
  flowNumber(dir: number, at: FlowAt): number {
    return this.s[this.o + At.FLOWS + dir * FLOW_FIELDS + at];
  }

  /** Window scale shift in effect for a direction, or -1 when unknown (RFC 7323: only when both SYNs offered it). */
  windowShift(dir: Direction): number {
    const mine = this.s[this.o + At.FLOWS + dir * FLOW_FIELDS + FlowAt.WINDOW_SCALE_OFFERED] | 0;
    const peer = this.s[this.o + At.FLOWS + (1 - dir) * FLOW_FIELDS + FlowAt.WINDOW_SCALE_OFFERED] | 0;
    if (mine === -1 || peer === -1) return -1;
    if (mine === -2 || peer === -2) return 0;
    return mine;
  }
}

/**
 * Client and server states before a connection's first packet: CLOSED at a
 * SYN; at a SYN+ACK the client (its receiver) had sent a SYN; UNKNOWN when
 * the capture begins mid-connection.
 */
export function initialStates(firstFlags: number): [client: TcpState, server: TcpState] {
  return [initialClientState(firstFlags), initialServerState(firstFlags)];
}

/** The client's of `initialStates`, without a pair made. */
export function initialClientState(firstFlags: number): TcpState {
  if (!(firstFlags & TcpFlag.SYN)) return TcpState.UNKNOWN;
  return firstFlags & TcpFlag.ACK ? TcpState.SYN_SENT : TcpState.CLOSED;
}

/** The server's of `initialStates`. */
export function initialServerState(firstFlags: number): TcpState {
  return firstFlags & TcpFlag.SYN ? TcpState.CLOSED : TcpState.UNKNOWN;
}
