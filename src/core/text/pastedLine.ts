/**
 * What text pasted from tutorials, blog posts, chat and tickets carries
 * around tcpdump's own: quote markers, list bullets, shell prompts,
 * backticks, table borders and HTML tags at either end of the line, HTML
 * entities, and the `NUMBER TIME (DELTA)` prefix of TCP/IP Illustrated's
 * figures. tcpdump never prints any of these at the start or end of a
 * packet line, so recognising them leaves its own output as it was read.
 */
import { message, type Message } from '../explain/message';
import { TcpFlag, flagsText } from '../packets';
import { SPACE, TAB, isDigitCode } from './lineCursor';

const QUOTED_LENGTH = 40;

/** Text from the input, quoted for a problem message (the presenters escape it further). */
export function quoted(text: string): string {
  const cut = text.length > QUOTED_LENGTH ? text.slice(0, QUOTED_LENGTH) + '…' : text;
  return JSON.stringify(cut);
}

/** HTML tags that wrap code in web pages and chat exports (not TCP option names such as `<mss 1460>` or `<sackOK>`). */
const HTML_TAG = /^<\/?(?:br|code|pre|tt|samp|kbd|p|li|td|th|tr|span|div|b|i|em|strong|blockquote|font|a|ul|ol)\b[^<>]*>/i;
const HTML_TAG_AT_END = /<\/?(?:br|code|pre|tt|samp|kbd|p|li|td|th|tr|span|div|b|i|em|strong|blockquote|font|a|ul|ol)\b[^<>]*>$/i;

/** The HTML tag at text[at...], or 0. */
export function htmlTagLength(text: string, at: number, end: number): number {
  if (text.charCodeAt(at) !== 60 /* < */) return 0;
  const m = HTML_TAG.exec(text.slice(at, Math.min(end, at + 80)));
  return m ? m[0].length : 0;
}

/**
 * Marks pasted before the packet text: `> ` quotes, `- `/`* `/`+ `/`• `
 * bullets, `1. ` or `1) ` numbered lists, `$ `/`% `/`# ` prompts,
 * backticks, `|` table borders and HTML tags. Returns where they end (one
 * space after them included), or `start` when the line has none; `text`
 * says what was skipped.
 */
export class LeadingResidue {
  start = 0;
  end = 0;

  read(text: string, start: number, end: number): boolean {
    if (!mayStartResidue(text.charCodeAt(start))) return false;
    let p = start;
    while (p < end && (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB)) p++;
    let found = false;
    for (let marks = 0; marks < 8 && p < end; marks++) {
      const next = residueMarkEnd(text, p, end);
      if (next <= p) break;
      found = true;
      p = next;
      const spacesFrom = p;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      // More than one space after the last mark is the pasted line's own indentation.
      if (p - spacesFrom > 1 && residueMarkEnd(text, p, end) <= p) {
        p = spacesFrom + 1;
        break;
      }
    }
    if (!found) return false;
    this.start = start;
    this.end = p;
    return true;
  }

  /** What `read` skipped, for the note (made only once a packet is read after it). */
  textIn(text: string): string {
    return text.slice(this.start, this.end).trim();
  }
}

/** Whether a line starting with `c` may start with residue (checked first: most lines are tcpdump's own). */
function mayStartResidue(c: number): boolean {
  switch (c) {
    case SPACE:
    case TAB:
    case 62: // >
    case 96: // `
    case 124: // |
    case 45: // -
    case 42: // *
    case 43: // +
    case 36: // $
    case 37: // %
    case 35: // #
    case 60: // <
    case 0x2022: // •
    case 0xb7: // ·
      return true;
  }
  return isDigitCode(c);
}

