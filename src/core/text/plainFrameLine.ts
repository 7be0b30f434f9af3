/**
 * A frame line of tcpdump's plainest form read straight from the file's
 * bytes, with no string made for it:
 *
 *   TIME IP SRC.PORT > DST.PORT: Flags [...], seq N, ack N, win N, options [...], length N
 *
 * (`IP6` and IPv6 endpoints alike; TIME in the default, -tt or -tttt
 * style; `: PROTOCOL ...` may follow). It is read exactly as the text
 * decoder reads that line's text (decoder.ts `readTimedFrame`, tcpFields.ts
 * `readModernTcp`, endpoints.ts, timestamps.ts): each step below mirrors the
 * step there, number arithmetic included. A line with anything else (any
 * byte outside ASCII, a host or service name, a relative time, other text
 * after the length, ...) is not taken, and the decoder reads its text as
 * ever. Reading has no effect until `fill`: the addresses are interned then.
 *
 * The line ends at its newline, which the reading finds: every step stops
 * at a byte it does not expect, and a newline is never one.
 */
import { NameTable } from '../names';
import { MAX_SACK_BLOCKS, SegmentFields, TcpOption } from '../packets';
import { parseIPv6 } from './endpoints';
import { PrintedNumbers, flagBit } from './tcpFields';
import { TimeStyle, Timestamp, dayStart } from './timestamps';

const NEWLINE = 10;
const CR = 13;
const SPACE = 32;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const GREATER = 62;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];

const IPV4_CACHE_SLOTS = 1024;
const IPV6_CACHE_SLOTS = 64;

/**
 * The value of the digits `digitsAt` read last, kept in a typed array: a
 * number beyond 2^31 returned from a function that is not inlined, or kept
 * in a module's variable, is a heap object, one per field of every line.
 */
const digitsValue = new Float64Array(1);

/**
 * Where the decimal digits at `p` end (`p` when there are none), their
 * value (as `LineCursor.uint` computes it) in digitsValue[0].
 */
function digitsAt(bytes: Uint8Array, p: number): number {
  let d = bytes[p] - 48;
  if (!(d >= 0 && d <= 9)) return p;
  let value = 0;
  do {
    value = value * 10 + d;
    d = bytes[++p] - 48;
  } while (d >= 0 && d <= 9);
  digitsValue[0] = value;
  return p;
}

/** Whether bytes at `p` are `literal`'s (which holds no newline). */
function literalAt(bytes: Uint8Array, p: number, literal: Uint8Array): boolean {
  for (let i = 0; i < literal.length; i++) if (bytes[p + i] !== literal[i]) return false;
  return true;
}

const bytesOf = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const NONE = bytesOf('none]');
const WSCALE = bytesOf('wscale ');
const SACK_OK = bytesOf('sackOK');
const TIMESTAMP = bytesOf('timestamp ');
/** The options of most segments of a connection past its handshake (Linux's): read in one step. */
const NOP_NOP_TS_VAL = bytesOf('nop,nop,TS val ');
const NOP_COMMA = new DataView(NOP_NOP_TS_VAL.buffer).getUint32(0, true);
const TS_V = new DataView(NOP_NOP_TS_VAL.buffer).getUint32(8, true);

/** An endpoint's address as read: an IPv4 number, or IPv6 text to intern. */
class AddressRead {
  ipv4 = -1;
  /** IPv6: the id when known from the cache, else -1 and the text. */
  ipv6Id = -1;
  ipv6Text = '';
  ipv6Slot = -1;
  port = 0;
}

export class PlainFrameLine {
  /** Lines taken (for a test's check that this path is taken). */
  count = 0;

  private style = TimeStyle.None;
  private seconds = 0;
  private fraction = 0;
  private readonly src = new AddressRead();
  private readonly dst = new AddressRead();
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
  /** Where the seconds of the clock read last start, and its hours and minutes in seconds. */
  private clockSecondsAt = 0;
  private clockMinutes = 0;
  /** The start of the day of the last -tttt timestamp read whole, in seconds. */
  private wholeDay = 0;
  /** The bytes before the seconds of the last timestamp read whole (none: length 0), its style, minutes and day. */
  private readonly samePrefix = new Uint8Array(32);
  private readonly samePrefixWords = new DataView(this.samePrefix.buffer);
  private samePrefixLength = 0;
  private samePrefixStyle = TimeStyle.None;
  private samePrefixMinutes = 0;
  private samePrefixDay = 0;

