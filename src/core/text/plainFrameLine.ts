/**
 * A frame line of tcpdump's plainest form read straight from the file's
 * bytes, with no string made for it:
 *
 *   TIME IP SRC.PORT > DST.PORT: Flags [...], seq N, ack N, win N, options [...], length N
 *
 * (`IP6` and IPv6 endpoints alike; TIME in the default, -tt or -tttt
 * style; `: PROTOCOL ...` may follow). It is read exactly as the text decoder reads that line's text
 * (decoder.ts `readTimedFrame`, tcpFields.ts `readModernTcp`, endpoints.ts,
 * timestamps.ts): each step below mirrors the step there, number arithmetic
 * included. A line with anything else (any byte outside ASCII, a host or
 * service name, a relative time, text after the length, ...) is not
 * accepted, and the decoder reads its text as ever. Reading has no effect
 * until `fill`: the addresses are interned then.
 */
import { NameTable } from '../names';
import { MAX_SACK_BLOCKS, SegmentFields, TcpOption } from '../packets';
import { parseIPv6 } from './endpoints';
import { PrintedNumbers, flagBit } from './tcpFields';
import { TimeStyle, Timestamp, dayStart } from './timestamps';

const SPACE = 32;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const CR = 13;

const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];

const IPV6_CACHE_SLOTS = 64;

/** The bytes of each literal the line is compared with. */
const bytesOf = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const IP_ = bytesOf('IP ');
const ARROW = bytesOf(' > ');
const FLAGS = bytesOf('Flags [');
const NONE = bytesOf('none]');
const SEQ = bytesOf('seq ');
const ACK = bytesOf('ack ');
const WIN = bytesOf('win ');
const OPTIONS = bytesOf('options [');
const LENGTH = bytesOf('length ');
const MSS = bytesOf('mss ');
const WSCALE = bytesOf('wscale ');
const SACK_OK = bytesOf('sackOK');
const SACK = bytesOf('sack ');
const TS_VAL = bytesOf('TS val ');
const ECR = bytesOf(' ecr ');
const TIMESTAMP = bytesOf('timestamp ');
const SPACE_ONLY = bytesOf(' ');

/** An endpoint's address as read: an IPv4 number, or IPv6 text to intern. */
class AddressRead {
  ipv4 = -1;
  /** IPv6: the id when known from the cache, else -1 and the text. */
  ipv6Id = -1;
  ipv6Text = '';
  ipv6Slot = -1;
}

export class PlainFrameLine {
  /** Lines read (a test's check that this path is taken). */
  count = 0;

  private bytes: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private end = 0;

  private style = TimeStyle.None;
  private seconds = 0;
  private readonly src = new AddressRead();
  private readonly dst = new AddressRead();
  private sport = 0;
  private dport = 0;
  private flags = 0;
  private seqShown = false;
  private seq = 0;
  private ackShown = false;
  private ack = 0;
  private win = 0;
  private options = 0;
  private mss = 0;
  private wscale = 0;
  private tsVal = 0;
  private tsEcr = 0;
  private sackCount = 0;
  private readonly sack = new Uint32Array(2 * MAX_SACK_BLOCKS);
  private len = 0;

  /** Recent IPv6 addresses: their bytes and ids, so that a repeated address needs no text. */
  private readonly ipv6Keys: (Uint8Array | null)[] = new Array<Uint8Array | null>(IPV6_CACHE_SLOTS).fill(null);
  private readonly ipv6Ids = new Int32Array(IPV6_CACHE_SLOTS);
  private readonly ipv6Bytes = new Uint8Array(16);

  constructor(private readonly names: NameTable) {}

  /**
   * Whether bytes[start, end) (the line without its newline) is a frame line
   * of the plain form, read whole; `fill` then gives its segment.
   */
  read(bytes: Uint8Array, start: number, end: number): boolean {
    if (end > start && bytes[end - 1] === CR) end--;
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    if (!this.readTimestamp() || !this.skip(IP_, 0, 2)) return false;
    if (this.peek() === 54 /* 6 */) this.pos++;
    if (!this.skipChar(SPACE)) return false;
    if (!this.readEndpoint(this.src, SPACE)) return false;
    this.sport = this.port;
    if (!this.skip(ARROW, 1, 3)) return false;
    if (!this.readEndpoint(this.dst, COLON)) return false;
    this.dport = this.port;
    if (!this.skipChar(SPACE) || !this.skip(FLAGS, 0, FLAGS.length)) return false;
    return this.readTcp() && this.atEndOfFields();
  }

