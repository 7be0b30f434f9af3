/**
 * The timestamp that starts a tcpdump line, in each of tcpdump's -t styles.
 */
import { COLON, DASH, DOT, isDigitCode, LineCursor, SPACE } from './lineCursor';

export const enum TimeStyle {
  /** `-t`: no timestamp. */
  None,
  /** Default: `HH:MM:SS.ffffff`, seconds since midnight. */
  ClockOfDay,
  /** `-tt`: `1795316117.090204`. */
  Epoch,
  /** `-tttt`: `2026-11-22 02:55:17.090204` (read as UTC). */
  DateTime,
  /** `-ttt` (delta since the previous frame) or `-ttttt` (since the first frame): ` HH:MM:SS.ffffff` with a leading space, or '-' when negative. */
  Relative,
}

export class Timestamp {
  style = TimeStyle.None;
  seconds = 0;
}


/**
 * Reads a timestamp followed by a space at the cursor. On success moves past
 * both and fills `out`; otherwise leaves the cursor where it was.
 */
export function readTimestamp(cur: LineCursor, out: Timestamp): boolean {
  const start = cur.pos;
  let ok: boolean;
  const sign = cur.peek();
  if (sign === SPACE || sign === DASH) {
    // A negative -ttt delta (frames out of time order) takes the sign's place.
    cur.pos++;
    ok = isDigitCode(cur.peek()) && readClock(cur, out);
    if (sign === DASH) out.seconds = -out.seconds;
    out.style = TimeStyle.Relative;
  } else {
    ok = readAbsolute(cur, out);
  }
  if (ok && cur.skipChar(SPACE)) return true;
  cur.pos = start;
  out.style = TimeStyle.None;
  return false;
}

function readAbsolute(cur: LineCursor, out: Timestamp): boolean {
  const digitsStart = cur.pos;
  const first = cur.uint();
  if (first < 0) return false;
  const digits = cur.pos - digitsStart;
  const c = cur.peek();
  if (c === COLON && digits <= 2) {
    cur.pos = digitsStart;
    out.style = TimeStyle.ClockOfDay;
    return readClock(cur, out);
  }
  if (c === DOT && digits >= 9) {
    cur.pos++;
    const fraction = readFraction(cur);
    if (fraction < 0) return false;
    out.style = TimeStyle.Epoch;
    out.seconds = first + fraction;
    return true;
  }
  if (c === DASH && digits === 4) {
    cur.pos++;
    const month = cur.uint();
    if (month < 1 || month > 12 || !cur.skipChar(DASH)) return false;
    const day = cur.uint();
    if (day < 1 || day > 31 || !cur.skipChar(SPACE)) return false;
    if (!readClock(cur, out)) return false;
    out.style = TimeStyle.DateTime;
    out.seconds += dayStart(first, month, day);
    return true;
  }
  return false;
}

/** The last day read and its first second since the epoch (UTC): most lines of a capture share one. */
let lastDay = -1;
let lastDayStart = 0;

export function dayStart(year: number, month: number, day: number): number {
  const key = (year * 13 + month) * 32 + day;
  if (key !== lastDay) {
    lastDay = key;
    lastDayStart = Date.UTC(year, month - 1, day) / 1000;
  }
  return lastDayStart;
}

/** `H:MM:SS.fraction` into out.seconds (hours may exceed 24 for relative times). */
function readClock(cur: LineCursor, out: Timestamp): boolean {
  const hours = cur.uint();
  if (hours < 0 || !cur.skipChar(COLON)) return false;
  const minutes = cur.uint();
  if (minutes < 0 || minutes > 59 || !cur.skipChar(COLON)) return false;
  const seconds = cur.uint();
  if (seconds < 0 || seconds > 60 || !cur.skipChar(DOT)) return false;
  const fraction = readFraction(cur);
  if (fraction < 0) return false;
  out.seconds = hours * 3600 + minutes * 60 + seconds + fraction;
  return true;
}

const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];

/** Digits after the decimal point as a fraction of a second; -1 if none. */
function readFraction(cur: LineCursor): number {
  const start = cur.pos;
  const value = cur.uint();
  const digits = cur.pos - start;
  if (value < 0 || digits >= POWERS_OF_TEN.length) return -1;
  return value / POWERS_OF_TEN[digits];
}
