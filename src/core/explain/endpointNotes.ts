/**
 * Why an endpoint's state is what the model says where the capture point
 * cannot see it: a capture shows segments, never a socket, so some states
 * are inferred (the receiver of a SYN, CLOSE_WAIT, TIME_WAIT, a connection
 * seen only from its middle).
 */
import type { EndpointStates } from '../query';
import { TcpFlag } from '../packets';
import { message, Message } from './message';
import { NO_CONNECTION_STATES, type PacketFacts } from './packetFacts';

export function endpointNotes(f: PacketFacts, side: 'sender' | 'receiver'): Message[] {
  const e: EndpointStates = f[side];
  const endpoint = side === 'sender' ? f.senderText : f.receiverText;
  const notes: Message[] = [];
  if (e.after === 'UNKNOWN') notes.push(message('noteUnknownMidConnection', { endpoint }));
  else if (e.before === 'UNKNOWN' && e.after === 'ESTABLISHED') notes.push(message('noteEstablishedInferred', { endpoint }));
  if (side === 'receiver') notes.push(...synReceiverNotes(f, e, endpoint));
  if (e.after === 'CLOSE_WAIT') notes.push(message('noteCloseWait', { endpoint }));
  if (e.after === 'TIME_WAIT') notes.push(message('noteTimeWait'));
  return notes;
}

function synReceiverNotes(f: PacketFacts, e: EndpointStates, endpoint: string): Message[] {
  const syn = f.flags & (TcpFlag.SYN | TcpFlag.ACK | TcpFlag.RST);
  if (syn === (TcpFlag.SYN | TcpFlag.ACK) && e.before === 'SYN_SENT' && !f.connection.synSeen[f.peerDir]) {
    return [message('noteSynSentInferred', { endpoint })];
  }
  if (syn !== TcpFlag.SYN || !NO_CONNECTION_STATES.includes(e.before)) return [];
  if (e.after === 'CLOSED') return [message('noteSynNotAnswered', { endpoint })];
  const notes: Message[] = [];
  if (e.before === 'CLOSED') notes.push(message('noteListenNotVisible'));
  if (e.after === 'SYN_RECEIVED') notes.push(message('noteSynReceivedInferred', { endpoint }));
  return notes;
}
