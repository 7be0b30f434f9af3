/**
 * Both endpoints' RFC 793 states, packet by packet in one pass (the rules
 * are in stateMachine.ts). A packet's state change may need one fact from
 * later in the capture: whether the receiver of a SYN will answer it with a
 * SYN+ACK (then it is SYN_RECEIVED; else it has no connection, CLOSED). From
 * the first packet that needs it until it is known (the receiver sends its
 * SYN+ACK, or the capture ends) a connection's state changes wait in order,
 * ICMP errors about it included, and are then applied as though it had been
 * known all along.
 */
import { TcpFlag } from '../packets';
import { seqGreater } from '../sequenceSpace';
import { At, ENDPOINT_NUMBERS, EndpointView, FlowAt, type Connection, type Direction } from './connection';
import { changesNoState, onIcmpUnreachable, onReceive, onSend } from './stateMachine';
import { TcpState } from './vocabulary';

/** The states after each packet, by packet index. */
export interface StateColumns {
  readonly srcState: Uint8Array;
  readonly dstState: Uint8Array;
}

const enum Pending {
  PACKET = 0,
  ICMP = 1,
  /** Numbers per waiting entry: kind, packet index (ICMP: 1 when hard), sender, flags, seqEnd, ack, reset ignored. */
  SIZE = 7,
}

export class ConnectionStates {
  /** The views the state machine changes a packet's sender and receiver through (see `Connection.endpoint`). */
  private readonly sender = new EndpointView();
  private readonly receiver = new EndpointView();

  /**
   * `columns`: where each packet's states go; null when only the
   * connections' final states matter. `factsFinal`: every connection's facts
   * are known already (a second pass), so nothing waits.
   */
  constructor(
    private readonly columns: StateColumns | null,
    private readonly factsFinal = false,
  ) {}

  /**
   * Packet `index`, sent in direction `dir`: `seqEnd` is the relative
   * sequence number just past it (SYN and FIN counted), `ack` its relative
   * acknowledgement; an ignored reset (RFC 5961) changes nothing.
   */
  packet(c: Connection, index: number, dir: Direction, flags: number, seqEnd: number, ack: number, resetIgnored: boolean): void {
    if (this.factsFinal || c.pendingStates === null) {
      const s = c.s;
      const at = c.o + At.ENDPOINTS;
      const sender = (s[at + dir * ENDPOINT_NUMBERS] | 0) as TcpState;
      const receiver = (s[at + (1 - dir) * ENDPOINT_NUMBERS] | 0) as TcpState;
      if (changesNoState(flags, sender, receiver)) {
        if (this.columns !== null) {
          this.columns.srcState[index] = sender;
          this.columns.dstState[index] = receiver;
        }
        return;
      }
    }
    if (this.factsFinal || (c.pendingStates === null && !waits(c, dir, flags, resetIgnored))) {
      this.apply(c, index, dir, flags, seqEnd, ack, resetIgnored);
      return;
    }
    (c.pendingStates ??= []).push(Pending.PACKET, index, dir, flags, seqEnd, ack, resetIgnored ? 1 : 0);
    this.settle(c, false);
  }

  /** An ICMP destination unreachable about a segment the endpoint `dir` sent. */
  icmpUnreachable(c: Connection, dir: Direction, hard: boolean): void {
    if (c.pendingStates === null) onIcmpUnreachable(c.endpoint(dir, this.sender), hard);
    else c.pendingStates.push(Pending.ICMP, hard ? 1 : 0, dir, 0, 0, 0, 0);
  }

  /** No more packets will come for the connection: what waits is applied with what is known (which is final). */
  finish(c: Connection): void {
    if (c.pendingStates !== null) this.settle(c, true);
  }

  /** Applies waiting entries in order, up to one that needs a fact still unknown (unless `final`). */
  private settle(c: Connection, final: boolean): void {
    const q = c.pendingStates!;
    let k = 0;
    for (; k < q.length; k += Pending.SIZE) {
      const dir = q[k + 2] as Direction;
      if (q[k] === Pending.ICMP) {
        onIcmpUnreachable(c.endpoint(dir, this.sender), q[k + 1] === 1);
        continue;
      }
      const flags = q[k + 3];
      const ignored = q[k + 6] === 1;
      if (!final && waits(c, dir, flags, ignored)) break;
      this.apply(c, q[k + 1], dir, flags, q[k + 4], q[k + 5], ignored);
    }
    if (k >= q.length) c.pendingStates = null;
    else if (k > 0) q.splice(0, k);
  }

  private apply(c: Connection, index: number, dir: Direction, flags: number, seqEnd: number, ack: number, resetIgnored: boolean): void {
    const sender = c.endpoint(dir, this.sender);
    const receiver = c.endpoint((1 - dir) as Direction, this.receiver);
    if (!resetIgnored) {
      const acksPeerFin = (flags & TcpFlag.ACK) !== 0 && receiver.finEnd !== 0 && !seqGreater(receiver.finEnd, ack);
      onSend(sender, flags, seqEnd, acksPeerFin);
      // Whether the receiver answers a SYN matters only to a SYN (and is not looked up for others).
      onReceive(receiver, flags, ack, (flags & TcpFlag.SYN) !== 0 && c.flowNumber(1 - dir, FlowAt.SENT_SYN_ACK) !== 0);
    }
    if (this.columns !== null) {
      this.columns.srcState[index] = sender.state;
      this.columns.dstState[index] = receiver.state;
    }
  }
}

/**
 * Whether applying the packet now needs to know if its receiver will answer
 * a SYN, and that is not known yet: `onReceive` asks only for a SYN without
 * ACK or RST reaching an endpoint without a connection, and the answer is
 * known once the receiver has sent a SYN+ACK.
 */
function waits(c: Connection, dir: Direction, flags: number, resetIgnored: boolean): boolean {
  if (resetIgnored || (flags & (TcpFlag.SYN | TcpFlag.ACK | TcpFlag.RST)) !== TcpFlag.SYN) return false;
  if (c.flowNumber(1 - dir, FlowAt.SENT_SYN_ACK) !== 0) return false;
  const state = c.endpointState((1 - dir) as Direction);
  return state === TcpState.CLOSED || state === TcpState.UNKNOWN || state === TcpState.LISTEN;
}
