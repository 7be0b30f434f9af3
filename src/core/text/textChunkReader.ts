/**
 * tcpdump text read from the file's bytes chunk by chunk. Once the text's
 * beginning is read (TextPieceReader), a chunk's frame lines of tcpdump's
 * plainest form (plainFrameLine.ts) go to the decoder straight from the
 * bytes, and the lines between them as text, in order. The model is the one
 * of decoding every chunk to text and reading that (what happens before the
 * beginning is read, and for a chunk that holds a byte outside ASCII from
 * there on): ASCII reads as itself in UTF-8 and in Latin-1, and the
 * encoding is still decided by TextBytes on every other byte (see
 * `TextBytes.asciiPassesThrough`).
 */
import type { TcpdumpTextDecoder } from './decoder';
import { asciiText, type TextBytes } from './textBytes';
import { DETECTION_CHARACTERS } from './detect';
import type { TextPieceReader } from './textReading';

const NEWLINE = 10;
const SPACE = 32;
const TAB = 9;

export class TextChunkReader {
  constructor(
    private readonly decoder: TcpdumpTextDecoder,
    private readonly bytes: TextBytes,
    private readonly pieces: TextPieceReader,
  ) {}

  /** Whether the text holds anything but white space. */
  get anyText(): boolean {
    return this.pieces.anyText;
  }

  push(chunk: Uint8Array): void {
    let from = 0;
    if (!this.pieces.started) {
      from = this.readBeginning(chunk);
      if (from < 0) return;
    }
    if (!this.bytes.asciiPassesThrough) {
      this.pieces.push(this.bytes.decode(chunk.subarray(from)));
      return;
    }
    this.readLines(chunk, from);
    this.pieces.readElsewhere();
  }

  /** The end of the bytes (the decoder is to be ended after this). */
  end(): void {
    this.pieces.push(this.bytes.decode(new Uint8Array(0), true));
    this.pieces.end();
  }

  /**
   * The chunk while the text's beginning is not read yet: only as much of
   * it as the beginning needs is read as text, when that is ASCII, so that
   * the rest may be read from the bytes. Where that rest starts, or -1 when
   * the whole chunk was read.
   */
  private readBeginning(chunk: Uint8Array): number {
    const cut = beginningEnd(chunk, DETECTION_CHARACTERS - this.pieces.headLength);
    const text = cut < 0 ? null : this.bytes.passAscii(chunk.subarray(0, cut));
    if (text !== null) {
      this.pieces.push(text, false);
      if (this.pieces.started) return cut;
    }
    this.pieces.push(this.bytes.decode(text === null ? chunk : chunk.subarray(cut)));
    return -1;
  }

  private readLines(chunk: Uint8Array, from: number): void {
    const decoder = this.decoder;
    const plainLine = decoder.plainLine;
    // The plain reader reads a line only up to its newline, and never past the chunk's last one.
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    // The start of the bytes not given to the decoder yet.
    let pending = from;
    // A line the text before this chunk ends inside of is read as text.
    let start = decoder.atLineStart ? from : chunk.indexOf(NEWLINE, from) + 1;
    while (start <= lastNewline) {
      const plainEnd = plainLine.read(chunk, start);
      if (plainEnd >= 0) {
        if (pending < start && !this.readText(chunk, pending, start)) return;
        decoder.readPlainLine(plainEnd + 1 - start);
        start = pending = plainEnd + 1;
      } else {
        start = chunk.indexOf(NEWLINE, start) + 1;
      }
    }
    if (pending < chunk.length) this.readText(chunk, pending, chunk.length);
  }

  /**
   * chunk[from, to) as text, when it is ASCII. Else the rest of the chunk
   * from `from` is decoded as TextBytes decodes text (false: the chunk is done).
   */
  private readText(chunk: Uint8Array, from: number, to: number): boolean {
    const text = asciiText(chunk.subarray(from, to));
    if (text === null) {
      this.decoder.push(this.bytes.decode(chunk.subarray(from)));
      return false;
    }
    this.decoder.push(text);
    return true;
  }
}

/**
 * Where a beginning of at least `length` bytes may end in the chunk: after a
 * newline whose next line starts with neither a space nor a tab (no line read
 * as text looks past such a line: looseTcp.ts reads fields wrapped onto
 * indented lines), with bytes after it. -1 when there is no such place.
 */
function beginningEnd(chunk: Uint8Array, length: number): number {
  for (let at = chunk.indexOf(NEWLINE, Math.max(0, length - 1)); at >= 0 && at + 1 < chunk.length; at = chunk.indexOf(NEWLINE, at + 1)) {
    const next = chunk[at + 1];
    if (next !== SPACE && next !== TAB) return at + 1;
  }
  return -1;
}