  /**
   * Recent IPv4 addresses (as int32) and their ids, so that most lines make
   * no call to the name table (whose argument above 2^31 would be a heap
   * object each time).
   */
  private readonly ipv4Keys = new Int32Array(IPV4_CACHE_SLOTS);
  private readonly ipv4Ids = new Int32Array(IPV4_CACHE_SLOTS).fill(-1);
  /** Recent IPv6 addresses: their bytes and ids, so that a repeated address needs no text. */
  private readonly ipv6Keys: (Uint8Array | null)[] = new Array<Uint8Array | null>(IPV6_CACHE_SLOTS).fill(null);
  private readonly ipv6Ids = new Int32Array(IPV6_CACHE_SLOTS);
  private readonly ipv6Bytes = new Uint8Array(16);

  /** The bytes being read, as 4-byte words (made once per chunk): literals and the timestamp prefix compared a word at a time. */
  private words: DataView = new DataView(new ArrayBuffer(0));
  private wordsOf: Uint8Array | null = null;

  constructor(private readonly names: NameTable) {}

  /**
   * The line starting at `start`, when it is a frame line of the plain form
   * read whole: the index of the newline that ends it (`fill` then gives its
   * segment); -1 for any other line. A newline must follow `start` in
   * `bytes`: reading never looks past it (a read past the end of a typed
   * array would make every read of this code slower from then on).
   */
  read(bytes: Uint8Array, start: number): number {
    if (bytes !== this.wordsOf) {
      this.words = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.wordsOf = bytes;
    }
    let p = this.readTimestamp(bytes, start);
    if (p < 0 || bytes[p] !== 73 /* I */ || bytes[p + 1] !== 80 /* P */) return -1;
    p += 2;
    if (bytes[p] === 54 /* 6 */) p++;
    if (bytes[p] !== SPACE) return -1;
    p = this.readEndpoint(bytes, p + 1, this.src, SPACE);
    if (p < 0 || bytes[p] !== GREATER || bytes[p + 1] !== SPACE) return -1;
    p = this.readEndpoint(bytes, p + 2, this.dst, COLON);
    if (p < 0 || bytes[p] !== SPACE || bytes[p + 1] !== 70 || bytes[p + 2] !== 108 || bytes[p + 3] !== 97 || bytes[p + 4] !== 103 || bytes[p + 5] !== 115 || bytes[p + 6] !== SPACE || bytes[p + 7] !== 91) return -1;
    p = this.readTcp(bytes, p + 8);
    return p < 0 ? -1 : lineEndAfterFields(bytes, p);
  }

  /** The segment of the line `read` last took, into the decoder's records (the values its text gives them). */
  fill(f: SegmentFields, printed: PrintedNumbers, ts: Timestamp): void {
    // No reset first: every field is set here, but those the decoder sets for every segment after this (frame, line, time, seq, ack, known).
    ts.style = this.style;
    ts.seconds = this.seconds;
    f.src = this.intern(this.src);
    f.sport = this.src.port;
    f.dst = this.intern(this.dst);
    f.dport = this.dst.port;
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
    if (address.ipv4 >= 0) {
      const key = address.ipv4 | 0;
      const slot = (key ^ (key >>> 10) ^ (key >>> 20)) & (IPV4_CACHE_SLOTS - 1);
      if (this.ipv4Ids[slot] >= 0 && this.ipv4Keys[slot] === key) return this.ipv4Ids[slot];
      const id = this.names.internIPv4(address.ipv4);
      this.ipv4Keys[slot] = key;
      this.ipv4Ids[slot] = id;
      return id;
    }
    if (address.ipv6Id >= 0) return address.ipv6Id;
    parseIPv6(address.ipv6Text, this.ipv6Bytes);
    const id = this.names.internIPv6(this.ipv6Bytes, 0);
    this.ipv6Keys[address.ipv6Slot] = bytesOf(address.ipv6Text);
    this.ipv6Ids[address.ipv6Slot] = id;
    return id;
  }

  // ---- the timestamp (timestamps.ts readTimestamp), absolute styles only -----

