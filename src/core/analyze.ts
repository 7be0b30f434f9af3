/**
 * Entry points of the core: a capture (bytes of a pcap, pcapng, gzip or
 * tcpdump text file, or the text itself) in, the `CaptureModel` out. Never
 * throws: what cannot be read is in `problems`; an input of which nothing
 * at all can be read says so in `unreadable`; an exception escaping the
 * analysis (a defect in TCP Lens) is recorded in `internalError` and as a
 * problem.
 */
import { BinaryCaptureDecoder, sniffCaptureFormat } from './capture';
import { concatBytes } from './capture/bytes';
import { looksLikeBinaryData, SNIFF_BYTES } from './capture/sniff';
import { ChunkIntake, type ChunkReader } from './chunkIntake';
import { DecodedCapture, UnreadableInputError } from './decoded';
import { oneLinePerFrame } from './frameLines';
import type { CaptureModel, FrameLines } from './model/captureModel';
import { formatMessage, message, type Message } from './explain/message';
import { buildAnalysis } from './model/analysis';
import type { FindingThresholds } from './model/findings';
import { snapshotOf } from './model/snapshot';
import { NameTable } from './names';
import { PacketTable } from './packets';
import { Problem, ProblemLog } from './problems';
import { CaptureTextLines, finishTextProblems, renderingStopped, textOfLines } from './render/captureText';
import { TcpdumpTextDecoder } from './text/decoder';
import { ReadAgainAsLatin1, TextBytes } from './text/textBytes';
import { Utf8Lines } from './render/utf8Lines';
import { TextChunkReader } from './text/textChunkReader';
import { readTextPieces, TextPieceReader } from './text/textReading';

export { DEFAULT_FINDING_THRESHOLDS, type FindingThresholds } from './model/findings';
export type { CaptureModel } from './model/captureModel';

export interface AnalysisOptions {
  /**
   * Hears how far the reading is: bytes (or, for `analyzeText`, characters)
   * done of the total, about every 256 KiB (`analyzeChunks`: every chunk).
   * The total is 0 where it is not known (`analyzeChunks` without
   * `inputBytes`). `frames`: the frames read so far, where the reader
   * knows (binary captures, `ChunkedAnalysis`).
   */
  readonly onProgress?: (done: number, total: number, frames?: number) => void;
  /** Overrides of the findings' thresholds. */
  readonly thresholds?: Partial<FindingThresholds>;
  /** The input's size in bytes when known (`analyzeChunks`): the total progress reports. */
  readonly inputBytes?: number;
}

export interface CaptureWithText {
  readonly model: CaptureModel;
  /** The text view: one line per frame, as `tcpdump -n -tttt` prints it ('' when the input is not a binary capture). */
  readonly text: string;
  /** Problems of the text view (damaged records, frames that could not be printed, unreadable input). */
  readonly textProblems: Problem[];
}

/** Reading is fed (and progress reported) in slices of this many bytes. */
const SLICE_BYTES = 1 << 18;

export function analyzeBytes(bytes: Uint8Array, fileName: string, options: AnalysisOptions = {}): CaptureModel {
  return guarded(fileName, () => {
    if (bytes.length === 0) throw new UnreadableInputError(message('unreadableFileEmpty'));
    if (sniffCaptureFormat(bytes) !== null) return analyzeBinary(slicesOf(bytes), bytes.length, fileName, options);
    if (looksLikeBinaryData(bytes)) throw new UnreadableInputError(message('unreadableNotACapture'));
    return analyzeTextBytes(slicesOf(bytes), () => slicesOf(bytes), bytes.length, fileName, options);
  });
}

/**
 * The same for a file read in chunks, decoded as they arrive, so that a
 * large file is never held whole: a binary capture, or text (never one
 * string: piece by piece). Text that turns out not to be UTF-8 after some
 * non-ASCII text is read again as Latin-1 when `chunks` can be iterated
 * again (an array, or an iterable that reads the file anew), else read on
 * as Latin-1 from there. `options.inputBytes` is the file's size, if known.
 */
