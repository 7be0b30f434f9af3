/**
 * A position inside one line of the input text. Parsers move it forward
 * instead of cutting substrings, so reading a line allocates nothing.
 */
export class LineCursor {
  text = '';
  pos = 0;
  /** End of the line (exclusive, before any '\r'). */
  end = 0;

  at(text: string, pos: number, end: number): this {
    this.text = text;
    this.pos = pos;
    this.end = end;
    return this;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Character code at the cursor, or -1 at the end of the line. */
  peek(offset = 0): number {
    const p = this.pos + offset;
    return p < this.end ? this.text.charCodeAt(p) : -1;
  }

  /** Advances past `literal` if the line continues with it. */
  skip(literal: string): boolean {
    if (!matchesAt(this.text, this.pos, this.end, literal)) return false;
    this.pos += literal.length;
    return true;
  }

  skipChar(code: number): boolean {
    if (this.peek() !== code) return false;
    this.pos++;
    return true;
  }

  skipSpaces(): void {
    while (this.pos < this.end && this.text.charCodeAt(this.pos) === SPACE) this.pos++;
  }

  /** Reads decimal digits; -1 when there are none. Exact up to 2^53. */
  uint(): number {
    let p = this.pos;
    let value = 0;
    while (p < this.end) {
      const d = this.text.charCodeAt(p) - ZERO;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      p++;
    }
    if (p === this.pos) return -1;
    this.pos = p;
    return value;
  }

  /** Index of `needle` within the rest of the line, or -1. */
  find(needle: string, from = this.pos): number {
    return findInLine(this.text, needle, from, this.end);
  }

  /** Moves to the next occurrence of `code` in the line (or the end); true if found. */
  skipTo(code: number): boolean {
    while (this.pos < this.end) {
      if (this.text.charCodeAt(this.pos) === code) return true;
      this.pos++;
    }
    return false;
  }
}

/** Character codes the readers compare `charCodeAt` with. */
export const SPACE = 32;
export const TAB = 9;
export const ZERO = 48;
export const OPEN_PAREN = 40;
export const CLOSE_PAREN = 41;
export const COMMA = 44;
export const DASH = 45;
export const DOT = 46;
export const COLON = 58;
export const LESS = 60;
export const GREATER = 62;
export const OPEN_BRACKET = 91;
export const CLOSE_BRACKET = 93;
export const BACKTICK = 96;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Whether text[at, end) starts with `literal`. A plain loop: for the short
 * keywords of a tcpdump line it beats calling startsWith.
 */
export function matchesAt(text: string, at: number, end: number, literal: string): boolean {
  const n = literal.length;
  if (at < 0 || at + n > end) return false;
  for (let i = 0; i < n; i++) if (text.charCodeAt(at + i) !== literal.charCodeAt(i)) return false;
  return true;
}

/** `text.indexOf(needle, from)` that never looks past `end` (indexOf alone could scan the rest of the file). */
export function findInLine(text: string, needle: string, from: number, end: number): number {
  const first = needle.charCodeAt(0);
  const last = end - needle.length;
  for (let i = from; i <= last; i++) {
    if (text.charCodeAt(i) === first && matchesAt(text, i, end, needle)) return i;
  }
  return -1;
}

/** Start of the whitespace-delimited token that ends at `end`, not before `lineStart`. */
export function tokenStart(text: string, lineStart: number, end: number): number {
  let p = end;
  while (p > lineStart) {
    const c = text.charCodeAt(p - 1);
    if (c === SPACE || c === TAB) break;
    p--;
  }
  return p;
}
