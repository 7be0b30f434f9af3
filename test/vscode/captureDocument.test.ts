import * as assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { renderCaptureText } from '../../src/core/render/captureText';
import { PAGE_FRAMES } from '../../src/extension/capturePages';
import { CAPTURE_TEXT_SCHEME, captureTextUri } from '../../src/extension/captureUris';
import type { TcpLensApi } from '../../src/extension/extension';
import { activateTcpLens, closeAllEditors, openDocumentWithUri, sleep, waitFor, workspaceFile } from './helpers';

const LARGE_CAPTURE = 'large-capture.pcap';

async function expectedLines(fileUri: vscode.Uri): Promise<string[]> {
  const { text } = renderCaptureText(await vscode.workspace.fs.readFile(fileUri));
  return text.split(/\r?\n/);
}

function linesOf(document: vscode.TextDocument): string[] {
  return document.getText().split(/\r?\n/);
}

suite('capture files as text', () => {
  let api: TcpLensApi;
  suiteSetup(async () => {
    api = await activateTcpLens();
  });
  teardown(closeAllEditors);

  for (const name of ['http-clean-client-close.pcap', 'ipv6-http.pcap', 'pcapng-two-interfaces.pcapng']) {
    test(`${name} opens as a read-only tcpdump document with the core renderer's lines`, async () => {
      const fileUri = workspaceFile(name);
      const document = await vscode.commands.executeCommand<vscode.TextDocument>('tcpLens.openCaptureAsText', fileUri);
      assert.ok(document, 'no document opened');
      assert.equal(document.uri.scheme, CAPTURE_TEXT_SCHEME);
      assert.equal(document.languageId, 'tcpdump');
      assert.equal(vscode.window.activeTextEditor?.document, document);
      const lines = linesOf(document);
      assert.deepEqual(lines, await expectedLines(fileUri));
      assert.ok(lines.filter((line) => line.trim() !== '').length >= 5, 'too few packet lines');
    });
  }

  test('the text view is a read-only file that cannot be written or saved over', async () => {
    const document = await api.openCaptureAsText(workspaceFile('http-clean-client-close.pcap'));
    assert.ok(document);
    assert.equal(vscode.workspace.fs.isWritableFileSystem(CAPTURE_TEXT_SCHEME), false);
    const stat = await vscode.workspace.fs.stat(document.uri);
    assert.equal(stat.permissions, vscode.FilePermission.Readonly);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(document.uri, new TextEncoder().encode('changed'))));
    const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(document.uri));
    assert.equal(content, document.getText());
  });

  test('opening a capture the way the explorer does (vscode.open) shows it as text', async () => {
    const fileUri = workspaceFile('dupack-fast-retransmit.pcap');
    await vscode.commands.executeCommand('vscode.open', fileUri);
    const textUri = captureTextUri(fileUri);
    const editor = await waitFor('the capture text editor', () =>
      vscode.window.activeTextEditor?.document.uri.toString() === textUri.toString() && vscode.window.activeTextEditor);
    assert.deepEqual(linesOf(editor.document), await expectedLines(fileUri));
    // The stand-in custom editor is gone: only the text view is open for this capture.
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    const customTabs = tabs.filter((tab) => tab.input instanceof vscode.TabInputCustom);
    assert.deepEqual(customTabs.map((tab) => tab.label), []);
  });

  test('a gzip-compressed capture opens as text', async () => {
    const plain = workspaceFile('http-clean-client-close.pcap');
    const compressed = workspaceFile('http-clean-client-close.pcap.gz');
    await vscode.workspace.fs.writeFile(compressed, gzipSync(await vscode.workspace.fs.readFile(plain)));
    const document = await api.openCaptureAsText(compressed);
    assert.ok(document);
    assert.equal(document.languageId, 'tcpdump');
    assert.deepEqual(linesOf(document), await expectedLines(plain));
  });

  test('a large capture shows its first page ahead; a cancel then stops the rest, closes the page and leaves the host responsive', async () => {
    const fileUri = workspaceFile(LARGE_CAPTURE);
    const textUri = captureTextUri(fileUri).toString();
    const tabShowing = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === textUri);
    const cancellation = new vscode.CancellationTokenSource();
    const document = await api.openCaptureAsText(fileUri, { token: cancellation.token });
    assert.ok(document, 'the first page did not open');
    assert.equal(document.lineCount - 1, PAGE_FRAMES);
    assert.ok(tabShowing(), 'no tab shows the first page');
    assert.equal(api.modelCache.peek(document), undefined, 'the whole capture was read before its first page showed');
    const modelWanted = api.modelCache.currentModel(document);
    const cancelledAt = Date.now();
    cancellation.cancel();
    assert.equal(await modelWanted, undefined, 'a model was made of the cancelled capture');
    const settledAfterCancel = Date.now() - cancelledAt;
    assert.ok(settledAfterCancel < 2000, `the open took ${settledAfterCancel} ms to stop after the cancel`);
    await waitFor('the first page closed', () => !tabShowing(), 10_000);
    // Responsive: a timer and a round trip to the workbench both come back promptly.
    const pinged = Date.now();
    await sleep(10);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.ok(Date.now() - pinged < 2000, 'the extension host is still busy after the cancel');
    const small = await api.openCaptureAsText(workspaceFile('ipv6-http.pcap'));
    assert.ok(small, 'a capture opened after the cancel did not open');
  });

  test('a cancel as the first page is printed, before VS Code has read it: nothing opens, and the capture is not read again', async () => {
    // A capture of its own: VS Code keeps a closed document a while, and would give the one of another test.
    const fileUri = workspaceFile(`first-page-cancelled-${process.pid}.pcap`);
    await vscode.workspace.fs.copy(workspaceFile(LARGE_CAPTURE), fileUri, { overwrite: true });
    const textUri = captureTextUri(fileUri).toString();
    const cancellation = new vscode.CancellationTokenSource();
    // The real service, its first page handed on and the open cancelled in the same moment.
    const service = api.analysisService;
    const analyze = service.analyze;
    let analyses = 0;
    service.analyze = (source, token, options) => {
      analyses++;
      const onFirstPage = options?.onFirstPage;
      return analyze.call(service, source, token, {
        ...options,
        onFirstPage: onFirstPage && ((text) => {
          onFirstPage(text);
          cancellation.cancel();
        }),
      });
    };
    try {
      const document = await api.openCaptureAsText(fileUri, { token: cancellation.token });
      assert.equal(document, undefined, `the cancelled capture opened: ${document?.lineCount} lines, ${analyses} analyses`);
    } finally {
      service.analyze = analyze;
      await vscode.workspace.fs.delete(fileUri);
    }
    assert.ok(cancellation.token.isCancellationRequested, 'the first page was never printed');
    assert.equal(analyses, 1, 'the cancelled capture was read again');
    await sleep(500);
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === textUri);
    assert.deepEqual(tabs.map((tab) => tab.label), []);
  });
});
