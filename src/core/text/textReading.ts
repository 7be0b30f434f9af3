/**
 * tcpdump text read piece by piece from bytes in chunks, the same way for the
 * whole model and for a streaming summary.
 */
import { message } from '../explain/message';
import type { ProblemLog } from '../problems';
import type { TcpdumpTextDecoder } from './decoder';
import { DETECTION_CHARACTERS, looksLikeTcpdumpText } from './detect';
import type { TextBytes } from './textBytes';

/** The text of the chunks, piece by piece, saying how many bytes are done after each. */
export function* textOf(
  chunks: Iterable<Uint8Array>,
  decoder: TextBytes,
  total: number,
  onProgress?: (done: number, total: number) => void,
): Generator<string> {
  let done = 0;
  for (const chunk of chunks) {
    yield decoder.decode(chunk);
    done += chunk.length;
    onProgress?.(done, total);
  }
  yield decoder.decode(new Uint8Array(0), true);
}

/**
 * Feeds the pieces to the decoder (it is then to be ended). The text's
 * beginning is held until it tells whether this is tcpdump text at all
 * (that problem comes first); then each piece is read as it comes and let
 * go, and `afterPiece` is called. `anyText`: whether the text holds anything
 * but white space.
 */
export function readTextPieces(
  pieces: Iterable<string>,
  decoder: TcpdumpTextDecoder,
  problems: ProblemLog,
  onProgress?: (done: number) => void,
  afterPiece?: () => void,
): { anyText: boolean } {
  let head = '';
  let headRead = false;
  let anyText = false;
  const readHead = () => {
    if (anyText && !looksLikeTcpdumpText(head)) problems.say(null, null, message('problemNotTcpdumpText'));
    headRead = true;
    decoder.push(head, onProgress);
    head = '';
    afterPiece?.();
  };
  for (const piece of pieces) {
    if (!anyText && piece.trim() !== '') anyText = true;
    if (headRead) {
      decoder.push(piece, onProgress);
      afterPiece?.();
      continue;
    }
    head += piece;
    // The check reads the first DETECTION_CHARACTERS; whether there is any text at all may take longer to know.
    if (head.length >= DETECTION_CHARACTERS && anyText) readHead();
  }
  if (!headRead) readHead();
  return { anyText };
}
