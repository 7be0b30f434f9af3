import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { diagramWindow, pageOfPacket, DEFAULT_DIAGRAM_LABELS } from '../../src/core/diagram/diagramWindow';
import type { CaptureModel } from '../../src/core/model/captureModel';
import { lineOfPacket, packetsOfConnection } from '../../src/core/query';
import { CAPTURE_TEXT_SCHEME } from '../../src/extension/captureUris';
import type { DiagramPanel } from '../../src/extension/diagramPanel';
import type { TcpLensApi } from '../../src/extension/extension';
import type { ExtensionToWebviewMessage } from '../../src/protocol';
import { editorOf, openHostileNames, putCursorOn, renderOf, setDiagramSetting, showDiagram } from './diagramHelpers';
import { activateTcpLens, closeAllEditors, longConversation, waitFor, whileTicking, workspaceFile } from './helpers';
import { hoverMarkdown, shownLines } from './hoverHelpers';
import { manyConnectionsText, openNewCapture, repositoryFile, TWO_INTERFACES_SAMPLE } from './viewSamples';

const DUPACK = 'dupack-fast-retransmit.pcap';

async function modelOf(api: TcpLensApi, document: vscode.TextDocument): Promise<CaptureModel> {
  const model = await api.modelCache.modelFor(document);
  assert.ok(model, 'no model');
  return model;
}

/** The messages the extension posts to a panel's webview, from now on. */
function postedTo(panel: DiagramPanel): { readonly messages: ExtensionToWebviewMessage[]; dispose(): void } {
  const messages: ExtensionToWebviewMessage[] = [];
  const subscription = panel.onDidPost((message) => messages.push(message));
  return { messages, dispose: () => subscription.dispose() };
}

