/**
 * Ties ICMP "destination unreachable" messages to the connection whose
 * segment they quote: the latest connection begun before the message with
 * those endpoints (the quoted source port may be unknown in tcpdump text).
 */
import { IcmpError } from '../icmpErrors';
import { Analysis } from './analysis';
import { C2S, Connection, Direction, S2C } from './connection';

export interface MatchedIcmpError {
  error: IcmpError;
  connection: Connection;
  /** Direction of the quoted segment, whose sender the error is reported to. */
  dir: Direction;
}

/** Key of a quoted segment's sender address and receiver endpoint (the sender's port may be unknown). */
function quoteKey(srcAddress: number, dstAddress: number, dstPort: number): string {
  return `${srcAddress}>${dstAddress}:${dstPort}`;
}

interface Candidate {
  connection: Connection;
  dir: Direction;
  srcPort: number;
}

/** The errors that quote a segment of a known connection, in capture order. */
export function matchIcmpErrors(a: Analysis): MatchedIcmpError[] {
  const errors = a.packets.icmpErrors;
  if (errors.length === 0) return [];
  const candidates = new Map<string, Candidate[]>();
  const add = (key: string, candidate: Candidate) => {
    const list = candidates.get(key);
    if (list) list.push(candidate);
    else candidates.set(key, [candidate]);
  };
  // Connections are in order of their first packet, so each list is too.
  for (const connection of a.connections) {
    const { clientAddress, clientPort, serverAddress, serverPort } = connection;
    add(quoteKey(clientAddress, serverAddress, serverPort), { connection, dir: C2S, srcPort: clientPort });
    add(quoteKey(serverAddress, clientAddress, clientPort), { connection, dir: S2C, srcPort: serverPort });
  }
  const out: MatchedIcmpError[] = [];
  for (const error of errors) {
    const list = candidates.get(quoteKey(error.quotedSrc, error.quotedDst, error.quotedDport)) ?? [];
    for (let k = list.length - 1; k >= 0; k--) {
      const { connection, dir, srcPort } = list[k];
      if (a.packets.frame[connection.firstIndex] > error.frame) continue;
      if (error.quotedSport >= 0 && srcPort !== error.quotedSport) continue;
      out.push({ error, connection, dir });
      break;
    }
  }
  return out.sort((x, y) => x.error.frame - y.error.frame);
}