  /**
   * Where the text after the timestamp and its space starts, or -1. Lines
   * mostly share their date, hour and minute with the line before: when the
   * bytes before the seconds are those of the last timestamp read whole, only
   * the seconds are read, and the rest of the sum is the one it gave.
   */
  private readTimestamp(bytes: Uint8Array, start: number): number {
    const same = this.samePrefixLength;
    if (same > 0 && this.startsWithSamePrefix(bytes, start, same)) {
      const p = this.readSeconds(bytes, start + same, this.samePrefixMinutes);
      if (p < 0 || bytes[p] !== SPACE) return -1;
      this.style = this.samePrefixStyle;
      if (this.style === TimeStyle.DateTime) this.seconds += this.samePrefixDay;
      return p + 1;
    }
    const p = this.readWholeTimestamp(bytes, start);
    if (p >= 0 && (this.style === TimeStyle.ClockOfDay || this.style === TimeStyle.DateTime)) {
      const length = this.clockSecondsAt - start;
      if (length <= this.samePrefix.length) {
        for (let i = 0; i < length; i++) this.samePrefix[i] = bytes[start + i];
        this.samePrefixLength = length;
        this.samePrefixStyle = this.style;
        this.samePrefixMinutes = this.clockMinutes;
        this.samePrefixDay = this.wholeDay;
      }
    }
    return p;
  }

  private startsWithSamePrefix(bytes: Uint8Array, start: number, length: number): boolean {
    const prefix = this.samePrefix;
    let i = 0;
    if (start + length <= bytes.length) {
      const words = this.words;
      const prefixWords = this.samePrefixWords;
      for (; i + 4 <= length; i += 4) if (words.getUint32(start + i, true) !== prefixWords.getUint32(i, true)) return false;
    }
    for (; i < length; i++) if (bytes[start + i] !== prefix[i]) return false;
    return true;
  }

  private readWholeTimestamp(bytes: Uint8Array, start: number): number {
    // A relative time starts with a space or '-', which digitsAt does not take: that line is the decoder's.
    let p = digitsAt(bytes, start);
    if (p === start) return -1;
    const first = digitsValue[0];
    const digits = p - start;
    const c = bytes[p];
    if (c === COLON && digits <= 2) {
      this.style = TimeStyle.ClockOfDay;
      p = this.readClock(bytes, start);
    } else if (c === DOT && digits >= 9) {
      p = this.readFraction(bytes, p + 1);
      if (p < 0) return -1;
      this.style = TimeStyle.Epoch;
      this.seconds = first + this.fraction;
    } else if (c === DASH && digits === 4) {
      const monthFrom = p + 1;
      p = digitsAt(bytes, monthFrom);
      const month = digitsValue[0];
      if (p === monthFrom || month < 1 || month > 12 || bytes[p] !== DASH) return -1;
      const dayFrom = p + 1;
      p = digitsAt(bytes, dayFrom);
      const day = digitsValue[0];
      if (p === dayFrom || day < 1 || day > 31 || bytes[p] !== SPACE) return -1;
      p = this.readClock(bytes, p + 1);
      if (p < 0) return -1;
      this.style = TimeStyle.DateTime;
      this.wholeDay = dayStart(first, month, day);
      this.seconds += this.wholeDay;
    } else {
      return -1;
    }
    return p >= 0 && bytes[p] === SPACE ? p + 1 : -1;
  }

  /** `H:MM:SS.fraction` into this.seconds; where it ends, or -1. Where its seconds start and the minutes before them go to clockSecondsAt and clockMinutes. */
  private readClock(bytes: Uint8Array, p: number): number {
    let q = digitsAt(bytes, p);
    const hours = digitsValue[0];
    if (q === p || bytes[q] !== COLON) return -1;
    p = q + 1;
    q = digitsAt(bytes, p);
    const minutes = digitsValue[0];
    if (q === p || minutes > 59 || bytes[q] !== COLON) return -1;
    this.clockSecondsAt = q + 1;
    this.clockMinutes = hours * 3600 + minutes * 60;
    return this.readSeconds(bytes, q + 1, this.clockMinutes);
  }

  /** `SS.fraction` after the clock's minutes (`minutes`: hours and minutes in seconds) into this.seconds; where it ends, or -1. */
  private readSeconds(bytes: Uint8Array, p: number, minutes: number): number {
    let q = digitsAt(bytes, p);
    const seconds = digitsValue[0];
    if (q === p || seconds > 60 || bytes[q] !== DOT) return -1;
    q = this.readFraction(bytes, q + 1);
    if (q < 0) return -1;
    this.seconds = minutes + seconds + this.fraction;
    return q;
  }

