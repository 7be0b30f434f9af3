/**
 * ICMP and ICMPv6 "destination unreachable" messages in tcpdump output:
 *
 *   ICMP 203.0.113.2 tcp port 8081 unreachable, length 68
 *   ICMP host 203.0.113.2 unreachable - admin prohibited, length 68
 *   ICMP6, destination unreachable, unreachable port, 2001:db8:2::2 tcp port 8081, length 88
 *
 * Only errors that show they are about TCP are recorded: those naming a
 * TCP port, and ICMPv4 ones whose -v quote (a tab-indented IP header line
 * with `proto TCP (6)`, then the quoted segment's line) follows. The quote also
 * gives the quoted source address and port; without it the quoted sender is
 * the ICMP message's destination and the source port is unknown (-1).
 */
import { IcmpError } from '../icmpErrors';
import {
  ICMP_UNREACH_WORDING,
  Icmp6UnreachCode,
  IcmpUnreachCode,
  icmp6UnreachIsHard,
  icmp6UnreachReason,
  icmpUnreachIsHard,
  icmpUnreachReason,
} from '../capture/icmpUnreachable';
import { EndpointReader } from './endpoints';
import { SPACE, TAB, findInLine, matchesAt } from './lineCursor';

const ICMP4_MARKER = 'ICMP ';
const ICMP6_MARKER = 'ICMP6, destination unreachable, ';
const PORT6_WORDS = 'unreachable port, ';
const LENGTH_SUFFIX = ', length ';

const enum Quote {
  /** No -v quote awaited. */
  None,
  /** Next: the quoted IP header line (`\tIP (... proto TCP (6) ...)`). */
  IpHeader,
  /** Next: the quoted segment's `SRC.PORT > DST.PORT: ...` line. */
  TcpLine,
}

/** Where the frame that holds an ICMP message starts. */
export interface FramePlace {
  frame: number;
  line: number;
  time: number;
}

export class IcmpErrorReader {
  /** The last message's error: recorded already (it named a TCP port) or waiting for its -v quote. */
  private current: IcmpError | null = null;
  private recorded = false;
  private quote = Quote.None;

  constructor(
    private readonly errors: IcmpError[],
    private readonly endpoints: EndpointReader,
  ) {}

  /** Whether continuation lines of the frame may be the quote of an ICMP error. */
  get awaitingQuote(): boolean {
    return this.quote !== Quote.None;
  }

  /** A new frame starts: the quote of the one before can no longer come. */
  frameStarted(): void {
    this.current = null;
    this.quote = Quote.None;
  }

  /**
   * Reads the ICMP message whose "ICMP" is at `at` in the line starting at
   * `lineStart`. Returns the error made for it (recorded, or waiting for a
   * quote that will tell whether it is about TCP), or null when the text at
   * `at` is not a destination unreachable of interest.
   */
  readMessage(text: string, lineStart: number, at: number, end: number, place: FramePlace): IcmpError | null {
    let error: IcmpError | null = null;
    let quote = Quote.None;
    if (matchesAt(text, at, end, ICMP6_MARKER)) {
      error = this.readIcmp6(text, lineStart, at, end, place);
    } else if (matchesAt(text, at, end, ICMP4_MARKER) && matchesAt(text, at - 2, end, ': ')) {
      error = this.readIcmp4(text, lineStart, at, end, place);
      // tcpdump -v quotes the datagram under ICMPv4 errors (not under ICMPv6 ones).
      quote = Quote.IpHeader;
    }
    if (error === null) return null;
    this.current = error;
    this.quote = quote;
    this.recorded = error.quotedDport >= 0;
    if (this.recorded) this.errors.push(error);
    return error;
  }

  /** A continuation line of the frame holding the last message: its -v quote, maybe. */
  readQuoteLine(text: string, start: number, end: number): void {
    if (this.quote === Quote.IpHeader) {
      // `\tIP (tos ...` (with -e: `\t(tos ...`)
      const tcp = text.charCodeAt(start) === TAB && findInLine(text, 'proto TCP (6)', start, end) >= 0;
      this.quote = tcp ? Quote.TcpLine : Quote.None;
      return;
    }
    if (this.quote === Quote.TcpLine) {
      this.quote = Quote.None;
      this.readQuotedSegment(text, start, end);
    }
  }

  /** `    SRC.PORT > DST.PORT: ...`: the quoted segment's endpoints complete the error, which is then recorded. */
  private readQuotedSegment(text: string, start: number, end: number): void {
    const error = this.current;
    if (error === null) return;
    let p = start;
    while (p < end && text.charCodeAt(p) === SPACE) p++;
    const arrow = findInLine(text, ' > ', p, end);
    if (arrow < 0) return;
    const colon = findInLine(text, ': ', arrow + 3, end);
    if (colon < 0) return;
    const e = this.endpoints;
    if (!e.read(text, p, arrow)) return;
    const src = e.address;
    const sport = e.port;
    if (!e.read(text, arrow + 3, colon)) return;
    error.quotedSrc = src;
    error.quotedSport = sport;
    error.quotedDst = e.address;
    error.quotedDport = e.port;
    if (!this.recorded) this.errors.push(error);
    this.recorded = true;
  }

