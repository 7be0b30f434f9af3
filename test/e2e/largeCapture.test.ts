import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import { clickCaptureInExplorer } from './captureView';
import { e2e, useWorkbench } from './workbench';

const LARGE_CAPTURE = 'large-capture.pcap';

suite('opening a large capture', () => {
  const session = useWorkbench(() => e2e.devUrl);

  test('shows a cancellable progress notification; cancelling leaves the window responsive', async () => {
    const { workbench } = session;
    const progress = workbench.notification(`opening ${LARGE_CAPTURE} as text`);
    await clickCaptureInExplorer(workbench, LARGE_CAPTURE, progress);
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await progress.waitFor({ state: 'detached' });
    await workbench.notification('was cancelled').waitFor();

    // Responsive: another file opens and shows its text promptly.
    const started = Date.now();
    await workbench.quickOpen('simultaneous-open.tcpdump');
    await workbench.line('2026-11-21 22:26:40.000000').waitFor();
    const took = Date.now() - started;
    assert.ok(took < 15_000, `opening a small file after the cancel took ${took} ms`);
    const tabs = await workbench.page.locator('.tabs-container .tab').allInnerTexts();
    assert.ok(!tabs.some((tab) => tab.includes(`${LARGE_CAPTURE}.tcpdump`)), `the cancelled capture opened anyway: ${tabs}`);
  });
});
