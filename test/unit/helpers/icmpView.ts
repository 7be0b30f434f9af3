/** An ICMP error with its addresses as text, comparable across decoders. */
import { IcmpError } from '../../../src/core/icmpErrors';
import { PacketTable } from '../../../src/core/packets';

export interface ShownIcmpError {
  frame: number;
  line: number;
  time: number;
  src: string;
  sport: number;
  dst: string;
  dport: number;
  reason: string;
  hard: boolean;
}

export function showIcmpError(packets: PacketTable, e: IcmpError): ShownIcmpError {
  const names = packets.names;
  const { frame, line, time, quotedSport: sport, quotedDport: dport, reason, hard } = e;
  return { frame, line, time, src: names.addressText(e.quotedSrc), sport, dst: names.addressText(e.quotedDst), dport, reason, hard };
}
