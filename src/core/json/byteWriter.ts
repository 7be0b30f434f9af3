/**
 * Writes JSON text as UTF-8 bytes into a buffer handed out in chunks: the
 * analysis JSON of a million packets is hundreds of megabytes, and building
 * it as strings (then encoding them) cost more than the analysis itself.
 * Numbers are written digit by digit, strings from bytes prepared once.
 */

const CHUNK_BYTES = 1 << 16;

/** Character codes. */
const enum Ch {
  ZERO = 48,
  DOT = 46,
}

export class ByteWriter {
  /** The buffer and the position in it: hot loops write with `put*` and set `at` back. */
  buf: Uint8Array;
  at = 0;

  /** `write` gets each chunk; it may only read it during the call (the buffer is reused). */
  constructor(
    private readonly write: (chunk: Uint8Array) => void,
    chunkBytes = CHUNK_BYTES,
  ) {
    this.buf = new Uint8Array(chunkBytes);
  }

  /** Makes room for `n` more bytes. */
  room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = new Uint8Array(n);
  }

  flush(): void {
    if (this.at === 0) return;
    this.write(this.buf.subarray(0, this.at));
    this.at = 0;
  }

  /** Bytes prepared by `utf8` (room must have been made). */
  bytes(b: Uint8Array): void {
    this.at = putBytes(this.buf, this.at, b);
  }

  /** A non-negative integer below 2^53 (room must have been made: at most 16 bytes). */
  uint(n: number): void {
    this.at = putUint(this.buf, this.at, n);
  }

  /** A number as `JSON.stringify` (and `String`) writes it (room must have been made: at most 32 bytes). */
  number(x: number): void {
    this.at = putNumber(this.buf, this.at, x);
  }

  /** Text known to be ASCII (room must have been made). */
  ascii(s: string): void {
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    this.at = at;
  }

  /** Any text, UTF-8 encoded, with room made for it. */
  text(s: string): void {
    this.room(s.length * 3);
    const buf = this.buf;
    let at = this.at;
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
    this.at = at;
  }

}

/** 2^(k - 53) * 1e6: half a unit in the last place of a number in [2^k, 2^(k+1)), in millionths. */
const HALF_ULP_MICROS = Float64Array.from({ length: 32 }, (_, k) => 2 ** (k - 53) * 1e6);

/** The UTF-8 bytes of a string, prepared once for writing many times. */
export function utf8(s: string): Uint8Array {
  const out = new ByteWriter(NO_OUTPUT, s.length * 3);
  out.text(s);
  return out.buf.slice(0, out.at);
}

const NO_OUTPUT = () => {};

// Writers of one value at `at` in `buf` (room made beforehand), returning the position after it:
// plain functions of numbers and arrays, which the compiler inlines into the loops that call them.

export function putBytes(buf: Uint8Array, at: number, b: Uint8Array): number {
  // A loop for the short parts between values; the runtime's copy for longer ones.
  if (b.length > 16) buf.set(b, at);
  else for (let i = 0; i < b.length; i++) buf[at + i] = b[i];
  return at + b.length;
}

/** Digits of 0…99, two bytes each. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, k) => Ch.ZERO + (k & 1 ? (k >> 1) % 10 : Math.floor((k >> 1) / 10)));

/**
 * A value of a Uint32Array. Five digits at a time: each half is below 1e5,
 * where the compiler divides by 10 with integer arithmetic.
 */
export function putUint32(buf: Uint8Array, at: number, n: number): number {
  if (n < 100000) return putBelow1e5(buf, at, n | 0);
  const high = (n / 100000) >>> 0;
  at = putBelow1e5(buf, at, high);
  putFiveDigits(buf, at, (n - high * 100000) | 0);
  return at + 5;
}

function putBelow1e5(buf: Uint8Array, at: number, n: number): number {
  const end = at + (n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : 5);
  let p = end;
  do {
    const q = (n / 10) | 0;
    buf[--p] = Ch.ZERO + n - q * 10;
    n = q;
  } while (n > 0);
  return end;
}

function putFiveDigits(buf: Uint8Array, at: number, n: number): void {
  for (let p = at + 4; p >= at; p--) {
    const q = (n / 10) | 0;
    buf[p] = Ch.ZERO + n - q * 10;
    n = q;
  }
}

/** A non-negative integer below 2^53. */
export function putUint(buf: Uint8Array, at: number, n: number): number {
  if (n < 10) {
    buf[at] = Ch.ZERO + n;
    return at + 1;
  }
  if (n < 100) {
    buf[at] = PAIRS[2 * n];
    buf[at + 1] = PAIRS[2 * n + 1];
    return at + 2;
  }
  const end = at + digitCount(n);
  let p = end;
  if (n < 4294967296) {
    while (n >= 100) {
      const q = (n / 100) >>> 0;
      const r = 2 * (n - q * 100);
      buf[--p] = PAIRS[r + 1];
      buf[--p] = PAIRS[r];
      n = q;
    }
  } else {
    while (n >= 100) {
      const q = Math.floor(n / 100);
      const r = 2 * (n - q * 100);
      buf[--p] = PAIRS[r + 1];
      buf[--p] = PAIRS[r];
      n = q;
    }
  }
  if (n >= 10) {
    buf[--p] = PAIRS[2 * n + 1];
    buf[--p] = PAIRS[2 * n];
  } else {
    buf[--p] = Ch.ZERO + n;
  }
  return end;
}

function digitCount(n: number): number {
  if (n < 1e5) return n < 1e3 ? 3 : n < 1e4 ? 4 : 5;
  if (n < 1e10) return n < 1e6 ? 6 : n < 1e7 ? 7 : n < 1e8 ? 8 : n < 1e9 ? 9 : 10;
  let digits = 11;
  for (let p = 1e11; p <= n && digits < 16; p *= 10) digits++;
  return digits;
}

/** A number as `JSON.stringify` (and `String`) writes it: at most 32 bytes. */
export function putNumber(buf: Uint8Array, at: number, x: number): number {
  if (x >= 0 && x < 9007199254740992 && Math.floor(x) === x) return putUint(buf, at, x);
  const end = putMicroseconds(buf, at, x);
  if (end >= 0) return end;
  const s = JSON.stringify(x);
  for (let i = 0; i < s.length; i++) buf[at + i] = s.charCodeAt(i);
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
function putMicroseconds(buf: Uint8Array, at: number, x: number): number {
  if (!(x >= 65536 && x < 2147483648)) return -1;
  const whole = Math.floor(x);
  const scaled = (x - whole) * 1e6;
  const m = Math.round(scaled);
  if (m === 0 || m >= 1e6) return -1;
  // Half a unit in the last place of x, times 1e6: x is in [2^k, 2^(k+1)) with k = 31 - clz32(whole).
  const halfUlp = HALF_ULP_MICROS[31 - Math.clz32(whole)];
  const error = scaled - m;
  if (!(error < halfUlp && -error < halfUlp)) return -1;
  at = putUint(buf, at, whole);
  buf[at++] = Ch.DOT;
  let digits = 6;
  let fraction = m;
  while (fraction % 10 === 0) {
    fraction /= 10;
    digits--;
  }
  const end = at + digits;
  for (let p = end; p > at; ) {
    const q = (fraction / 10) >>> 0;
    buf[--p] = Ch.ZERO + (fraction - q * 10);
    fraction = q;
  }
  return end;
}