export function analyzeChunks(chunks: Iterable<Uint8Array>, fileName: string, options: AnalysisOptions = {}): CaptureModel {
  return guarded(fileName, () => {
    const iterator = chunks[Symbol.iterator]();
    const canReadAgain = chunks[Symbol.iterator]() !== iterator;
    // Enough first bytes to tell a binary capture.
    let head: Uint8Array = new Uint8Array(0);
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      head = concatBytes(head, next.value);
      if (head.length >= SNIFF_BYTES) break;
    }
    if (head.length === 0) throw new UnreadableInputError(message('unreadableFileEmpty'));
    const total = options.inputBytes ?? 0;
    if (sniffCaptureFormat(head) === null) {
      if (looksLikeBinaryData(head)) throw new UnreadableInputError(message('unreadableNotACapture'));
      return analyzeTextBytes(rest(head, iterator), canReadAgain ? () => chunks : null, total, fileName, options);
    }
    return analyzeBinary(rest(head, iterator), total, fileName, options);
  });
}

export function analyzeText(text: string, fileName: string, options: AnalysisOptions = {}): CaptureModel {
  return guarded(fileName, () => analyzeTextPieces([text], text.length, fileName, options, (done, total) => options.onProgress?.(done, total)));
}
/**
 * A capture pushed chunk by chunk, for a caller that reads a file itself (a
 * worker reading from disk, reporting progress and checking for a cancel
 * between chunks): `end()` gives the model, as `analyzeChunks` would. Only
 * the chunk being read is held, never the whole file or its text. Text that
 * stops being UTF-8 after some non-ASCII text is read on as Latin-1 (it
 * cannot be read again from here; `analyzeChunks` with chunks it can
 * iterate again reads it all as Latin-1).
 */
export class ChunkedAnalysis {
  private binary: BinaryCaptureDecoder | null = null;
  private text: { decoder: TcpdumpTextDecoder; reader: TextChunkReader; packets: PacketTable; problems: ProblemLog } | null = null;
  private readonly intake: ChunkIntake;

  constructor(
    private readonly fileName: string,
    private readonly options: AnalysisOptions = {},
  ) {
    const { onProgress } = options;
    this.intake = new ChunkIntake((first) => this.start(first), onProgress && ((done, total) => onProgress(done, total, this.framesRead)), options.inputBytes);
  }

  push(chunk: Uint8Array): void {
    this.intake.push(chunk);
    (this.binary?.packets ?? this.text?.packets)?.expectRowsFor(this.intake.bytesRead, this.options.inputBytes ?? 0);
  }

  /** Frames read so far. */
  get framesRead(): number {
    return this.binary?.framesRead ?? this.text?.decoder.framesRead ?? 0;
  }

  end(): CaptureModel {
    return guarded(this.fileName, () => {
      this.intake.finish();
      if (this.binary !== null) return modelOfBinary(this.binary.end(), this.binary, this.fileName, this.options);
      const { decoder, reader, packets, problems } = this.text!;
      reader.end();
      const { frameCount, frameLines } = decoder.end();
      if (frameCount === 0) throw new UnreadableInputError(message('unreadableNotACapture'));
      const decoded: DecodedCapture = { format: 'tcpdump-text', gzip: false, packets, frameCount, problems };
      return modelOf(decoded, this.fileName, frameLines, this.options, {});
    });
  }

  private start(first: Uint8Array): ChunkReader {
    if (sniffCaptureFormat(first) !== null) {
      const binary = (this.binary = new BinaryCaptureDecoder());
      return (chunk) => binary.push(chunk);
    }
    if (looksLikeBinaryData(first)) throw new UnreadableInputError(message('unreadableNotACapture'));
    const packets = modelTextTable();
    const problems = new ProblemLog();
    const decoder = new TcpdumpTextDecoder(packets, problems);
    const reader = new TextChunkReader(decoder, new TextBytes(false, false), new TextPieceReader(decoder, problems));
    this.text = { decoder, reader, packets, problems };
    return (chunk) => reader.push(chunk);
  }
}

/**
 * A binary capture decoded once into both its text view and its model: each
 * frame is printed and its segment read in the same pass. Input that is not
 * a binary capture gets the text analysis and an empty text view (with the
 * problem saying why), as rendering it alone would.
 */
export function analyzeCaptureWithText(bytes: Uint8Array, fileName: string, options: AnalysisOptions = {}): CaptureWithText {
  const lines: string[] = [];
  const { model, textProblems } = decodeWithText(bytes, fileName, options, (line) => lines.push(line));
  return { model, text: textOfLines(lines), textProblems };
}

export interface CaptureWithUtf8Text {
  readonly model: CaptureModel;
  /** The text view as `analyzeCaptureWithText` gives it, in UTF-8. */
  readonly utf8: Uint8Array;
  /** Its length in UTF-16 code units. */
  readonly characters: number;
  readonly textProblems: Problem[];
}

