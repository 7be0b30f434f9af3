// The editor's hover widget over packet lines, shared by the suites that read it.
import type { Locator } from 'playwright-core';
import { UI_TIMEOUT_MS, type Workbench } from './workbench';

/** The editor's hover widget once it shows `text`. */
export function hoverWidget(workbench: Workbench, text: string): Locator {
  return workbench.page.locator('.monaco-hover').filter({ hasText: text }).first();
}

/** TCP Lens's part of a hover widget (a line with a problem also shows the problem's part). */
export function packetPart(hover: Locator): Locator {
  return hover.locator('.hover-row', { hasText: 'Reveal connection' }).first();
}

/**
 * Rests the mouse on a packet line's token holding `token`, as a reader would, until the hover shows
 * `expected`: a hover asked for while the extension host is still starting shows nothing, and the
 * editor asks again only when the mouse moves.
 */
export async function hoverOver(workbench: Workbench, lineOrText: Locator | string, token: string, expected: string): Promise<Locator> {
  const line = typeof lineOrText === 'string' ? workbench.line(lineOrText) : lineOrText;
  await line.waitFor();
  const widget = hoverWidget(workbench, expected);
  const deadline = Date.now() + 2 * UI_TIMEOUT_MS;
  for (;;) {
    await workbench.page.mouse.move(0, 0);
    await workbench.textSpans(line).filter({ hasText: token }).first().hover();
    if (await widget.waitFor({ timeout: 5000 }).then(() => true, () => false)) return widget;
    if (Date.now() > deadline) throw new Error(`no hover showing "${expected}" on the line ${typeof lineOrText === 'string' ? lineOrText : 'given'}`);
  }
}
