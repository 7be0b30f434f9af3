/**
 * The analysis worker: takes `WorkerRequest`s one at a time, runs the core on them and answers with
 * progress and then the result, the model's columns transferred rather than copied. One source, two
 * bundles (scripts/build.mjs): `dist/analysisWorker.js` runs in a `worker_threads` worker of the Node
 * extension host, `dist/web/analysisWorker.js` in a Web Worker of the web worker extension host.
 */
import { transferablesOf, workerRequestOf, type CaptureTextView, type WorkerRequest, type WorkerResponse } from '../protocol';
import { analyzeSource } from './analyzeSource';

/** At most one progress message this often: the extension host has better things to do than read them. */
export const PROGRESS_INTERVAL_MS = 100;

interface ParentPort {
  post(message: WorkerResponse, transfer?: ArrayBuffer[]): void;
  listen(handler: (message: unknown) => void): void;
}

interface WebWorkerScope {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

function connectToParent(): ParentPort {
  if ('WorkerGlobalScope' in globalThis) {
    const scope = globalThis as unknown as WebWorkerScope;
    return {
      post: (message, transfer) => scope.postMessage(message, transfer),
      listen: (handler) => scope.addEventListener('message', (event) => handler(event.data)),
    };
  }
  // Loaded only here, so the browser bundle never runs it (the build leaves it out as external).
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  if (!parentPort) throw new Error('the analysis worker must run in a worker thread');
  return {
    post: (message, transfer) => parentPort.postMessage(message, transfer),
    listen: (handler) => parentPort.on('message', handler),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function serve(port: ParentPort, request: WorkerRequest): void {
  const { id } = request;
  let lastProgressAt = -Infinity;
  const onProgress = (done: number, total: number, frames?: number) => {
    const now = Date.now();
    const last = total > 0 && done >= total;
    if (!last && now - lastProgressAt < PROGRESS_INTERVAL_MS) return;
    lastProgressAt = now;
    port.post({ type: 'progress', id, done, total, frames });
  };
  let response: WorkerResponse;
  try {
    const onFirstPage = (text: CaptureTextView) => port.post({ type: 'firstPage', id, text }, [text.utf8.buffer as ArrayBuffer]);
    const result = analyzeSource(request.source, request.settings, onProgress, onFirstPage);
    port.post({ type: 'result', id, result }, transferablesOf(result));
    return;
  } catch (error) {
    response = { type: 'failure', id, message: errorText(error) };
  }
  port.post(response);
}

const port = connectToParent();
port.listen((message) => {
  const request = workerRequestOf(message);
  if (request.ok) return serve(port, request.value);
  const id = (message as { id?: unknown } | null)?.id;
  // Without an id there is no one to answer: the error reaches the extension host as the worker's error.
  if (!Number.isSafeInteger(id)) throw new Error(`malformed request to the analysis worker: ${request.reason}`);
  port.post({ type: 'failure', id: id as number, message: `malformed request: ${request.reason}` });
});
