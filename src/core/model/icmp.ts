/**
 * Ties ICMP "destination unreachable" messages to the connection whose
 * segment they quote: the latest connection begun before the message with
 * those endpoints (the quoted source port may be unknown in tcpdump text).
 * Messages are matched as the capture is read, so the connections begun
 * before one are those known when it comes.
 */
import { IcmpError } from '../icmpErrors';
import { C2S, Connection, Direction, S2C } from './connection';

export interface MatchedIcmpError {
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

export class IcmpMatcher {
  /** Built at the first message (most captures have none): each quote key's connections, oldest first. */
  private candidates: Map<string, Candidate[]> | null = null;

  /**
   * The connection a message quotes, or null. `known` lists the connections
   * begun so far, oldest first; it is read only at the first message.
   */
  match(error: IcmpError, known: Iterable<Connection>): MatchedIcmpError | null {
    if (this.candidates === null) {
      this.candidates = new Map();
      for (const connection of known) this.opened(connection);
    }
    const list = this.candidates.get(quoteKey(error.quotedSrc, error.quotedDst, error.quotedDport));
    if (list === undefined) return null;
    for (let k = list.length - 1; k >= 0; k--) {
      const { connection, dir, srcPort } = list[k];
      if (error.quotedSport >= 0 && srcPort !== error.quotedSport) continue;
      return { connection, dir };
    }
    return null;
  }

  /** A connection begins (after the candidates are built: before, `match` finds it in `known`). */
  opened(connection: Connection): void {
    if (this.candidates === null) return;
    const { clientAddress, clientPort, serverAddress, serverPort } = connection;
    this.add(quoteKey(clientAddress, serverAddress, serverPort), { connection, dir: C2S, srcPort: clientPort });
    this.add(quoteKey(serverAddress, clientAddress, clientPort), { connection, dir: S2C, srcPort: serverPort });
  }

  /** A connection no message can quote any more (its summary is written). */
  forget(connection: Connection): void {
    if (this.candidates === null) return;
    const { clientAddress, clientPort, serverAddress, serverPort } = connection;
    for (const key of [quoteKey(clientAddress, serverAddress, serverPort), quoteKey(serverAddress, clientAddress, clientPort)]) {
      const list = this.candidates.get(key);
      if (list === undefined) continue;
      const rest = list.filter((candidate) => candidate.connection !== connection);
      if (rest.length === 0) this.candidates.delete(key);
      else this.candidates.set(key, rest);
    }
  }

  private add(key: string, candidate: Candidate): void {
    const list = this.candidates!.get(key);
    if (list) list.push(candidate);
    else this.candidates!.set(key, [candidate]);
  }
}
