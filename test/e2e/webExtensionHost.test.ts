import { readFileSync } from 'node:fs';
import path from 'node:path';
import { suite, test } from 'mocha';
import { clickCaptureInExplorer, openCaptureFromExplorer } from './captureView';
import { DiagramView, expectedWindow, scopeAtCursor, waitForSelectedPacket, workspaceCaptureModel } from './diagramView';
import { e2e, useWorkbench } from './workbench';

// This VS Code gets TCP Lens without its `main` entry: only the `browser` bundle can run, in the web
// worker extension host, as on vscode.dev. The same features must work from it.
suite('TCP Lens in the web worker extension host', () => {
  const session = useWorkbench(() => e2e.webUrl);

  test('a pcap opened from the explorer shows its packets as tcpdump text', async () => {
    await openCaptureFromExplorer(session.workbench, 'http-clean-client-close.pcap');
  });

  test('a large capture is read by the analysis worker with progress, and Cancel stops it', async () => {
    const { workbench } = session;
    const capture = 'large-capture.pcap';
    const progress = workbench.notification(`opening ${capture} as text`);
    await clickCaptureInExplorer(workbench, capture, progress);
    // The percentage comes from the progress messages of the Web Worker nested in the extension host.
    await progress.filter({ hasText: /\b[1-9]\d?%/ }).waitFor();
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await progress.waitFor({ state: 'detached' });
    await workbench.notification('was cancelled').waitFor();
  });

  test('a .txt file of tcpdump output switches to tcpdump', async () => {
    const { workbench } = session;
    await workbench.quickOpen('oldstyle-tcpdump3.txt');
    await workbench.languageStatus.filter({ hasText: 'tcpdump' }).waitFor();
  });

  test('the sequence diagram opens beside a tcpdump document, an arrow per packet, each linked to its line', async () => {
    const { workbench } = session;
    const diagram = new DiagramView(workbench);
    const capture = 'close-wait-server-never-closes.tcpdump';
    const model = workspaceCaptureModel(capture);
    await workbench.quickOpen(capture);
    await workbench.languageStatus.filter({ hasText: 'tcpdump' }).waitFor();
    await workbench.runCommand('TCP Lens: Show Sequence Diagram');
    await diagram.tab(capture).waitFor();
    const window = expectedWindow(model, await scopeAtCursor(workbench, model));
    await diagram.waitForWindow(window);
    const packet = window.messagePackets[3];
    await diagram.click(diagram.arrow(packet));
    await waitForSelectedPacket(workbench, capture, model, readFileSync(path.join(e2e.workspace, capture), 'utf8').split('\n'), packet);
  });
});
