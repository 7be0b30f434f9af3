import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { TcpLensApi } from '../../src/extension/extension';
import type { ModelChange } from '../../src/extension/modelCache';
import { MODEL_REBUILD_DELAY_MS } from '../../src/extension/modelCache';
import { activateTcpLens, closeAllEditors, sleep, waitFor, workspaceFile } from './helpers';

async function openUntitledTcpdump(content: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language: 'tcpdump', content });
  await vscode.window.showTextDocument(document);
  return document;
}

const THREE_PACKETS = [
  '12:00:00.000001 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 64240, length 0',
  '12:00:00.000201 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 700, ack 101, win 65160, length 0',
  '12:00:00.000401 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 701, win 502, length 0',
].join('\n') + '\n';
const FOURTH_PACKET = '12:00:00.000601 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 101:111, ack 701, win 502, length 10\n';

suite('model cache', () => {
  let api: TcpLensApi;
  const changes: ModelChange[] = [];
  let listener: vscode.Disposable | undefined;
  suiteSetup(async () => {
    api = await activateTcpLens();
    listener = api.modelCache.onDidChangeModel((change) => changes.push(change));
  });
  teardown(async () => {
    changes.length = 0;
    await closeAllEditors();
  });
  suiteTeardown(() => listener?.dispose());

  test('returns the same model object for the same document version', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('close-wait-server-never-closes.tcpdump'));
    const first = api.modelCache.modelFor(document);
    assert.ok(first, 'no model for a tcpdump document');
    assert.ok(first.packetCount > 0, 'the model holds no packets');
    assert.equal(api.modelCache.modelFor(document), first);
  });

  test('an edit gives a new model, rebuilt once typing pauses', async () => {
    const document = await openUntitledTcpdump(THREE_PACKETS);
    const before = api.modelCache.modelFor(document);
    assert.ok(before);
    assert.equal(before.packetCount, 3);

    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(3, 0), FOURTH_PACKET);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const editedAt = Date.now();
    const change = await waitFor('the rebuilt model', () => changes.find((c) => c.document === document));
    assert.ok(Date.now() - editedAt >= MODEL_REBUILD_DELAY_MS - 20, 'the model was rebuilt before the debounce delay');
    assert.notEqual(change.model, before);
    assert.equal(change.model.packetCount, 4);
    assert.equal(api.modelCache.modelFor(document), change.model);
  });

  test('a burst of edits is analysed once', async () => {
    const document = await openUntitledTcpdump(THREE_PACKETS);
    api.modelCache.modelFor(document);
    for (let i = 0; i < 5; i++) {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(document.lineCount - 1, 0), FOURTH_PACKET);
      assert.ok(await vscode.workspace.applyEdit(edit));
    }
    await waitFor('the rebuilt model', () => changes.some((c) => c.document === document));
    await sleep(MODEL_REBUILD_DELAY_MS * 3);
    const rebuilds = changes.filter((c) => c.document === document);
    assert.equal(rebuilds.length, 1);
    assert.equal(rebuilds[0].model.packetCount, 8);
  });

  test('a model asked for before the rebuild is the current version\'s, and the rebuild reuses it', async () => {
    const document = await openUntitledTcpdump(THREE_PACKETS);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(3, 0), FOURTH_PACKET);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const current = api.modelCache.modelFor(document);
    assert.equal(current?.packetCount, 4);
    const change = await waitFor('the rebuilt model', () => changes.find((c) => c.document === document));
    assert.equal(change.model, current);
  });

  test('a document in another language has no model', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('notes.txt'));
    assert.equal(api.modelCache.modelFor(document), undefined);
  });

  test('the text view of a pcap is modelled from the capture\'s bytes', async () => {
    const document = await api.openCaptureAsText(workspaceFile('http-clean-client-close.pcap'));
    assert.ok(document);
    const model = api.modelCache.modelFor(document);
    assert.ok(model);
    assert.equal(model.format, 'pcap');
    assert.ok(model.packetCount > 0);
    assert.equal(api.modelCache.modelFor(document), model);
  });
});
