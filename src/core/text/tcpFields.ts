/**
 * The TCP part of a tcpdump line, after the endpoints: tcpdump 4.x
 * (`Flags [P.], seq 1:95, ack 1, win 63, options [...], length 94`), and
 * where the 3.x style (`P 1:101(100) ack 1 win 8192 <mss 1460,...> (DF)`)
 * starts; looseTcp.ts reads that style, and what people retype.
 * Numbers are stored as printed; sequenceNumbers.ts makes them absolute.
 */
import { MAX_SACK_BLOCKS, SegmentFields, TcpFlag, TcpOption } from '../packets';
import { CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, findInLine, LineCursor, OPEN_BRACE, OPEN_BRACKET, SPACE } from './lineCursor';

/** What the line printed, before relative numbers are resolved. */
export class PrintedNumbers {
  seqShown = false;
  seq = 0;
  ackShown = false;
  ack = 0;
  /** SACK edges as printed are in `fields.sack`. */

  reset(): void {
    this.seqShown = this.ackShown = false;
    this.seq = this.ack = 0;
  }
}


/** Flag bit of one of tcpdump's flag letters, 0 if the letter is not one. */
export function flagBit(letter: number): number {
  switch (letter) {
    case 70: return TcpFlag.FIN; // F
    case 83: return TcpFlag.SYN; // S
    case 82: return TcpFlag.RST; // R
    case 80: return TcpFlag.PSH; // P
    case 46: return TcpFlag.ACK; // .
    case 85: return TcpFlag.URG; // U
    case 69: return TcpFlag.ECE; // E
    case 87: return TcpFlag.CWR; // W
    default: return 0;
  }
}

/**
 * tcpdump 4.x: the cursor is just after `Flags [`. Fills flags, len, win,
 * options and `printed`; false when the line is not readable.
 */
export function readModernTcp(cur: LineCursor, f: SegmentFields, printed: PrintedNumbers): boolean {
  const fieldsStart = cur.pos;
  if (!readFlagLetters(cur, f)) return false;
  let lengthSeen = false;
  let seqEnd = -1;
  // Dispatch on the item's first letter: one comparison instead of trying every keyword.
  while (cur.peek() === COMMA && cur.peek(1) === SPACE && !lengthSeen) {
    cur.pos += 2;
    switch (cur.peek()) {
      case 115: // s
        if (cur.skip('seq ')) {
          const seq = cur.uint();
          if (seq < 0) return false;
          printed.seqShown = true;
          printed.seq = seq;
          if (cur.skipChar(COLON)) seqEnd = cur.uint();
          continue;
        }
        break;
      case 97: // a
        if (cur.skip('ack ')) {
          const ack = cur.uint();
          if (ack < 0) return false;
          printed.ackShown = true;
          printed.ack = ack;
          continue;
        }
        break;
      case 119: // w
        if (cur.skip('win ')) {
          const win = cur.uint();
          if (win < 0) return false;
          f.win = win;
          continue;
        }
        break;
      case 111: // o
        if (cur.skip('options [')) {
          readOptions(cur, f, CLOSE_BRACKET);
          if (!cur.skipChar(CLOSE_BRACKET)) return false;
          continue;
        }
        break;
      case 108: // l
        if (cur.skip('length ')) {
          const len = cur.uint();
          if (len < 0) return false;
          f.len = len;
          lengthSeen = true;
          continue;
        }
        break;
    }
    // cksum, urg and anything newer: up to the next ", ".
    skipItem(cur);
  }
  // tcpdump ends the fields with `length N`, or a cut header with ` [|tcp]`: anything else is not its text.
  if (!lengthSeen && !isEndOfFields(cur) && findInLine(cur.text, '[|tcp]', fieldsStart, cur.end) < 0) return false;
  if (!lengthSeen && printed.seqShown && seqEnd >= 0) f.len = (seqEnd - printed.seq) >>> 0;
  return true;
}

function isEndOfFields(cur: LineCursor): boolean {
  cur.skipSpaces();
  return cur.done || cur.peek() === OPEN_BRACKET;
}

