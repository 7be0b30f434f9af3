import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { MAX_CONNECTION_LENSES } from '../../src/extension/codeLens';
import type { TcpLensApi } from '../../src/extension/extension';
import { activateTcpLens, closeAllEditors, waitFor } from './helpers';
import { CLOSE_WAIT_SAMPLE, manyConnectionsText, openNewCapture, sampleFile, TWO_INTERFACES_SAMPLE } from './viewSamples';

async function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
}

suite('CodeLens above each connection', () => {
  let api: TcpLensApi;
  suiteSetup(async () => {
    api = await activateTcpLens();
  });
  teardown(async () => {
    await vscode.workspace.getConfiguration('tcpLens.codeLens').update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  test('the first packet of a connection says who talks to whom, how it opened and closed, Zeek\'s state and its packets', async () => {
    const document = await vscode.workspace.openTextDocument(sampleFile(CLOSE_WAIT_SAMPLE.name));
    const lenses = await codeLenses(document.uri);
    assert.equal(lenses.length, 3);
    for (const lens of lenses) assert.equal(lens.range.start.line + 1, CLOSE_WAIT_SAMPLE.handshake.first);
    const [summary, reveal, diagram] = lenses.map((lens) => lens.command);
    assert.ok(summary && reveal && diagram);
    assert.equal(
      summary.title,
      `${CLOSE_WAIT_SAMPLE.connection} · three-way handshake · half-closed · S2 · ${CLOSE_WAIT_SAMPLE.packets} packets`,
    );
    assert.equal(reveal.command, 'tcpLens.revealConnection');
    assert.deepEqual(reveal.arguments, [{ uri: document.uri.toString(), connection: 0 }]);
    assert.equal(diagram.command, 'tcpLens.showSequenceDiagram');
    assert.deepEqual(diagram.arguments, [{ uri: document.uri.toString(), connection: 0 }]);
  });

  test('the lens\'s command reveals the connection in the TCP Connections view and its first line in the editor', async () => {
    const document = await api.openCaptureAsText(sampleFile(TWO_INTERFACES_SAMPLE.name));
    assert.ok(document);
    const lenses = await codeLenses(document.uri);
    const second = lenses.find((lens) => lens.command?.arguments?.[0]?.connection === 1 && lens.command.command === 'tcpLens.revealConnection');
    assert.ok(second?.command, 'no lens reveals connection #1');
    assert.equal(second.range.start.line + 1, TWO_INTERFACES_SAMPLE.connections[1].firstFrame);
    // Another editor is active: the command must bring the capture back.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sampleFile(CLOSE_WAIT_SAMPLE.name)));
    assert.equal(await vscode.commands.executeCommand(second.command.command, ...(second.command.arguments ?? [])), true);
    const tree = api.connectionsTree;
    assert.equal(tree.document, document);
    assert.deepEqual(tree.treeView.selection, [{ kind: 'connection', connection: 1 }]);
    assert.ok(tree.treeView.visible, 'the TCP Connections view is not shown');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document, document);
    assert.equal(editor.selection.active.line + 1, TWO_INTERFACES_SAMPLE.connections[1].firstFrame);
  });

  test(`past ${MAX_CONNECTION_LENSES} connections only those near the lines on screen get lenses, and one lens says so`, async () => {
    const document = await openNewCapture(manyConnectionsText(1500));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document, document);
    const lensedConnections = (lenses: vscode.CodeLens[]) =>
      lenses.filter((lens) => lens.command?.command === 'tcpLens.revealConnection').map((lens) => lens.command?.arguments?.[0]?.connection as number);
    const atTop = await codeLenses(document.uri);
    const notice = atTop.find((lens) => /CodeLens on \d+ of 1500 connections/.test(lens.command?.title ?? ''));
    assert.ok(notice, 'no lens says that lenses are capped');
    assert.equal(notice.range.start.line, 0);
    const topConnections = new Set(lensedConnections(atTop));
    assert.ok(topConnections.has(0));
    assert.ok(topConnections.size <= MAX_CONNECTION_LENSES);
    assert.ok(!topConnections.has(1400));

    // Scrolled to connection #1400 (line 8401), its lens appears.
    const line = 6 * 1400;
    editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
    await waitFor('the editor scrolled', () => editor.visibleRanges.some((range) => range.contains(new vscode.Position(line, 0))));
    const scrolled = await waitFor('a lens on connection #1400', async () => {
      const lenses = await codeLenses(document.uri);
      return lensedConnections(lenses).includes(1400) && lenses;
    });
    assert.ok(!lensedConnections(scrolled).includes(0));
  });

  test('a name from the capture that looks like an icon stays text', async () => {
    const document = await openNewCapture(
      '12:00:02.000001 IP www.evil.example.`rm` > mail.example.$(zap)&lt;|a|b|: Flags [S], seq 300, win 64240, length 0\n',
    );
    const [summary] = await codeLenses(document.uri);
    assert.ok(summary?.command);
    // `$(zap)` would be drawn as the zap icon; `\$(zap)` is drawn as the text "$(zap)".
    assert.match(summary.command.title, /^#0 www\.evil\.example:`rm` → mail\.example:\\\$\(zap\)&lt;\|a\|b\| · /);
  });

  test('the tcpLens.codeLens.enabled setting turns them off', async () => {
    const document = await vscode.workspace.openTextDocument(sampleFile(CLOSE_WAIT_SAMPLE.name));
    assert.equal((await codeLenses(document.uri)).length, 3);
    await vscode.workspace.getConfiguration('tcpLens.codeLens').update('enabled', false, vscode.ConfigurationTarget.Global);
    assert.deepEqual(await codeLenses(document.uri), []);
  });
});
