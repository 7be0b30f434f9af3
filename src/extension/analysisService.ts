/**
 * The analysis behind every view, off the extension host's thread: requests go to a worker
 * (`src/worker/analysisWorker.ts`) one at a time, in order. Cancelling the request the worker is
 * busy with terminates the worker; the next request starts a fresh one. A worker that crashes,
 * exits or answers something malformed fails the request it was serving, never leaves it hanging.
 *
 * No runtime import of `vscode` here: the unit tests run this against a real worker in plain Node.
 */
import { workerResponseOf, type AnalysisResult, type AnalysisSettings, type AnalysisSource, type CaptureTextView, type WorkerRequest, type WorkerResponse } from '../protocol';

export type { AnalysisResult, AnalysisSource } from '../protocol';

/** The part of `vscode.CancellationToken` the service uses. */
export interface CancellationSignal {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface AnalyzeOptions {
  /** Bytes (capture, file) or characters (text) done of the total, and the frames read where known, at a bounded rate. */
  onProgress?(done: number, total: number, frames?: number): void;
  /** For a capture source with `firstPageFrames`: the text of its first frames, ahead of the result. */
  onFirstPage?(text: CaptureTextView): void;
  thresholds?: AnalysisSettings['thresholds'];
}

export interface AnalysisService {
  /** Resolves to the model (and, for a capture with `renderText`, its text view); rejects with `AnalysisCancelledError` or `AnalysisFailedError`. */
  analyze(source: AnalysisSource, token: CancellationSignal, options?: AnalyzeOptions): Promise<AnalysisResult>;
  dispose(): void;
}

/** Named and worded like VS Code's own cancellation error, which VS Code recognises by name and message. */
export class AnalysisCancelledError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

/**
 * Why an analysis could not be completed: a defect in TCP Lens, never the input's fault. Structured so
 * that the extension words it in the display language (`analysisFailureText`); `detail` is the
 * runtime's own words (an exception's message), shown as they are.
 */
export type AnalysisFailure =
  | { readonly kind: 'disposed' }
  | { readonly kind: 'cannotStart'; readonly detail: string }
  | { readonly kind: 'cannotLoad'; readonly url: string; readonly detail: string }
  | { readonly kind: 'workerError'; readonly detail: string }
  | { readonly kind: 'workerExited'; readonly code: number }
  | { readonly kind: 'unreadableMessage'; readonly detail: string }
  | { readonly kind: 'malformedMessage'; readonly detail: string }
  | { readonly kind: 'notServing'; readonly request: number }
  | { readonly kind: 'analysisThrew'; readonly detail: string };

/** The failure in English, for logs and for callers without a display language (the unit tests, tools). */
export function analysisFailureInEnglish(failure: AnalysisFailure): string {
  switch (failure.kind) {
    case 'disposed':
      return 'the analysis service is disposed';
    case 'cannotStart':
      return `cannot start the analysis worker: ${failure.detail}`;
    case 'cannotLoad':
      return `cannot load the analysis worker from ${failure.url}: ${failure.detail}`;
    case 'workerError':
      return `the analysis worker failed: ${failure.detail}`;
    case 'workerExited':
      return `the analysis worker exited with code ${failure.code}`;
    case 'unreadableMessage':
      return failure.detail ? `a message from the analysis worker could not be read: ${failure.detail}` : 'a message from the analysis worker could not be read';
    case 'malformedMessage':
      return `malformed message from the analysis worker: ${failure.detail}`;
    case 'notServing':
      return `the analysis worker answered request ${failure.request}, which it was not serving`;
    case 'analysisThrew':
      return `the analysis failed: ${failure.detail}`;
  }
}

/** The analysis could not be completed: a defect in TCP Lens (a crashed worker, a malformed message), never the input's fault. */
export class AnalysisFailedError extends Error {
  constructor(readonly failure: AnalysisFailure) {
    super(analysisFailureInEnglish(failure));
    this.name = 'AnalysisFailedError';
  }
}

export function isAnalysisCancelled(error: unknown): boolean {
  return error instanceof Error && error.name === 'Canceled';
}

/** What the service needs of a worker, whichever kind it is. */
export interface AnalysisWorker {
  post(request: WorkerRequest): void;
  terminate(): void;
}

export interface AnalysisWorkerEvents {
  message(data: unknown): void;
  /** The worker died or can no longer be used: an uncaught error, an exit, a message that could not be read. */
  failure(failure: AnalysisFailure): void;
}

/** Starts a worker running `analysisWorker.ts` (Node: `nodeAnalysisWorker`, web: `webAnalysisWorker`). */
export type AnalysisWorkerStarter = (events: AnalysisWorkerEvents) => AnalysisWorker;

interface PendingRequest {
  readonly request: WorkerRequest;
  readonly options: AnalyzeOptions;
  resolve(result: AnalysisResult): void;
  reject(error: Error): void;
  stopListening(): void;
}

export class WorkerAnalysisService implements AnalysisService {
  private readonly queue: PendingRequest[] = [];
  private running: PendingRequest | undefined;
  private worker: AnalysisWorker | undefined;
  private nextId = 1;
  private disposed = false;