  /**
   * `ICMP6, destination unreachable, unreachable port, ADDR tcp port PORT`.
   * The other codes show neither a port nor a quote: not known to be TCP.
   */
  private readIcmp6(text: string, lineStart: number, at: number, end: number, place: FramePlace): IcmpError | null {
    const p = at + ICMP6_MARKER.length;
    if (!matchesAt(text, p, end, PORT6_WORDS)) return null;
    const addressStart = p + PORT6_WORDS.length;
    const portWords = findInLine(text, ' tcp port ', addressStart, end);
    if (portWords < 0) return null;
    const portStart = portWords + ' tcp port '.length;
    const comma = findInLine(text, ',', portStart, end);
    const dport = this.endpoints.readPortOnly(text, portStart, comma < 0 ? end : comma);
    const quotedDst = this.endpoints.readAddress(text, addressStart, portWords);
    const sender = this.messageDestination(text, lineStart, at);
    if (dport < 0 || quotedDst < 0 || sender < 0) return null;
    return makeError(place, sender, quotedDst, dport, icmp6UnreachReason(Icmp6UnreachCode.PORT), icmp6UnreachIsHard(Icmp6UnreachCode.PORT));
  }

  /**
   * `ICMP [net |host ]ADDR (tcp port PORT|protocol N)? unreachable[ - QUALIFIER]`.
   * Without a port the error waits for its quote (quotedDport -1 until then).
   */
  private readIcmp4(text: string, lineStart: number, at: number, end: number, place: FramePlace): IcmpError | null {
    let p = at + ICMP4_MARKER.length;
    let prefix = '';
    if (matchesAt(text, p, end, 'net ')) prefix = 'net ';
    else if (matchesAt(text, p, end, 'host ')) prefix = 'host ';
    p += prefix.length;
    const addressEnd = findInLine(text, ' ', p, end);
    if (addressEnd < 0) return null;
    const quotedDst = this.endpoints.readAddress(text, p, addressEnd);
    const sender = this.messageDestination(text, lineStart, at);
    if (quotedDst < 0 || sender < 0) return null;
    const code = this.readIcmp4Code(text, addressEnd + 1, end, prefix);
    if (code < 0) return null;
    const dport = code === IcmpUnreachCode.PORT ? this.portBefore(text, addressEnd + 1, end) : -1;
    if (code === IcmpUnreachCode.PORT && dport < 0) return null;
    return makeError(place, sender, quotedDst, dport, icmpUnreachReason(code), icmpUnreachIsHard(code));
  }

  /** The code of the words after the address, -1 if they are not an unreachable about TCP (or unknown to be). */
  private readIcmp4Code(text: string, p: number, end: number, prefix: string): number {
    if (prefix === '' && matchesAt(text, p, end, 'tcp port ')) return IcmpUnreachCode.PORT;
    if (prefix === '' && matchesAt(text, p, end, 'protocol ')) {
      const unreachable = findInLine(text, ' unreachable', p, end);
      const isPortForm = unreachable >= 0 && findInLine(text, ' port ', p, unreachable) >= 0;
      return unreachable < 0 || isPortForm ? -1 : IcmpUnreachCode.PROTOCOL;
    }
    if (!matchesAt(text, p, end, 'unreachable')) return -1;
    p += 'unreachable'.length;
    if (!matchesAt(text, p, end, ' - ')) {
      if (prefix === 'net ') return IcmpUnreachCode.NET;
      return prefix === 'host ' ? IcmpUnreachCode.HOST : -1;
    }
    const qualifierStart = p + 3;
    const lengthAt = findInLine(text, LENGTH_SUFFIX, qualifierStart, end);
    return codeOfQualifier(text.slice(qualifierStart, lengthAt < 0 ? end : lengthAt), prefix);
  }

  /** The port of `tcp port PORT unreachable`, p at `tcp`. */
  private portBefore(text: string, p: number, end: number): number {
    const portStart = p + 'tcp port '.length;
    const portEnd = findInLine(text, ' unreachable', portStart, end);
    return portEnd < 0 ? -1 : this.endpoints.readPortOnly(text, portStart, portEnd);
  }

  /** The address the ICMP message was sent to (`SRC > DST: ... ICMP`): the sender of the quoted segment. */
  private messageDestination(text: string, lineStart: number, at: number): number {
    let colon = at - 2;
    while (colon >= lineStart && !matchesAt(text, colon, at, ': ')) colon--;
    if (colon < lineStart) return -1;
    let start = colon;
    while (start > lineStart && text.charCodeAt(start - 1) !== SPACE && text.charCodeAt(start - 1) !== TAB) start--;
    if (!matchesAt(text, start - 3, colon, ' > ')) return -1;
    return this.endpoints.readAddress(text, start, colon);
  }
}

function makeError(place: FramePlace, quotedSrc: number, quotedDst: number, quotedDport: number, reason: string, hard: boolean): IcmpError {
  return { frame: place.frame, line: place.line, time: place.time, quotedSrc, quotedDst, quotedSport: -1, quotedDport, reason, hard };
}

/** The ICMPv4 code of a qualifier after `unreachable - ` (`need to frag (mtu 1400)`, `#16`), -1 if unknown. */
function codeOfQualifier(qualifier: string, prefix: string): number {
  if (qualifier.startsWith('need to frag')) return IcmpUnreachCode.NEED_FRAG;
  if (qualifier.startsWith('#')) {
    const code = Number(qualifier.slice(1));
    return Number.isInteger(code) && code >= 0 && code <= 255 ? code : -1;
  }
  return ICMP_UNREACH_WORDING.findIndex((w) => w.prefix === prefix && w.qualifier !== '' && w.qualifier === qualifier);
}