  /**
   * Nothing after the fields, or what tcpdump prints after them for some
   * protocols (`: HTTP`, `: HTTP: GET / HTTP/1.1`), which the decoder
   * passes over without a word (pastedLine.ts `isOnlyResidue`).
   */
  private atEndOfFields(): boolean {
    if (this.pos === this.end) return true;
    if (this.bytes[this.pos] !== COLON) return false;
    for (let p = this.pos + 1; p < this.end; p++) if (this.bytes[p] >= 0x80) return false;
    return true;
  }

  /** The segment of the line `read` last accepted into the decoder's records (the same values its text gives them). */
  fill(f: SegmentFields, printed: PrintedNumbers, ts: Timestamp): void {
    f.reset();
    printed.reset();
    ts.style = this.style;
    ts.seconds = this.seconds;
    f.src = this.intern(this.src);
    f.sport = this.sport;
    f.dst = this.intern(this.dst);
    f.dport = this.dport;
    f.flags = this.flags;
    printed.seqShown = this.seqShown;
    printed.seq = this.seq;
    printed.ackShown = this.ackShown;
    printed.ack = this.ack;
    f.win = this.win;
    f.options = this.options;
    f.mss = this.mss;
    f.wscale = this.wscale;
    f.tsVal = this.tsVal;
    f.tsEcr = this.tsEcr;
    f.sackCount = this.sackCount;
    for (let i = 0; i < 2 * this.sackCount; i++) f.sack[i] = this.sack[i];
    f.len = this.len;
    this.count++;
  }

  private intern(address: AddressRead): number {
    if (address.ipv4 >= 0) return this.names.internIPv4(address.ipv4);
    if (address.ipv6Id >= 0) return address.ipv6Id;
    parseIPv6(address.ipv6Text, this.ipv6Bytes);
    const id = this.names.internIPv6(this.ipv6Bytes, 0);
    this.ipv6Keys[address.ipv6Slot] = bytesOf(address.ipv6Text);
    this.ipv6Ids[address.ipv6Slot] = id;
    return id;
  }

  // ---- the cursor (lineCursor.ts) -------------------------------------------

  private peek(): number {
    return this.pos < this.end ? this.bytes[this.pos] : -1;
  }

  private skipChar(code: number): boolean {
    if (this.pos >= this.end || this.bytes[this.pos] !== code) return false;
    this.pos++;
    return true;
  }

  /** Advances past `literal` if the line continues with it (its bytes from `from` on: the caller checked those before). */
  private skip(literal: Uint8Array, from: number, length: number): boolean {
    const at = this.pos - from;
    if (at + length > this.end) return false;
    const bytes = this.bytes;
    for (let i = from; i < length; i++) if (bytes[at + i] !== literal[i]) return false;
    this.pos = at + length;
    return true;
  }

  private skipSpaces(): void {
    while (this.pos < this.end && this.bytes[this.pos] === SPACE) this.pos++;
  }

  /** Decimal digits; -1 when there are none (as `LineCursor.uint`). */
  private uint(): number {
    const bytes = this.bytes;
    const end = this.end;
    let p = this.pos;
    let value = 0;
    while (p < end) {
      const d = bytes[p] - 48;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      p++;
    }
    if (p === this.pos) return -1;
    this.pos = p;
    return value;
  }

  // ---- the timestamp (timestamps.ts), absolute styles only ------------------

  private readTimestamp(): boolean {
    const c = this.peek();
    // A relative time starts with a space or '-': that line is the decoder's.
    if (c < 48 || c > 57) return false;
    return this.readAbsolute() && this.skipChar(SPACE);
  }

  private readAbsolute(): boolean {
    const digitsStart = this.pos;
    const first = this.uint();
    if (first < 0) return false;
    const digits = this.pos - digitsStart;
    const c = this.peek();
    if (c === COLON && digits <= 2) {
      this.pos = digitsStart;
      this.style = TimeStyle.ClockOfDay;
      return this.readClock();
    }
    if (c === DOT && digits >= 9) {
      this.pos++;
      const fraction = this.readFraction();
      if (fraction < 0) return false;
      this.style = TimeStyle.Epoch;
      this.seconds = first + fraction;
      return true;
    }
    if (c === DASH && digits === 4) {
      this.pos++;
      const month = this.uint();
      if (month < 1 || month > 12 || !this.skipChar(DASH)) return false;
      const day = this.uint();
      if (day < 1 || day > 31 || !this.skipChar(SPACE)) return false;
      if (!this.readClock()) return false;
      this.style = TimeStyle.DateTime;
      this.seconds += dayStart(first, month, day);
      return true;
    }
    return false;
  }

