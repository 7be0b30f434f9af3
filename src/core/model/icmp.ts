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

function sends(c: Connection, dir: Direction, e: IcmpError): boolean {
  const [srcAddr, srcPort, dstAddr, dstPort] =
    dir === C2S
      ? [c.clientAddress, c.clientPort, c.serverAddress, c.serverPort]
      : [c.serverAddress, c.serverPort, c.clientAddress, c.clientPort];
  return srcAddr === e.quotedSrc && dstAddr === e.quotedDst && dstPort === e.quotedDport && (e.quotedSport < 0 || srcPort === e.quotedSport);
}

/** The errors that quote a segment of a known connection, in capture order. */
export function matchIcmpErrors(a: Analysis): MatchedIcmpError[] {
  const out: MatchedIcmpError[] = [];
  for (const error of a.packets.icmpErrors) {
    let best: MatchedIcmpError | undefined;
    for (const connection of a.connections) {
      if (a.packets.frame[connection.firstIndex] > error.frame) continue;
      for (const dir of [C2S, S2C] as const) {
        if (sends(connection, dir, error) && (!best || connection.firstIndex > best.connection.firstIndex)) best = { error, connection, dir };
      }
    }
    if (best) out.push(best);
  }
  return out.sort((x, y) => x.error.frame - y.error.frame);
}
