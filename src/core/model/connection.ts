import { IcmpError } from '../icmpErrors';
import { Close, Handshake, TcpState } from './vocabulary';

export const C2S = 0;
export const S2C = 1;
export type Direction = typeof C2S | typeof S2C;

/**
 * One direction of a connection, as Wireshark's sequence analysis tracks it
 * (`tcp_flow_t` and its `tcp_analyze_seq_info`). Sequence and acknowledgement
 * numbers here are relative to `base`, and 0 means "not seen yet", exactly as
 * in Wireshark, so its rules carry over unchanged.
 */
export class Flow {
  baseSet = false;
  /** Raw number that relative numbers of this direction count from (the ISN, or seq − 1 without a SYN). */
  base = 0;
  nextSeq = 0;
  nextSeqTime = 0;
  maxSeqToBeAcked = 0;
  lastAck = 0;
  lastAckTime = 0;
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
  /** Frame index of the FIN that this direction sent first, -1 if none. */
  firstFinIndex = -1;
  /** Whether that first FIN also acknowledged the peer's FIN. */
  firstFinAcksPeerFin = false;
  /** Whether a segment before this direction's own FIN acknowledged the peer's FIN. */
  ackedPeerFinBeforeOwnFin = false;
  sentRst = false;
  sentAnything = false;
  lastSegmentTime = 0;
  /** Whether the peer sent data, SYN or FIN since this direction's last segment (text input: keep-alive inference). */
  peerAdvancedSinceLast = true;
  /** Raw value of this direction's last acknowledgement, for inferring the peer's missing sequence numbers. */
  lastAckRaw = 0;
  lastAckRawSet = false;
}

export class Connection {
  readonly flows: [Flow, Flow] = [new Flow(), new Flow()];
  packets = 0;
  readonly bytes: [number, number] = [0, 0];
  lastIndex: number;
  completeness = 0;
  /** Wireshark's initial RTT (SYN to the handshake's ACK), -1 when not seen. */
  rtt = -1;
  lastSynTime = -1;
  /** The client acknowledged the server's SYN (ack of ISN + 1) after a SYN+ACK. */
  clientAckedSynAck = false;
  /** Packet index of the first RST its receiver accepts, and of the first it ignores (RFC 5961); -1 if none. */
  firstResetIndex = -1;
  firstIgnoredResetIndex = -1;
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
    /** Packet index of the first packet. */
    readonly firstIndex: number,
  ) {
    this.lastIndex = firstIndex;
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