/** End of one residue mark at `p`, or `p` if there is none. */
function residueMarkEnd(text: string, p: number, end: number): number {
  const c = text.charCodeAt(p);
  const after = p + 1 < end ? text.charCodeAt(p + 1) : SPACE;
  switch (c) {
    case 62: // > quote, also >> and > >
      return p + 1;
    case 96: // ` ``` backticks
    case 124: // | table border
      while (p < end && text.charCodeAt(p) === c) p++;
      return p;
    case 45: // - bullet
    case 42: // * bullet
    case 43: // + bullet
    case 36: // $ prompt
    case 37: // % prompt
    case 35: // # prompt
    case 0x2022: // • bullet
    case 0xb7: // · bullet
      return after === SPACE || after === TAB ? p + 1 : p;
    case 60: // <
      return p + htmlTagLength(text, p, end);
  }
  if (isDigitCode(c)) {
    // `1. ` or `12) `: a numbered list (a timestamp or address has no space after its first dot).
    let q = p;
    while (q < end && q - p < 4 && isDigitCode(text.charCodeAt(q))) q++;
    const mark = text.charCodeAt(q);
    if ((mark === 46 || mark === 41) && (text.charCodeAt(q + 1) === SPACE || text.charCodeAt(q + 1) === TAB)) return q + 1;
  }
  return p;
}

/**
 * TCP/IP Illustrated prints each segment as `NUMBER  TIME (DELTA)  SRC > DST: ...`:
 * a line number, seconds since the first segment, and the gap since the
 * one before. Also a bare line number before the endpoints (`3 svr4.1037 > ...`).
 */
