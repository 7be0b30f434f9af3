/**
 * TCP fields read loosely: tcpdump 3.x's `S 1:1(0) ack 1 win 4096 <mss 1460> (DF)`
 * as tcpdump printed it, and the ways people retype or mangle tcpdump lines
 * in tutorials, chat and tickets: no flags (`ack 4001`), flags as words
 * (`SYN-ACK`, `[PSH, ACK]`), a field given twice (`ack 4001,ack 1`), no
 * length (`S 100:100`), `seq=100`, a comment after the fields, endpoints as
 * `address:port`, words before the endpoints, fields wrapped onto the next
 * line as in TCP/IP Illustrated. What tcpdump itself prints reads silently;
 * everything else read leaves a note saying what was assumed.
 */
import { message, type Message } from '../explain/message';
import { EndpointReader } from './endpoints';
import { SegmentFields, TcpFlag, flagsText } from '../packets';
import { BACKTICK, CLOSE_BRACKET, CLOSE_PAREN, COLON, COMMA, findInLine, GREATER, isDigitCode, LESS, LineCursor, matchesAt, OPEN_BRACKET, OPEN_PAREN, SPACE, TAB, tokenStart } from './lineCursor';
import {
  LeadingResidue,
  NumberPrefix,
  decodeHtmlEntities,
  hasOddSpace,
  htmlTagLength,
  leadingResidueNote,
  quoted,
  trailingResidueNote,
  trailingResidueStart,
  withPlainSpaces,
} from './pastedLine';
import { PrintedNumbers, flagBit, readOptions } from './tcpFields';
import { Timestamp, readTimestamp } from './timestamps';

export const enum LooseRead {
  /** The line holds no TCP segment. */
  NotTcp,
  Read,
  /** It names a TCP segment that cannot be read (see `unreadableReason`). */
  Unreadable,
}

const enum FlagStyle {
  None,
  /** tcpdump 3.x letters: `S`, `FP`, `.` (no flag); the ACK bit comes from `ack N`. */
  Letters,
  /** tcpdump 4.x brackets: `[S.]`, where `.` is ACK. */
  Bracket,
  /** Words: `SYN-ACK`, `[PSH, ACK]`, `SYN.ACK`. */
  Words,
}

const MAX_WRAPPED_LINES = 3;
/** A line continuing the fields of the one above is indented at least this much (TCP/IP Illustrated: ~50 columns). */
const WRAP_INDENT = 8;

const KEYWORDS = ['seq', 'ack', 'win', 'window', 'length', 'len', 'urg'];

const FLAG_WORDS: Record<string, number> = {
  syn: TcpFlag.SYN,
  ack: TcpFlag.ACK,
  fin: TcpFlag.FIN,
  rst: TcpFlag.RST,
  reset: TcpFlag.RST,
  psh: TcpFlag.PSH,
  push: TcpFlag.PSH,
  urg: TcpFlag.URG,
  ece: TcpFlag.ECE,
  cwr: TcpFlag.CWR,
};

/** Flag bits of `SYN`, `SYN-ACK`, `PSH/ACK`, `SYN.ACK` ...; -1 if a part is not a flag word. */
function flagWordsBits(token: string): number {
  let bits = 0;
  for (const part of token.split(/[-/+.|&,]+/)) {
    if (part === '') continue;
    const bit = FLAG_WORDS[part.toLowerCase()];
    if (bit === undefined) return -1;
    bits |= bit;
  }
  return bits === 0 ? -1 : bits;
}

/** Whether the token is made of tcpdump's flag letters (`S`, `FP`, `.`, `S.`). */
function isFlagLetters(token: string): boolean {
  return isFlagLettersAt(token, 0, token.length);
}

function isFlagLettersAt(text: string, start: number, end: number): boolean {
  if (end <= start || end - start > 8) return false;
  for (let i = start; i < end; i++) if (flagBit(text.charCodeAt(i)) === 0) return false;
  return true;
}

/** Whether text[at, at + word.length) is `word` (lower case), in any case. */
function isWordAt(text: string, at: number, length: number, word: string): boolean {
  if (length !== word.length) return false;
  for (let i = 0; i < length; i++) if ((text.charCodeAt(at + i) | 32) !== word.charCodeAt(i)) return false;
  return true;
}

