/**
 * What a line of tcpdump output is when it does not start with a timestamp.
 */
import { SPACE, TAB } from './lineCursor';

export function isBlank(text: string, start: number, end: number): boolean {
  for (let p = start; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c !== SPACE && c !== TAB) return false;
  }
  return true;
}

/**
 * A line that continues the packet above it: -v's indented TCP line (four
 * spaces), and tab-indented lines (hex dumps of -x/-X, HTTP headers and
 * other protocol details under -v).
 */
export function isIndentedContinuation(text: string, start: number, end: number): boolean {
  if (start >= end) return false;
  if (text.charCodeAt(start) === TAB) return true;
  return end - start >= 4 && text.startsWith('    ', start);
}

/**
 * The first line of an -A dump: the packet's bytes from the network header
 * on, non-printable bytes as '.', so an IPv4 dump starts with 'E'..'O', an
 * IPv6 one with '`'..'o', and the binary header fields give many dots.
 */
export function looksLikeAsciiDumpStart(text: string, start: number, end: number): boolean {
  if (start >= end) return false;
  const first = text.charCodeAt(start);
  const ipv4 = first >= 69 && first <= 79;
  const ipv6 = first >= 96 && first <= 111;
  if (!ipv4 && !ipv6 && first !== 46) return false;
  let dots = 0;
  const limit = Math.min(end, start + 20);
  for (let p = start; p < limit; p++) if (text.charCodeAt(p) === 46) dots++;
  // A byte 0x0a in the header ends the dump's first line early.
  const length = limit - start;
  return dots >= 4 || (length < 20 && 2 * dots >= length - 1);
}

/**
 * Unindented lines some -vvv decoders print under a packet, e.g. telnet's
 * `Telnet:` heading and its `0x0000:  fff4 ...` option dump.
 */
export function looksLikeDecoderDetail(text: string, start: number, end: number): boolean {
  let p = start;
  if (text.startsWith('0x', start)) {
    p += 2;
    while (p < end && isHexDigit(text.charCodeAt(p))) p++;
    return p > start + 2 && text.startsWith(': ', p);
  }
  const first = text.charCodeAt(p);
  if (!(first >= 65 && first <= 90)) return false;
  while (p < end && isAlphanumeric(text.charCodeAt(p))) p++;
  if (p >= end || text.charCodeAt(p) !== 58) return false;
  return isBlank(text, p + 1, end);
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

function isAlphanumeric(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * A packet line printed without a timestamp (-t, or pasted tutorials): it
 * starts with what tcpdump prints first after the timestamp, a protocol
 * name, a link-layer prefix (-e MACs, SLL direction, `-i any` interface
 * name and direction, `AF` of null/loopback), or a 3.x-style address pair.
 */
const UNTIMED_FRAME =
  /(?:IP6? |ARP, |RARP, |(?:[0-9a-f]{2}:){5}[0-9a-f]{2}[ ,]| ?(?:In|Out) +(?:[0-9a-f]{2}:|ifindex )|AF [A-Za-z0-9]+ \(|ip: |[\w.:@?-]+ +(?:In|Out|B|M|P) +(?:IP6? |ARP|ifindex |[0-9a-f]{2}:)|(?:STP|LLDP|CDP|LLC|PPPoE|IPX) |vlan \d)/y;
/** `SRC > DST: `, the 3.x style; SRC must hold a '.' before its port (checked apart: a regex for it backtracks badly). */
const ADDRESS_PAIR = /[^\s>]+ > \S+: /y;

export function looksLikeUntimedFrame(text: string, start: number): boolean {
  UNTIMED_FRAME.lastIndex = start;
  if (UNTIMED_FRAME.test(text)) return true;
  // What ADDRESS_PAIR needs first, found without a regex: the line's first token, then " > ".
  let p = start;
  for (; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c === SPACE || c === TAB || c === 10 || c === 13 || c === 62) break;
  }
  if (p === start || text.charCodeAt(p) !== SPACE || text.charCodeAt(p + 1) !== 62 || text.charCodeAt(p + 2) !== SPACE) return false;
  ADDRESS_PAIR.lastIndex = start;
  if (!ADDRESS_PAIR.test(text)) return false;
  const arrow = text.indexOf(' > ', start);
  const dot = text.indexOf('.', start);
  return dot >= 0 && dot < arrow;
}
