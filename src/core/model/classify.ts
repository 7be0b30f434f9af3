/**
 * How a connection opened and closed, from the segments it holds:
 * - handshake: `simultaneous-open` when both ends sent a SYN without ACK;
 *   `three-way` when the SYN, the SYN+ACK and the client's ACK of the
 *   server's ISN + 1 are all seen; `incomplete` when a SYN was seen but not
 *   all of that; `not-captured` without any SYN;
 * - close: `reset` when any RST was sent; `open` with no FIN;
 *   `half-closed` with a FIN one way only; `simultaneous` when the second FIN
 *   does not acknowledge the first; `three-way` when the second FIN is the
 *   first segment of its sender to acknowledge the first FIN (FIN, FIN+ACK,
 *   ACK); else `four-way`.
 */
import { C2S, Connection, FlowAt, S2C } from './connection';
import { Close, Handshake } from './vocabulary';

export function classifyConnection(c: Connection): void {
  c.handshake = handshakeOf(c);
  c.close = closeOf(c);
}

function handshakeOf(c: Connection): Handshake {
  const clientSyn = c.flowNumber(C2S, FlowAt.SENT_SYN) !== 0;
  const serverSyn = c.flowNumber(S2C, FlowAt.SENT_SYN) !== 0;
  const clientSynAck = c.flowNumber(C2S, FlowAt.SENT_SYN_ACK) !== 0;
  const serverSynAck = c.flowNumber(S2C, FlowAt.SENT_SYN_ACK) !== 0;
  if (clientSyn && serverSyn) return 'simultaneous-open';
  if (!clientSyn && !serverSyn && !clientSynAck && !serverSynAck) return 'not-captured';
  if (clientSyn && serverSynAck && c.clientAckedSynAck) return 'three-way';
  return 'incomplete';
}

function closeOf(c: Connection): Close {
  if (c.flowNumber(C2S, FlowAt.SENT_RST) !== 0 || c.flowNumber(S2C, FlowAt.SENT_RST) !== 0) return 'reset';
  const clientFin = c.flowNumber(C2S, FlowAt.FIRST_FIN_INDEX);
  const serverFin = c.flowNumber(S2C, FlowAt.FIRST_FIN_INDEX);
  if (clientFin < 0 && serverFin < 0) return 'open';
  if (clientFin < 0 || serverFin < 0) return 'half-closed';
  const second = clientFin > serverFin ? C2S : S2C;
  if (c.flowNumber(second, FlowAt.FIRST_FIN_ACKS_PEER_FIN) === 0) return 'simultaneous';
  return c.flowNumber(second, FlowAt.ACKED_PEER_FIN_BEFORE_OWN_FIN) !== 0 ? 'four-way' : 'three-way';
}