/** Hears the text of the first `count` lines of a text view as soon as they are printed (a first page to show while the rest is read). */
export interface FirstLines {
  readonly count: number;
  /** The lines' text in UTF-8 (a copy), and its length in UTF-16 code units. */
  receive(utf8: Uint8Array, characters: number): void;
}

/**
 * The same with the text view in UTF-8, written as it is printed (for a large
 * capture, much faster than the text as one string); `firstLines` hears the
 * first lines as soon as they are printed.
 */
export function analyzeCaptureWithUtf8Text(bytes: Uint8Array, fileName: string, options: AnalysisOptions = {}, firstLines?: FirstLines): CaptureWithUtf8Text {
  const text = new Utf8Lines();
  const push = (line: string) => {
    text.push(line);
    if (text.lines === firstLines?.count) firstLines.receive(text.text().slice(), text.characters);
  };
  const { model, textProblems } = decodeWithText(bytes, fileName, options, push);
  return { model, utf8: text.text(), characters: text.characters, textProblems };
}

function decodeWithText(bytes: Uint8Array, fileName: string, options: AnalysisOptions, push: (line: string) => void): { model: CaptureModel; textProblems: Problem[] } {
  const textLog = new ProblemLog();
  let textProblems: Problem[] | undefined;
  const model = guarded(fileName, () => {
    const textView = { frames: new CaptureTextLines(push, textLog), readerProblems: textLog };
    const decoder = new BinaryCaptureDecoder(new NameTable(), textView);
    let decoded: DecodedCapture | undefined;
    let unreadable: unknown;
    try {
      decoded = decodeAll(decoder, slicesOf(bytes), bytes.length, options);
    } catch (e) {
      unreadable = e;
    }
    if (decoder.internalError !== null) textLog.sayAtOffset(0, renderingStopped(decoder.internalError));
    textProblems = finishTextProblems(textLog, decoder.unreadable);
    if (sniffCaptureFormat(bytes) === null) return analyzeBytes(bytes, fileName, options);
    if (decoded === undefined) throw unreadable;
    return modelOfBinary(decoded, decoder, fileName, options);
  });
  return { model, textProblems: textProblems ?? textLog.list() };
}

function analyzeBinary(chunks: Iterable<Uint8Array>, total: number, fileName: string, options: AnalysisOptions): CaptureModel {
  const decoder = new BinaryCaptureDecoder();
  return modelOfBinary(decodeAll(decoder, chunks, total, options), decoder, fileName, options);
}

/** Pushes the chunks and ends the input; throws UnreadableInputError as soon as the input is known to be unreadable. */
function decodeAll(decoder: BinaryCaptureDecoder, chunks: Iterable<Uint8Array>, total: number, options: AnalysisOptions): DecodedCapture {
  const { onProgress } = options;
  pushChunks(chunks, (chunk) => decoder.push(chunk), decoder.packets, total, onProgress && ((done) => onProgress(done, total, decoder.framesRead)));
  return decoder.end();
}

/** Pushes each chunk, the table sized for the input from the bytes read so far (see `expectRowsFor`), progress said after each. */
function pushChunks(chunks: Iterable<Uint8Array>, push: (chunk: Uint8Array) => void, packets: PacketTable, total: number, onProgress?: (done: number) => void): void {
  let done = 0;
  for (const chunk of chunks) {
    push(chunk);
    done += chunk.length;
    packets.expectRowsFor(done, total);
    onProgress?.(done);
  }
}

function modelOfBinary(decoded: DecodedCapture, decoder: BinaryCaptureDecoder, fileName: string, options: AnalysisOptions): CaptureModel {
  const internalError = decoder.internalError ?? undefined;
  return modelOf(decoded, fileName, oneLinePerFrame(decoded.frameCount, decoder.frameOffsets, decoded.packets), options, { internalError });
}

/** Text read from bytes in chunks: see `TextBytes` for the encoding, `again` reads the file anew (null: it cannot). */
function analyzeTextBytes(
  chunks: Iterable<Uint8Array>,
  again: (() => Iterable<Uint8Array>) | null,
  total: number,
  fileName: string,
  options: AnalysisOptions,
): CaptureModel {
  let model: CaptureModel;
  try {
    model = analyzeTextChunks(chunks, new TextBytes(false, again !== null), total, fileName, options);
  } catch (e) {
    if (!(e instanceof ReadAgainAsLatin1) || again === null) throw e;
    model = analyzeTextChunks(again(), new TextBytes(true), total, fileName, options);
  }
  if (model.internalError === undefined && model.frameCount === 0) {
    throw new UnreadableInputError(message('unreadableNotACapture'));
  }
  return model;
}

