/**
 * tcpdump text read piece by piece from bytes in chunks, the same way for the
 * whole model and for a streaming summary.
 */
import { message } from '../explain/message';
import type { ProblemLog } from '../problems';
import type { TcpdumpTextDecoder } from './decoder';
import { DETECTION_CHARACTERS, looksLikeTcpdumpText } from './detect';

/**
 * Feeds pieces of text to the decoder (which is to be ended after `end`).
 * The text's beginning is held until it tells whether this is tcpdump text
 * at all (that problem comes first); then each piece is read as it comes and
 * let go, and `afterPiece` is called.
 */
export class TextPieceReader {
  /** Whether the text holds anything but white space. */
  anyText = false;
  private head = '';
  private headRead = false;

  constructor(
    private readonly decoder: TcpdumpTextDecoder,
    private readonly problems: ProblemLog,
    private readonly onProgress?: (done: number) => void,
    private readonly afterPiece?: () => void,
  ) {}

  /** `pieceDone`: false when more of the same piece reaches the decoder by other ways (`readElsewhere` then ends it). */
  push(piece: string, pieceDone = true): void {
    if (!this.anyText && piece.trim() !== '') this.anyText = true;
    if (this.headRead) {
      this.decoder.push(piece, this.onProgress);
      if (pieceDone) this.afterPiece?.();
      return;
    }
    this.head += piece;
    // The check reads the first DETECTION_CHARACTERS; whether there is any text at all may take longer to know.
    if (this.head.length >= DETECTION_CHARACTERS && this.anyText) this.readHead(pieceDone);
  }

  end(): void {
    if (!this.headRead) this.readHead();
  }

  /** Characters of the beginning held so far. */
  get headLength(): number {
    return this.head.length;
  }

  /** Whether the beginning is read: from here on, text may reach the decoder by other ways (then say `readElsewhere`). */
  get started(): boolean {
    return this.headRead;
  }

  /** A piece's worth of text reached the decoder by another way: as after a piece pushed. */
  readElsewhere(): void {
    this.afterPiece?.();
  }

  private readHead(pieceDone = true): void {
    if (this.anyText && !looksLikeTcpdumpText(this.head)) this.problems.say(null, null, message('problemNotTcpdumpText'));
    this.headRead = true;
    this.decoder.push(this.head, this.onProgress);
    this.head = '';
    if (pieceDone) this.afterPiece?.();
  }
}

/** All the pieces through a `TextPieceReader`. */
export function readTextPieces(
  pieces: Iterable<string>,
  decoder: TcpdumpTextDecoder,
  problems: ProblemLog,
  onProgress?: (done: number) => void,
  afterPiece?: () => void,
): { anyText: boolean } {
  const reader = new TextPieceReader(decoder, problems, onProgress, afterPiece);
  for (const piece of pieces) reader.push(piece);
  reader.end();
  return { anyText: reader.anyText };
}