  /** Digits after the decimal point as a fraction of a second into this.fraction (timestamps.ts readFraction): where they end, or -1. */
  private readFraction(bytes: Uint8Array, p: number): number {
    const end = digitsAt(bytes, p);
    const digits = end - p;
    if (digits === 0 || digits >= POWERS_OF_TEN.length) return -1;
    this.fraction = digitsValue[0] / POWERS_OF_TEN[digits];
    return end;
  }

  // ---- the endpoints (decoder.ts readEndpoints, endpoints.ts) ---------------

  /**
   * `ADDRESS.PORT` and the `stop` byte after it (a space; or the colon of
   * ": Flags", which a space follows): where the text after `stop` starts,
   * or -1. Numeric only. An IPv4 or IPv6 address holds no space, so no
   * ": Flags [" or "ICMP" comes before the one after the destination.
   */
  private readEndpoint(bytes: Uint8Array, start: number, out: AddressRead, stop: number): number {
    out.ipv4 = -1;
    out.ipv6Id = -1;
    // Mostly a dotted quad and a port, read in one pass.
    let p = start;
    let address = 0;
    let part = 0;
    for (; part < 4; part++) {
      let octet = bytes[p] - 48;
      if (!(octet >= 0 && octet <= 9)) break;
      let d = bytes[++p] - 48;
      if (d >= 0 && d <= 9) {
        octet = octet * 10 + d;
        d = bytes[++p] - 48;
        if (d >= 0 && d <= 9) {
          octet = octet * 10 + d;
          p++;
        }
      }
      if (octet > 255 || bytes[p] !== DOT) break;
      address = address * 256 + octet;
      p++;
    }
    if (part === 4) {
      const end = digitsAt(bytes, p);
      const port = digitsValue[0];
      if (end > p && port <= 65535 && bytes[end] === stop && (stop !== COLON || bytes[end + 1] === SPACE)) {
        out.ipv4 = address;
        out.port = port;
        return end + 1;
      }
    }
    return this.readOtherEndpoint(bytes, start, out, stop);
  }

