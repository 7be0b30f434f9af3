// Shared by the suites that open captures in the workbench.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderCaptureText } from '../../src/core/render/captureText';
import type { Locator } from 'playwright-core';
import { e2e, type Workbench } from './workbench';

export function renderedLines(captureName: string): string[] {
  const bytes = readFileSync(path.join(e2e.workspace, captureName));
  return renderCaptureText(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).text.split('\n').filter((line) => line !== '');
}

/** Opens a capture by clicking it in the explorer and checks that its packets show as tcpdump text. */
export async function openCaptureFromExplorer(workbench: Workbench, captureName: string): Promise<void> {
  const expected = renderedLines(captureName);
  assert.ok(expected.length >= 5, `the renderer gave ${expected.length} lines for ${captureName}`);
  await clickCaptureInExplorer(workbench, captureName, workbench.activeTab().filter({ hasText: `${captureName}.tcpdump` }));
  await workbench.languageStatus.filter({ hasText: 'tcpdump' }).waitFor();
  // The editor renders only what fits on screen: compare the first lines. Monaco shows spaces as U+00A0.
  for (const expectedLine of expected.slice(0, 5)) {
    const shown = workbench.activeEditor.locator('.view-line', { hasText: expectedLine.slice(0, 40).replace(/ /g, '\u00a0') });
    await shown.first().waitFor();
    assert.equal(await workbench.textOf(shown.first()), expectedLine);
  }
}

/**
 * Clicks a capture in the explorer until `opened` shows. The workbench registers an extension's custom
 * editors a moment after its other contributions (the commands the workbench helper waits for): a
 * capture clicked in that moment opens in VS Code's own editor, as it would without TCP Lens: "not
 * displayed" for binary bytes, an empty text editor for an empty file; or VS Code says it is "Unable to
 * open" it. Then dismiss that, close the editor and click again, as a person would.
 */
export async function clickCaptureInExplorer(workbench: Workbench, captureName: string, opened: Locator): Promise<void> {
  const page = workbench.page;
  const notDisplayed = page.locator('.editor-group-container.active', { hasText: 'The file is not displayed in the text editor' });
  // The tab shows the name without its extension in one element and the extension in another.
  const asPlainText = page.locator('.editor-group-container.active', {
    has: page.locator(`.tabs-container .tab.active[data-resource-name=${JSON.stringify(captureName)}]`),
  }).locator('.editor-instance .monaco-editor');
  const unableToOpen = page.locator('.monaco-dialog-box', { hasText: `Unable to open '${captureName}'` });
  for (let attempt = 1; ; attempt++) {
    await workbench.explorerRow(captureName).click();
    const shown = await Promise.race([
      opened.first().waitFor().then(() => 'opened', () => 'timeout'),
      notDisplayed.first().waitFor().then(() => 'not displayed', () => 'timeout'),
      asPlainText.first().waitFor().then(() => 'opened as plain text', () => 'timeout'),
      unableToOpen.first().waitFor().then(() => 'unable to open', () => 'timeout'),
    ]);
    if (shown === 'opened') return;
    if (shown === 'timeout' || attempt === 3) throw new Error(`clicking ${captureName} in the explorer: ${shown}`);
    if (shown === 'unable to open') {
      await unableToOpen.locator('.monaco-button', { hasText: 'OK' }).first().click();
      await unableToOpen.first().waitFor({ state: 'hidden' });
    }
    await workbench.runCommand('View: Close Editor');
    await workbench.page.waitForTimeout(2000);
  }
}
