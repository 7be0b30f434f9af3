import { IcmpError } from '../icmpErrors';
import { TcpFlag } from '../packets';
import { EndpointState, newEndpoint } from './stateMachine';
import { Close, Handshake, TcpState } from './vocabulary';

export const C2S = 0;
export const S2C = 1;
export type Direction = typeof C2S | typeof S2C;

/**
 * Zero for fields that will hold times or raw 32-bit numbers: -0 is not a
 * small integer to V8, so these fields hold floating-point numbers from the
 * start, rather than switching to them at the first time or large number
 * (which throws away the compiled code that reads them).
 */
const FLOAT_ZERO = -0;

/**
 * One direction of a connection, as Wireshark's sequence analysis tracks it
 * (`tcp_flow_t` and its `tcp_analyze_seq_info`). Sequence and acknowledgement
 * numbers here are relative to `base`, and 0 means "not seen yet", exactly as
 * in Wireshark, so its rules carry over unchanged.
 */
export class Flow {
  baseSet = false;
  /** Raw number that relative numbers of this direction count from (the ISN, or seq − 1 without a SYN). */
  base = FLOAT_ZERO;
  nextSeq = 0;
  nextSeqTime = FLOAT_ZERO;
  maxSeqToBeAcked = 0;
  lastAck = 0;
  lastAckTime = FLOAT_ZERO;
  /** Last window field seen in this direction, -1 before any. */
  window = -1;
  dupAckCount = 0;
  /** Event bits of this direction's previous segment. */
  lastSegmentEvents = 0;
  /** Window scale shift from this direction's SYN: -1 no SYN seen, -2 SYN without the option. */
  windowScaleOffered = -1;

  /** Facts for states and classification. */
  sentSyn = false;
  sentSynAck = false;
  /** Relative sequence number just past this direction's FIN, 0 when no FIN sent. */
  finEnd = 0;
  /** Packet index of the FIN that this direction sent first, -1 if none; its frame number and time. */
  firstFinIndex = -1;
  firstFinFrame = 0;
  firstFinTime = FLOAT_ZERO;
  /** Whether that first FIN also acknowledged the peer's FIN. */
  firstFinAcksPeerFin = false;
  /** Whether a segment before this direction's own FIN acknowledged the peer's FIN. */
  ackedPeerFinBeforeOwnFin = false;
  sentRst = false;
  sentAnything = false;
  lastSegmentTime = FLOAT_ZERO;
  /** Whether the peer sent data, SYN or FIN since this direction's last segment (text input: keep-alive inference). */
  peerAdvancedSinceLast = true;
  /** Raw value of this direction's last acknowledgement, for inferring the peer's missing sequence numbers. */
  lastAckRaw = FLOAT_ZERO;
  lastAckRawSet = false;
}

/** Shared by the connections without a client SYN (made a list of their own at the first). */
const NO_FRAMES = Object.freeze([]) as unknown as number[];

export class Connection {
  readonly flows: [Flow, Flow] = [new Flow(), new Flow()];
  /** Both endpoints' RFC 793 states, client first (`C2S`), as far as the packets applied so far take them. */
  readonly endpoints: [EndpointState, EndpointState];
  /**
   * Packets (and ICMP errors) whose state changes wait for a fact still to
   * come: whether the receiver of a SYN will answer it (see
   * `ConnectionStates`). Null when nothing waits.
   */
  pendingStates: number[] | null = null;
  packets = 0;
  /** Packets that carried each `TcpEvent` bit (bit k at index k), where they are counted (a summary); null before the first. */
  eventCounts: Uint32Array | null = null;
  readonly bytes: [number, number] = [0, 0];
  lastIndex: number;
  /** Frame number and time of the first and the last packet, flags of the first. */
  readonly firstFrame: number;
  readonly firstTime: number;
  readonly firstFlags: number;
  lastFrame: number;
  lastTime: number;
  /** Frame numbers of the client's SYNs (without ACK). */
  clientSynFrames: number[] = NO_FRAMES;
  completeness = 0;
  /** The first segment's completeness bits by the rule of later segments (see `recordCompleteness`). */
  firstSegmentCompleteness = 0;
  /** Wireshark's initial RTT (SYN to the handshake's ACK), -1 when not seen. */
  rtt = -1;
  lastSynTime = -1;
  /** The client acknowledged the server's SYN (ack of ISN + 1) after a SYN+ACK. */
  clientAckedSynAck = false;
  /** Packet index of the first RST its receiver accepts, and of the first it ignores (RFC 5961); -1 if none. */
  firstResetIndex = -1;
  firstIgnoredResetIndex = -1;
  /** Frame number and direction of the reset a finding reports: the first accepted one, else the first ignored one. */
  resetFrame = 0;
  resetDir: Direction = C2S;
  /** ICMP destination unreachable messages about this connection's segments, with the direction of the quoted segment. */
  readonly icmpErrors: { readonly error: IcmpError; readonly dir: Direction }[] = [];
  handshake: Handshake = 'not-captured';
  close: Close = 'open';
  finalClientState: TcpState = TcpState.UNKNOWN;
  finalServerState: TcpState = TcpState.UNKNOWN;

  constructor(
    readonly id: number,
    readonly clientAddress: number,
    readonly clientPort: number,
    readonly serverAddress: number,
    readonly serverPort: number,
    /** Packet index of the first packet, its frame number, time and flags. */
    readonly firstIndex: number,
    firstFrame: number,
    firstTime: number,
    firstFlags: number,
  ) {
    this.lastIndex = firstIndex;
    this.firstFrame = this.lastFrame = firstFrame;
    this.firstTime = this.lastTime = firstTime;
    this.firstFlags = firstFlags;
    const [client, server] = initialStates(firstFlags);
    this.endpoints = [newEndpoint(client), newEndpoint(server)];
  }

  /** Window scale shift in effect for a direction, or -1 when unknown (RFC 7323: only when both SYNs offered it). */
  windowShift(dir: Direction): number {
    const mine = this.flows[dir].windowScaleOffered;
    const peer = this.flows[1 - dir].windowScaleOffered;
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
  if (!(firstFlags & TcpFlag.SYN)) return [TcpState.UNKNOWN, TcpState.UNKNOWN];
  return [firstFlags & TcpFlag.ACK ? TcpState.SYN_SENT : TcpState.CLOSED, TcpState.CLOSED];
}
