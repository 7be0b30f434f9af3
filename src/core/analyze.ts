/**
 * Entry points of the core: a capture (bytes of a pcap, pcapng, gzip or
 * tcpdump text file, or the text itself) in, the model out. Never throws for
 * bad input: what cannot be read is in `problems`, and an input of which
 * nothing at all can be read says so in `unreadable`.
 */
import { strFromU8 } from 'fflate';
import { BinaryCaptureDecoder, decodeBinaryCapture, sniffCaptureFormat } from './capture';
import { DecodedCapture, UnreadableInputError } from './decoded';
import { Analysis, buildAnalysis } from './model/analysis';
import { PacketTable } from './packets';
import { ProblemLog } from './problems';
import { decodeTcpdumpText, looksLikeTcpdumpText } from './text';

export type { Analysis } from './model/analysis';

export interface AnalysisResult extends Analysis {
  /** Set when nothing of the input could be read (empty, or not a capture at all): a one-line reason. */
  unreadable?: string;
}

export function analyzeBytes(bytes: Uint8Array, fileName: string): AnalysisResult {
  try {
    if (bytes.length === 0) throw new UnreadableInputError('the file is empty');
    if (sniffCaptureFormat(bytes) !== null) return buildAnalysis(decodeBinaryCapture(bytes), fileName);
    const analysis = analyzeText(strFromU8(bytes, !isUtf8(bytes)), fileName);
    if (analysis.frameCount === 0) throw new UnreadableInputError('not a capture: neither pcap, pcapng, gzip nor tcpdump text');
    return analysis;
  } catch (e) {
    if (e instanceof UnreadableInputError) return unreadable(fileName, e.message);
    return unreadable(fileName, `cannot analyse this input: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * The same for a file read in chunks: a binary capture is decoded as the
 * chunks arrive, so a large file is never held whole; text is joined first.
 */
export function analyzeChunks(chunks: Iterable<Uint8Array>, fileName: string): AnalysisResult {
  const iterator = chunks[Symbol.iterator]();
  const first = iterator.next();
  if (first.done) return unreadable(fileName, 'the file is empty');
  if (sniffCaptureFormat(first.value) === null) return analyzeBytes(concat(first.value, iterator), fileName);
  try {
    const decoder = new BinaryCaptureDecoder();
    decoder.push(first.value);
    for (let next = iterator.next(); !next.done; next = iterator.next()) decoder.push(next.value);
    return buildAnalysis(decoder.end(), fileName);
  } catch (e) {
    return unreadable(fileName, e instanceof UnreadableInputError ? e.message : `cannot analyse this input: ${String(e)}`);
  }
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

export function analyzeText(text: string, fileName: string): AnalysisResult {
  try {
    const packets = new PacketTable();
    const problems = new ProblemLog();
    if (!looksLikeTcpdumpText(text) && text.trim() !== '') {
      problems.add(null, null, 'this text does not look like tcpdump output; reading what looks like packet lines');
    }
    const { frameCount } = decodeTcpdumpText(text, packets, problems);
    const decoded: DecodedCapture = { format: 'tcpdump-text', gzip: false, packets, frameCount, problems };
    const analysis: AnalysisResult = buildAnalysis(decoded, fileName);
    if (frameCount === 0 && text.trim() === '') analysis.unreadable = 'the text is empty';
    return analysis;
  } catch (e) {
    return unreadable(fileName, `cannot analyse this text: ${e instanceof Error ? e.message : String(e)}`);
  }
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

function unreadable(fileName: string, reason: string): AnalysisResult {
  const problems = new ProblemLog();
  problems.add(null, null, reason);
  const empty: DecodedCapture = { format: 'tcpdump-text', gzip: false, packets: new PacketTable(), frameCount: 0, problems };
  return { ...buildAnalysis(empty, fileName), unreadable: reason };
}