const ILLUSTRATED_PREFIX = /[ \t]*(\d{1,7})[ \t]+(?:(\d{1,6}\.\d{1,9})[ \t]+(?:\((\d{1,6}\.\d{1,9})\)[ \t]+)?)?(?=[^ \t(])/y;

export class NumberPrefix {
  end = 0;
  number = '';
  /** Seconds since the first segment, or -1 when only a number was given. */
  time = -1;
  private timeText = '';

  read(text: string, start: number): boolean {
    const c = text.charCodeAt(start);
    if (!isDigitCode(c) && c !== SPACE && c !== TAB) return false;
    ILLUSTRATED_PREFIX.lastIndex = start;
    const m = ILLUSTRATED_PREFIX.exec(text);
    if (m === null) return false;
    this.end = start + m[0].length;
    this.number = m[1];
    this.time = m[2] === undefined ? -1 : Number(m[2]);
    this.timeText = m[2] ?? '';
    return true;
  }

  describe(): Message {
    return this.time < 0
      ? message('notePacketNumber', { number: quoted(this.number) })
      : message('notePacketNumberAndTime', { number: quoted(this.number), time: quoted(this.timeText) });
  }
}

/**
 * Where residue at the end of text[start, end) begins: backticks, `|`,
 * a trailing `\`, `&nbsp;` and HTML tags such as `<br/>` or `</code>`
 * (spaces before them included); `end` when there is none.
 */
export function trailingResidueStart(text: string, start: number, end: number): number {
  let p = end;
  let cut = end;
  for (let rounds = 0; rounds < 8 && p > start; rounds++) {
    while (p > start && (text.charCodeAt(p - 1) === SPACE || text.charCodeAt(p - 1) === TAB)) p--;
    if (p <= start) break;
    const c = text.charCodeAt(p - 1);
    let q = p;
    if (c === 96 || c === 124) {
      while (q > start && text.charCodeAt(q - 1) === c) q--;
    } else if (c === 92) {
      q = p - 1;
    } else if (c === 59 && p - 6 >= start && text.startsWith('&nbsp;', p - 6)) {
      q = p - 6;
    } else if (c === 62) {
      const open = text.lastIndexOf('<', p - 1);
      if (open >= start && p - open <= 80 && HTML_TAG_AT_END.test(text.slice(open, p))) q = open;
    }
    if (q === p) break;
    p = q;
    cut = p;
  }
  // The spaces between the packet text and the residue go with the residue.
  while (cut > start && cut < end && (text.charCodeAt(cut - 1) === SPACE || text.charCodeAt(cut - 1) === TAB)) cut--;
  return cut;
}

/** Whether text[start, end) holds nothing but spaces and residue. */
export function isOnlyResidue(text: string, start: number, end: number): boolean {
  if (start >= end) return false;
  const c = text.charCodeAt(start);
  // Fast answer for what tcpdump prints after the fields: ": HTTP ...", " [|tcp]" ...
  if (c === 58 || c === 91) return false;
  return trailingResidueStart(text, start, end) === start && text.slice(start, end).trim() !== '';
}

/** Whether the start of text[start, end) holds `>` (or the `&` of `&gt;`), as a pasted `SRC > DST:` line does. */
export function mayHoldEndpointPair(text: string, start: number, end: number): boolean {
  const limit = Math.min(end, start + 80);
  for (let p = start; p < limit; p++) {
    const c = text.charCodeAt(p);
    if (c === 62 || c === 38) return true;
  }
  return false;
}

export function trailingResidueNote(residue: string): Message {
  return message('noteIgnoredAtEnd', { text: quoted(residue.trim()) });
}

export function leadingResidueNote(residue: string): Message {
  return message('noteIgnoredAtStart', { text: quoted(residue) });
}

const ENTITIES: Record<string, string> = { gt: '>', lt: '<', amp: '&', quot: '"', apos: "'", nbsp: ' ', '#62': '>', '#60': '<', '#38': '&', '#34': '"', '#39': "'", '#x3e': '>', '#x3c': '<' };
const ENTITY = /&(gt|lt|amp|quot|apos|nbsp|#62|#60|#38|#34|#39|#x3e|#x3c);/gi;

/** The line with its HTML entities (`&gt;` ...) decoded, and which ones there were; null when it has none. */
export function decodeHtmlEntities(line: string): { text: string; found: string[] } | null {
  if (line.indexOf('&') < 0) return null;
  const found = new Set<string>();
  const text = line.replace(ENTITY, (whole: string, name: string) => {
    found.add(whole.toLowerCase());
    return ENTITIES[name.toLowerCase()];
  });
  return found.size === 0 ? null : { text, found: [...found] };
}

/** Non-breaking and thin spaces, which a web page's `&nbsp;` becomes when copied. */
const ODD_SPACE = /[\u00a0\u2007\u2009\u202f]/g;

export function hasOddSpace(text: string, start: number, end: number): boolean {
  for (let p = start; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c === 0xa0 || c === 0x2007 || c === 0x2009 || c === 0x202f) return true;
  }
  return false;
}

export function withPlainSpaces(line: string): string {
  return line.replace(ODD_SPACE, ' ');
}

const NO_NOTES: readonly Message[] = [];

/** Where on the line a note is about: they are listed fields first, then the start of the line, then its end. */
export const enum NotePlace {
  Fields,
  Start,
  End,
}

/**
 * The assumptions made to read one line, collected while reading it and
 * put in one problem on the line.
 */
export class ReadingNotes {
  private line = 0;
  private readonly items: Message[] = [];
  private readonly places: NotePlace[] = [];

  add(line: number, note: Message, place: NotePlace): void {
    if (line !== this.line) {
      this.line = line;
      this.items.length = 0;
      this.places.length = 0;
    }
    this.items.push(note);
    this.places.push(place);
  }

  addAll(line: number, notes: readonly Message[], place: NotePlace): void {
    for (const note of notes) this.add(line, note, place);
  }

  /** The notes of `line` (and forgets them); empty for another line's. */
  take(line: number): readonly Message[] {
    if (line !== this.line || this.items.length === 0) return NO_NOTES;
    const notes: Message[] = [];
    for (const place of [NotePlace.Fields, NotePlace.Start, NotePlace.End]) {
      for (let i = 0; i < this.items.length; i++) if (this.places[i] === place) notes.push(this.items[i]);
    }
    this.items.length = 0;
    this.places.length = 0;
    return notes;
  }

  has(line: number): boolean {
    return line === this.line && this.items.length > 0;
  }

  clear(line: number): void {
    if (line !== this.line) return;
    this.items.length = 0;
    this.places.length = 0;
  }
}

/** `line read as a pure ACK: no flags were given; ...`: the problem put on a line read with assumptions. */
export function readingProblem(flags: number, len: number, notes: readonly Message[]): Message {
  const syn = (flags & TcpFlag.SYN) !== 0;
  const ack = (flags & TcpFlag.ACK) !== 0;
  if (syn) return message(ack ? 'problemReadAsSynAck' : 'problemReadAsSyn', { notes });
  if (flags & TcpFlag.RST) return message('problemReadAsReset', { notes });
  if (flags & TcpFlag.FIN) return message('problemReadAsFin', { notes });
  if (len > 0) return message('problemReadAsData', { length: len, notes });
  if (flags === TcpFlag.ACK) return message('problemReadAsPureAck', { notes });
  if (flags === 0) return message('problemReadAsNoFlags', { notes });
  return message('problemReadAsFlags', { flags: flagsText(flags), notes });
}
