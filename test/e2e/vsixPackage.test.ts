import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import { openCaptureFromExplorer } from './captureView';
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
});
