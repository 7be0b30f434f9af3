/**
 * ICMP and ICMPv6 "destination unreachable" messages that quote a TCP
 * segment: the network's answer to a SYN when no RST comes. Rare, so one
 * object each.
 */
export interface IcmpError {
  /** Frame number, line and time of the ICMP message itself. */
  frame: number;
  line: number;
  time: number;
  /** The quoted TCP segment's sender and receiver (address ids of the NameTable). */
  quotedSrc: number;
  quotedDst: number;
  /** The quoted ports; `quotedSport` is -1 where the input does not show it (tcpdump text without -v). */
  quotedSport: number;
  quotedDport: number;
  /** What tcpdump says, e.g. "port unreachable", "host unreachable", "admin prohibited". */
  reason: string;
  /**
   * RFC 1122 4.2.3.9: protocol and port unreachable are hard errors that
   * abort a connection being opened (Linux aborts on these and on
   * administratively prohibited); the others are soft.
   */
  hard: boolean;
}
