/**
 * The analysis the worker runs for one request, as a pure function of the request: the core's entry
 * points, chosen by the kind of source. A binary capture whose text view is wanted is decoded once for
 * both the text and the model.
 */
import { analyzeBytes, analyzeCaptureWithUtf8Text, analyzeText, ChunkedAnalysis } from '../core/analyze';
import type { AnalysisResult, AnalysisSettings, AnalysisSource, CaptureTextView } from '../protocol';
import { fileBytes, fileChunks } from './fileChunks';

/** Called with the bytes or characters done of the total (and the frames read, where known), as often as the core reports (every ~256 KiB). */
export type ProgressCallback = (done: number, total: number, frames?: number) => void;


/** Hears the text view of a capture's first frames (`firstPageFrames`), ahead of the result. */
export type FirstPageCallback = (text: CaptureTextView) => void;

export function analyzeSource(source: AnalysisSource, settings: AnalysisSettings, onProgress?: ProgressCallback, onFirstPage?: FirstPageCallback): AnalysisResult {
  const options = { thresholds: settings.thresholds, onProgress };
  if (source.kind === 'text') return { model: analyzeText(source.text, source.fileName, options) };
  if (source.kind === 'file' && source.renderText) {
    return analyzeSource({ kind: 'capture', fileName: source.fileName, bytes: fileBytes(source.path), renderText: true, firstPageFrames: source.firstPageFrames }, settings, onProgress, onFirstPage);
  }
  if (source.kind === 'file') {
    // Read from disk a chunk at a time: neither the file nor its text is ever held whole.
    const { size, chunks } = fileChunks(source.path);
    const analysis = new ChunkedAnalysis(source.fileName, { ...options, inputBytes: size });
    for (const chunk of chunks) analysis.push(chunk);
    return { model: analysis.end() };
  }
  if (!source.renderText) return { model: analyzeBytes(source.bytes, source.fileName, options) };
  const firstLines =
    source.firstPageFrames !== undefined && onFirstPage
      ? { count: source.firstPageFrames, receive: (text: Uint8Array, characters: number) => onFirstPage({ utf8: text, characters, problems: [] }) }
      : undefined;
  const { model, utf8, characters, textProblems } = analyzeCaptureWithUtf8Text(source.bytes, source.fileName, options, firstLines);
  return { model, text: { utf8, characters, problems: textProblems } };
}
