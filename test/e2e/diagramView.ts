// The sequence diagram's webview as the workbench shows it, for the suites that drive it.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { analyzeCaptureWithText, analyzeText, type CaptureModel } from '../../src/core/analyze';
import {
  DEFAULT_DIAGRAM_LABELS,
  DEFAULT_DIAGRAM_PAGE_SIZE,
  diagramWindow,
  type DiagramScope,
  type DiagramWindow,
} from '../../src/core/diagram/diagramWindow';
import { lastLineOfPacket, lineOfPacket, packetAtLine } from '../../src/core/query';
import { e2e, pollUntil, UI_TIMEOUT_MS, type Workbench } from './workbench';

const CAPTURE_FILE = /\.(pcap|pcapng|cap)(\.gz)?$/i;

/** The model the core makes of a file of the test workspace, as the extension makes it of its document. */
export function workspaceCaptureModel(fileName: string): CaptureModel {
  const bytes = readFileSync(path.join(e2e.workspace, fileName));
  if (CAPTURE_FILE.test(fileName)) return analyzeCaptureWithText(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), fileName).model;
  return analyzeText(bytes.toString('utf8'), fileName);
}

/** The window the panel should show with the default settings. */
export function expectedWindow(model: CaptureModel, scope: DiagramScope, page = 0): DiagramWindow {
  return diagramWindow(model, { scope, page, pageSize: DEFAULT_DIAGRAM_PAGE_SIZE, labels: DEFAULT_DIAGRAM_LABELS });
}

/** The scope a new panel shows: the connection of the packet at the cursor, else every connection. */
export async function scopeAtCursor(workbench: Workbench, model: CaptureModel): Promise<number | 'all'> {
  const packet = packetAtLine(model, await workbench.cursorLine());
  return packet >= 0 ? model.packets.conn[packet] : 'all';
}

/**
 * Waits for the packet's lines to be selected in the editor whose tab is `editorTab` (the cursor on its
 * last line), as the status bar shows once that editor has the focus (a click on its tab keeps the selection).
 */
export async function waitForSelectedPacket(workbench: Workbench, editorTab: string, model: CaptureModel, lines: readonly string[], packet: number): Promise<void> {
  const first = lineOfPacket(model, packet);
  const last = lastLineOfPacket(model, packet);
  const selected = lines.slice(first - 1, last).join('\n').length;
  const status = workbench.cursorStatus.filter({ hasText: new RegExp(`^Ln ${last}, Col \\d+ \\(${selected} selected\\)`) });
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    await workbench.page.locator('.tabs-container .tab', { hasText: editorTab }).first().click();
    if (await status.waitFor({ timeout: 2000 }).then(() => true, () => false)) return;
    if (Date.now() > deadline) throw new Error(`the editor does not show the lines ${first}–${last} selected: ${await workbench.cursorStatus.innerText()}`);
  }
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The diagram panel in front. VS Code draws a webview in two nested iframes: the host page
 * (`iframe.webview`, one per webview, kept while the panel lives) and in it the extension's page
 * (`#active-frame`). Only the panel in front has its iframe shown.
 */
export class DiagramView {
  constructor(readonly workbench: Workbench) {}

  private get page(): Page {
    return this.workbench.page;
  }

  get frame(): FrameLocator {
    const host = this.page.locator('iframe.webview.ready').filter({ visible: true });
    return host.contentFrame().locator('#active-frame').contentFrame();
  }

  /** The diagram panel's editor tab. */
  tab(captureName: string): Locator {
    return this.page.locator('.tabs-container .tab', { hasText: `Sequence diagram: ${captureName}` }).first();
  }

  /** The arrows Mermaid drew (a horizontal line has no height: Playwright calls it hidden, so wait for `attached`). */
  get arrows(): Locator {
    return this.frame.locator('#canvas svg [data-et="message"]');
  }

  arrow(packet: number): Locator {
    return this.frame.locator(`#canvas svg [data-et="message"][data-packet="${packet}"]`);
  }

  label(packet: number): Locator {
    return this.frame.locator(`#canvas svg text.messageText[data-packet="${packet}"]`).first();
  }

  get pageLabel(): Locator {
    return this.frame.locator('#toolbar .page-label');
  }

  get tooltip(): Locator {
    return this.frame.locator('#tooltip');
  }

  button(id: 'export' | 'copy-mermaid' | 'previous-page' | 'next-page' | 'jump-to-cursor' | 'fit-to-width'): Locator {
    return this.frame.locator(`#toolbar #${id}`);
  }

