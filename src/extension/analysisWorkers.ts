import * as vscode from 'vscode';
import { WorkerAnalysisService, type AnalysisService } from './analysisService';
import { nodeAnalysisWorker } from './nodeAnalysisWorker';
import { webAnalysisWorker } from './webAnalysisWorker';

/**
 * The worker-backed analysis service for the extension host this runs in: the web worker extension
 * host is itself a Web Worker (it has `WorkerGlobalScope`); the Node one is not.
 */
export function startAnalysisService(extensionUri: vscode.Uri): AnalysisService {
  return new WorkerAnalysisService(
    inWebWorkerHost()
      ? webAnalysisWorker(vscode.Uri.joinPath(extensionUri, 'dist', 'web', 'analysisWorker.js').toString())
      : nodeAnalysisWorker(vscode.Uri.joinPath(extensionUri, 'dist', 'analysisWorker.js').fsPath),
  );
}

function inWebWorkerHost(): boolean {
  return 'WorkerGlobalScope' in globalThis;
}

/** Whether the analysis worker can read a `file:` URI from disk itself (the Node one; a web worker has no disk). */
export function workerReadsLocalFiles(): boolean {
  return !inWebWorkerHost();
}
