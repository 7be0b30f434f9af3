/**
 * The analysis worker under the Node extension host: a `worker_threads` worker running
 * `dist/analysisWorker.js`. `worker_threads` is required only when a worker is started, so the browser
 * bundle, which the build gives it as external, never loads it.
 */
import type { AnalysisWorkerStarter } from './analysisService';

/** The part of `worker_threads.Worker` used here (the extension's sources are compiled without Node's types). */
interface NodeWorker {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (data: unknown) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'messageerror', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  terminate(): Promise<number>;
}

declare const require: (module: 'node:worker_threads') => { Worker: new (path: string) => NodeWorker };

export function nodeAnalysisWorker(scriptPath: string): AnalysisWorkerStarter {
  return (events) => {
    const { Worker } = require('node:worker_threads');
    const worker = new Worker(scriptPath);
    let terminated = false;
    worker.on('message', (data) => events.message(data));
    worker.on('error', (error) => events.failure({ kind: 'workerError', detail: error.message }));
    worker.on('messageerror', (error) => events.failure({ kind: 'unreadableMessage', detail: error.message }));
    worker.on('exit', (code) => {
      if (!terminated) events.failure({ kind: 'workerExited', code });
    });
    return {
      post: (request) => worker.postMessage(request),
      terminate: () => {
        terminated = true;
        void worker.terminate();
      },
    };
  };
}
