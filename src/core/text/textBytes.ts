/**
 * A text file's bytes to text, chunk by chunk, as one decoding of the whole
 * file reads it: UTF-8 when every byte sequence of the file has the shape of
 * UTF-8 (`isUtf8`), else Latin-1, which never fails. Only a file that turns
 * out not to be UTF-8 after some non-ASCII text cannot be read in one go:
 * `decode` then throws `ReadAgainAsLatin1` and the file is to be read again.
 */
import { strFromU8 } from 'fflate';

/** The WHATWG TextDecoder, which every runtime of the core has (the core's library declares no DOM or Node types). */
declare const TextDecoder: new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => { decode(input: Uint8Array): string };

/** Thrown when the file holds non-ASCII text and later bytes that are not UTF-8: all of it is Latin-1. */
export class ReadAgainAsLatin1 extends Error {
  constructor() {
    super('the text is not UTF-8: read it again as Latin-1');
  }
}

export class TextBytes {
  private latin1: boolean;
  /** Bytes of a UTF-8 sequence that the last chunk ended inside of. */
  private tail = new Uint8Array(0);
  private first = true;
  /** Whether every byte so far was ASCII (then UTF-8 and Latin-1 read alike, and a switch costs nothing). */
  private ascii = true;

  /**
   * `latin1`: read the file as Latin-1 from the start (after a
   * `ReadAgainAsLatin1`). `canReadAgain`: whether the caller can read the
   * file again; if not, a file that stops being UTF-8 is read on as Latin-1.
   */
  constructor(
    latin1 = false,
    private readonly canReadAgain = true,
  ) {
    this.latin1 = latin1;
  }

  /**
   * Whether ASCII bytes at the start of the next chunk read as themselves
   * and may be left out of `decode`, with nothing changed for the bytes
   * after them: no character is cut open and the file's start (where a byte
   * order mark is dropped) is behind.
   */
  get asciiPassesThrough(): boolean {
    return this.tail.length === 0 && !this.first;
  }

  /**
   * The text of the next bytes of the file when they are ASCII and no
   * character is cut open before them: as `decode` reads them, nothing else
   * changed. Null (nothing read) otherwise.
   */
  passAscii(bytes: Uint8Array): string | null {
    if (this.tail.length > 0) return null;
    const text = asciiText(bytes);
    if (text !== null && bytes.length > 0) this.first = false;
    return text;
  }

  /** The text of the next chunk of the file (`last`: no more will come). */
  decode(chunk: Uint8Array, last = false): string {
    if (this.latin1) return strFromU8(chunk, true);
    let bytes = chunk;
    if (this.tail.length > 0) {
      bytes = new Uint8Array(this.tail.length + chunk.length);
      bytes.set(this.tail);
      bytes.set(chunk, this.tail.length);
    }
    const cut = last ? bytes.length : completeSequencesEnd(bytes);
    this.tail = bytes.slice(cut);
    const whole = cut === bytes.length ? bytes : bytes.subarray(0, cut);
    const text = this.utf8(whole);
    if (text !== null) {
      if (text.length !== whole.length) this.ascii = false;
      return text;
    }
    if (!this.ascii && this.canReadAgain) throw new ReadAgainAsLatin1();
    // Not UTF-8, and all before was ASCII: Latin-1 from here reads the file as Latin-1 from the start would
    // (a file that cannot be read again is read so too, its text before this chunk kept as UTF-8).
    this.latin1 = true;
    const rest = this.tail;
    this.tail = new Uint8Array(0);
    return strFromU8(whole, true) + (rest.length > 0 ? strFromU8(rest, true) : '');
  }

  /** The text of complete UTF-8 sequences, or null when they do not have the shape of UTF-8. */
  private utf8(bytes: Uint8Array): string | null {
    // Only the file's first bytes may carry a byte order mark, which decoding drops.
    const ignoreBOM = !this.first;
    if (bytes.length > 0) this.first = false;
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM }).decode(bytes);
    } catch {
      // Shaped like UTF-8 but not valid (an encoded surrogate, an overlong form): read with replacement characters, as before.
      return isUtf8(bytes) ? new TextDecoder('utf-8', { ignoreBOM }).decode(bytes) : null;
    }
  }
}

/** The text of bytes that are all ASCII (read alike as UTF-8 and Latin-1), or null when one is not. */
export function asciiText(bytes: Uint8Array): string | null {
  try {
    const text = asciiDecoder.decode(bytes);
    // Any other UTF-8 character takes more bytes than UTF-16 code units.
    return text.length === bytes.length ? text : null;
  } catch {
    return null;
  }
}

const asciiDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** How many bytes a sequence starting with this byte has, by `isUtf8`'s rule (0: not a lead byte). */
function sequenceLength(b: number): number {
  return b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
}

/** Where the bytes stop holding complete sequences: before a lead byte among the last three whose sequence goes on. */
function completeSequencesEnd(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back];
    if (b < 0x80) return bytes.length;
    if (b >= 0xc0) return sequenceLength(b) > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** Whether the bytes have the shape of UTF-8 (else they are read as Latin-1, which never fails). */
export function isUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const extra = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (extra < 0 || (extra > 0 && i + extra >= bytes.length)) return false;
    for (let k = 1; k <= extra; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return false;
    i += extra + 1;
  }
  return true;
}