  /** Waits until the SVG drawn is the window's: its arrows stand for the window's packets, in order. */
  async waitForWindow(window: DiagramWindow): Promise<void> {
    const expected = window.messagePackets.join(',');
    const read = () => this.drawnPackets().then((packets) => packets.join(','), () => '');
    const { value: drawn, accepted } = await pollUntil(this.page, read, (d) => d === expected, { timeoutMs: 2 * UI_TIMEOUT_MS });
    if (accepted) return;
    assert.fail(`the diagram shows the packets [${drawn}], not the window's [${expected}]; ${await this.describe()}`);
  }

  /** What a failure should tell: the webviews shown, and the diagram's notice and toolbar. */
  private async describe(): Promise<string> {
    const shown = await this.page.locator('iframe.webview.ready').filter({ visible: true }).count();
    const text = (locator: Locator) => locator.innerText({ timeout: 1000 }).then((t) => JSON.stringify(t), () => 'unreadable');
    return `${shown} webview(s) shown; notice ${await text(this.frame.locator('#notice'))}; toolbar ${await text(this.frame.locator('#toolbar'))}`;
  }

  /** The packet of each arrow drawn, in order. */
  drawnPackets(): Promise<number[]> {
    return this.arrows.evaluateAll((arrows) => arrows.map((arrow) => Number(arrow.getAttribute('data-packet'))));
  }

  /** The packets whose arrow is highlighted. */
  highlightedPackets(): Promise<number[]> {
    return this.frame.locator('#canvas svg [data-et="message"].tcp-lens-highlight').evaluateAll((arrows) =>
      arrows.map((arrow) => Number(arrow.getAttribute('data-packet'))),
    );
  }

  async waitForHighlight(packet: number): Promise<void> {
    await this.frame.locator(`#canvas svg [data-et="message"][data-packet="${packet}"].tcp-lens-highlight`).waitFor({ state: 'attached' });
    assert.deepEqual(await this.highlightedPackets(), [packet]);
  }

  /** The connection chosen in the toolbar ('all' or its index). */
  async scope(): Promise<string> {
    return this.frame.locator('#scope').evaluate((select) => String((select as HTMLElement & { value: string }).value));
  }

  /** Chooses a connection (or all of them) in the toolbar's dropdown by its label. */
  async chooseScope(label: string): Promise<void> {
    await this.frame.locator('#scope').click();
    await this.frame.locator('#scope [role="option"]', { hasText: label }).first().click();
  }

  /** The part of the webview the diagram is drawn in, in the page's coordinates. */
  async viewport(): Promise<Box> {
    const box = await this.frame.locator('#viewport').boundingBox();
    assert.ok(box, 'the diagram has no viewport');
    return box;
  }

  /** Whether the middle of an element of the diagram is in the viewport. */
  async isInView(element: Locator): Promise<boolean> {
    const box = await element.boundingBox();
    const view = await this.viewport();
    if (!box) return false;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    return x > view.x && x < view.x + view.width && y > view.y + 10 && y < view.y + view.height - 10;
  }

  /** Scrolls the diagram with the mouse wheel (Shift for sideways), as a reader would, until the element's middle is in view; its box. */
  async scrollTo(element: Locator): Promise<Box> {
    await element.waitFor({ state: 'attached' });
    for (let attempt = 0; attempt < 40; attempt++) {
      const box = await element.boundingBox();
      assert.ok(box, 'the element is not drawn');
      if (await this.isInView(element)) return box;
      const view = await this.viewport();
      const centre = { x: view.x + view.width / 2, y: view.y + view.height / 2 };
      const step = (off: number, size: number): number => Math.sign(off) * Math.min(size / 2, Math.abs(off));
      await this.page.mouse.move(centre.x, centre.y);
      await this.page.mouse.wheel(step(box.x + box.width / 2 - centre.x, view.width), step(box.y + box.height / 2 - centre.y, view.height));
      await this.page.waitForTimeout(50);
    }
    throw new Error('the diagram never scrolled the element into view');
  }

  /** Clicks the middle of an element of the diagram (scrolled into view first) where the mouse would. */
  async click(element: Locator): Promise<void> {
    const box = await this.scrollTo(element);
    await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  /** Rests the mouse on an element of the diagram until the tooltip shows; its text. */
  async hover(element: Locator): Promise<string> {
    const box = await this.scrollTo(element);
    const view = await this.viewport();
    await this.page.mouse.move(view.x + 2, view.y + 2);
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    await this.tooltip.waitFor({ state: 'visible' });
    return this.tooltip.innerText();
  }
}
