import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import type { Locator } from 'playwright-core';
import { openCaptureFromExplorer } from './captureView';
import { workbenchScreenshot as screenshot } from './screenshots';
import { e2e, useWorkbench, type Workbench } from './workbench';

/** Drags the sash at the side bar's edge so that its rows show whole in the screenshots. */
async function widenSideBar(workbench: Workbench, width: number): Promise<void> {
  const page = workbench.page;
  const sideBar = await page.locator('.part.sidebar').boundingBox();
  assert.ok(sideBar, 'no side bar');
  const edge = sideBar.x + sideBar.width;
  const sashes = await page.locator('.monaco-sash.vertical').evaluateAll((elements) =>
    elements.map((element) => {
      const box = (element as unknown as { getBoundingClientRect(): { x: number; y: number; width: number; height: number } }).getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2, height: box.height };
    }),
  );
  const sash = sashes.filter((candidate) => candidate.height > 200).sort((a, b) => Math.abs(a.x - edge) - Math.abs(b.x - edge))[0];
  assert.ok(sash && Math.abs(sash.x - edge) < 10, `no sash at the side bar's edge (${edge}): ${JSON.stringify(sashes)}`);
  await page.mouse.move(sash.x, sash.y);
  await page.mouse.down();
  await page.mouse.move(sideBar.x + width, sash.y, { steps: 10 });
  await page.mouse.up();
  await page.waitForFunction(
    (wanted) => ((globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): { width: number } } | null } }).document.querySelector('.part.sidebar')?.getBoundingClientRect().width ?? 0) >= wanted,
    width - 20,
  );
}

function codeLens(workbench: Workbench, text: string): Locator {
  return workbench.activeEditor.locator('.codelens-decoration', { hasText: text }).first();
}

function sideBarRow(workbench: Workbench, text: string): Locator {
  return workbench.page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
}

suite('outline, Problems panel and TCP Connections view in the workbench', () => {
  const session = useWorkbench(() => e2e.devUrl);

  test('the outline lists the connection with its handshake, data and close', async () => {
    const { workbench } = session;
    await workbench.quickOpen('close-wait-server-never-closes.tcpdump');
    await workbench.languageStatus.filter({ hasText: 'tcpdump' }).waitFor();
    await workbench.runCommand('Focus on Outline View');
    await widenSideBar(workbench, 480);
    const connection = sideBarRow(workbench, '#0 192.0.2.1:40006 → 192.0.2.2:80');
    await connection.waitFor();
    if ((await connection.getAttribute('aria-expanded')) === 'false') await connection.locator('.monaco-tl-twistie').click();
    for (const phase of ['handshake', 'data', 'close']) {
      await workbench.page.locator('.part.sidebar .monaco-list-row[aria-level="2"]', { hasText: phase }).first().waitFor();
    }
    // The breadcrumbs follow the cursor into the connection.
    await workbench.line('02:55:35.042861').click();
    await workbench.page.locator('.breadcrumbs-control .monaco-breadcrumb-item', { hasText: '#0 192.0.2.1:40006' }).first().waitFor();
    await codeLens(workbench, '#0 192.0.2.1:40006 → 192.0.2.2:80 · three-way handshake · half-closed · S2 · 11 packets').waitFor();
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
    await workbench.quickOpen('close-wait-server-never-closes.tcpdump');
    await workbench.languageStatus.filter({ hasText: 'tcpdump' }).waitFor();
    // The editor asks for CodeLens while its text has the focus: wait for them before leaving it.
    await codeLens(workbench, 'Show in TCP Connections').waitFor();
    await workbench.runCommand('Focus on TCP Connections View');
    await widenSideBar(workbench, 560);
    // The finding first, then the connection.
    await sideBarRow(workbench, 'CLOSE_WAIT').waitFor();
    const connection = sideBarRow(workbench, '#0 192.0.2.1:40006 → 192.0.2.2:80');
    await connection.waitFor();
    await workbench.line('02:55:35.104203').click();
    await workbench.cursorStatus.filter({ hasText: /Ln 13,/ }).waitFor();
    await connection.click();
    // The connection's SYN is on line 3 (two ARP lines come first).
    await workbench.cursorStatus.filter({ hasText: /Ln 3,/ }).waitFor();
    await connection.locator('.monaco-tl-twistie').click();
    await workbench.page.locator('.part.sidebar .monaco-list-row[aria-level="2"]', { hasText: 'three-way handshake' }).first().waitFor();
    await codeLens(workbench, 'Show in TCP Connections').waitFor();
    await screenshot(workbench, 'connections-view');
  });

  test('names from the file stay text in the CodeLens, the outline and the view: no icon, no markup', async () => {
    const { workbench } = session;
    await workbench.quickOpen('hostile-names.tcpdump');
    await workbench.languageStatus.filter({ hasText: 'tcpdump' }).waitFor();
    // `$(zap)` would be drawn as an icon; the service name must read as written.
    await codeLens(workbench, 'mail.example:$(zap)&lt;|a|b|').waitFor();
    await codeLens(workbench, '<img/src=x/onerror=alert(1)>').waitFor();
    assert.equal(await workbench.activeEditor.locator('.codelens-decoration .codicon-zap').count(), 0);
    await workbench.runCommand('Focus on Outline View');
    await sideBarRow(workbench, 'www.evil.example:`rm` → mail.example:$(zap)&lt;|a|b|').waitFor();
    await workbench.runCommand('Focus on TCP Connections View');
    await sideBarRow(workbench, '#1 __init__.example:<img/src=x/onerror=alert(1)> → _emph_.example:**bold**').waitFor();
    await sideBarRow(workbench, 'www.evil.example:<script>alert(1)</script>').waitFor();
    const sideBar = workbench.page.locator('.part.sidebar');
    assert.equal(await sideBar.locator('.codicon-zap, img, strong, em, script').count(), 0);
  });
});

// The `browser` bundle alone, in the web worker extension host (as on vscode.dev).
suite('outline, Problems panel and TCP Connections view in the web extension host', () => {
  const session = useWorkbench(() => e2e.webUrl);

  test('a tcpdump file has its outline, its diagnostics and its connections in the view', async () => {
    const { workbench } = session;
    await workbench.quickOpen('close-wait-server-never-closes.tcpdump');
    await workbench.languageStatus.filter({ hasText: 'tcpdump' }).waitFor();
    await codeLens(workbench, '#0 192.0.2.1:40006 → 192.0.2.2:80').waitFor();
    await workbench.runCommand('Focus on Outline View');
    await sideBarRow(workbench, '#0 192.0.2.1:40006 → 192.0.2.2:80').waitFor();
    await workbench.runCommand('Focus Problems (Errors, Warnings, Infos)');
    await workbench.page.locator('.markers-panel .monaco-list-row', { hasText: 'CLOSE_WAIT' }).first().waitFor();
    await workbench.runCommand('Focus on TCP Connections View');
    const connection = sideBarRow(workbench, '#0 192.0.2.1:40006 → 192.0.2.2:80');
    await connection.waitFor();
    await connection.click();
    await workbench.cursorStatus.filter({ hasText: /Ln 3,/ }).waitFor();
  });
});