  private readClock(): boolean {
    const hours = this.uint();
    if (hours < 0 || !this.skipChar(COLON)) return false;
    const minutes = this.uint();
    if (minutes < 0 || minutes > 59 || !this.skipChar(COLON)) return false;
    const seconds = this.uint();
    if (seconds < 0 || seconds > 60 || !this.skipChar(DOT)) return false;
    const fraction = this.readFraction();
    if (fraction < 0) return false;
    this.seconds = hours * 3600 + minutes * 60 + seconds + fraction;
    return true;
  }

  private readFraction(): number {
    const start = this.pos;
    const value = this.uint();
    const digits = this.pos - start;
    if (value < 0 || digits >= POWERS_OF_TEN.length) return -1;
    return value / POWERS_OF_TEN[digits];
  }

  // ---- the endpoints (decoder.ts readEndpoints, endpoints.ts) --------------

  private port = 0;

  /**
   * `ADDRESS.PORT` up to `stop` (a space, or the colon before ": Flags"),
   * numeric only: the port into `this.port`. Its characters are those of an
   * IPv4 or IPv6 address, so no ": Flags [" or "ICMP" can be among them.
   */
  private readEndpoint(out: AddressRead, stop: number): boolean {
    const bytes = this.bytes;
    const start = this.pos;
    let p = start;
    let colons = false;
    for (; p < this.end; p++) {
      const c = bytes[p];
      if (c === stop && (stop !== COLON || bytes[p + 1] === SPACE)) break;
      if (c === COLON) colons = true;
      else if (!((c >= 48 && c <= 57) || c === DOT || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
    }
    if (p >= this.end) return false;
    const end = p;
    let dot = end - 1;
    while (dot > start && bytes[dot] !== DOT) dot--;
    if (dot <= start || dot >= end - 1) return false;
    let port = 0;
    for (let q = dot + 1; q < end; q++) {
      const d = bytes[q] - 48;
      if (d < 0 || d > 9) return false;
      port = port * 10 + d;
    }
    if (port > 65535) return false;
    this.port = port;
    out.ipv4 = -1;
    out.ipv6Id = -1;
    if (colons) {
      if (!this.readIPv6(out, start, dot)) return false;
    } else {
      out.ipv4 = this.parseIPv4(start, dot);
      if (out.ipv4 < 0) return false;
    }
    this.pos = end + 1;
    return true;
  }

  private parseIPv4(start: number, end: number): number {
    const bytes = this.bytes;
    let value = 0;
    let p = start;
    for (let part = 0; part < 4; part++) {
      if (part > 0) {
        if (p >= end || bytes[p] !== DOT) return -1;
        p++;
      }
      const digitsStart = p;
      let octet = 0;
      while (p < end && bytes[p] >= 48 && bytes[p] <= 57 && p - digitsStart < 3) octet = octet * 10 + bytes[p++] - 48;
      if (p === digitsStart || octet > 255) return -1;
      value = value * 256 + octet;
    }
    return p === end ? value : -1;
  }

  /** IPv6 text bytes[start, end): known from the cache, or checked as the decoder checks it (interned by `fill`). */
  private readIPv6(out: AddressRead, start: number, end: number): boolean {
    const bytes = this.bytes;
    let hash = end - start;
    for (let p = start; p < end; p++) hash = (hash * 31 + bytes[p]) | 0;
    const slot = (hash ^ (hash >>> 12)) & (IPV6_CACHE_SLOTS - 1);
    const key = this.ipv6Keys[slot];
    if (key !== null && key.length === end - start) {
      let same = true;
      for (let i = 0; i < key.length && same; i++) same = key[i] === bytes[start + i];
      if (same) {
        out.ipv6Id = this.ipv6Ids[slot];
        return true;
      }
    }
    let text = '';
    for (let p = start; p < end; p++) text += String.fromCharCode(bytes[p]);
    if (!parseIPv6(text, this.ipv6Bytes)) return false;
    out.ipv6Text = text;
    out.ipv6Slot = slot;
    return true;
  }

  // ---- the TCP fields (tcpFields.ts readModernTcp) -------------------------

  private readTcp(): boolean {
    this.flags = 0;
    this.seqShown = this.ackShown = false;
    this.seq = this.ack = 0;
    this.win = this.options = this.mss = this.wscale = this.tsVal = this.tsEcr = this.sackCount = this.len = 0;
    if (!this.readFlagLetters()) return false;
    const bytes = this.bytes;
    let lengthSeen = false;
    while (!lengthSeen && this.pos + 1 < this.end && bytes[this.pos] === COMMA && bytes[this.pos + 1] === SPACE) {
      this.pos += 2;
      switch (this.peek()) {
        case 115: // s
          if (this.skip(SEQ, 0, SEQ.length)) {
            const seq = this.uint();
            if (seq < 0) return false;
            this.seqShown = true;
            this.seq = seq;
            if (this.skipChar(COLON)) this.uint();
            continue;
          }
          break;
        case 97: // a
          if (this.skip(ACK, 0, ACK.length)) {
            const ack = this.uint();
            if (ack < 0) return false;
            this.ackShown = true;
            this.ack = ack;
            continue;
          }
          break;
        case 119: // w
          if (this.skip(WIN, 0, WIN.length)) {
            const win = this.uint();
            if (win < 0) return false;
            this.win = win;
            continue;
          }
          break;
        case 111: // o
          if (this.skip(OPTIONS, 0, OPTIONS.length)) {
            if (!this.readOptions() || !this.skipChar(CLOSE_BRACKET)) return false;
            continue;
          }
          break;
        case 108: // l
          if (this.skip(LENGTH, 0, LENGTH.length)) {
            const len = this.uint();
            if (len < 0) return false;
            this.len = len;
            lengthSeen = true;
            continue;
          }
          break;
      }
      if (!this.skipItem()) return false;
    }
    // The decoder reads a line without `length N` too, but then looks further: not this path's.
    return lengthSeen;
  }

  /** Only tcpdump's flag letters (the decoder also lets other non-letters through: not this path's). */
  private readFlagLetters(): boolean {
    if (this.skip(NONE, 0, NONE.length)) return true;
    let flags = 0;
    while (this.pos < this.end) {
      const c = this.bytes[this.pos++];
      if (c === CLOSE_BRACKET) {
        this.flags = flags;
        return true;
      }
      const bit = flagBit(c);
      if (bit === 0) return false;
      flags |= bit;
    }
    return false;
  }

  /** Up to the next ", " (false at a byte outside ASCII: this path reads ASCII lines only). */
  private skipItem(): boolean {
    const bytes = this.bytes;
    while (this.pos < this.end) {
      const c = bytes[this.pos];
      if (c >= 0x80) return false;
      if (c === COMMA && this.pos + 1 < this.end && bytes[this.pos + 1] === SPACE) return true;
      this.pos++;
    }
    return true;
  }

  /** tcpFields.ts readOptions up to `]` (false at a byte outside ASCII). */
  private readOptions(): boolean {
    const bytes = this.bytes;
    while (this.pos < this.end && bytes[this.pos] !== CLOSE_BRACKET) {
      this.skipSpaces();
      switch (this.peek()) {
        case 109: // m
          if (this.skip(MSS, 0, MSS.length)) {
            const mss = this.uint();
            if (mss >= 0) {
              this.options |= TcpOption.MSS;
              this.mss = mss;
            }
          }
          break;
        case 119: // w
          if (this.skip(WSCALE, 0, WSCALE.length)) {
            const wscale = this.uint();
            if (wscale >= 0) {
              this.options |= TcpOption.WSCALE;
              this.wscale = wscale;
            }
          }
          break;
        case 115: // s
          if (this.skip(SACK_OK, 0, SACK_OK.length)) this.options |= TcpOption.SACK_PERMITTED;
          else if (this.skip(SACK, 0, SACK.length)) this.readSackBlocks();
          break;
        case 84: // T
          if (this.skip(TS_VAL, 0, TS_VAL.length)) this.readTimestamps(ECR);
          break;
        case 116: // t
          if (this.skip(TIMESTAMP, 0, TIMESTAMP.length)) this.readTimestamps(SPACE_ONLY);
          break;
      }
      while (this.pos < this.end) {
        const c = bytes[this.pos];
        if (c === COMMA || c === CLOSE_BRACKET) break;
        if (c >= 0x80) return false;
        this.pos++;
      }
      this.skipChar(COMMA);
    }
    return true;
  }

  private readTimestamps(separator: Uint8Array): void {
    const val = this.uint();
    if (val < 0 || !this.skip(separator, 0, separator.length)) return;
    const ecr = this.uint();
    if (ecr < 0) return;
    this.options |= TcpOption.TIMESTAMPS;
    this.tsVal = val;
    this.tsEcr = ecr;
  }

  private readSackBlocks(): void {
    if (this.uint() < 0) return;
    this.skipSpaces();
    let blocks = 0;
    while (this.skipChar(OPEN_BRACE)) {
      const left = this.uint();
      if (left < 0 || !this.skipChar(COLON)) return;
      const right = this.uint();
      if (right < 0 || !this.skipChar(CLOSE_BRACE)) return;
      if (blocks < MAX_SACK_BLOCKS) {
        this.sack[2 * blocks] = left;
        this.sack[2 * blocks + 1] = right;
        blocks++;
      }
      this.skipSpaces();
    }
    if (blocks > 0) {
      this.options |= TcpOption.SACK;
      this.sackCount = blocks;
    }
  }
}