  /** An endpoint that is not a dotted quad and a port, read as endpoints.ts reads it: IPv6, or none of this path's. */
  private readOtherEndpoint(bytes: Uint8Array, start: number, out: AddressRead, stop: number): number {
    let p = start;
    let colons = false;
    for (;;) {
      const c = bytes[p];
      if (c === stop && (stop !== COLON || bytes[p + 1] === SPACE)) break;
      if (c === COLON) colons = true;
      else if (!((c >= 48 && c <= 57) || c === DOT || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return -1;
      p++;
    }
    const end = p;
    let dot = end - 1;
    while (dot > start && bytes[dot] !== DOT) dot--;
    if (dot <= start || dot >= end - 1) return -1;
    let port = 0;
    for (let q = dot + 1; q < end; q++) {
      const d = bytes[q] - 48;
      if (!(d >= 0 && d <= 9)) return -1;
      port = port * 10 + d;
    }
    if (port > 65535) return -1;
    if (colons) {
      if (!this.readIPv6(bytes, start, dot, out)) return -1;
    } else {
      out.ipv4 = parseIPv4(bytes, start, dot);
      if (out.ipv4 < 0) return -1;
    }
    out.port = port;
    return end + 1;
  }

  /** IPv6 text bytes[start, end): known from the cache, or checked as endpoints.ts checks it (interned by `fill`). */
  private readIPv6(bytes: Uint8Array, start: number, end: number, out: AddressRead): boolean {
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

  // ---- the TCP fields (tcpFields.ts readModernTcp) --------------------------

  /** The fields after `Flags [` up to the end of `length N`: where they end, or -1. */
  private readTcp(bytes: Uint8Array, p: number): number {
    this.seqShown = this.ackShown = false;
    this.seq = this.ack = 0;
    this.win = this.options = this.mss = this.wscale = this.tsVal = this.tsEcr = this.sackCount = 0;
    let flags = 0;
    if (literalAt(bytes, p, NONE)) {
      p += NONE.length;
    } else {
      for (;;) {
        const c = bytes[p++];
        if (c === CLOSE_BRACKET) break;
        // Only tcpdump's letters: the decoder lets other non-letters through (`[S1]`), not this path.
        const bit = flagBit(c);
        if (bit === 0) return -1;
        flags |= bit;
      }
    }
    this.flags = flags;
    while (bytes[p] === COMMA && bytes[p + 1] === SPACE) {
      p += 2;
      switch (bytes[p]) {
        case 115: // s
          if (bytes[p + 1] === 101 && bytes[p + 2] === 113 && bytes[p + 3] === SPACE) {
            const end = digitsAt(bytes, p + 4);
            if (end === p + 4) return -1;
            this.seqShown = true;
            this.seq = digitsValue[0];
            p = end;
            if (bytes[p] === COLON) p = digitsAt(bytes, p + 1);
            continue;
          }
          break;
        case 97: // a
          if (bytes[p + 1] === 99 && bytes[p + 2] === 107 && bytes[p + 3] === SPACE) {
            const end = digitsAt(bytes, p + 4);
            if (end === p + 4) return -1;
            this.ackShown = true;
            this.ack = digitsValue[0];
            p = end;
            continue;
          }
          break;
        case 119: // w
          if (bytes[p + 1] === 105 && bytes[p + 2] === 110 && bytes[p + 3] === SPACE) {
            const end = digitsAt(bytes, p + 4);
            if (end === p + 4) return -1;
            this.win = digitsValue[0];
            p = end;
            continue;
          }
          break;
        case 111: // o
          if (bytes[p + 1] === 112 && bytes[p + 2] === 116 && bytes[p + 3] === 105 && bytes[p + 4] === 111 && bytes[p + 5] === 110 && bytes[p + 6] === 115 && bytes[p + 7] === SPACE && bytes[p + 8] === 91) {
            p = this.readOptions(bytes, p + 9);
            if (p < 0) return -1;
            p++;
            continue;
          }
          break;
        case 108: // l
          if (bytes[p + 1] === 101 && bytes[p + 2] === 110 && bytes[p + 3] === 103 && bytes[p + 4] === 116 && bytes[p + 5] === 104 && bytes[p + 6] === SPACE) {
            const end = digitsAt(bytes, p + 7);
            if (end === p + 7) return -1;
            this.len = digitsValue[0];
            // The decoder reads no field after the length.
            return end;
          }
          break;
      }
      // cksum, urg and anything newer: up to the next ", " (at the line's end, the fields end without a length: not this path's).
      for (;;) {
        const c = bytes[p];
        if (c === COMMA && bytes[p + 1] === SPACE) break;
        if (!(c < 0x80) || c === NEWLINE) return -1;
        p++;
      }
    }
    // Fields without `length N`: the decoder reads them too, but looks further; not this path's.
    return -1;
  }

  /** tcpFields.ts readOptions: the options up to `]`, and where it is; -1 at the line's end or a byte outside ASCII. */
  private readOptions(bytes: Uint8Array, p: number): number {
    for (;;) {
      let c = bytes[p];
      if (c === CLOSE_BRACKET) return p;
      while (c === SPACE) c = bytes[++p];
      switch (c) {
        case 110: // n
          // A nop sets nothing: the two are passed over as the loop would pass them.
          if (this.nopNopTsValAt(bytes, p)) p = this.readTimestamps(bytes, p + NOP_NOP_TS_VAL.length, true);
          break;
        case 109: // m
          if (bytes[p + 1] === 115 && bytes[p + 2] === 115 && bytes[p + 3] === SPACE) {
            const end = digitsAt(bytes, p + 4);
            p += 4;
            if (end > p) {
              this.options |= TcpOption.MSS;
              this.mss = digitsValue[0];
              p = end;
            }
          }
          break;
        case 119: // w
          if (literalAt(bytes, p, WSCALE)) {
            p += WSCALE.length;
            const end = digitsAt(bytes, p);
            if (end > p) {
              this.options |= TcpOption.WSCALE;
              this.wscale = digitsValue[0];
              p = end;
            }
          }
          break;
        case 115: // s
          if (literalAt(bytes, p, SACK_OK)) {
            this.options |= TcpOption.SACK_PERMITTED;
            p += SACK_OK.length;
          } else if (bytes[p + 1] === 97 && bytes[p + 2] === 99 && bytes[p + 3] === 107 && bytes[p + 4] === SPACE) {
            p = this.readSackBlocks(bytes, p + 5);
          }
          break;
        case 84: // T
          if (bytes[p + 1] === 83 && bytes[p + 2] === SPACE && bytes[p + 3] === 118 && bytes[p + 4] === 97 && bytes[p + 5] === 108 && bytes[p + 6] === SPACE) p = this.readTimestamps(bytes, p + 7, true);
          break;
        case 116: // t
          if (literalAt(bytes, p, TIMESTAMP)) p = this.readTimestamps(bytes, p + TIMESTAMP.length, false);
          break;
      }
      c = bytes[p];
      while (c !== COMMA && c !== CLOSE_BRACKET) {
        if (!(c < 0x80) || c === NEWLINE) return -1;
        c = bytes[++p];
      }
      if (c === COMMA) p++;
    }
  }

  /** Whether NOP_NOP_TS_VAL is at `p`. */
  private nopNopTsValAt(bytes: Uint8Array, p: number): boolean {
    if (p + NOP_NOP_TS_VAL.length > bytes.length) return false;
    const words = this.words;
    return (
      words.getUint32(p, true) === NOP_COMMA &&
      words.getUint32(p + 4, true) === NOP_COMMA &&
      words.getUint32(p + 8, true) === TS_V &&
      bytes[p + 12] === 97 /* a */ &&
      bytes[p + 13] === 108 /* l */ &&
      bytes[p + 14] === SPACE
    );
  }

  /** `VAL ecr ECR` (`TS val`), or `VAL ECR` (`timestamp`): where reading stopped. */
  private readTimestamps(bytes: Uint8Array, p: number, ecr: boolean): number {
    const end = digitsAt(bytes, p);
    if (end === p) return p;
    const val = digitsValue[0];
    p = end;
    if (ecr) {
      if (bytes[p] !== SPACE || bytes[p + 1] !== 101 || bytes[p + 2] !== 99 || bytes[p + 3] !== 114 || bytes[p + 4] !== SPACE) return p;
      p += 5;
    } else {
      if (bytes[p] !== SPACE) return p;
      p++;
    }
    const echoEnd = digitsAt(bytes, p);
    if (echoEnd === p) return p;
    this.options |= TcpOption.TIMESTAMPS;
    this.tsVal = val;
    this.tsEcr = digitsValue[0];
    return echoEnd;
  }

  /** `N {l:r}{l:r}`: the edges as printed; where reading stopped. */
  private readSackBlocks(bytes: Uint8Array, p: number): number {
    const countEnd = digitsAt(bytes, p);
    if (countEnd === p) return p;
    p = countEnd;
    while (bytes[p] === SPACE) p++;
    let blocks = 0;
    while (bytes[p] === OPEN_BRACE) {
      let end = digitsAt(bytes, p + 1);
      const left = digitsValue[0];
      if (end === p + 1 || bytes[end] !== COLON) return end;
      p = end;
      end = digitsAt(bytes, p + 1);
      const right = digitsValue[0];
      if (end === p + 1 || bytes[end] !== CLOSE_BRACE) return end;
      p = end + 1;
      if (blocks < MAX_SACK_BLOCKS) {
        this.sack[2 * blocks] = left;
        this.sack[2 * blocks + 1] = right;
        blocks++;
      }
      while (bytes[p] === SPACE) p++;
    }
    if (blocks > 0) {
      this.options |= TcpOption.SACK;
      this.sackCount = blocks;
    }
    return p;
  }
}

/** endpoints.ts parseIPv4 on bytes[start, end). */
function parseIPv4(bytes: Uint8Array, start: number, end: number): number {
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

/**
 * After `length N`: the line's newline when nothing follows (a CR before it
 * is not the line's), or what tcpdump prints after the fields for some
 * protocols (`: HTTP`, `: HTTP: GET / HTTP/1.1`), which the decoder passes
 * over without a word (pastedLine.ts `isOnlyResidue`); -1 otherwise.
 */
function lineEndAfterFields(bytes: Uint8Array, p: number): number {
  const c = bytes[p];
  if (c === NEWLINE) return p;
  if (c === CR) return bytes[p + 1] === NEWLINE ? p + 1 : -1;
  if (c !== COLON) return -1;
  for (p++; ; p++) {
    const b = bytes[p];
    if (b === NEWLINE) return p;
    if (!(b < 0x80)) return -1;
  }
}
