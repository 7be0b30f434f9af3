import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { suite, test } from 'mocha';
import type { Locator } from 'playwright-core';
import { openCaptureFromExplorer } from './captureView';
import { e2e, useWorkbench, type Workbench } from './workbench';

/** The README's screenshots: always kept with the test results, and written to media/screenshots with TCP_LENS_UPDATE_SCREENSHOTS=1. */
async function screenshot(workbench: Workbench, name: string): Promise<void> {
  // Let the workbench finish painting (hover effects, list animations) before the shot.
  await workbench.page.mouse.move(1, 1);
  await workbench.page.waitForTimeout(500);
  mkdirSync(e2e.resultsDir, { recursive: true });
  const targets = [path.join(e2e.resultsDir, `${name}.png`)];
  if (process.env.TCP_LENS_UPDATE_SCREENSHOTS === '1') {
    const dir = path.resolve(__dirname, '..', '..', '..', 'media', 'screenshots');
    mkdirSync(dir, { recursive: true });
    targets.push(path.join(dir, `${name}.png`));
  }
  for (const target of targets) await workbench.page.screenshot({ path: target });
}

function sideBarRow(workbench: Workbench, text: string): Locator {
  return workbench.page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
}

/** The cursor's position as the status bar shows it, e.g. "Ln 14, Col 1". */
function cursorStatus(workbench: Workbench): Locator {
  return workbench.page.locator('[id="status.editor.selection"]');
}

suite('outline, Problems panel and TCP Connections view in the workbench', () => {
  const session = useWorkbench(() => e2e.devUrl);

  test('the outline lists the connection with its handshake, data and close', async () => {
    const { workbench } = session;
    await workbench.quickOpen('close-wait-server-never-closes.tcpdump');
    await workbench.languageStatus.filter({ hasText: 'tcpdump' }).waitFor();
    await workbench.runCommand('Focus on Outline View');
    const connection = sideBarRow(workbench, '#0 192.0.2.1:40006 → 192.0.2.2:80');
    await connection.waitFor();
    if ((await connection.getAttribute('aria-expanded')) === 'false') await connection.locator('.monaco-tl-twistie').click();
    for (const phase of ['handshake', 'data', 'close']) {
      await workbench.page.locator('.part.sidebar .monaco-list-row[aria-level="2"]', { hasText: phase }).first().waitFor();
    }
    // The breadcrumbs follow the cursor into the connection.
    await workbench.line('02:55:35.042861').click();
    await workbench.page.locator('.breadcrumbs-control .monaco-breadcrumb-item', { hasText: '#0 192.0.2.1:40006' }).first().waitFor();
    await screenshot(workbench, 'outline');
  });

  test('the Problems panel lists the duplicate ACKs and the fast retransmission of a pcap', async () => {
    const { workbench } = session;
    await openCaptureFromExplorer(workbench, 'dupack-fast-retransmit.pcap');
    await workbench.runCommand('Focus Problems (Errors, Warnings, Infos)');
    const panel = workbench.page.locator('.markers-panel');
    await panel.locator('.monaco-list-row', { hasText: 'fast-retransmission' }).first().waitFor();
    await panel.locator('.monaco-list-row', { hasText: 'duplicate-ack' }).first().waitFor();
    const text = await panel.innerText();
    assert.match(text, /dupack-fast-retransmit\.pcap\.tcpdump/);
    await screenshot(workbench, 'problems');
  });

  test('clicking a connection in the TCP Connections view puts the editor\'s cursor on its first line', async () => {
    const { workbench } = session;
    await openCaptureFromExplorer(workbench, 'pcapng-two-interfaces.pcapng');
    await workbench.runCommand('Focus on TCP Connections View');
    const second = sideBarRow(workbench, '#1 127.0.0.1:40033 → 127.0.0.1:8080');
    await second.waitFor();
    await sideBarRow(workbench, '#0 192.0.2.1:40032 → 192.0.2.2:80').waitFor();
    await second.click();
    // Frame 14 is on line 14 of the text view.
    await cursorStatus(workbench).filter({ hasText: /Ln 14,/ }).waitFor();
    await second.locator('.monaco-tl-twistie').click();
    await workbench.page.locator('.part.sidebar .monaco-list-row[aria-level="2"]', { hasText: 'three-way handshake' }).first().waitFor();
    await screenshot(workbench, 'connections-view');
  });
});
