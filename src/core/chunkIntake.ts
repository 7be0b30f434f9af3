/**
 * The intake of a capture pushed chunk by chunk (`ChunkedAnalysis`, `ChunkedSummary`): the first
 * bytes are held until there are enough to tell a binary capture from text, then every chunk goes to
 * the reader chosen for them. A throw while reading is kept and thrown again by `finish`, so that a
 * caller pushing chunks hears of it once, at the end, like every other outcome.
 */
import { concatBytes } from './capture/bytes';
import { SNIFF_BYTES } from './capture/sniff';
import { UnreadableInputError } from './decoded';
import { message } from './explain/message';

export type ChunkReader = (chunk: Uint8Array) => void;

export class ChunkIntake {
  private reader: ChunkReader | null = null;
  private head: Uint8Array = new Uint8Array(0);
  private failure: unknown = null;
  private done = 0;

  constructor(
    /** Chooses the reader from the input's first bytes (at least SNIFF_BYTES of them, unless the input is shorter). */
    private readonly open: (first: Uint8Array) => ChunkReader,
    private readonly onProgress?: (done: number, total: number) => void,
    /** The input's size in bytes, for progress; 0 when unknown. */
    private readonly total = 0,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.failure !== null || chunk.length === 0) return;
    this.done += chunk.length;
    try {
      this.read(chunk);
    } catch (e) {
      this.failure = e;
    }
    this.onProgress?.(this.done, this.total);
  }

  /** Bytes pushed so far. */
  get bytesRead(): number {
    return this.done;
  }

  /** Whether reading threw: what comes next is not read. */
  get stopped(): boolean {
    return this.failure !== null;
  }

  /** The end of the input: throws what reading threw, or UnreadableInputError when nothing came. */
  finish(): void {
    if (this.failure !== null) throw this.failure;
    if (this.head.length > 0) this.read(new Uint8Array(0), true);
    if (this.done === 0) throw new UnreadableInputError(message('unreadableFileEmpty'));
  }

  private read(chunk: Uint8Array, atEnd = false): void {
    if (this.reader === null) {
      this.head = concatBytes(this.head, chunk);
      if (this.head.length < SNIFF_BYTES && !atEnd) return;
      chunk = this.head;
      this.head = new Uint8Array(0);
      this.reader = this.open(chunk);
    }
    this.reader(chunk);
  }
}