/** The text of the chunks, read as it comes (see `TextChunkReader`), progress said after each chunk. */
function analyzeTextChunks(chunks: Iterable<Uint8Array>, bytes: TextBytes, total: number, fileName: string, options: AnalysisOptions): CaptureModel {
  const packets = modelTextTable();
  const problems = new ProblemLog();
  const decoder = new TcpdumpTextDecoder(packets, problems);
  const reader = new TextChunkReader(decoder, bytes, new TextPieceReader(decoder, problems));
  const { onProgress } = options;
  pushChunks(chunks, (chunk) => reader.push(chunk), packets, total, onProgress && ((done) => onProgress(done, total)));
  reader.end();
  return textModelOf(decoder.end(), packets, problems, reader.anyText, fileName, options);
}

/**
 * tcpdump text in pieces cut anywhere (see `readTextPieces`). `total`
 * (characters) is for the decoder's progress, with `onProgress`; 0 when
 * pieces report their own.
 */
function analyzeTextPieces(
  pieces: Iterable<string>,
  total: number,
  fileName: string,
  options: AnalysisOptions,
  onProgress?: (done: number, total: number) => void,
): CaptureModel {
  const packets = modelTextTable();
  const problems = new ProblemLog();
  const decoder = new TcpdumpTextDecoder(packets, problems);
  const { anyText } = readTextPieces(pieces, decoder, problems, onProgress && ((done: number) => onProgress(done, total)));
  const read = decoder.end();
  onProgress?.(total, total);
  return textModelOf(read, packets, problems, anyText, fileName, options);
}

/**
 * The table a text decoder fills for a model, which reads it only once it is
 * whole: it grows in blocks, joined by the decoder's `end` (or sized for the
 * input, see `expectRowsFor`), and its lines are its frames for as long as
 * each frame is one line (see `shareLinesWithFrames`).
 */
function modelTextTable(): PacketTable {
  const packets = new PacketTable();
  packets.growsInBlocks = true;
  packets.shareLinesWithFrames();
  return packets;
}

function textModelOf(
  { frameCount, frameLines }: { frameCount: number; frameLines: FrameLines },
  packets: PacketTable,
  problems: ProblemLog,
  anyText: boolean,
  fileName: string,
  options: AnalysisOptions,
): CaptureModel {
  const decoded: DecodedCapture = { format: 'tcpdump-text', gzip: false, packets, frameCount, problems };
  if (frameCount === 0 && !anyText) return emptyModel(fileName, message('unreadableTextEmpty'));
  return modelOf(decoded, fileName, frameLines, options, {});
}

function modelOf(
  decoded: DecodedCapture,
  fileName: string,
  frameLines: FrameLines,
  options: AnalysisOptions,
  extras: { internalError?: string },
): CaptureModel {
  const analysis = buildAnalysis(decoded, fileName, options.thresholds);
  return snapshotOf(analysis, { frameLines, ...extras });
}

/** Runs an analysis; what it throws becomes an unreadable or internal-error model. */
function guarded(fileName: string, run: () => CaptureModel): CaptureModel {
  try {
    return run();
  } catch (e) {
    if (e instanceof UnreadableInputError) return emptyModel(fileName, e.reason);
    return internalErrorModel(fileName, e instanceof Error ? e.message : String(e));
  }
}

/** The model of an analysis that failed through a defect of TCP Lens (an exception, a crashed worker): no packets, the reason in `internalError` and as a problem. */
export function internalErrorModel(fileName: string, why: string): CaptureModel {
  return emptyModel(fileName, message('problemInternalError', { why }), why);
}

/** The model of an input of which nothing can be read: no packets, the reason in `unreadable` (English) and as the one problem. */
function emptyModel(fileName: string, reason: Message, internalError?: string): CaptureModel {
  const problems = new ProblemLog();
  problems.say(null, null, reason);
  const empty: DecodedCapture = { format: 'tcpdump-text', gzip: false, packets: new PacketTable(), frameCount: 0, problems };
  return snapshotOf(buildAnalysis(empty, fileName), { frameLines: oneLinePerFrame(0), unreadable: formatMessage(reason), internalError });
}

function* slicesOf(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) yield bytes.subarray(at, at + SLICE_BYTES);
}


function* rest(first: Uint8Array, iterator: Iterator<Uint8Array>): Generator<Uint8Array> {
  yield first;
  for (let next = iterator.next(); !next.done; next = iterator.next()) yield next.value;
}

