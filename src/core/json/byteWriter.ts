/**
 * Writes JSON text as UTF-8 bytes into a buffer handed out in chunks: the
 * analysis JSON of a million packets is hundreds of megabytes, and building
 * it as strings (then encoding them) cost more than the analysis itself.
 * Numbers are written four digits a store, keys two 8-byte stores each,
 * other strings from bytes prepared once.
 */

const CHUNK_BYTES = 1 << 16;

/** Character codes. */
const enum Ch {
  DOT = 46,
}

export class ByteWriter {
  /** The buffer, a view of it and the position in it: hot loops write with `put*` and set `at` back. */
  buf: Uint8Array;
  view: DataView;
  at = 0;

  /** `write` gets each chunk; it may only read it during the call (the buffer is reused). */
  constructor(
    private readonly write: (chunk: Uint8Array) => void,
    chunkBytes = CHUNK_BYTES,
  ) {
    this.buf = new Uint8Array(chunkBytes);
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for `n` more bytes. */
  room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) {
      this.buf = new Uint8Array(n);
      this.view = new DataView(this.buf.buffer);
    }
  }

  flush(): void {
    if (this.at === 0) return;
    this.write(this.buf.subarray(0, this.at));
    this.at = 0;
  }

  /** Bytes prepared by `utf8`, with room made for them. */
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.at = putBytes(this.buf, this.at, b);
  }

  /** A number as `JSON.stringify` writes it (NaN and infinities as null), with room made for it. */
  number(x: number): void {
    this.room(32 + WRITE_SLACK);
    this.at = putNumber(this.view, this.at, x);
  }

  /** Any text, UTF-8 encoded, with room made for it. */
  text(s: string): void {
    this.room(s.length * 3);
    this.at = putText(this.buf, this.at, s);
  }
}

/** 2^(k - 53) * 1e6: half a unit in the last place of a number in [2^k, 2^(k+1)), in millionths. */
const HALF_ULP_MICROS = Float64Array.from({ length: 32 }, (_, k) => 2 ** (k - 53) * 1e6);

/** The UTF-8 bytes of a string, prepared once for writing many times. */
export function utf8(s: string): Uint8Array {
  const buf = new Uint8Array(s.length * 3);
  return buf.slice(0, putText(buf, 0, s));
}

/** Text as UTF-8 (room for 3 bytes a UTF-16 unit made beforehand). */
export function putText(buf: Uint8Array, at: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[at++] = c;
      continue;
    }
    if (c < 0x800) {
      buf[at++] = 0xc0 | (c >> 6);
      buf[at++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
        buf[at++] = 0xf0 | (c >> 18);
        buf[at++] = 0x80 | ((c >> 12) & 63);
        buf[at++] = 0x80 | ((c >> 6) & 63);
        buf[at++] = 0x80 | (c & 63);
        continue;
      }
    }
    // A lone surrogate becomes U+FFFD, as TextEncoder writes it (JSON.stringify escapes them anyway).
    if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
    buf[at++] = 0xe0 | (c >> 12);
    buf[at++] = 0x80 | ((c >> 6) & 63);
    buf[at++] = 0x80 | (c & 63);
  }
  return at;
}

// Writers of one value at `at` in `buf` or `view` (room made beforehand), returning the position after
// it: plain functions of numbers and arrays, which the compiler inlines into the loops that call them.
// Those that take a view write whole 4- and 8-byte words, so up to WRITE_SLACK bytes past the
// value's end (later writes overwrite them; room must allow for them).

/** Bytes a writer with a view may write past the end of its value. */
export const WRITE_SLACK = 16;

export function putBytes(buf: Uint8Array, at: number, b: Uint8Array): number {
  // A loop for the short parts between values; the runtime's copy for longer ones.
  if (b.length > 16) buf.set(b, at);
  else for (let i = 0; i < b.length; i++) buf[at + i] = b[i];
  return at + b.length;
}

/**
 * Up to 16 bytes of ASCII (a key and its punctuation) as the two 8-byte
 * words that write them, held as doubles: a word of ASCII bytes (below
 * 0x7f) is never a NaN, so it goes through a double unchanged.
 */
export interface Key {
  readonly low: number;
  readonly high: number;
  readonly length: number;
}

export function key(s: string): Key {
  if (s.length > 16 || !/^[\x20-\x7e\n]*$/.test(s)) throw new Error(`not a short ASCII key: ${s}`);
  const words = new Float64Array(2);
  const bytes = new Uint8Array(words.buffer);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  const view = new DataView(words.buffer);
  return { low: view.getFloat64(0, true), high: view.getFloat64(8, true), length: s.length };
}

/** A key: two stores, whatever its length. */
export function putKey(view: DataView, at: number, k: Key): number {
  view.setFloat64(at, k.low, true);
  view.setFloat64(at + 8, k.high, true);
  return at + k.length;
}

/** Up to 4 ASCII characters as the little-endian word that writes them (zeros after them). */
function asciiWord(s: string): number {
  let word = 0;
  for (let i = 0; i < s.length; i++) word |= s.charCodeAt(i) << (8 * i);
  return word;
}

/** Four ASCII digits of 0…9999, leading zeros kept, as the little-endian word that writes them. */
const DIGITS4 = Int32Array.from({ length: 10000 }, (_, n) => asciiWord(String(n).padStart(4, '0')));

/** How many of those four digits are trailing zeros. */
const TRAILING_ZEROS4 = Uint8Array.from({ length: 10000 }, (_, n) => /0*$/.exec(String(n).padStart(4, '0'))![0].length);

