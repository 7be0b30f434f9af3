/**
 * `ADDRESS.PORT` tokens as tcpdump prints them: `192.0.2.1.40001`,
 * `2001:db8::1.8080`, and without -n `client.example.http`.
 */
import { NameTable } from '../names';
import { COLON, DOT, findInLine, isDigitCode } from './lineCursor';
import { tcpServicePort } from './servicePorts';


export class EndpointReader {
  /** Results of the last successful `read`. */
  address = 0;
  port = 0;

  private readonly ipv6Bytes = new Uint8Array(16);
  private readonly recentIPv4 = [-1, -1];
  private readonly recentIPv4Ids = [0, 0];
  /** Address ids of IPv6 addresses and host names by their text, so each text is parsed once. */
  private readonly addressByText = new Map<string, number>();
  private readonly portByText = new Map<string, number>();

  constructor(private readonly names: NameTable) {}

  /** Reads the endpoint text[start, end); false if it has no `.PORT` or a malformed address. */
  read(text: string, start: number, end: number): boolean {
    let dot = end - 1;
    while (dot > start && text.charCodeAt(dot) !== DOT) dot--;
    if (dot <= start || dot >= end - 1) return false;
    const port = this.readPort(text, dot + 1, end);
    if (port < 0) return false;
    const ipv4 = parseIPv4(text, start, dot);
    if (ipv4 >= 0) {
      this.address = this.internIPv4(ipv4);
    } else {
      const address = this.readOtherAddress(text, start, dot);
      if (address < 0) return false;
      this.address = address;
    }
    this.port = port;
    return true;
  }

  /** A bare address text[start, end) (dotted quad, IPv6 or host name, no port): its id, or -1. */
  readAddress(text: string, start: number, end: number): number {
    if (end <= start) return -1;
    const ipv4 = parseIPv4(text, start, end);
    return ipv4 >= 0 ? this.internIPv4(ipv4) : this.readOtherAddress(text, start, end);
  }

  /** A bare port text[start, end), number or service name: as `port` after `read`, or -1. */
  readPortOnly(text: string, start: number, end: number): number {
    return end > start ? this.readPort(text, start, end) : -1;
  }

  /** Most lines name the same two addresses as the line before: they skip the map. */
  private internIPv4(address: number): number {
    if (address === this.recentIPv4[0]) return this.recentIPv4Ids[0];
    if (address === this.recentIPv4[1]) return this.recentIPv4Ids[1];
    const id = this.names.internIPv4(address);
    this.recentIPv4[1] = this.recentIPv4[0];
    this.recentIPv4Ids[1] = this.recentIPv4Ids[0];
    this.recentIPv4[0] = address;
    this.recentIPv4Ids[0] = id;
    return id;
  }

  private readPort(text: string, start: number, end: number): number {
    let value = 0;
    let p = start;
    for (; p < end; p++) {
      const d = text.charCodeAt(p) - 48;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
    }
    if (p === end) return value <= 65535 ? value : -1;
    // No service name holds a colon: `10.0.0.1:80` is address:port, not tcpdump's notation.
    if (findInLine(text, ':', start, end) >= 0) return -1;
    const name = text.slice(start, end);
    let port = this.portByText.get(name);
    if (port === undefined) {
      port = tcpServicePort(name) ?? this.names.internPortName(name);
      this.portByText.set(name, port);
    }
    return port;
  }

  private readOtherAddress(text: string, start: number, end: number): number {
    const key = text.slice(start, end);
    const known = this.addressByText.get(key);
    if (known !== undefined) return known;
    let id: number;
    if (key.indexOf(':') >= 0) {
      if (!parseIPv6(key, this.ipv6Bytes)) return -1;
      id = this.names.internIPv6(this.ipv6Bytes, 0);
    } else {
      if (!isHostName(key)) return -1;
      id = this.names.internText(key);
    }
    this.addressByText.set(key, id);
    return id;
  }
}

/** Dotted-quad IPv4 in text[start, end) as an unsigned 32-bit number, or -1. */
export function parseIPv4(text: string, start: number, end: number): number {
  let value = 0;
  let p = start;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (p >= end || text.charCodeAt(p) !== DOT) return -1;
      p++;
    }
    const digitsStart = p;
    let octet = 0;
    while (p < end && isDigitCode(text.charCodeAt(p)) && p - digitsStart < 3) octet = octet * 10 + text.charCodeAt(p++) - 48;
    if (p === digitsStart || octet > 255) return -1;
    value = value * 256 + octet;
  }
  return p === end ? value : -1;
}

/** IPv6 text (with `::` and an optional dotted IPv4 tail) into 16 bytes; false if malformed. */
export function parseIPv6(text: string, out: Uint8Array): boolean {
  const groups: number[] = [];
  let gapAt = -1;
  let i = 0;
  const n = text.length;
  if (text.startsWith('::')) {
    gapAt = 0;
    i = 2;
  }
  while (i < n) {
    const tailIPv4 = text.indexOf('.', i) >= 0 && text.indexOf(':', i) < 0;
    if (tailIPv4) {
      const v4 = parseIPv4(text, i, n);
      if (v4 < 0) return false;
      groups.push(v4 >>> 16, v4 & 0xffff);
      i = n;
      break;
    }
    let value = 0;
    let digits = 0;
    while (i < n && digits < 5) {
      const h = hexValue(text.charCodeAt(i));
      if (h < 0) break;
      value = value * 16 + h;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 4) return false;
    groups.push(value);
    if (i === n) break;
    if (text.charCodeAt(i) !== COLON) return false;
    i++;
    if (i < n && text.charCodeAt(i) === COLON) {
      if (gapAt >= 0) return false;
      gapAt = groups.length;
      i++;
    } else if (i === n) {
      return false;
    }
  }
  if (gapAt < 0 ? groups.length !== 8 : groups.length > 7) return false;
  const missing = 8 - groups.length;
  out.fill(0);
  let g = 0;
  for (let k = 0; k < groups.length; k++) {
    if (k === gapAt) g += missing;
    out[2 * g] = groups[k] >>> 8;
    out[2 * g + 1] = groups[k] & 255;
    g++;
  }
  return true;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Letters, digits, '-', '_' and '.', not only digits and dots (`10.1.1` is an address cut short): what a resolved host name looks like. */
function isHostName(text: string): boolean {
  if (text.length === 0) return false;
  let letters = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45 || c === 95;
    const ok = letter || (c >= 48 && c <= 57) || c === 46;
    if (!ok) return false;
    letters ||= letter;
  }
  return letters;
}