/** tcpdump's letters up to `]`; false for words (`[ACK]`, `[SYN.ACK]`), which tcpdump never prints. */
function readFlagLetters(cur: LineCursor, f: SegmentFields): boolean {
  if (cur.skip('none]')) return true;
  let flags = 0;
  while (!cur.done) {
    const c = cur.peek();
    cur.pos++;
    if (c === CLOSE_BRACKET) {
      f.flags = flags;
      return true;
    }
    const bit = flagBit(c);
    if (bit === 0 && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
    flags |= bit;
  }
  return false;
}

function skipItem(cur: LineCursor): void {
  while (!cur.done) {
    if (cur.peek() === COMMA && cur.peek(1) === SPACE) return;
    cur.pos++;
  }
}

/**
 * TCP options up to (not past) `close`: `]` in 4.x, `>` in 3.x. Items are
 * separated by commas; the ones the model uses are read, the rest skipped.
 */
export function readOptions(cur: LineCursor, f: SegmentFields, close: number): void {
  while (!cur.done && cur.peek() !== close) {
    cur.skipSpaces();
    switch (cur.peek()) {
      case 109: // m
        if (cur.skip('mss ')) {
          const mss = cur.uint();
          if (mss >= 0) {
            f.options |= TcpOption.MSS;
            f.mss = mss;
          }
        }
        break;
      case 119: // w
        if (cur.skip('wscale ')) {
          const wscale = cur.uint();
          if (wscale >= 0) {
            f.options |= TcpOption.WSCALE;
            f.wscale = wscale;
          }
        }
        break;
      case 115: // s
        if (cur.skip('sackOK')) f.options |= TcpOption.SACK_PERMITTED;
        else if (cur.skip('sack ')) readSackBlocks(cur, f);
        break;
      case 84: // T
        if (cur.skip('TS val ')) readTimestamps(cur, f, ' ecr ');
        break;
      case 116: // t
        if (cur.skip('timestamp ')) readTimestamps(cur, f, ' ');
        break;
    }
    while (!cur.done && cur.peek() !== COMMA && cur.peek() !== close) cur.pos++;
    cur.skipChar(COMMA);
  }
}

function readTimestamps(cur: LineCursor, f: SegmentFields, separator: string): void {
  const val = cur.uint();
  if (val < 0 || !cur.skip(separator)) return;
  const ecr = cur.uint();
  if (ecr < 0) return;
  f.options |= TcpOption.TIMESTAMPS;
  f.tsVal = val;
  f.tsEcr = ecr;
}

/** `sack N {l:r}{l:r}`: the edges as printed, into f.sack. */
function readSackBlocks(cur: LineCursor, f: SegmentFields): void {
  if (cur.uint() < 0) return;
  cur.skipSpaces();
  let blocks = 0;
  while (cur.skipChar(OPEN_BRACE)) {
    const left = cur.uint();
    if (left < 0 || !cur.skipChar(COLON)) return;
    const right = cur.uint();
    if (right < 0 || !cur.skipChar(CLOSE_BRACE)) return;
    if (blocks < MAX_SACK_BLOCKS) {
      f.sack[2 * blocks] = left;
      f.sack[2 * blocks + 1] = right;
      blocks++;
    }
    cur.skipSpaces();
  }
  if (blocks > 0) {
    f.options |= TcpOption.SACK;
    f.sackCount = blocks;
  }
}

/** Whether the cursor is at a 3.x flags token: `S`, `FP`, `.` ... followed by a space and a number, `ack` or `win`. */
export function isOldStyleTcp(cur: LineCursor): boolean {
  let p = 0;
  if (cur.peek() === 46) {
    p = 1;
  } else {
    while (flagBit(cur.peek(p)) !== 0 && cur.peek(p) !== 46) p++;
    if (p === 0) return false;
  }
  if (cur.peek(p) !== SPACE) return false;
  const next = cur.peek(p + 1);
  return (next >= 48 && next <= 57) || next === 97 /* ack */ || next === 119 /* win */;
}
