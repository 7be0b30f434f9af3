/**
 * Entry points of the core: a capture (bytes of a pcap, pcapng, gzip or
 * tcpdump text file, or the text itself) in, the `CaptureModel` out. Never
 * throws: what cannot be read is in `problems`; an input of which nothing
 * at all can be read says so in `unreadable`; an exception escaping the
 * analysis (a defect in TCP Lens) is recorded in `internalError` and as a
 * problem.
 */
import { strFromU8 } from 'fflate';
import { BinaryCaptureDecoder, sniffCaptureFormat } from './capture';
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
import { decodeTcpdumpText, looksLikeTcpdumpText } from './text';

export { DEFAULT_FINDING_THRESHOLDS, type FindingThresholds } from './model/findings';
export type { CaptureModel } from './model/captureModel';

export interface AnalysisOptions {
  /**
   * Hears how far the reading is: bytes (or, for text, characters) done of
   * the total, about every 256 KiB. The total is 0 where it is not known
   * (`analyzeChunks`).
   */
  readonly onProgress?: (done: number, total: number) => void;
  /** Overrides of the findings' thresholds. */
  readonly thresholds?: Partial<FindingThresholds>;
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
    return analyzeTextBytes(bytes, fileName, options);
  });
}

/**
 * The same for a file read in chunks: a binary capture is decoded as the
 * chunks arrive, so a large file is never held whole; text is joined first.
 */
export function analyzeChunks(chunks: Iterable<Uint8Array>, fileName: string, options: AnalysisOptions = {}): CaptureModel {
  return guarded(fileName, () => {
    const iterator = chunks[Symbol.iterator]();
    const first = iterator.next();
    if (first.done) throw new UnreadableInputError(message('unreadableFileEmpty'));
    if (sniffCaptureFormat(first.value) === null) return analyzeBytes(concat(first.value, iterator), fileName, options);
    return analyzeBinary(rest(first.value, iterator), 0, fileName, options);
  });
}

export function analyzeText(text: string, fileName: string, options: AnalysisOptions = {}): CaptureModel {
  return guarded(fileName, () => {
    const packets = new PacketTable();
    const problems = new ProblemLog();
    if (!looksLikeTcpdumpText(text) && text.trim() !== '') {
      problems.say(null, null, message('problemNotTcpdumpText'));
    }
    const { frameCount, frameLines } = decodeTcpdumpText(text, packets, problems, options.onProgress);
    options.onProgress?.(text.length, text.length);
    const decoded: DecodedCapture = { format: 'tcpdump-text', gzip: false, packets, frameCount, problems };
    if (frameCount === 0 && text.trim() === '') return emptyModel(fileName, message('unreadableTextEmpty'));
    return modelOf(decoded, fileName, frameLines, options, {});
  });
}

/**
 * A binary capture decoded once into both its text view and its model: each
 * frame is printed and its segment read in the same pass. Input that is not
 * a binary capture gets the text analysis and an empty text view (with the
 * problem saying why), as rendering it alone would.
 */
export function analyzeCaptureWithText(bytes: Uint8Array, fileName: string, options: AnalysisOptions = {}): CaptureWithText {
  const lines: string[] = [];
  const textLog = new ProblemLog();
  let textProblems: Problem[] | undefined;
  const model = guarded(fileName, () => {
    const textView = { frames: new CaptureTextLines((line) => lines.push(line), textLog), readerProblems: textLog };
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
  return { model, text: textOfLines(lines), textProblems: textProblems ?? textLog.list() };
}

function analyzeBinary(chunks: Iterable<Uint8Array>, total: number, fileName: string, options: AnalysisOptions): CaptureModel {
  const decoder = new BinaryCaptureDecoder();
  return modelOfBinary(decodeAll(decoder, chunks, total, options), decoder, fileName, options);
}

/** Pushes the chunks and ends the input; throws UnreadableInputError as soon as the input is known to be unreadable. */
function decodeAll(decoder: BinaryCaptureDecoder, chunks: Iterable<Uint8Array>, total: number, options: AnalysisOptions): DecodedCapture {
  let done = 0;
  for (const chunk of chunks) {
    decoder.push(chunk);
    done += chunk.length;
    options.onProgress?.(done, total);
  }
  return decoder.end();
}

function modelOfBinary(decoded: DecodedCapture, decoder: BinaryCaptureDecoder, fileName: string, options: AnalysisOptions): CaptureModel {
  const internalError = decoder.internalError ?? undefined;
  return modelOf(decoded, fileName, oneLinePerFrame(decoded.frameCount, decoder.frameOffsets), options, { internalError });
}

function analyzeTextBytes(bytes: Uint8Array, fileName: string, options: AnalysisOptions): CaptureModel {
  const model = analyzeText(strFromU8(bytes, !isUtf8(bytes)), fileName, options);
  if (model.internalError === undefined && model.frameCount === 0) {
    throw new UnreadableInputError(message('unreadableNotACapture'));
  }
  return model;
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

function concat(first: Uint8Array, rest: Iterator<Uint8Array>): Uint8Array {
  const parts = [first];
  let size = first.length;
  for (let next = rest.next(); !next.done; next = rest.next()) {
    parts.push(next.value);
    size += next.value.length;
  }
  if (parts.length === 1) return first;
  const all = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

/** Whether the bytes are valid UTF-8 (else they are read as Latin-1, which never fails). */
function isUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const extra = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (extra < 0 || (extra > 0 && i + extra >= bytes.length)) return false;
    for (let k = 1; k <= extra; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return false;
    i += extra + 1;
  }
  return true;
}
