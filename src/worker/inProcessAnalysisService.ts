/**
 * The analysis service without a worker: the same `analyzeSource` the worker runs, on the caller's
 * thread. For unit tests and tools; the extension always uses the worker.
 */
import { AnalysisCancelledError, type AnalysisService, type AnalyzeOptions, type CancellationSignal } from '../extension/analysisService';
import type { AnalysisResult, AnalysisSource } from '../protocol';
import { analyzeSource } from './analyzeSource';

export class InProcessAnalysisService implements AnalysisService {
  async analyze(source: AnalysisSource, token: CancellationSignal, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
    if (token.isCancellationRequested) throw new AnalysisCancelledError();
    const result = analyzeSource(source, { thresholds: options.thresholds }, options.onProgress, options.onFirstPage);
    if (token.isCancellationRequested) throw new AnalysisCancelledError();
    return result;
  }

  dispose(): void {}
}
