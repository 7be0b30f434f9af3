import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import { readFileSync, rmSync } from 'node:fs';
import { openCaptureFromExplorer } from './captureView';
import { drawnDiagrams, assertLoadsTcpLensScript, markdownPreviewFrame, messageLabels, waitForDrawnMessages, writeExportedMarkdown } from './markdownPreview';
import { e2e, useWorkbench } from './workbench';

// This VS Code has no extension under development: TCP Lens was installed from tcp-lens.vsix with
// `code-server --install-extension`, so these tests exercise the packaged files only.
suite('TCP Lens installed from the .vsix', () => {
  const session = useWorkbench(() => e2e.vsixUrl);

  test('is listed as an installed extension', async () => {
    const { workbench } = session;
    assert.doesNotMatch(await workbench.page.title(), /Extension Development Host/);
    await workbench.runCommand('View: Show Extensions');
    // With no marketplace, the Extensions view lists what is installed.
    await workbench.page.locator('.extensions-viewlet .extension-list-item', { hasText: 'TCP Lens' }).first().waitFor();
  });

  test('colours a tcpdump file and opens a pcap as text', async () => {
    const { workbench } = session;
    await workbench.quickOpen('close-wait-server-never-closes.tcpdump');
    await workbench.languageStatus.filter({ hasText: 'tcpdump' }).waitFor();
    const line = workbench.line('02:55:34.899925');
    await line.waitFor();
    const tokens = await workbench.tokensOf(line);
    assert.ok(new Set(tokens.map((token) => token.colorClass)).size >= 4, `not coloured: ${JSON.stringify(tokens)}`);
    await openCaptureFromExplorer(workbench, 'http-clean-client-close.pcap');
  });

  test('the exported Markdown in the Markdown preview: drawn once, by VS Code\'s own Mermaid; the packaged preview script is loaded and stands aside', async () => {
    const { workbench } = session;
    const fileName = 'e2e-preview-vsix.diagram.md';
    const file = writeExportedMarkdown('http-clean-client-close.pcap', fileName);
    try {
      const labels = messageLabels(readFileSync(file, 'utf8'));
      await workbench.quickOpen(fileName);
      await workbench.activeTab().filter({ hasText: fileName }).waitFor();
      await workbench.runCommand('Markdown: Open Preview to the Side');
      const preview = await markdownPreviewFrame(workbench);
      await assertLoadsTcpLensScript(preview);
      // This VS Code (1.139) has a built-in Mermaid for the preview (mermaid-markdown-features): it turns
      // the fence into its own element, which TCP Lens's script leaves alone (no second drawing).
      const drawn = await waitForDrawnMessages(preview, labels);
      assert.equal(drawn.byTcpLens, false);
      await workbench.page.waitForTimeout(1000);
      assert.deepEqual(await drawnDiagrams(preview), [drawn]);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
