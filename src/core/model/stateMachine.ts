/**
 * The RFC 793 state of each endpoint, as far as a capture point can tell.
 * Every segment moves its sender (after sending it) and its receiver (after
 * receiving it); acknowledgements are applied before a FIN on the same
 * segment, so FIN+ACK closes take FIN_WAIT_1 → FIN_WAIT_2 → TIME_WAIT in one
 * step as the receiving stack does.
 *
 * What a capture cannot see is decided like this:
 * - the receiver of a SYN that never answers it with SYN+ACK has no
 *   connection (CLOSED), as the kernel's socket table shows for dropped and
 *   refused SYNs; one that will answer is SYN_RECEIVED;
 * - an endpoint seen only mid-connection stays UNKNOWN until it sends an
 *   acknowledgement without SYN/FIN/RST, which only a synchronised endpoint
 *   sends and, with no FIN seen, only ESTABLISHED does;
 * - TIME_WAIT does not time out: the capture point cannot see 2·MSL pass.
 */
import { TcpFlag } from '../packets';
import { seqGreater } from '../sequenceSpace';
import { TcpState } from './vocabulary';

export interface EndpointState {
  state: TcpState;
  /** Relative sequence number just past the SYN this endpoint sent (its ISN + 1), or 0. */
  synEnd: number;
  /** Relative sequence number just past the FIN this endpoint sent, or 0. */
  finEnd: number;
}

export function newEndpoint(state: TcpState): EndpointState {
  return { state, synEnd: 0, finEnd: 0 };
}

/** `acksPeerFin`: the segment acknowledges the peer's FIN (false too when the peer sent none). */
export function onSend(e: EndpointState, flags: number, seqEnd: number, acksPeerFin: boolean): void {
  if (flags & TcpFlag.RST) {
    e.state = TcpState.CLOSED;
    return;
  }
  if (flags & TcpFlag.SYN) {
    e.synEnd = seqEnd;
    if (flags & TcpFlag.ACK) {
      if (e.state !== TcpState.ESTABLISHED) e.state = TcpState.SYN_RECEIVED;
    } else if (e.state === TcpState.CLOSED || e.state === TcpState.UNKNOWN || e.state === TcpState.LISTEN) {
      e.state = TcpState.SYN_SENT;
    }
  }
  if (flags & TcpFlag.FIN) {
    if (e.finEnd === 0 || seqGreater(seqEnd, e.finEnd)) e.finEnd = seqEnd;
    switch (e.state) {
      case TcpState.CLOSE_WAIT:
        // A FIN that does not acknowledge the peer's was sent before that one arrived: a simultaneous close.
        e.state = acksPeerFin ? TcpState.LAST_ACK : TcpState.CLOSING;
        break;
      case TcpState.ESTABLISHED:
      case TcpState.SYN_RECEIVED:
      case TcpState.UNKNOWN:
        e.state = TcpState.FIN_WAIT_1;
        break;
    }
    return;
  }
  if (e.state === TcpState.UNKNOWN && flags & TcpFlag.ACK && !(flags & TcpFlag.SYN)) {
    e.state = TcpState.ESTABLISHED;
  }
}

/**
 * Whether a segment leaves both endpoints as they are, whatever its numbers:
 * without SYN, FIN or RST, it moves its sender only out of UNKNOWN
 * (`onSend`), and its receiver only by an acknowledgement in the states
 * `applyAck` moves. Most segments of a capture are such, and skip the rest.
 */
export function changesNoState(flags: number, sender: TcpState, receiver: TcpState): boolean {
  if (flags & (TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST) || sender === TcpState.UNKNOWN) return false;
  if (!(flags & TcpFlag.ACK)) return true;
  return receiver !== TcpState.SYN_RECEIVED && receiver !== TcpState.FIN_WAIT_1 && receiver !== TcpState.CLOSING && receiver !== TcpState.LAST_ACK;
}

/**
 * `answersSyn`: whether this endpoint will answer the peer's SYN with a
 * SYN+ACK in this connection (known after the first pass).
 */
export function onReceive(e: EndpointState, flags: number, ack: number, answersSyn: boolean): void {
  if (flags & TcpFlag.RST) {
    e.state = TcpState.CLOSED;
    return;
  }
  if (flags & TcpFlag.SYN) {
    if (flags & TcpFlag.ACK) {
      if (e.state === TcpState.SYN_SENT || e.state === TcpState.SYN_RECEIVED) e.state = TcpState.ESTABLISHED;
    } else if (e.state === TcpState.SYN_SENT) {
      e.state = TcpState.SYN_RECEIVED;
    } else if (e.state === TcpState.CLOSED || e.state === TcpState.UNKNOWN || e.state === TcpState.LISTEN) {
      e.state = answersSyn ? TcpState.SYN_RECEIVED : TcpState.CLOSED;
    }
    return;
  }
  if (flags & TcpFlag.ACK) applyAck(e, ack);
  if (flags & TcpFlag.FIN) {
    switch (e.state) {
      case TcpState.ESTABLISHED:
      case TcpState.SYN_RECEIVED:
      case TcpState.UNKNOWN:
        e.state = TcpState.CLOSE_WAIT;
        break;
      case TcpState.FIN_WAIT_1:
        e.state = TcpState.CLOSING;
        break;
      case TcpState.FIN_WAIT_2:
        e.state = TcpState.TIME_WAIT;
        break;
    }
  }
}

function acks(ack: number, end: number): boolean {
  return end !== 0 && !seqGreater(end, ack);
}

function applyAck(e: EndpointState, ack: number): void {
  switch (e.state) {
    case TcpState.SYN_RECEIVED:
      if (e.synEnd === 0 || acks(ack, e.synEnd)) e.state = TcpState.ESTABLISHED;
      break;
    case TcpState.FIN_WAIT_1:
      if (acks(ack, e.finEnd)) e.state = TcpState.FIN_WAIT_2;
      break;
    case TcpState.CLOSING:
      if (acks(ack, e.finEnd)) e.state = TcpState.TIME_WAIT;
      break;
    case TcpState.LAST_ACK:
      if (acks(ack, e.finEnd)) e.state = TcpState.CLOSED;
      break;
  }
}

/**
 * An ICMP destination unreachable about this endpoint's segment: a hard
 * error aborts a connection still being opened (RFC 1122 4.2.3.9); an
 * established connection ignores it, as do soft errors.
 */
export function onIcmpUnreachable(e: EndpointState, hard: boolean): void {
  e.state = stateAfterIcmpUnreachable(e.state, hard);
}

export function stateAfterIcmpUnreachable(state: TcpState, hard: boolean): TcpState {
  return hard && (state === TcpState.SYN_SENT || state === TcpState.SYN_RECEIVED) ? TcpState.CLOSED : state;
}
