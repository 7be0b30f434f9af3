// VS Code's built-in Markdown preview of an exported diagram, for the suites that check TCP Lens draws its mermaid block.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { e2e, pollUntil, UI_TIMEOUT_MS, type Workbench } from './workbench';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Writes what "Export Sequence Diagram…" writes as Markdown (the CLI's text, as the export test checks) into the workspace; its path. */
export function writeExportedMarkdown(capture: string, fileName: string): string {
  const markdown = execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'diagram', path.join(e2e.workspace, capture), '--format', 'markdown'], { encoding: 'utf8' });
  const file = path.join(e2e.workspace, fileName);
  writeFileSync(file, markdown);
  return file;
}

/** The message labels of the Mermaid text in a Markdown file, as Mermaid shows them (its `#code;` entities decoded). */
export function messageLabels(markdown: string): string[] {
  return [...markdown.matchAll(/^\s*P\d+\s*-[-x)>]+\s*P\d+\s*:\s*(.*)$/gm)].map((match) =>
    match[1].replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))).trim(),
  );
}

/**
 * The frame of the Markdown preview's page. A webview is two nested iframes (the host page, and in it
 * the page itself); the preview's page is the one with `.markdown-body`.
 */
export async function markdownPreviewFrame(workbench: Workbench): Promise<Frame> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    for (const frame of workbench.page.frames()) {
      if (await frame.locator('.markdown-body').count().catch(() => 0)) return frame;
    }
    if (Date.now() > deadline) throw new Error('no Markdown preview is shown');
    await workbench.page.waitForTimeout(200);
  }
}

/** A sequence diagram Mermaid drew in the preview: whether TCP Lens's preview script drew it (else VS Code's own Mermaid did), and its message labels. */
export interface DrawnDiagram {
  readonly byTcpLens: boolean;
  readonly labels: readonly string[];
}

export function drawnDiagrams(frame: Frame): Promise<DrawnDiagram[]> {
  return frame.locator('.markdown-body svg[aria-roledescription="sequence"]').evaluateAll((svgs) =>
    svgs.map((svg) => ({
      byTcpLens: svg.closest('pre.tcp-lens-mermaid > code.language-mermaid') !== null,
      labels: [...svg.querySelectorAll('text.messageText')].map((text) => (text.textContent ?? '').trim()),
    })),
  );
}

/** Waits until the preview shows exactly one sequence diagram, with these message labels; who drew it. */
export async function waitForDrawnMessages(frame: Frame, labels: readonly string[]): Promise<DrawnDiagram> {
  const read = () => drawnDiagrams(frame).catch((): DrawnDiagram[] => []);
  const once = (drawn: DrawnDiagram[]) => drawn.length === 1 && drawn[0].labels.join('\n') === labels.join('\n');
  const { value: drawn, accepted } = await pollUntil(frame.page(), read, once, { timeoutMs: 2 * UI_TIMEOUT_MS });
  if (accepted) return drawn[0];
  assert.deepEqual(drawn, [{ byTcpLens: drawn[0]?.byTcpLens ?? false, labels }], 'the Markdown preview does not draw the diagram\'s messages once');
  throw new Error('unreachable');
}

/**
 * Waits until the preview's page has loaded TCP Lens's preview script (its `markdown.previewScripts`
 * contribution) whole; fails saying what the page has of it. The preview loads it `async`: a busy
 * machine may still be fetching it when the page shows.
 */
export async function assertLoadsTcpLensScript(frame: Frame): Promise<void> {
  const read = () =>
    frame.evaluate(() => {
      const script = document.querySelector<HTMLScriptElement>('script[src*="/dist/markdownPreview/mermaid.js"]');
      const entry = script ? (performance.getEntriesByName(script.src)[0] as PerformanceResourceTiming | undefined) : undefined;
      return { script: script?.src, status: entry?.responseStatus, size: entry?.decodedBodySize };
    });
  const whole = (loaded: Awaited<ReturnType<typeof read>>) => loaded.script !== undefined && loaded.status === 200 && (loaded.size ?? 0) > 100_000;
  const { value: loaded, accepted } = await pollUntil(frame.page(), read, whole, { timeoutMs: 2 * UI_TIMEOUT_MS });
  if (!accepted) assert.fail(`the preview does not load TCP Lens's script: ${JSON.stringify(loaded)}`);
}
