/**
 * Lines of a text view written straight to UTF-8 as they are printed, a few thousand at a time: a
 * million lines held as strings until the end keep the collector scanning them over and over (it was
 * most of the time of a large capture's text view), bytes do not.
 */
const BATCH_LINES = 4096;

/** The WHATWG TextEncoder, which every runtime of the core has (the core's library declares no DOM or Node types). */
declare const TextEncoder: new () => { encodeInto(source: string, destination: Uint8Array): { read: number; written: number } };

export class Utf8Lines {
  private readonly encoder = new TextEncoder();
  private bytes = new Uint8Array(1 << 20);
  private length = 0;
  private batch: string[] = [];
  /** Lines pushed so far. */
  lines = 0;
  /** UTF-16 code units of the text so far, as a TextDocument counts them (each line with its newline). */
  characters = 0;

  push(line: string): void {
    this.batch.push(line);
    this.lines++;
    this.characters += line.length + 1;
    if (this.batch.length === BATCH_LINES) this.flush();
  }

  /** The text so far (lines joined by '\n', with a final newline): a view of the bytes, until more are pushed. */
  text(): Uint8Array {
    this.flush();
    return this.bytes.subarray(0, this.length);
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    const text = this.batch.join('\n') + '\n';
    this.batch = [];
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    const most = this.length + 3 * text.length;
    if (most > this.bytes.length) {
      const grown = new Uint8Array(Math.max(most, 2 * this.bytes.length));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.length += this.encoder.encodeInto(text, this.bytes.subarray(this.length)).written;
  }
}
