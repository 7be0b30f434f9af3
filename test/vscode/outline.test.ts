import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { TcpLensApi } from '../../src/extension/extension';
import { MODEL_REBUILD_DELAY_MS } from '../../src/extension/modelCache';
import { activateTcpLens, closeAllEditors, sleep, waitFor } from './helpers';
import { CLOSE_WAIT_SAMPLE, manyConnectionsText, openNewCapture, sampleFile, TWO_INTERFACES_SAMPLE } from './viewSamples';

async function documentSymbols(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
  return symbols ?? [];
}

/** 1-based first and last line of a range, as the tests' expectations count lines. */
function lines(range: vscode.Range): { first: number; last: number } {
  return { first: range.start.line + 1, last: range.end.line + 1 };
}

suite('outline: connections and their phases', () => {
  let api: TcpLensApi;
  suiteSetup(async () => {
    api = await activateTcpLens();
  });
  teardown(closeAllEditors);

  test('a tcpdump file lists its connection, with the handshake, the data and the close as children', async () => {
    const document = await vscode.workspace.openTextDocument(sampleFile(CLOSE_WAIT_SAMPLE.name));
    const symbols = await documentSymbols(document.uri);
    assert.equal(symbols.length, 1);
    const [connection] = symbols;
    assert.equal(connection.name, CLOSE_WAIT_SAMPLE.connection);
    assert.match(connection.detail, /three-way handshake/);
    assert.match(connection.detail, /half-closed/);
    assert.match(connection.detail, /\bS2\b/);
    assert.match(connection.detail, /\b11 packets\b/);
    assert.deepEqual(lines(connection.range), { first: CLOSE_WAIT_SAMPLE.handshake.first, last: CLOSE_WAIT_SAMPLE.close.last });
    assert.deepEqual(lines(connection.selectionRange), { first: 3, last: 3 });
    assert.deepEqual(
      connection.children.map((phase) => ({ name: phase.name, ...lines(phase.range) })),
      [
        { name: 'handshake', ...CLOSE_WAIT_SAMPLE.handshake },
        { name: 'data', ...CLOSE_WAIT_SAMPLE.data },
        { name: 'close', ...CLOSE_WAIT_SAMPLE.close },
      ],
    );
    const model = await api.modelCache.modelFor(document);
    assert.equal(model?.internalError, undefined);
  });

  test('the text view of a pcapng lists both connections at their first frame', async () => {
    const document = await api.openCaptureAsText(sampleFile(TWO_INTERFACES_SAMPLE.name));
    assert.ok(document);
    const symbols = await documentSymbols(document.uri);
    assert.deepEqual(
      symbols.map((symbol) => ({ name: symbol.name, firstLine: symbol.selectionRange.start.line + 1 })),
      TWO_INTERFACES_SAMPLE.connections.map((connection) => ({ name: connection.name, firstLine: connection.firstFrame })),
    );
    // Its text view shows one line per frame: the first packet's line is the frame's.
    assert.match(document.lineAt(TWO_INTERFACES_SAMPLE.connections[1].firstFrame - 1).text, /127\.0\.0\.1\.40033 > 127\.0\.0\.1\.8080: Flags \[S\]/);
    for (const symbol of symbols) assert.ok(symbol.children.some((phase) => phase.name === 'handshake'));
  });

  test('Go to Symbol in Workspace finds a connection of an open capture by its endpoint', async () => {
    const document = await api.openCaptureAsText(sampleFile(TWO_INTERFACES_SAMPLE.name));
    assert.ok(document);
    await api.modelCache.modelFor(document);
    const found = await waitFor('the workspace symbol', async () => {
      const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', '40033');
      return symbols.find((symbol) => symbol.name === TWO_INTERFACES_SAMPLE.connections[1].name);
    });
    assert.equal(found.location.uri.toString(), document.uri.toString());
    assert.equal(found.location.range.start.line + 1, TWO_INTERFACES_SAMPLE.connections[1].firstFrame);
  });

  test('every connection of a capture with 1500 of them is listed, each at its own first line', async () => {
    const document = await openNewCapture(manyConnectionsText(1500));
    const symbols = await documentSymbols(document.uri);
    assert.equal(symbols.length, 1500);
    assert.equal(symbols[1234].name, `#1234 10.1.0.1:${20000 + 1234} → 10.2.0.1:80`);
    assert.equal(symbols[1234].selectionRange.start.line, 6 * 1234);
  });

  test('asking for the outline while typing waits for one analysis once typing pauses', async () => {
    const document = await openNewCapture(manyConnectionsText(2));
    assert.equal((await documentSymbols(document.uri)).length, 2);
    const models: unknown[] = [];
    const listener = api.modelCache.onDidChangeModel((change) => {
      if (change.document === document) models.push(change.model);
    });
    try {
      const more = manyConnectionsText(7).split('\n');
      const asked: Promise<vscode.DocumentSymbol[]>[] = [];
      for (let k = 2; k < 7; k++) {
        const edit = new vscode.WorkspaceEdit();
        edit.insert(document.uri, new vscode.Position(document.lineCount - 1, 0), more.slice(6 * k, 6 * k + 6).join('\n') + '\n');
        assert.ok(await vscode.workspace.applyEdit(edit));
        asked.push(documentSymbols(document.uri));
      }
      const answers = await Promise.all(asked);
      assert.deepEqual(answers.map((symbols) => symbols.length), [7, 7, 7, 7, 7]);
      await sleep(MODEL_REBUILD_DELAY_MS * 3);
      assert.equal(models.length, 1, 'a model was made for a version typed over');
    } finally {
      listener.dispose();
    }
  });

  test('an edit shows in the outline', async () => {
    const document = await openNewCapture(manyConnectionsText(2));
    assert.equal((await documentSymbols(document.uri)).length, 2);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(document.lineCount - 1, 0), manyConnectionsText(3).split('\n').slice(12, 18).join('\n') + '\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const symbols = await waitFor('three connections', async () => {
      const found = await documentSymbols(document.uri);
      return found.length === 3 && found;
    });
    assert.equal(symbols[2].name, '#2 10.1.0.1:20002 → 10.2.0.1:80');
  });
});