/** Parenthesised and bracketed notes tcpdump prints after the TCP fields. */
const TCPDUMP_ASIDE = /^[([](?:DF|frag |ttl |tos |id |len |correct|incorrect|ipip-proto|\|tcp|bad |tcp sum|ECN|ect|ce\b|class |flowlabel |hlim |next-header |nxt |plen )/;

/** `seq=` / `ack:` / `win ` ...: the separator between a keyword and its number. */
function isKeywordSeparator(c: number): boolean {
  return c === SPACE || c === 61 /* = */ || c === COLON;
}

function isTokenEnd(c: number): boolean {
  return c === -1 || c === SPACE || c === TAB || c === COMMA;
}

export class LooseTcpReader {
  /** What was assumed to read the last line or fields: about the TCP fields, the start of the line, its end. */
  readonly notes: Message[] = [];
  readonly startNotes: Message[] = [];
  readonly endNotes: Message[] = [];
  /** Why the last line, which names a TCP segment, cannot be read; null when it is just malformed. */
  unreadableReason: Message | null = null;
  /** The line's time: its timestamp's seconds, or the seconds since the first packet of a TCP/IP Illustrated prefix; -1 if none. */
  time = -1;

  private readonly cursor = new LineCursor();
  private readonly wrapCursor = new LineCursor();
  private readonly residue = new LeadingResidue();
  private readonly numberPrefix = new NumberPrefix();
  private readonly timestamp = new Timestamp();

  // The fields read so far on the line (and the lines it wraps onto).
  private style = FlagStyle.None;
  private flags = 0;
  private flagsText = '';
  private seqGiven = false;
  private seqEndGiven = false;
  private seq = 0;
  private seqEnd = 0;
  private lenGiven = false;
  private len = 0;
  private ackGiven = false;
  private ack = 0;
  private winGiven = false;
  private winValue = 0;
  /** A comment or the protocol's own text started: nothing after it is a field. */
  private stopped = false;
  /** `Flags [` with no readable flags after it. */
  private flagsUnclosed = false;
  private optionsUnclosed = false;
  private comment = '';
  private wrappedLines = 0;
  private readonly repeats: Message[] = [];
  private readonly ignored: string[] = [];

  constructor(private readonly endpoints: EndpointReader) {}

  /**
   * The fields of a 3.x-style line, the cursor at its flags token, the
   * endpoints already read. Reads what it can and never fails.
   */
  readOldStyle(cur: LineCursor, f: SegmentFields, printed: PrintedNumbers): void {
    this.clearNotes();
    this.readFieldsFrom(cur, f, printed);
  }

  /**
   * A whole line (or what follows its timestamp) read loosely: residue,
   * a TCP/IP Illustrated prefix, words before the endpoints, `SRC > DST:`
   * in tcpdump's or `address:port` notation, then the fields. Fills `f` and
   * `printed` only when it returns Read.
   */
  readLine(text: string, start: number, end: number, f: SegmentFields, printed: PrintedNumbers): LooseRead {
    this.unreadableReason = null;
    this.time = -1;
    // Quick answer for the lines of other protocols (and -v's IPv4 header line): no arrow, no TCP.
    if (!hasArrow(text, start, end)) return LooseRead.NotTcp;
    this.clearNotes();

    let line = text;
    let s = start;
    let e = end;
    const notes = this.startNotes;
    // Text copied from a web page: `&gt;` for `>`, non-breaking spaces for spaces.
    const decoded = findInLine(text, '&', start, end) >= 0 ? decodeHtmlEntities(text.slice(start, end)) : null;
    const oddSpaces = hasOddSpace(text, start, end);
    if (decoded !== null || oddSpaces) {
      line = withPlainSpaces(decoded === null ? text.slice(start, end) : decoded.text);
      s = 0;
      e = line.length;
    }
    if (decoded !== null) notes.push(message('noteHtmlEntities', { entities: decoded.found.join(' ') }));
    if (oddSpaces) notes.push(message('noteNonBreakingSpaces'));
    if (this.residue.read(line, s, e)) {
      notes.push(leadingResidueNote(this.residue.textIn(line)));
      s = this.residue.end;
      while (s < e && (line.charCodeAt(s) === SPACE || line.charCodeAt(s) === TAB)) s++;
    }
    const trailing = trailingResidueStart(line, s, e);
    if (trailing < e) {
      this.endNotes.push(trailingResidueNote(line.slice(trailing, e)));
      e = trailing;
    }
    const cur = this.cursor.at(line, s, e);
    if (readTimestamp(cur, this.timestamp)) {
      s = cur.pos;
      this.time = this.timestamp.seconds;
    } else if (this.numberPrefix.read(line, s)) {
      notes.push(this.numberPrefix.describe());
      this.time = this.numberPrefix.time;
      s = this.numberPrefix.end;
    }

    let arrow = findInLine(line, ' > ', s, e);
    for (let tries = 0; arrow >= 0 && tries < 3; tries++, arrow = findInLine(line, ' > ', arrow + 3, e)) {
      let dstStart = arrow + 3;
      while (dstStart < e && line.charCodeAt(dstStart) === SPACE) dstStart++;
      let dstEnd = dstStart;
      while (dstEnd < e && line.charCodeAt(dstEnd) !== SPACE && line.charCodeAt(dstEnd) !== TAB) dstEnd++;
      let fieldsStart = dstEnd;
      while (fieldsStart < e && line.charCodeAt(fieldsStart) === SPACE) fieldsStart++;
      const colon = dstEnd > dstStart && line.charCodeAt(dstEnd - 1) === COLON;
      const kind = tcpFieldsKind(line, fieldsStart, e);
      if (kind === FieldsKind.None) {
        // `SRC > DST:` names the line's protocol (an ICMP error may quote a TCP header after it);
        // only a pair without the colon, as -e's MAC addresses, lets a later one be the packet's.
        if (colon) return LooseRead.NotTcp;
        continue;
      }
      if (kind === FieldsKind.Truncated) {
        this.unreadableReason = message('reasonHeaderCutShort');
        return LooseRead.Unreadable;
      }
      if (kind === FieldsKind.Quick) {
        this.unreadableReason = message('reasonQuietOutput');
        return LooseRead.Unreadable;
      }
      const srcEnd = arrow;
      const srcStart = tokenStart(line, s, srcEnd);
      f.reset();
      printed.reset();
      const colonNotation = { used: false };
      if (!this.readEndpoint(line, srcStart, srcEnd, colonNotation)) return LooseRead.Unreadable;
      f.src = this.endpoints.address;
      f.sport = this.endpoints.port;
      if (!this.readEndpoint(line, dstStart, colon ? dstEnd - 1 : dstEnd, colonNotation)) return LooseRead.Unreadable;
      f.dst = this.endpoints.address;
      f.dport = this.endpoints.port;
      const before = line.slice(s, srcStart).trim();
      if (before !== '' && !isTcpdumpLinkPrefix(before)) notes.push(message('noteIgnoredBeforeEndpoints', { text: quoted(before) }));
      if (colonNotation.used) notes.push(message('noteColonEndpoints'));
      if (!colon) notes.push(message('noteNoColonAfterDestination'));
      cur.at(line, fieldsStart, e);
      this.readFieldsFrom(cur, f, printed);
      // `Flags [S` cut short: tcpdump's own line, damaged; what it held is not known.
      if (this.flagsUnclosed) return LooseRead.Unreadable;
      return LooseRead.Read;
    }
    return LooseRead.NotTcp;
  }

  /** tcpdump's `address.port`, or `address:port` / `[v6 address]:port`. */
  private readEndpoint(text: string, start: number, end: number, colonNotation: { used: boolean }): boolean {
    if (this.endpoints.read(text, start, end)) return true;
    const colon = lastColonIn(text, start, end);
    if (colon <= start || colon >= end - 1) return false;
    let addressStart = start;
    let addressEnd = colon;
    if (text.charCodeAt(start) === OPEN_BRACKET && text.charCodeAt(colon - 1) === CLOSE_BRACKET) {
      addressStart++;
      addressEnd--;
    } else if (lastColonIn(text, start, colon) >= 0) {
      return false; // bare IPv6: which colon ends the address is a guess
    }
    const port = this.endpoints.readPortOnly(text, colon + 1, end);
    if (port < 0 || !isDigitCode(text.charCodeAt(colon + 1))) return false;
    const address = this.endpoints.readAddress(text, addressStart, addressEnd);
    if (address < 0) return false;
    this.endpoints.address = address;
    this.endpoints.port = port;
    colonNotation.used = true;
    return true;
  }

  /** The flags and fields at the cursor, the lines they wrap onto, then what they mean. */
  private readFieldsFrom(cur: LineCursor, f: SegmentFields, printed: PrintedNumbers): void {
    this.resetFields();
    const lineEnd = cur.end;
    const trailing = trailingResidueStart(cur.text, cur.pos, cur.end);
    const residue = trailing < cur.end ? cur.text.slice(trailing, cur.end) : '';
    cur.end = trailing;
    this.readFlagSpec(cur);
    this.readItems(cur, f);
    if (residue !== '') this.endNotes.push(trailingResidueNote(residue));
    this.wrappedLines = this.readWrappedLines(cur.text, lineEnd, f);
    this.finish(f, printed);
    // The whole line is read: nothing after the fields is left for the caller.
    cur.end = lineEnd;
    cur.pos = lineEnd;
  }

  private clearNotes(): void {
    if (this.notes.length > 0) this.notes.length = 0;
    if (this.startNotes.length > 0) this.startNotes.length = 0;
    if (this.endNotes.length > 0) this.endNotes.length = 0;
  }

  private resetFields(): void {
    this.style = FlagStyle.None;
    this.flags = 0;
    this.flagsText = '';
    this.seqGiven = this.seqEndGiven = this.lenGiven = this.ackGiven = this.winGiven = false;
    this.seq = this.seqEnd = this.len = this.ack = 0;
    this.stopped = false;
    this.flagsUnclosed = false;
    this.optionsUnclosed = false;
    this.comment = '';
    this.wrappedLines = 0;
    if (this.repeats.length > 0) this.repeats.length = 0;
    if (this.ignored.length > 0) this.ignored.length = 0;
  }

  /** `Flags [S.]`, `[SYN, ACK]`, `S`, `FP`, `.`, `SYN-ACK`, `SYN ACK`, or nothing. */
  private readFlagSpec(cur: LineCursor): void {
    cur.skipSpaces();
    const text = cur.text;
    if (matchesAt(text, cur.pos, cur.end, 'Flags') || matchesAt(text, cur.pos, cur.end, 'flags')) {
      const save = cur.pos;
      cur.pos += 5;
      cur.skipSpaces();
      if (cur.peek() === OPEN_BRACKET && this.readFlagBracket(cur)) return;
      if (cur.peek() === OPEN_BRACKET) this.flagsUnclosed = true;
      cur.pos = save;
      return;
    }
    if (cur.peek() === OPEN_BRACKET) {
      this.readFlagBracket(cur);
      return;
    }
    let words = 0;
    for (;;) {
      const tokenStartPos = cur.pos;
      let p = cur.pos;
      while (!isTokenEnd(p < cur.end ? text.charCodeAt(p) : -1)) p++;
      if (words === 0 && isFlagLettersAt(text, tokenStartPos, p)) {
        this.style = FlagStyle.Letters;
        for (let i = tokenStartPos; i < p; i++) this.flags |= flagBit(text.charCodeAt(i));
        // 3.x: '.' alone means no flag; with letters it is tcpdump 4's ACK.
        if (p - tokenStartPos === 1 && text.charCodeAt(tokenStartPos) === 46) this.flags = 0;
        cur.pos = p;
        return;
      }
      if (p === tokenStartPos || this.isAckField(tokenStartPos, p, cur)) break;
      const token = text.slice(tokenStartPos, p);
      const bits = flagWordsBits(token);
      if (bits < 0) break;
      this.style = FlagStyle.Words;
      this.flags |= bits;
      this.flagsText += (words > 0 ? ' ' : '') + token;
      words++;
      cur.pos = p;
      while (cur.peek() === SPACE || cur.peek() === COMMA) cur.pos++;
    }
  }

  /** `ack 5`, `ACK=5`: the acknowledgement field, not the ACK flag. */
  private isAckField(tokenStart: number, tokenEnd: number, cur: LineCursor): boolean {
    const text = cur.text;
    if (!isWordAt(text, tokenStart, tokenEnd - tokenStart, 'ack')) return false;
    let p = tokenEnd;
    if (p < cur.end && isKeywordSeparator(text.charCodeAt(p))) p++;
    while (p < cur.end && text.charCodeAt(p) === SPACE) p++;
    return p < cur.end && isDigitCode(text.charCodeAt(p));
  }

  /** `[S.]` or `[SYN, ACK]` at the cursor; false (cursor unmoved) when the brackets hold something else. */
  private readFlagBracket(cur: LineCursor): boolean {
    const text = cur.text;
    const close = text.indexOf(']', cur.pos);
    if (close < 0 || close >= cur.end || close - cur.pos > 40) return false;
    const inside = text.slice(cur.pos + 1, close).trim();
    let bits: number;
    let style: FlagStyle;
    if (inside === 'none') {
      bits = 0;
      style = FlagStyle.Bracket;
    } else if (isFlagLetters(inside)) {
      bits = 0;
      for (let i = 0; i < inside.length; i++) bits |= flagBit(inside.charCodeAt(i));
      style = FlagStyle.Bracket;
    } else {
      bits = flagWordsBits(inside.replace(/\s+/g, ','));
      if (bits < 0) return false;
      style = FlagStyle.Words;
    }
    this.style = style;
    this.flags = bits;
    this.flagsText = `[${inside}]`;
    cur.pos = close + 1;
    if (cur.peek() === COMMA) cur.pos++;
    return true;
  }

  /** Fields up to the end of the line (or a comment, or the protocol's text after `length N:`). */
  private readItems(cur: LineCursor, f: SegmentFields): void {
    const text = cur.text;
    while (!this.stopped) {
      while (!cur.done && (cur.peek() === SPACE || cur.peek() === TAB || cur.peek() === COMMA)) cur.pos++;
      if (cur.done) return;
      const c = cur.peek();
      const itemStart = cur.pos;
      if (isDigitCode(c)) {
        if (!this.readRange(cur)) this.ignoreToken(cur);
        continue;
      }
      const keyword = this.keywordAt(cur);
      if (keyword !== '') {
        this.readKeywordValue(cur, keyword);
        continue;
      }
      if (matchesAt(text, cur.pos, cur.end, 'options [')) {
        cur.pos += 9;
        readOptions(cur, f, CLOSE_BRACKET);
        if (!cur.skipChar(CLOSE_BRACKET)) this.optionsUnclosed = true;
        continue;
      }
      if (this.style === FlagStyle.None && (matchesAt(text, cur.pos, cur.end, 'Flags') || c === OPEN_BRACKET)) {
        this.readFlagSpec(cur);
        if (this.style !== FlagStyle.None) continue;
        cur.pos = itemStart;
      }
      if (this.isCommentStart(cur)) {
        this.comment = text.slice(cur.pos, cur.end).trim();
        this.stopped = true;
        return;
      }
      if (c === LESS) {
        const tag = htmlTagLength(text, cur.pos, cur.end);
        if (tag > 0) {
          this.ignored.push(text.slice(cur.pos, cur.pos + tag));
          cur.pos += tag;
          continue;
        }
        cur.pos++;
        readOptions(cur, f, GREATER);
        cur.skipChar(GREATER);
        continue;
      }
      if (c === OPEN_PAREN || c === OPEN_BRACKET) {
        this.readAside(cur);
        continue;
      }
      if (c === COLON) {
        // `length 94: HTTP ...`: the rest is the application's.
        this.stopped = true;
        return;
      }
      if (c === BACKTICK || c === 124 /* | */) {
        while (cur.peek() === c) cur.pos++;
        this.ignored.push(text.slice(itemStart, cur.pos));
        continue;
      }
      this.ignoreToken(cur);
    }
  }

  /** `seq`, `ack`, `win`, `window`, `length`, `len`, `urg` followed by a number (the cursor then at it), or ''. */
  private keywordAt(cur: LineCursor): string {
    const text = cur.text;
    let p = cur.pos;
    while (p < cur.end && isLetter(text.charCodeAt(p))) p++;
    const length = p - cur.pos;
    if (length < 3 || length > 6) return '';
    let word = '';
    for (const keyword of KEYWORDS) {
      if (isWordAt(text, cur.pos, length, keyword)) {
        word = keyword;
        break;
      }
    }
    if (word === '' || p >= cur.end || !isKeywordSeparator(text.charCodeAt(p))) return '';
    p++;
    while (p < cur.end && text.charCodeAt(p) === SPACE) p++;
    if (p >= cur.end || !isDigitCode(text.charCodeAt(p))) return '';
    cur.pos = p;
    return word;
  }

  private readKeywordValue(cur: LineCursor, keyword: string): void {
    if (keyword === 'seq') {
      if (!this.readRange(cur)) {
        const seq = cur.uint();
        this.giveSeq(seq, -1, -1);
      }
      return;
    }
    const value = cur.uint();
    switch (keyword) {
      case 'ack':
        if (this.ackGiven) this.repeated('ack', this.ack, value);
        else {
          this.ackGiven = true;
          this.ack = value;
        }
        return;
      case 'win':
      case 'window':
        if (this.winGiven) this.repeated('win', this.winValue, value);
        else {
          this.winGiven = true;
          this.winValue = value;
        }
        return;
      case 'length':
      case 'len':
        if (this.lenGiven) this.repeated('length', this.len, value);
        else {
          this.lenGiven = true;
          this.len = value;
        }
        // tcpdump 4.x: `length 94: HTTP ...`, the application's text follows.
        if (cur.peek() === COLON) this.stopped = true;
        return;
    }
    // urg: tcpdump prints the urgent pointer, which the model does not keep.
  }

  /** `seq:end`, `seq:end(len)` or `seq:end (len)`; false (cursor unmoved) when not a range. */
  private readRange(cur: LineCursor): boolean {
    const save = cur.pos;
    const seq = cur.uint();
    if (seq < 0 || !cur.skipChar(COLON)) {
      cur.pos = save;
      return false;
    }
    const end = cur.uint();
    if (end < 0) {
      cur.pos = save;
      return false;
    }
    let len = -1;
    const beforeLength = cur.pos;
    cur.skipSpaces();
    if (cur.skipChar(OPEN_PAREN)) {
      len = cur.uint();
      if (len < 0 || !cur.skipChar(CLOSE_PAREN)) {
        len = -1;
        cur.pos = beforeLength;
      }
    } else {
      cur.pos = beforeLength;
    }
    this.giveSeq(seq, end, len);
    return true;
  }

  private giveSeq(seq: number, end: number, len: number): void {
    if (this.seqGiven) {
      this.repeated('seq', this.seq, seq);
      return;
    }
    this.seqGiven = true;
    this.seq = seq;
    if (end >= 0) {
      this.seqEndGiven = true;
      this.seqEnd = end;
    }
    if (len >= 0) {
      this.lenGiven = true;
      this.len = len;
    }
  }

  private repeated(field: string, kept: number, other: number): void {
    this.repeats.push(kept === other ? message('noteFieldTwiceSame', { field }) : message('noteFieldTwiceDifferent', { field, kept, other }));
  }

  private isCommentStart(cur: LineCursor): boolean {
    const c = cur.peek();
    const next = cur.peek(1);
    if (c === 35 /* # */ || c === 59 /* ; */ || c === 0x2190 /* ← */) return true;
    if (c === 47 /* / */) return next === 47 || next === 42;
    if (c === 45 /* - */) return next === 45;
    if (c === LESS) return next === 45 || next === 61 || next === 0x2014;
    return false;
  }

  /** `(DF)`, `[tos 0x10]` and the like tcpdump prints, skipped; other `(...)` or `[...]` text noted as ignored. */
  private readAside(cur: LineCursor): void {
    const text = cur.text;
    if (cur.skip('(DF)')) return;
    const close = cur.peek() === OPEN_PAREN ? CLOSE_PAREN : CLOSE_BRACKET;
    const start = cur.pos;
    let depth = 0;
    while (!cur.done) {
      const c = cur.peek();
      cur.pos++;
      if (c === text.charCodeAt(start)) depth++;
      else if (c === close && --depth === 0) break;
    }
    const aside = text.slice(start, cur.pos);
    if (TCPDUMP_ASIDE.test(aside)) return;
    // `1:101 (100)`: a length in parentheses apart from its range.
    const number = /^\((\d+)\)$/.exec(aside);
    if (number !== null && this.seqEndGiven && !this.lenGiven) {
      this.lenGiven = true;
      this.len = Number(number[1]);
      return;
    }
    this.ignored.push(aside);
  }

  /** A word that is no field: noted with the others once the line is read. */
  private ignoreToken(cur: LineCursor): void {
    const start = cur.pos;
    while (!cur.done && !isTokenEnd(cur.peek())) cur.pos++;
    if (cur.pos === start) cur.pos++;
    const token = cur.text.slice(start, cur.pos);
    // A flag word after the numbers (`seq 1 SYN`) still names a flag.
    const bits = flagWordsBits(token);
    if (bits > 0 && this.style !== FlagStyle.Letters && this.style !== FlagStyle.Bracket) {
      this.style = FlagStyle.Words;
      this.flags |= bits;
      this.flagsText += (this.flagsText === '' ? '' : ' ') + token;
      return;
    }
    this.ignored.push(token);
  }

  /**
   * TCP/IP Illustrated and narrow web pages wrap a long line: the fields go
   * on, indented far, on the lines below. Reads them; returns how many.
   */
  private readWrappedLines(text: string, lineEnd: number, f: SegmentFields): number {
    if (this.stopped) return 0;
    let ownIndent = -1;
    let count = 0;
    let end = lineEnd;
    while (count < MAX_WRAPPED_LINES) {
      let start = end;
      if (text.charCodeAt(start) === 13) start++;
      if (text.charCodeAt(start) !== 10) break;
      start++;
      let next = text.indexOf('\n', start);
      if (next < 0) next = text.length;
      const nextEnd = next > start && text.charCodeAt(next - 1) === 13 ? next - 1 : next;
      const indent = indentOf(text, start, nextEnd);
      if (indent < WRAP_INDENT) break;
      if (ownIndent < 0) ownIndent = indentOf(text, lineStartOf(text, lineEnd), lineEnd);
      if (indent <= ownIndent) break;
      const cur = this.wrapCursor.at(text, start, nextEnd);
      while (!cur.done && (cur.peek() === SPACE || cur.peek() === TAB)) cur.pos++;
      if (!this.continuesFields(cur)) break;
      const trailing = trailingResidueStart(text, cur.pos, nextEnd);
      cur.end = trailing;
      this.readItems(cur, f);
      count++;
      end = nextEnd;
      if (this.stopped) break;
    }
    return count;
  }

  /** A wrapped line starts with a field: `ack N`, `win N`, `urg N`, options `<...>`, or `seq:end(len)`. */
  private continuesFields(cur: LineCursor): boolean {
    const c = cur.peek();
    if (c === LESS) return htmlTagLength(cur.text, cur.pos, cur.end) === 0 && !this.isCommentStart(cur);
    if (isDigitCode(c)) {
      const save = cur.pos;
      const range = cur.uint() >= 0 && cur.skipChar(COLON) && cur.uint() >= 0;
      cur.pos = save;
      return range;
    }
    const save = cur.pos;
    const keyword = this.keywordAt(cur);
    cur.pos = save;
    return keyword !== '';
  }

  /**
   * Flags, sequence numbers and length from what was read, and the notes
   * saying what was assumed: flags, numbers, what was ignored, wrapping.
   */
  private finish(f: SegmentFields, printed: PrintedNumbers): void {
    const notes = this.notes;
    let flags = this.flags;
    if (this.style === FlagStyle.None) notes.push(message('noteNoFlags'));
    else if (this.style === FlagStyle.Words) notes.push(message('noteFlagWords', { words: quoted(this.flagsText), flags: flagsText(this.flags) }));
    if (this.ackGiven) {
      // tcpdump prints `ack N` only when the ACK bit is set.
      if ((flags & TcpFlag.ACK) === 0 && (this.style === FlagStyle.Bracket || this.style === FlagStyle.Words)) {
        notes.push(message('noteAckFlagSet'));
      }
      flags |= TcpFlag.ACK;
      printed.ackShown = true;
      printed.ack = this.ack;
    } else if ((flags & TcpFlag.ACK) !== 0) {
      notes.push(message('noteAckNumberMissing'));
    }
    f.flags = flags;
    notes.push(...this.repeats);

    if (this.seqGiven) {
      printed.seqShown = true;
      printed.seq = this.seq;
    }
    if (this.lenGiven) {
      f.len = this.len;
    } else if (this.seqEndGiven) {
      f.len = (this.seqEnd - this.seq) >>> 0;
      notes.push(message('noteLengthFromRange', { length: f.len, first: this.seq, last: this.seqEnd }));
    }
    if (this.winGiven) f.win = this.winValue;
    if (this.optionsUnclosed) notes.push(message('noteOptionsUnclosed'));
    if (this.ignored.length > 0) notes.push(message('noteIgnoredItems', { items: this.ignored.map(quoted).join(', ') }));
    if (this.comment !== '') notes.push(message('noteIgnoredComment', { comment: quoted(this.comment) }));
    if (this.wrappedLines > 0) {
      notes.push(this.wrappedLines === 1 ? message('noteWrappedOnce') : message('noteWrapped', { count: this.wrappedLines }));
    }
  }
}

const enum FieldsKind {
  None,
  Tcp,
  /** `[|tcp]`: tcpdump could not print the header. */
  Truncated,
  /** `tcp 94`: tcpdump -q. */
  Quick,
}

/** What the text after `SRC > DST:` starts with. */
function tcpFieldsKind(text: string, p: number, end: number): FieldsKind {
  if (p >= end) return FieldsKind.None;
  if (matchesAt(text, p, end, '[|tcp]')) return FieldsKind.Truncated;
  if (matchesAt(text, p, end, 'tcp ') && isDigitCode(text.charCodeAt(p + 4))) return FieldsKind.Quick;
  if (matchesAt(text, p, end, 'Flags [') || matchesAt(text, p, end, 'Flags[') || matchesAt(text, p, end, 'flags [')) return FieldsKind.Tcp;
  if (text.charCodeAt(p) === OPEN_BRACKET) {
    const close = text.indexOf(']', p);
    if (close < 0 || close >= end || close - p > 40) return FieldsKind.None;
    const inside = text.slice(p + 1, close).trim();
    return isFlagLetters(inside) || flagWordsBits(inside.replace(/\s+/g, ',')) > 0 ? FieldsKind.Tcp : FieldsKind.None;
  }
  let q = p;
  while (q < end && !isTokenEnd(text.charCodeAt(q))) q++;
  const token = text.slice(p, q);
  if (/^\d+:\d+(?:\(\d+\))?$/.test(token)) return FieldsKind.Tcp;
  const keyword = /^(seq|ack|win|window)([=:]\d+)?$/i.exec(token);
  if (keyword !== null) {
    if (keyword[2] !== undefined) return FieldsKind.Tcp;
    let r = q;
    while (r < end && text.charCodeAt(r) === SPACE) r++;
    if (r < end && isDigitCode(text.charCodeAt(r))) return FieldsKind.Tcp;
    return keyword[1].toLowerCase() === 'ack' ? FieldsKind.Tcp : FieldsKind.None;
  }
  if (isFlagLetters(token)) {
    // A lone letter could be another protocol's text: it needs a field after it, or nothing.
    if (q >= end) return FieldsKind.Tcp;
    let r = q;
    while (r < end && (text.charCodeAt(r) === SPACE || text.charCodeAt(r) === COMMA)) r++;
    const next = text.charCodeAt(r);
    return isDigitCode(next) || /^(?:ack|win|seq|length|len|urg)\b/i.test(text.slice(r, r + 7)) || next === LESS ? FieldsKind.Tcp : FieldsKind.None;
  }
  return flagWordsBits(token) > 0 ? FieldsKind.Tcp : FieldsKind.None;
}

/** Whether text[start, end) holds a `>` or an `&` (of `&gt;`): one pass, most lines have neither. */
function hasArrow(text: string, start: number, end: number): boolean {
  for (let p = start; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c === GREATER || c === 38) return true;
  }
  return false;
}

/** What tcpdump itself prints before the endpoints: `IP`, `IP6`, an -e link-layer part ending in `length N:`, `In`/`Out`. */
function isTcpdumpLinkPrefix(before: string): boolean {
  return /(?:^|\s)IP6?$/.test(before) || /, length \d+:$/.test(before) || /^(?:\S+\s+)?(?:In|Out|B|M|P)$/.test(before);
}

/** Index of the last ':' in text[start, end), or -1. */
function lastColonIn(text: string, start: number, end: number): number {
  for (let p = end - 1; p >= start; p--) if (text.charCodeAt(p) === COLON) return p;
  return -1;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function lineStartOf(text: string, at: number): number {
  const newline = text.lastIndexOf('\n', at - 1);
  return newline + 1;
}

function indentOf(text: string, start: number, end: number): number {
  let columns = 0;
  for (let p = start; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c === SPACE) columns++;
    else if (c === TAB) columns += 8 - (columns % 8);
    else break;
  }
  return columns;
}
