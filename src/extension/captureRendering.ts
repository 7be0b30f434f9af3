import type { Problem } from '../core/problems';
import { CaptureTextRenderer } from '../core/render/captureText';

export interface RenderedCapture {
  /** Lines joined by '\n', with a final newline (as `renderCaptureText` gives it). */
  text: string;
  problems: Problem[];
}

export interface RenderProgress {
  /** Fraction of the input done, 0..1. */
  report(fractionDone: number): void;
}

export interface CancellationSignal {
  readonly isCancellationRequested: boolean;
}

export class RenderCancelledError extends Error {
  constructor() {
    super('Rendering the capture was cancelled');
  }
}

/** Bytes handed to the renderer at a time; between slices a Cancel click gets its turn. */
const SLICE_BYTES = 256 * 1024;
/**
 * Work this long before letting the extension host handle other events. Short, because a message from
 * the workbench (a Cancel click) needs many turns of the event loop to arrive: with 40 ms slices a
 * Cancel took seconds to get through, with 10 ms a fraction of a second.
 */
const SLICE_BUDGET_MS = 10;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Renders a capture as tcpdump text, the same text as `renderCaptureText`, without holding the
 * extension host for the whole file: the bytes go to the renderer in slices, with a chance to cancel
 * (and for the rest of the extension host to run) every few tens of milliseconds.
 */
export async function renderCaptureInSlices(
  bytes: Uint8Array,
  cancellation: CancellationSignal,
  progress?: RenderProgress,
): Promise<RenderedCapture> {
  const lines: string[] = [];
  const renderer = new CaptureTextRenderer((line) => lines.push(line));
  let sliceStarted = Date.now();
  for (let offset = 0; offset < bytes.length; offset += SLICE_BYTES) {
    if (Date.now() - sliceStarted >= SLICE_BUDGET_MS) {
      progress?.report(offset / bytes.length);
      await yieldToEventLoop();
      sliceStarted = Date.now();
    }
    if (cancellation.isCancellationRequested) throw new RenderCancelledError();
    renderer.push(bytes.subarray(offset, offset + SLICE_BYTES));
  }
  const problems = renderer.end();
  progress?.report(1);
  return { text: lines.length === 0 ? '' : lines.join('\n') + '\n', problems };
}
