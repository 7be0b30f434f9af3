/**
 * The analysis behind every view, off the extension host's thread, in a small pool of workers
 * (`src/worker/analysisWorker.ts`), each serving one request at a time: a request starts at once on an
 * idle worker or a new one, up to `maxWorkers` at once (more wait, in order), so that a small
 * document's analysis never waits behind a large capture's. One idle worker is kept for the next
 * request; others are terminated after `idleWorkerMs`. Cancelling a running request terminates its
 * worker alone. A worker that crashes, exits or answers something malformed fails the request it was
 * serving, never leaves it hanging, and leaves the others alone.
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

/** A worker of the pool and the request it serves (none: it is idle). */
interface PooledWorker {
  /** Unset only while it is being started. */
  worker?: AnalysisWorker;
  serving?: PendingRequest;
  idleTimer?: ReturnType<typeof setTimeout>;
}

export interface WorkerPoolLimits {
  /** Requests analysed at once, each by a worker of its own; more wait, in order. */
  readonly maxWorkers?: number;
  /** How long an idle worker other than the one kept for reuse lives on. */
  readonly idleWorkerMs?: number;
}

/** Enough for a large capture and a couple of small documents at once, on a machine of two cores. */
export const DEFAULT_MAX_WORKERS = 3;
export const DEFAULT_IDLE_WORKER_MS = 15_000;

export class WorkerAnalysisService implements AnalysisService {
  private readonly queue: PendingRequest[] = [];
  /** Every live worker, busy or idle; a worker's events count only while it is here. */
  private readonly workers = new Set<PooledWorker>();
  /** The idle ones, the most recently idle last (the next to serve: the others are left to time out). */
  private readonly idle: PooledWorker[] = [];
  private readonly maxWorkers: number;
  private readonly idleWorkerMs: number;
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly startWorker: AnalysisWorkerStarter,
    limits: WorkerPoolLimits = {},
  ) {
    this.maxWorkers = Math.max(1, limits.maxWorkers ?? DEFAULT_MAX_WORKERS);
    this.idleWorkerMs = limits.idleWorkerMs ?? DEFAULT_IDLE_WORKER_MS;
  }

  analyze(source: AnalysisSource, token: CancellationSignal, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
    if (this.disposed) return Promise.reject(new AnalysisFailedError({ kind: 'disposed' }));
    if (token.isCancellationRequested) return Promise.reject(new AnalysisCancelledError());
    return new Promise<AnalysisResult>((resolve, reject) => {
      const request: WorkerRequest = { type: 'analyze', id: this.nextId++, source, settings: { thresholds: options.thresholds } };
      let listener: { dispose(): void } | undefined;
      const pending: PendingRequest = { request, options, resolve, reject, stopListening: () => listener?.dispose() };
      this.queue.push(pending);
      listener = token.onCancellationRequested(() => this.cancel(pending));
      this.startQueued();
    });
  }

  /** Hands waiting requests to idle workers, or to new ones while the pool has room. */
  private startQueued(): void {
    while (!this.disposed && this.queue.length > 0) {
      let pooled = this.idle.pop();
      if (!pooled && this.workers.size >= this.maxWorkers) return;
      const pending = this.queue.shift()!;
      try {
        pooled ??= this.startPooledWorker();
        clearTimeout(pooled.idleTimer);
        pooled.serving = pending;
        pooled.worker!.post(pending.request);
      } catch (error) {
        if (pooled) this.drop(pooled);
        pending.stopListening();
        pending.reject(new AnalysisFailedError({ kind: 'cannotStart', detail: error instanceof Error ? error.message : String(error) }));
      }
    }
  }

  private startPooledWorker(): PooledWorker {
    const pooled: PooledWorker = {};
    pooled.worker = this.startWorker({
      message: (data) => this.onWorkerMessage(pooled, data),
      failure: (reason) => this.onWorkerFailure(pooled, reason),
    });
    this.workers.add(pooled);
    return pooled;
  }

  private onWorkerMessage(pooled: PooledWorker, data: unknown): void {
    if (!this.workers.has(pooled)) return;
    const checked = workerResponseOf(data);
    if (!checked.ok) return this.onWorkerFailure(pooled, { kind: 'malformedMessage', detail: checked.reason });
    const response: WorkerResponse = checked.value;
    const pending = pooled.serving;
    if (!pending || response.id !== pending.request.id) {
      return this.onWorkerFailure(pooled, { kind: 'notServing', request: response.id });
    }
    if (response.type === 'progress') {
      pending.options.onProgress?.(response.done, response.total, response.frames);
      return;
    }
    if (response.type === 'firstPage') {
      pending.options.onFirstPage?.(response.text);
      return;
    }
    pending.stopListening();
    this.becomeIdle(pooled);
    if (response.type === 'result') pending.resolve(response.result);
    else pending.reject(new AnalysisFailedError({ kind: 'analysisThrew', detail: response.message }));
    this.startQueued();
  }

  private onWorkerFailure(pooled: PooledWorker, reason: AnalysisFailure): void {
    if (!this.workers.has(pooled)) return;
    const pending = pooled.serving;
    this.drop(pooled);
    if (pending) {
      pending.stopListening();
      pending.reject(new AnalysisFailedError(reason));
    }
    this.startQueued();
  }

  private cancel(pending: PendingRequest): void {
    const serving = [...this.workers].find((pooled) => pooled.serving === pending);
    if (serving) {
      // A worker cannot be interrupted mid-analysis: it goes, and a later request gets a new one.
      this.drop(serving);
    } else {
      const at = this.queue.indexOf(pending);
      if (at < 0) return; // already settled
      this.queue.splice(at, 1);
    }
    pending.stopListening();
    pending.reject(new AnalysisCancelledError());
    this.startQueued();
  }

  /** An idle worker waits for the next request; one beyond the first idle one is terminated if none comes in time. */
  private becomeIdle(pooled: PooledWorker): void {
    pooled.serving = undefined;
    this.idle.push(pooled);
    pooled.idleTimer = setTimeout(() => {
      if (this.idle.includes(pooled) && this.idle.length > 1) this.drop(pooled);
    }, this.idleWorkerMs);
  }

  private drop(pooled: PooledWorker): void {
    this.workers.delete(pooled);
    const at = this.idle.indexOf(pooled);
    if (at >= 0) this.idle.splice(at, 1);
    clearTimeout(pooled.idleTimer);
    pooled.serving = undefined;
    pooled.worker?.terminate();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const pending = [...[...this.workers].flatMap((pooled) => (pooled.serving ? [pooled.serving] : [])), ...this.queue.splice(0)];
    for (const pooled of [...this.workers]) this.drop(pooled);
    for (const request of pending) {
      request.stopListening();
      request.reject(new AnalysisCancelledError());
    }
  }
}