  constructor(private readonly startWorker: AnalysisWorkerStarter) {}

  analyze(source: AnalysisSource, token: CancellationSignal, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
    if (this.disposed) return Promise.reject(new AnalysisFailedError({ kind: 'disposed' }));
    if (token.isCancellationRequested) return Promise.reject(new AnalysisCancelledError());
    return new Promise<AnalysisResult>((resolve, reject) => {
      const request: WorkerRequest = { type: 'analyze', id: this.nextId++, source, settings: { thresholds: options.thresholds } };
      let listener: { dispose(): void } | undefined;
      const pending: PendingRequest = { request, options, resolve, reject, stopListening: () => listener?.dispose() };
      this.queue.push(pending);
      listener = token.onCancellationRequested(() => this.cancel(pending));
      this.startNext();
    });
  }

  private startNext(): void {
    if (this.running || this.disposed) return;
    const next = this.queue.shift();
    if (!next) return;
    this.running = next;
    try {
      this.worker ??= this.startFreshWorker();
      this.worker.post(next.request);
    } catch (error) {
      this.onWorkerFailure(this.worker, { kind: 'cannotStart', detail: error instanceof Error ? error.message : String(error) });
    }
  }

  private startFreshWorker(): AnalysisWorker {
    // Events of a worker that has since been replaced are ignored: `worker` tells them apart.
    const worker: AnalysisWorker = this.startWorker({
      message: (data) => this.onWorkerMessage(worker, data),
      failure: (reason) => this.onWorkerFailure(worker, reason),
    });
    return worker;
  }

  private onWorkerMessage(worker: AnalysisWorker, data: unknown): void {
    if (worker !== this.worker) return;
    const checked = workerResponseOf(data);
    if (!checked.ok) return this.onWorkerFailure(worker, { kind: 'malformedMessage', detail: checked.reason });
    const response: WorkerResponse = checked.value;
    const pending = this.running;
    if (!pending || response.id !== pending.request.id) {
      return this.onWorkerFailure(worker, { kind: 'notServing', request: response.id });
    }
    if (response.type === 'progress') {
      pending.options.onProgress?.(response.done, response.total, response.frames);
      return;
    }
    if (response.type === 'firstPage') {
      pending.options.onFirstPage?.(response.text);
      return;
    }
    this.finish(pending);
    if (response.type === 'result') pending.resolve(response.result);
    else pending.reject(new AnalysisFailedError({ kind: 'analysisThrew', detail: response.message }));
    this.startNext();
  }

  private onWorkerFailure(worker: AnalysisWorker | undefined, reason: AnalysisFailure): void {
    if (worker !== this.worker) return;
    this.dropWorker();
    const pending = this.running;
    if (pending) {
      this.finish(pending);
      pending.reject(new AnalysisFailedError(reason));
    }
    this.startNext();
  }

  private cancel(pending: PendingRequest): void {
    if (pending === this.running) {
      // The worker cannot be interrupted mid-analysis: it goes, and the next request gets a new one.
      this.dropWorker();
      this.finish(pending);
    } else {
      const at = this.queue.indexOf(pending);
      if (at < 0) return; // already settled
      this.queue.splice(at, 1);
      pending.stopListening();
    }
    pending.reject(new AnalysisCancelledError());
    this.startNext();
  }

  private finish(pending: PendingRequest): void {
    pending.stopListening();
    if (this.running === pending) this.running = undefined;
  }

  private dropWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    worker?.terminate();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const pending = [...(this.running ? [this.running] : []), ...this.queue.splice(0)];
    this.running = undefined;
    this.dropWorker();
    for (const request of pending) {
      request.stopListening();
      request.reject(new AnalysisCancelledError());
    }
  }
}