suite('the sequence diagram beside a capture', () => {
  let api: TcpLensApi;
  suiteSetup(async () => {
    api = await activateTcpLens();
  });
  teardown(async () => {
    for (const name of ['pageSize', 'showWindow', 'showTime']) await setDiagramSetting(name, undefined);
    await closeAllEditors();
  });

  test('a pcap\'s text view: the panel opens beside it and the webview draws one message per packet of the window', async () => {
    const document = await api.openCaptureAsText(workspaceFile(TWO_INTERFACES_SAMPLE.name));
    assert.ok(document);
    assert.equal(document.uri.scheme, CAPTURE_TEXT_SCHEME);
    const model = await modelOf(api, document);
    const editor = editorOf(document);
    // The cursor on connection #1's first packet: the diagram opens on that connection, its packet highlighted.
    const firstOfSecond = packetsOfConnection(model, 1)[0];
    putCursorOn(editor, lineOfPacket(model, firstOfSecond));
    const panel = await showDiagram(api, document);
    assert.notEqual(panel.webviewPanel.viewColumn, editor.viewColumn, 'the diagram is not beside the capture');
    const { report, view } = await renderOf(panel, 'the capture');
    // (Once drawn: the workbench tells the panel whether it is active a moment after making it.)
    assert.equal(vscode.window.activeTextEditor?.document, document, 'the capture lost the focus');
    assert.equal(vscode.window.tabGroups.activeTabGroup.viewColumn, editor.viewColumn, 'the capture lost the focus');
    assert.equal(panel.webviewPanel.active, false, 'the diagram took the focus');
    assert.equal(view.window.scope, 1);
    assert.equal(view.highlightPacket, firstOfSecond);
    assert.equal(view.title, TWO_INTERFACES_SAMPLE.name);
    assert.equal(view.documentVersion, document.version);
    assert.equal(view.stale, false);
    assert.deepEqual([...view.window.messagePackets], [...packetsOfConnection(model, 1)]);
    assert.equal(report.messages, view.window.messagePackets.length);
    assert.deepEqual(
      view.scopes.map((choice) => choice.label),
      [
        `All connections · ${model.packetCount} packets`,
        ...TWO_INTERFACES_SAMPLE.connections.map((connection, index) => `${connection.name} · ${model.connections[index].packets} packets`),
      ],
    );
    // Asked again: the same panel, revealed.
    assert.equal(await showDiagram(api, document), panel);
  });

  test('the webview runs its own script only: command links off, and resource roots exactly the folders of the files its page loads', async () => {
    const document = await api.openCaptureAsText(workspaceFile(TWO_INTERFACES_SAMPLE.name));
    assert.ok(document);
    const panel = await showDiagram(api, document);
    await renderOf(panel, 'the capture');
    const { options, html } = panel.webviewPanel.webview;
    assert.equal(options.enableScripts, true);
    assert.notEqual(options.enableCommandUris, true, 'command links are enabled in the diagram webview');
    const loaded = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((match) => vscode.Uri.parse(match[1].replace(/&amp;/g, '&')).path);
    assert.deepEqual(loaded.map((file) => file.split('/').slice(-2).join('/')).sort(), ['media/diagram.css', 'webview/diagram.js']);
    const folders = [...new Set(loaded.map((file) => file.slice(0, file.lastIndexOf('/'))))].sort();
    assert.deepEqual((options.localResourceRoots ?? []).map((root) => root.path).sort(), folders);
  });

  test('pasted tutorial text (no timestamps, 3.x style) draws too', async () => {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(repositoryFile('test/fixtures/text/pasted-tutorial.txt')));
    const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument({ content: text }), 'tcpdump');
    await vscode.window.showTextDocument(document);
    const model = await modelOf(api, document);
    assert.ok(model.connections.length > 1);
    const panel = await showDiagram(api, document);
    panel.receive({ type: 'choose', scope: 'all', page: 0 });
    const { report, view } = await renderOf(panel, 'all connections', (shown) => shown.window.scope === 'all');
    assert.equal(view.window.packetsInScope, model.packetCount);
    assert.equal(report.messages, Math.min(model.packetCount, view.window.pageSize));
  });

  test('choosing another page or connection draws that window', async () => {
    await setDiagramSetting('pageSize', 10);
    const document = await api.openCaptureAsText(workspaceFile(DUPACK));
    assert.ok(document);
    const model = await modelOf(api, document);
    const panel = await showDiagram(api, document);
    const first = await renderOf(panel, 'the first page');
    assert.equal(first.view.window.page, 0);
    assert.equal(first.view.window.pageSize, 10);
    assert.equal(first.view.window.pageCount, Math.ceil(model.packetCount / 10));
    panel.receive({ type: 'choose', scope: 0, page: 3 });
    const third = await renderOf(panel, 'page 4', (view) => view.window.page === 3);
    assert.deepEqual([...third.view.window.messagePackets], Array.from({ length: 10 }, (_, i) => 30 + i));
    assert.equal(third.report.messages, 10);
    // The last page holds the rest; a page past the end is the last one.
    panel.receive({ type: 'choose', scope: 0, page: 1000 });
    const last = await renderOf(panel, 'the last page', (view) => view.window.page === view.window.pageCount - 1);
    assert.equal(last.report.messages, model.packetCount - 10 * (last.view.window.pageCount - 1));
    // A malformed message is ignored.
    panel.receive({ type: 'choose', scope: -1, page: 0 });
    panel.receive({ type: 'choose', scope: 'everything', page: 0 });
    assert.equal(panel.view, last.view);

    const twoConnections = await api.openCaptureAsText(workspaceFile(TWO_INTERFACES_SAMPLE.name));
    assert.ok(twoConnections);
    const other = await showDiagram(api, twoConnections);
    // The cursor is on the first line, which shows no TCP packet: all connections.
    await renderOf(other, 'all connections', (view) => view.window.scope === 'all' && view.highlightPacket === null);
    other.receive({ type: 'choose', scope: 1, page: 0 });
    const second = await renderOf(other, 'connection #1', (view) => view.window.scope === 1);
    const twoModel = await modelOf(api, twoConnections);
    // Ten packets a page still.
    assert.ok(twoModel.connections[1].packets > 10);
    assert.deepEqual([...second.view.window.messagePackets], [...packetsOfConnection(twoModel, 1).subarray(0, 10)]);
    assert.equal(second.report.messages, 10);
  });

  test('moving the cursor highlights its packet, switching page or connection when the packet is elsewhere', async () => {
    await setDiagramSetting('pageSize', 10);
    const document = await api.openCaptureAsText(workspaceFile(DUPACK));
    assert.ok(document);
    const model = await modelOf(api, document);
    const editor = editorOf(document);
    const panel = await showDiagram(api, document);
    await renderOf(panel, 'the first page', (view) => view.window.page === 0);
    const posted = postedTo(panel);
    try {
      // On the page shown: a highlight, no new view.
      putCursorOn(editor, lineOfPacket(model, 4));
      await waitFor('the highlight of packet 4', () => posted.messages.find((m) => m.type === 'highlight' && m.packet === 4));
      assert.equal(panel.view?.window.page, 0);
      // On another page: that page, the packet highlighted.
      const packet = 47;
      putCursorOn(editor, lineOfPacket(model, packet));
      const { view, report } = await renderOf(panel, `the page of packet ${packet}`, (shown) => shown.window.page === pageOfPacket(model, 0, 10, packet));
      assert.equal(view.highlightPacket, packet);
      assert.ok(view.window.messagePackets.includes(packet));
      assert.equal(report.messages, view.window.messagePackets.length);
    } finally {
      posted.dispose();
    }

    // Two connections: the cursor on the other connection's packet shows that connection.
    const twoConnections = await api.openCaptureAsText(workspaceFile(TWO_INTERFACES_SAMPLE.name));
    assert.ok(twoConnections);
    const twoModel = await modelOf(api, twoConnections);
    const other = await showDiagram(api, twoConnections);
    other.receive({ type: 'choose', scope: 0, page: 0 });
    await renderOf(other, 'connection #0', (view) => view.window.scope === 0);
    const packetOfSecond = packetsOfConnection(twoModel, 1)[0];
    putCursorOn(editorOf(twoConnections), lineOfPacket(twoModel, packetOfSecond));
    const switched = await renderOf(other, 'connection #1', (view) => view.window.scope === 1);
    assert.equal(switched.view.highlightPacket, packetOfSecond);
    // "Go to the cursor's packet" from the webview after choosing elsewhere.
    other.receive({ type: 'choose', scope: 0, page: 0 });
    await renderOf(other, 'connection #0 again', (view) => view.window.scope === 0);
    other.receive({ type: 'jumpToCursor' });
    await renderOf(other, 'the cursor\'s connection', (view) => view.window.scope === 1 && view.highlightPacket === packetOfSecond);
  });

  test('a message clicked in the webview selects its packet\'s lines; one about another version is ignored', async () => {
    const document = await api.openCaptureAsText(workspaceFile(DUPACK));
    assert.ok(document);
    const model = await modelOf(api, document);
    const panel = await showDiagram(api, document);
    const { view } = await renderOf(panel, 'the capture');
    const packet = view.window.messagePackets[20];
    // Another editor takes the capture's place: the click opens it again, beside the diagram.
    const other = await vscode.workspace.openTextDocument({ content: 'notes' });
    await vscode.window.showTextDocument(other, { viewColumn: editorOf(document).viewColumn });
    assert.ok(!vscode.window.visibleTextEditors.some((editor) => editor.document === document));
    panel.receive({ type: 'reveal', documentVersion: view.documentVersion + 1, packet });
    panel.receive({ type: 'reveal', documentVersion: view.documentVersion, packet });
    const editor = await waitFor('the capture shown again', () => vscode.window.visibleTextEditors.find((candidate) => candidate.document === document));
    await waitFor('the packet\'s line selected', () => editor.selection.start.line === lineOfPacket(model, packet) - 1);
    assert.notEqual(editor.viewColumn, panel.webviewPanel.viewColumn);
    assert.ok(panel.webviewPanel.visible, 'the diagram was hidden');
    // A stale reveal moves nothing.
    panel.receive({ type: 'reveal', documentVersion: view.documentVersion + 1, packet: 3 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(editor.selection.start.line, lineOfPacket(model, packet) - 1);
  });

  test('hovering a message brings the editor hover\'s explanation, as plain text', async () => {
    const document = await api.openCaptureAsText(workspaceFile('http-clean-client-close.pcap'));
    assert.ok(document);
    const model = await modelOf(api, document);
    const panel = await showDiagram(api, document);
    const { view } = await renderOf(panel, 'the capture');
    const posted = postedTo(panel);
    try {
      for (const packet of [0, 1, view.window.messagePackets.length - 1]) {
        panel.receive({ type: 'explain', id: 100 + packet, documentVersion: view.documentVersion, packet });
        const answer = await waitFor(`the explanation of packet ${packet}`, () =>
          posted.messages.find((m): m is Extract<ExtensionToWebviewMessage, { type: 'explanation' }> => m.type === 'explanation' && m.id === 100 + packet),
        );
        assert.equal(answer.packet, packet);
        assert.equal(answer.documentVersion, view.documentVersion);
        const hover = shownLines(await hoverMarkdown(document, lineOfPacket(model, packet) - 1));
        // The hover's last line adds its links to the frame and connection.
        const hoverText = hover.filter((line) => line !== '---');
        const lines = answer.text.split('\n').filter((line) => line !== '').map((line) => line.replace(/^• /, ''));
        assert.deepEqual(lines.slice(0, -1), hoverText.slice(0, -1));
        assert.ok(hoverText[hoverText.length - 1].startsWith(lines[lines.length - 1]), `${hoverText[hoverText.length - 1]} / ${lines[lines.length - 1]}`);
      }
      panel.receive({ type: 'explain', id: 999, documentVersion: view.documentVersion + 1, packet: 0 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(posted.messages.find((m) => m.type === 'explanation' && m.id === 999), undefined);
    } finally {
      posted.dispose();
    }
  });

  test('the diagram follows edits of the document', async () => {
    const document = await openNewCapture(longConversation(5));
    const panel = await showDiagram(api, document);
    const before = await renderOf(panel, 'the conversation');
    assert.equal(before.report.messages, 13);
    const editor = editorOf(document);
    await editor.edit((edit) =>
      edit.insert(
        new vscode.Position(document.lineCount, 0),
        '12:00:01.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [F.], seq 1, ack 1201, win 502, length 0\n' +
          '12:00:01.000200 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [F.], seq 1201, ack 2, win 509, length 0\n',
      ),
    );
    const after = await renderOf(panel, 'the edited conversation', (view) => view.documentVersion === document.version && !view.stale);
    assert.equal(after.report.messages, 15);
    assert.match(after.view.window.text, /FIN/);
  });

  test('settings change the labels; hidden and shown again, the webview draws again', async () => {
    const document = await api.openCaptureAsText(workspaceFile('http-clean-client-close.pcap'));
    assert.ok(document);
    const model = await modelOf(api, document);
    const panel = await showDiagram(api, document);
    const plain = await renderOf(panel, 'the capture');
    await setDiagramSetting('showWindow', true);
    const withWindow = await renderOf(panel, 'the labels with windows', (view) => view !== plain.view);
    const expected = diagramWindow(model, { scope: 0, page: 0, pageSize: 200, labels: { ...DEFAULT_DIAGRAM_LABELS, window: true } });
    assert.notEqual(withWindow.view.window.text, plain.view.window.text);
    assert.equal(withWindow.view.window.text.split('\n').length, expected.text.split('\n').length);

    // Hidden behind another editor in its group, then shown again: a new webview, drawn again.
    const column = panel.webviewPanel.viewColumn;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'notes' }), { viewColumn: column });
    await waitFor('the panel hidden', () => !panel.webviewPanel.visible);
    const renders: number[] = [];
    const listening = panel.onDidRender((report) => renders.push(report.messages));
    try {
      panel.webviewPanel.reveal(column, true);
      await waitFor('a render after showing the panel again', () => renders.length > 0);
      assert.equal(renders[0], withWindow.view.window.messagePackets.length);
    } finally {
      listening.dispose();
    }
  });

  test('the hover\'s link and the CodeLens show the packet\'s or the connection\'s diagram', async () => {
    const document = await api.openCaptureAsText(workspaceFile(TWO_INTERFACES_SAMPLE.name));
    assert.ok(document);
    const model = await modelOf(api, document);
    const packet = packetsOfConnection(model, 1)[2];
    const markdown = await hoverMarkdown(document, lineOfPacket(model, packet) - 1);
    const link = [...markdown.value.matchAll(/\]\(command:tcpLens\.showSequenceDiagram\?([^)]*)\)/g)].map((match) => match[1]);
    assert.equal(link.length, 1);
    const args = JSON.parse(decodeURIComponent(link[0])) as unknown[];
    const panel = await vscode.commands.executeCommand<DiagramPanel>('tcpLens.showSequenceDiagram', ...args);
    assert.ok(panel);
    const hovered = await renderOf(panel, 'the hovered packet', (view) => view.window.scope === 1 && view.highlightPacket === packet);
    assert.ok(hovered.view.window.messagePackets.includes(packet));

    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100)) ?? [];
    const lens = lenses.find((candidate) => candidate.command?.command === 'tcpLens.showSequenceDiagram' && candidate.command.arguments?.[0]?.connection === 0);
    assert.ok(lens?.command);
    assert.equal(await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? [])), panel);
    await renderOf(panel, 'connection #0', (view) => view.window.scope === 0);
  });

  test('after a window reload the serializer restores the panel from the webview\'s saved state', async () => {
    const document = await api.openCaptureAsText(workspaceFile(TWO_INTERFACES_SAMPLE.name));
    assert.ok(document);
    const model = await modelOf(api, document);
    // The cursor on a packet of connection #0, the panel having shown connection #1 before the reload.
    const onFirst = packetsOfConnection(model, 0)[2];
    const cursorMoved = new Promise<void>((resolve) => {
      const subscription = vscode.window.onDidChangeTextEditorSelection(({ textEditor }) => {
        if (textEditor.document !== document) return;
        subscription.dispose();
        resolve();
      });
    });
    putCursorOn(editorOf(document), lineOfPacket(model, onFirst));
    await cursorMoved;
    // VS Code makes the panel and hands it to the serializer with the state the webview saved.
    const restored = vscode.window.createWebviewPanel('tcpLens.sequenceDiagram', 'restored', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    await api.diagrams.serializer.deserializeWebviewPanel(restored, { documentUri: document.uri.toString(), scope: 1, page: 0 });
    const panel = api.diagrams.panelOf(document.uri);
    assert.ok(panel, 'no panel restored');
    assert.equal(panel.webviewPanel, restored);
    const { report, view } = await renderOf(panel, 'the restored connection', (shown) => shown.window.scope === 1);
    assert.equal(report.messages, model.connections[1].packets);
    assert.equal(view.window.page, 0);
    assert.equal(view.highlightPacket, null);
    // VS Code restoring the editor's selection (an event without a kind) leaves the connection shown;
    // the reader moving the cursor shows the cursor's.
    const posted = postedTo(panel);
    try {
      panel.cursorMoved(editorOf(document), false);
      await waitFor('the highlight cleared', () => posted.messages.find((m) => m.type === 'highlight' && m.packet === null));
      assert.deepEqual(posted.messages.map((m) => m.type), ['highlight']);
      assert.equal(panel.view, view);
    } finally {
      posted.dispose();
    }
    panel.cursorMoved(editorOf(document), true);
    const moved = await renderOf(panel, 'the cursor\'s connection', (shown) => shown.window.scope === 0);
    assert.equal(moved.view.highlightPacket, onFirst);
    // The command finds it.
    assert.equal(await showDiagram(api, document), panel);

    // A state that is not one: nothing to restore.
    const broken = vscode.window.createWebviewPanel('tcpLens.sequenceDiagram', 'broken', vscode.ViewColumn.Beside);
    let disposed = false;
    broken.onDidDispose(() => (disposed = true));
    await api.diagrams.serializer.deserializeWebviewPanel(broken, { documentUri: 42 });
    assert.ok(disposed, 'a panel without a state was kept');
  });

  test('a large capture: a page at a time, the cursor\'s page at once, and the extension host never held', async () => {
    const document = await openNewCapture(longConversation(50_000));
    const model = await modelOf(api, document);
    assert.equal(model.packetCount, 100_003);
    const editor = editorOf(document);
    putCursorOn(editor, lineOfPacket(model, model.packetCount - 1));
    const opened = await whileTicking(async () => {
      const panel = await showDiagram(api, document);
      return { panel, ...(await renderOf(panel, 'the last page', (view) => view.window.page === view.window.pageCount - 1)) };
    });
    const { panel, view, report } = opened.value;
    assert.equal(view.window.pageCount, Math.ceil(model.packetCount / 200));
    assert.equal(report.messages, model.packetCount - 200 * (view.window.pageCount - 1));
    assert.equal(view.highlightPacket, model.packetCount - 1);
    const moved = await whileTicking(async () => {
      putCursorOn(editor, lineOfPacket(model, 50_000));
      return renderOf(panel, 'the page of packet 50000', (shown) => shown.window.page === 250);
    });
    assert.equal(moved.value.report.messages, 200);
    assert.equal(moved.value.view.highlightPacket, 50_000);
    // The webview draws in its own process: the extension host only makes the page's text.
    for (const { longestGapMs } of [opened, moved]) assert.ok(longestGapMs < 500, `the extension host was held for ${longestGapMs} ms`);
  });

  test('many connections: the picker lists the first thousand and the one shown', async () => {
    const document = await openNewCapture(manyConnectionsText(1500));
    const model = await modelOf(api, document);
    putCursorOn(editorOf(document), lineOfPacket(model, model.connections[1400].firstIndex));
    const panel = await showDiagram(api, document);
    const { view } = await renderOf(panel, 'connection #1400', (shown) => shown.window.scope === 1400);
    assert.equal(view.scopes.length, 1 + 1000 + 1);
    assert.deepEqual(view.scopes.slice(0, 3).map((choice) => choice.scope), ['all', 0, 1]);
    assert.equal(view.scopes.at(-1)?.scope, 1400);
    assert.match(view.scopes.at(-1)?.label ?? '', /^#1400 10\.1\.0\.1:21400 → 10\.2\.0\.1:80 · 6 packets$/);
  });

  test('a capture with hostile names draws its names as text', async () => {
    const document = await openHostileNames();
    const model = await modelOf(api, document);
    const panel = await showDiagram(api, document);
    panel.receive({ type: 'choose', scope: 'all', page: 0 });
    const { report, view } = await renderOf(panel, 'the hostile capture', (shown) => shown.window.scope === 'all');
    assert.equal(report.messages, model.packetCount);
    assert.doesNotMatch(view.window.text, /%%\{|^\s*click\s/m);
    // The names reach the picker as they are: the webview shows them as text.
    assert.ok(view.scopes.some((choice) => choice.label.includes('<')), view.scopes.map((choice) => choice.label).join('\n'));
  });
});