/**
 * A non-negative integer below 2^32, four digits a store: the leading group
 * of 1 to 4 digits, then groups of 4. The quotients stay 32-bit integers,
 * which the compiler divides with integer arithmetic. (One small function,
 * so that the compiler inlines it in many places.)
 */
export function putUint32(view: DataView, at: number, n: number): number {
  n >>>= 0;
  let lead = n;
  let rest = 0;
  let groups = 0;
  if (n >= 100000000) {
    lead = (n / 100000000) >>> 0;
    rest = n - lead * 100000000;
    groups = 2;
  } else if (n >= 10000) {
    lead = (n / 10000) >>> 0;
    rest = n - lead * 10000;
    groups = 1;
  }
  const digits = lead < 10 ? 1 : lead < 100 ? 2 : lead < 1000 ? 3 : 4;
  view.setUint32(at, DIGITS4[lead] >>> (32 - 8 * digits), true);
  at += digits;
  if (groups === 2) {
    const middle = (rest / 10000) >>> 0;
    view.setInt32(at, DIGITS4[middle], true);
    rest -= middle * 10000;
    at += 4;
  }
  if (groups !== 0) {
    view.setInt32(at, DIGITS4[rest], true);
    at += 4;
  }
  return at;
}

/** A number as `JSON.stringify` (and `String`) writes it: at most 32 bytes. */
export function putNumber(view: DataView, at: number, x: number): number {
  if (x >= 0 && x < 4294967296 && Math.floor(x) === x) return putUint32(view, at, x);
  const end = putMicroseconds(view, at, x);
  if (end >= 0) return end;
  const s = JSON.stringify(x);
  for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i));
  return at + s.length;
}

/**
 * A time with at most six decimals (a pcap's microseconds) as `String(x)`
 * writes it, without making the string: the position after it, or -1 when
 * `x` is not such a number (the caller then lets JavaScript print it).
 *
 * Why it is exact: for 2^16 <= x < 2^31 the fraction f = x - floor(x) is
 * exact, and so is f * 1e6 (at most 36 + 14 significant bits). The decimal
 * D = floor(x) + m / 1e6, m = round(f * 1e6), reads back as x when it is
 * nearer to x than half a unit in the last place, and no shorter decimal
 * does: decimals with fewer digits are at least 1e-6 away from D, more than
 * a unit in the last place below 2^31. That is the shortest round-trip
 * decimal, which is what JavaScript prints.
 */
function putMicroseconds(view: DataView, at: number, x: number): number {
  if (!(x >= 65536 && x < 2147483648)) return -1;
  const whole = Math.floor(x);
  const scaled = (x - whole) * 1e6;
  const m = Math.round(scaled);
  if (m === 0 || m >= 1e6) return -1;
  // Half a unit in the last place of x, times 1e6: x is in [2^k, 2^(k+1)) with k = 31 - clz32(whole).
  const halfUlp = HALF_ULP_MICROS[31 - Math.clz32(whole)];
  const error = scaled - m;
  if (!(error < halfUlp && -error < halfUlp)) return -1;
  at = putUint32(view, at, whole);
  view.setUint8(at, Ch.DOT);
  return putDecimals(view, at + 1, m);
}

/**
 * A packet time as `putNumber` writes it, where the last time's whole
 * seconds are usually this one's: `last` holds those seconds, the three
 * words that wrote their digits and their count (made by `timeDigits`),
 * so that a repeat is three stores rather than two divisions.
 */
export function putTime(view: DataView, at: number, x: number, last: Int32Array): number {
  const whole = Math.floor(x);
  if (whole !== last[0]) return putTimeFirst(view, at, x, last);
  const scaled = (x - whole) * 1e6;
  const m = Math.round(scaled);
  const error = scaled - m;
  const halfUlp = HALF_ULP_MICROS[31 - Math.clz32(whole)];
  // last[0] is in [2^16, 2^31) (see putTimeFirst), so x is a time putMicroseconds writes, unless its millionths are not.
  if (m === 0 || m >= 1e6 || !(error < halfUlp && -error < halfUlp)) return putNumber(view, at, x);
  view.setInt32(at, last[1], true);
  view.setInt32(at + 4, last[2], true);
  view.setInt32(at + 8, last[3], true);
  at += last[4];
  view.setUint8(at, Ch.DOT);
  return putDecimals(view, at + 1, m);
}

/** The whole seconds' words for `putTime`, to begin with those of 2^16 (its invariant: a number putMicroseconds writes the digits of). */
export function timeDigits(): Int32Array {
  const last = new Int32Array(5);
  putTimeFirst(new DataView(new ArrayBuffer(64)), 0, 65536.5, last);
  return last;
}

function putTimeFirst(view: DataView, at: number, x: number, last: Int32Array): number {
  const whole = Math.floor(x);
  if (!(x >= 65536 && x < 2147483648)) return putNumber(view, at, x);
  const digits = putUint32(view, at, whole) - at;
  last[0] = whole;
  last[1] = view.getInt32(at, true);
  last[2] = view.getInt32(at + 4, true);
  last[3] = view.getInt32(at + 8, true);
  last[4] = digits;
  return putNumber(view, at, x);
}

/** Millionths 1…999999 as six decimals without their trailing zeros: 2 + 4 digits, then the end moved back. */
function putDecimals(view: DataView, at: number, m: number): number {
  const high = (m / 10000) >>> 0;
  const low = m - high * 10000;
  view.setUint32(at, DIGITS4[high] >>> 16, true);
  view.setInt32(at + 2, DIGITS4[low], true);
  return at + 6 - (low !== 0 ? TRAILING_ZEROS4[low] : 4 + TRAILING_ZEROS4[high]);
}
