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
import { Connection } from './connection';
import { Close, Handshake } from './vocabulary';

export function classifyConnection(c: Connection): void {
  c.handshake = handshakeOf(c);
  c.close = closeOf(c);
}

function handshakeOf(c: Connection): Handshake {
  const client = c.clientFlow;
  const server = c.serverFlow;
  if (client.sentSyn && server.sentSyn) return 'simultaneous-open';
  if (!client.sentSyn && !server.sentSyn && !client.sentSynAck && !server.sentSynAck) return 'not-captured';
  if (client.sentSyn && server.sentSynAck && c.clientAckedSynAck) return 'three-way';
  return 'incomplete';
}

function closeOf(c: Connection): Close {
  const client = c.clientFlow;
  const server = c.serverFlow;
  if (client.sentRst || server.sentRst) return 'reset';
  if (client.firstFinIndex < 0 && server.firstFinIndex < 0) return 'open';
  if (client.firstFinIndex < 0 || server.firstFinIndex < 0) return 'half-closed';
  const second = client.firstFinIndex > server.firstFinIndex ? client : server;
  if (!second.firstFinAcksPeerFin) return 'simultaneous';
  return second.ackedPeerFinBeforeOwnFin ? 'four-way' : 'three-way';
}
