/**
 * One input through every entry point of the core, as the CLI, the
 * extension and its worker call them: whole bytes, chunks of odd sizes, the
 * model and text view in one pass, the streamed summary, the JSON. The
 * entry points catch every exception and turn it into a problem, so a
 * defect shows as an internal-error problem (or `internalError`); either,
 * or an exception that still escapes, is a failure.
 */
import { analyzeBytes, analyzeCaptureWithText, analyzeText, ChunkedAnalysis, type CaptureModel } from '../../src/core/analyze';
import { writeAnalysisJson } from '../../src/core/json/analysisJson';
import { isInternalErrorProblem, type Problem } from '../../src/core/problems';
import { renderCaptureText } from '../../src/core/render/captureText';
import { summarizeChunks } from '../../src/core/summary';

export interface Failure {
  /** Which call failed and how: `analyzeBytes: internal error: …`, `summary: threw: …`. */
  readonly detail: string;
  readonly stack?: string;
}

/** Chunk sizes that cut records, UTF-8 sequences and lines at every kind of place. */
const CHUNK_SIZES = [1, 7, 4093];

export function exerciseBytes(bytes: Uint8Array, fileName = 'fuzz'): Failure | null {
  return (
    step('analyzeBytes', () => checkModel(analyzeBytes(bytes, fileName), true)) ??
    step('analyzeCaptureWithText', () => {
      const { model, textProblems } = analyzeCaptureWithText(bytes, fileName);
      return checkModel(model, false) ?? checkProblems(textProblems, 'text view');
    }) ??
    step('renderCaptureText', () => checkProblems(renderCaptureText(bytes).problems, 'text view')) ??
    step('ChunkedAnalysis', () => {
      // Byte by byte only for small inputs: it is the slowest way in.
      const size = CHUNK_SIZES[bytes.length % CHUNK_SIZES.length] === 1 && bytes.length > 8192 ? 7 : CHUNK_SIZES[bytes.length % CHUNK_SIZES.length];
      const analysis = new ChunkedAnalysis(fileName, { inputBytes: bytes.length });
      for (let at = 0; at < bytes.length; at += size) analysis.push(bytes.subarray(at, at + size));
      return checkModel(analysis.end(), false);
    }) ??
    step('summarizeChunks', () => {
      const size = CHUNK_SIZES[(bytes.length + 1) % CHUNK_SIZES.length];
      const summary = summarizeChunks(chunksOf(bytes, size), fileName, () => {});
      if (summary.internalError !== undefined) return `internal error: ${summary.internalError}`;
      return checkProblems(summary.problems, 'summary');
    })
  );
}

export function exerciseText(text: string, fileName = 'fuzz.tcpdump'): Failure | null {
  return step('analyzeText', () => checkModel(analyzeText(text, fileName), true));
}

/** What the model says of a defect of TCP Lens, or null; with `json`, its analysis JSON must also be written and parse. */
function checkModel(model: CaptureModel, json: boolean): string | null {
  if (model.internalError !== undefined) return `internal error: ${model.internalError}`;
  const problem = checkProblems(model.problems, 'model');
  if (problem !== null || !json) return problem;
  let text = '';
  writeAnalysisJson(model, (chunk) => (text += chunk));
  JSON.parse(text);
  return null;
}

function checkProblems(problems: readonly Problem[], where: string): string | null {
  const internal = problems.find(isInternalErrorProblem);
  return internal ? `${where} problem: ${internal.message}` : null;
}

function step(name: string, run: () => string | null): Failure | null {
  try {
    const detail = run();
    return detail === null ? null : { detail: `${name}: ${detail}` };
  } catch (e) {
    return { detail: `${name}: threw: ${e instanceof Error ? e.message : String(e)}`, stack: e instanceof Error ? e.stack : undefined };
  }
}

function* chunksOf(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** A saved input replayed: the bytes through every entry point, and a text file's text as a string too. */
export function replayInput(bytes: Uint8Array, extension: string): Failure | null {
  if (extension !== 'txt') return exerciseBytes(bytes);
  return exerciseBytes(bytes, 'fuzz.tcpdump') ?? exerciseText(new TextDecoder().decode(bytes));
}
