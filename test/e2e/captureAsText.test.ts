import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import { openCaptureFromExplorer } from './captureView';
import { e2e, useWorkbench } from './workbench';

suite('capture files in the workbench', () => {
  const session = useWorkbench(() => e2e.devUrl);

  test('a pcap opened from the explorer shows its packets as tcpdump text', async () => {
    const { workbench } = session;
    await openCaptureFromExplorer(workbench, 'http-clean-client-close.pcap');
    const firstLine = workbench.activeEditor.locator('.view-line').first();
    const tokens = await workbench.tokensOf(firstLine);
    assert.ok(new Set(tokens.map((token) => token.colorClass)).size >= 4, `the text view is not coloured: ${JSON.stringify(tokens)}`);
  });

  test('a pcapng opened from the explorer shows its packets as tcpdump text', async () => {
    await openCaptureFromExplorer(session.workbench, 'pcapng-two-interfaces.pcapng');
  });

  test('the text view of a capture is read-only', async () => {
    const { workbench } = session;
    await openCaptureFromExplorer(workbench, 'ipv6-http.pcap');
    const firstLine = workbench.activeEditor.locator('.view-line').first();
    const before = await workbench.textOf(firstLine);
    await firstLine.click();
    await workbench.page.keyboard.type('xyz');
    await workbench.page.locator('.monaco-editor-overlaymessage', { hasText: /read-only/i }).waitFor();
    assert.equal(await workbench.textOf(firstLine), before);
  });
});
