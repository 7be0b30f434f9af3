/**
 * The low-level frame reader: takes a capture file in chunks (push, then
 * end), undoes gzip if the file is compressed, recognises pcap or pcapng
 * and calls the sink once per frame. Nothing is held twice: gzip output
 * and file bytes go straight to the container reader, which keeps only a
 * record split across chunks.
 */
import { Gunzip } from 'fflate';
import { FrameSink } from './frame';
import { PcapReader } from './pcapReader';
import { PcapngReader } from './pcapngReader';
import { message, type Message } from '../explain/message';
import { ProblemLog } from '../problems';
import { SNIFF_BYTES, sniffCaptureFormat } from './sniff';


export class CaptureReader {
  /** Container format once known. */
  format: 'pcap' | 'pcapng' | null = null;
  /** Whether the input is gzip-compressed (known after 2 bytes). */
  gzip = false;
  /** Why nothing of the input can be read, once that is certain; null otherwise. */
  unreadable: Message | null = null;

  private rawSeen = 0;
  private rawHead: Uint8Array = new Uint8Array(0);
  private gunzip: Gunzip | null = null;
  private gunzipFailed = false;
  private decompressedSeen = 0;
  private head: Uint8Array = new Uint8Array(0);
  private container: PcapReader | PcapngReader | null = null;
  private ended = false;

  constructor(
    private readonly sink: FrameSink,
    private readonly problems: ProblemLog,
  ) {}

  /** Frames counted so far, damaged ones included. */
  get frameCount(): number {
    return this.container?.frameCount ?? 0;
  }

  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('push after end');
    if (chunk.length === 0 || this.unreadable !== null) return;
    this.rawSeen += chunk.length;
    if (this.gunzip !== null) return this.pushCompressed(chunk, false);
    if (this.rawSeen - chunk.length >= 2) return this.pushPlain(chunk);
    // The first two bytes decide gzip or not.
    this.rawHead = this.rawHead.length === 0 && chunk.length >= 2 ? chunk : concat(this.rawHead, chunk);
    if (this.rawHead.length < 2) return;
    const first = this.rawHead;
    this.rawHead = new Uint8Array(0);
    if (sniffCaptureFormat(first.subarray(0, 2)) === 'gzip') {
      this.gzip = true;
      this.gunzip = new Gunzip((data) => this.pushPlain(data));
      this.pushCompressed(first, false);
    } else {
      this.pushPlain(first);
    }
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.unreadable !== null) return;
    if (this.rawHead.length > 0) {
      const rest = this.rawHead;
      this.rawHead = new Uint8Array(0);
      this.pushPlain(rest);
    }
    if (this.gunzip !== null) this.pushCompressed(new Uint8Array(0), true);
    if (this.container === null) {
      if (this.head.length > 0) this.chooseContainer(true);
      else if (this.rawSeen === 0) this.unreadable = message('unreadableEmptyFile');
      else if (this.gunzipFailed) this.unreadable = this.lastProblem() ?? message('unreadableGzipHoldsNoCapture');
      else this.unreadable = message('unreadableGzipHoldsNoCapture');
    }
    if (this.container !== null) {
      this.container.end();
      if (!this.container.headerRead) this.unreadable ??= this.lastProblem() ?? message('unreadableFileHeader');
      else if (this.container.frameCount === 0 && this.problems.count === 0) {
        this.problems.sayAtOffset(this.decompressedSeen, message('problemCaptureNoFrames', { format: this.format ?? 'pcap' }));
      }
    }
  }

  private lastProblem(): Message | undefined {
    return this.problems.items[this.problems.items.length - 1]?.text;
  }

  private pushCompressed(chunk: Uint8Array, final: boolean): void {
    if (this.gunzipFailed) return;
    try {
      this.gunzip!.push(chunk, final);
    } catch (e) {
      this.gunzipFailed = true;
      this.problems.sayAtOffset(this.decompressedSeen, message('problemGzipUnreadable', { bytes: this.decompressedSeen, why: gzipErrorMessage(e) }));
    }
  }

  /** Bytes of the capture itself (after any decompression). */
  private pushPlain(data: Uint8Array): void {
    if (data.length === 0 || this.unreadable !== null) return;
    this.decompressedSeen += data.length;
    if (this.container !== null) return this.container.push(data);
    this.head = this.head.length === 0 && data.length >= SNIFF_BYTES ? data : concat(this.head, data);
    if (this.head.length >= SNIFF_BYTES) this.chooseContainer(false);
  }

  private chooseContainer(atEnd: boolean): void {
    const format = sniffCaptureFormat(this.head);
    if (format === 'pcap') this.container = new PcapReader(this.sink, this.problems);
    else if (format === 'pcapng') this.container = new PcapngReader(this.sink, this.problems);
    else {
      this.unreadable =
        atEnd && this.head.length < SNIFF_BYTES && this.head.length > 0
          ? message(this.gzip ? 'unreadableDecompressedTooShort' : 'unreadableFileTooShort', { length: this.head.length })
          : message(this.gzip ? 'unreadableDecompressedUnknownMagic' : 'unreadableFileUnknownMagic');
      return;
    }
    this.format = format;
    const head = this.head;
    this.head = new Uint8Array(0);
    this.container.push(head);
  }
}

/** fflate's errors, told apart by their words (their `code` does not tell a bad header from other data errors). */
const GZIP_ERRORS: Readonly<Record<string, Message>> = {
  'unexpected EOF': message('gzipUnexpectedEnd'),
  'invalid block type': message('gzipInvalidBlockType'),
  'invalid length/literal': message('gzipInvalidLengthLiteral'),
  'invalid distance': message('gzipInvalidDistance'),
  'stream finished': message('gzipStreamFinished'),
  'invalid gzip data': message('gzipInvalidHeader'),
};

function gzipErrorMessage(e: unknown): Message {
  const detail = e instanceof Error ? e.message : String(e);
  return GZIP_ERRORS[detail] ?? message('gzipOtherError', { detail });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b.slice();
  const c = new Uint8Array(a.length + b.length);
  c.set(a);
  c.set(b, a.length);
  return c;
}
