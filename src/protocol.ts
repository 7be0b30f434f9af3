/**
 * Every message between the extension host and the analysis worker (and,
 * for the diagram, the webview), declared once and imported by both sides.
 * Requests carry an id; every response names the request it answers.
 */
import type { CaptureModel } from './core/model/captureModel';
import type { Problem } from './core/problems';

/** What to analyse: a text document's text, or the bytes of a binary capture (rendered as text in the same pass). */
export type AnalysisSource =
  | { readonly kind: 'text'; readonly fileName: string; readonly text: string }
  | { readonly kind: 'capture'; readonly fileName: string; readonly bytes: Uint8Array; readonly renderText: boolean };

export type WorkerRequest = { readonly type: 'analyze'; readonly id: number; readonly source: AnalysisSource };

export type WorkerResponse =
  | { readonly type: 'progress'; readonly id: number; readonly done: number; readonly total: number }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly model: CaptureModel;
      /** For a 'capture' source with renderText: its tcpdump -n text view and the problems met while rendering. */
      readonly text?: { readonly text: string; readonly problems: readonly Problem[] };
    }
  | { readonly type: 'failure'; readonly id: number; readonly message: string };
