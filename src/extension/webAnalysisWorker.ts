/**
 * The analysis worker under the web worker extension host (vscode.dev, a browser's VS Code): a Web
 * Worker nested in the extension host's own worker, running `dist/web/analysisWorker.js`.
 *
 * Where the extension is installed on a server (code-server, a remote), its location is a
 * `vscode-remote:` URI, and VS Code's web extension host refuses `new Worker()` on it ("Creating
 * workers from remote extensions is currently not supported"). Its `fetch` reads such URIs, though:
 * the script is fetched once, and each worker starts from a Blob URL of it, which belongs to the
 * extension host's own origin.
 */
import type { WorkerRequest } from '../protocol';
import type { AnalysisWorkerStarter } from './analysisService';

/** The part of the DOM's `Worker` used here (the root tsconfig has no DOM types). */
interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onmessageerror: ((event: unknown) => void) | null;
  onerror: ((event: { message?: string; preventDefault(): void }) => void) | null;
}

type WebWorkerConstructor = new (url: string, options?: { name?: string }) => WebWorker;

async function scriptAsBlobUrl(scriptUrl: string): Promise<string> {
  const response = await fetch(scriptUrl);
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  const script = await response.text();
  return URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
}

export function webAnalysisWorker(scriptUrl: string): AnalysisWorkerStarter {
  let blobUrl: Promise<string> | undefined;
  return (events) => {
    let worker: WebWorker | undefined;
    let terminated = false;
    const waiting: WorkerRequest[] = [];
    blobUrl ??= scriptAsBlobUrl(scriptUrl);
    blobUrl.then(
      (url) => {
        if (terminated) return;
        const Worker = (globalThis as unknown as { Worker: WebWorkerConstructor }).Worker;
        worker = new Worker(url, { name: 'TCP Lens analysis' });
        worker.onmessage = (event) => events.message(event.data);
        worker.onmessageerror = () => events.failure({ kind: 'unreadableMessage', detail: '' });
        worker.onerror = (event) => {
          event.preventDefault();
          events.failure({ kind: 'workerError', detail: event.message ?? '' });
        };
        for (const request of waiting.splice(0)) worker.postMessage(request);
      },
      (error: unknown) => {
        blobUrl = undefined; // the next worker tries again
        if (!terminated) events.failure({ kind: 'cannotLoad', url: scriptUrl, detail: error instanceof Error ? error.message : String(error) });
      },
    );
    return {
      post: (request) => (worker ? worker.postMessage(request) : void waiting.push(request)),
      terminate: () => {
        terminated = true;
        worker?.terminate();
      },
    };
  };
}
