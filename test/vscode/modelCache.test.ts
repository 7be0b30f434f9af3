import * as assert from 'node:assert/strict';
import path from 'node:path';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { CaptureModel } from '../../src/core/model/captureModel';
import { DEFAULT_MAX_WORKERS } from '../../src/extension/analysisService';
import type { TcpLensApi } from '../../src/extension/extension';
import type { ModelChange } from '../../src/extension/modelCache';
import { MODEL_REBUILD_DELAY_MS } from '../../src/extension/modelCache';
import { activateTcpLens, closeAllEditors, longConversation, sleep, waitFor, workspaceFile } from './helpers';

let fileCount = 0;

/**
 * A new .tcpdump file of the workspace, opened. (Not an untitled document: VS Code reuses the name
 * Untitled-1 once the last one is closed and, on a busy machine, can restore the closed one's content
 * from its backup into the new one.)
 */
async function openNewTcpdumpFile(content: string, show = true): Promise<vscode.TextDocument> {
  const uri = workspaceFile(`model-cache-${process.pid}-${++fileCount}.tcpdump`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  const document = await vscode.workspace.openTextDocument(uri);
  if (show) await vscode.window.showTextDocument(document);
  return document;
}

async function append(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, new vscode.Position(document.lineCount - 1, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

const THREE_PACKETS = [
  '12:00:00.000001 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 64240, length 0',
  '12:00:00.000201 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 700, ack 101, win 65160, length 0',
  '12:00:00.000401 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 701, win 502, length 0',
].join('\n') + '\n';
const FOURTH_PACKET = '12:00:00.000601 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 101:111, ack 701, win 502, length 10\n';

function isCancellation(error: unknown): boolean {
  return error instanceof vscode.CancellationError || (error instanceof Error && error.name === 'Canceled');
}

/** 'cancelled', or what the promise gave instead (so that a failed assertion says what happened). */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    const value = (await promise) as { model?: CaptureModel } & Partial<CaptureModel> | undefined;
    const model = value?.model ?? value;
    return `resolved: ${model?.packetCount} packets${model?.internalError ? `, internal error ${model.internalError}` : ''}`;
  } catch (error) {
    return isCancellation(error) ? 'cancelled' : `rejected: ${String(error)}`;
  }
}

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
    const first = await api.modelCache.modelFor(document);
    assert.ok(first, 'no model for a tcpdump document');
    assert.equal(first.internalError, undefined);
    assert.ok(first.packetCount > 0, 'the model holds no packets');
    assert.equal(await api.modelCache.modelFor(document), first);
    assert.deepEqual(api.modelCache.peek(document), { model: first, version: document.version, stale: false });
  });

  test('an edit makes the model stale, served until the new one is made once typing pauses', async () => {
    const document = await openNewTcpdumpFile(THREE_PACKETS);
    const before = await api.modelCache.modelFor(document);
    assert.equal(before?.packetCount, 3);
    const versionBefore = document.version;

    await append(document, FOURTH_PACKET);
    const editedAt = Date.now();
    assert.deepEqual(api.modelCache.peek(document), { model: before, version: versionBefore, stale: true });
    const change = await waitFor('the new model', () => changes.find((c) => c.document === document && c.model !== before));
    assert.ok(Date.now() - editedAt >= MODEL_REBUILD_DELAY_MS - 20, 'the model was rebuilt before the debounce delay');
    assert.equal(change.model.packetCount, 4);
    assert.equal(change.model.internalError, undefined);
    assert.deepEqual(api.modelCache.peek(document), { model: change.model, version: document.version, stale: false });
    assert.equal(await api.modelCache.modelFor(document), change.model);
  });

  test('a burst of edits is analysed once', async () => {
    const document = await openNewTcpdumpFile(THREE_PACKETS);
    await api.modelCache.modelFor(document);
    changes.length = 0;
    const editedAt: number[] = [];
    const edits = vscode.workspace.onDidChangeTextDocument((change) => {
      if (change.document === document && change.contentChanges.length > 0) editedAt.push(Date.now());
    });
    try {
      for (let i = 0; i < 5; i++) await append(document, FOURTH_PACKET);
    } finally {
      edits.dispose();
    }
    // The model of the last version is the last one made: nothing of this burst comes after it.
    const last = await api.modelCache.currentModel(document);
    assert.equal(last?.packetCount, 8);
    assert.deepEqual(api.modelCache.peek(document), { model: last, version: document.version, stale: false });
    const rebuilds = changes.filter((c) => c.document === document);
    assert.equal(rebuilds[rebuilds.length - 1]?.model, last);
    // Typing paused long enough for a rebuild only where two edits were the debounce delay apart (never,
    // unless the machine is very busy): each such pause may have made one model more.
    assert.equal(editedAt.length, 5);
    const pauses = editedAt.slice(1).filter((at, i) => at - editedAt[i] >= MODEL_REBUILD_DELAY_MS - 5).length;
    assert.ok(rebuilds.length <= 1 + pauses, `${rebuilds.length} models for 5 edits with ${pauses} pauses between them`);
  });

  test('a view asking while typing goes on waits for the rebuild once typing pauses, of the text as it is then', async () => {
    const document = await openNewTcpdumpFile(THREE_PACKETS);
    await api.modelCache.modelFor(document);
    changes.length = 0;
    let editedAt = 0;
    const edits = vscode.workspace.onDidChangeTextDocument((change) => {
      if (change.document === document && change.contentChanges.length > 0) editedAt = Date.now();
    });
    try {
      await append(document, FOURTH_PACKET);
      const model = await api.modelCache.currentModel(document);
      assert.ok(Date.now() - editedAt >= MODEL_REBUILD_DELAY_MS - 5, 'the view hurried the rebuild');
      assert.equal(model?.packetCount, 4);
      // The rebuild made it: one model, the one the view was given.
      assert.deepEqual(changes.filter((c) => c.document === document).map((c) => c.model), [model]);
    } finally {
      edits.dispose();
    }

    await append(document, FOURTH_PACKET);
    const asked = api.modelCache.currentModel(document);
    await append(document, FOURTH_PACKET);
    // Only a very busy machine lets typing pause between the two edits long enough for the first to be analysed.
    const analysedBeforeTheEdit = changes.some((c) => c.document === document && c.model.packetCount === 5);
    assert.equal((await asked)?.packetCount, analysedBeforeTheEdit ? 5 : 6);
  });

  test('a model asked for before the rebuild is the current version\'s, and the rebuild reuses it', async () => {
    const document = await openNewTcpdumpFile(THREE_PACKETS);
    await api.modelCache.modelFor(document);
    changes.length = 0;
    await append(document, FOURTH_PACKET);
    const current = await api.modelCache.modelFor(document);
    assert.equal(current?.packetCount, 4);
    await sleep(MODEL_REBUILD_DELAY_MS * 2);
    assert.deepEqual(changes.filter((c) => c.document === document).map((c) => c.model), [current]);
    assert.equal(await api.modelCache.modelFor(document), current);
  });

  test('a newer version cancels the analysis of the older one while it runs', async () => {
    const segments = 60_000;
    const document = await openNewTcpdumpFile(longConversation(segments), false);
    const older = api.modelCache.modelFor(document);
    await append(document, FOURTH_PACKET);
    assert.equal(await outcome(older), 'cancelled');
    const newer = await api.modelCache.modelFor(document);
    assert.equal(newer?.packetCount, 3 + 2 * segments + 1);
    assert.equal(newer?.internalError, undefined);
  });

  test('a newer version cancels the analysis of the older one still waiting for the worker', async () => {
    const document = await openNewTcpdumpFile(THREE_PACKETS);
    // The views analyse the document as it opens: that is done before the worker is kept busy.
    await api.modelCache.currentModel(document);
    const large = await vscode.workspace.fs.readFile(workspaceFile('large-capture.pcap'));
    for (let attempt = 1; ; attempt++) {
      // Every worker of the pool is kept busy with a large capture, so the older analysis waits for one; the
      // edit that cancels it comes two edits later. If a worker was free first (a very busy machine), the
      // case is not what this test is about: it is tried again.
      const busy = new vscode.CancellationTokenSource();
      let blockerDone = false;
      const blockers = Array.from({ length: DEFAULT_MAX_WORKERS }, () =>
        api.analysisService.analyze({ kind: 'capture', fileName: 'large-capture.pcap', bytes: large, renderText: false }, busy.token),
      );
      const blocker = Promise.all(blockers.map((analysis) => analysis.catch(() => undefined)));
      for (const analysis of blockers) void analysis.catch(() => undefined).finally(() => (blockerDone = true));
      await append(document, FOURTH_PACKET);
      const older = api.modelCache.modelFor(document);
      let olderSettled = false;
      void older.catch(() => undefined).finally(() => (olderSettled = true));
      await append(document, FOURTH_PACKET);
      const waitedForTheWorker = !blockerDone;
      // By the edit itself (once the promise callbacks it set off have run), not by a later analysis of the newer version.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const settledByTheEdit = olderSettled;
      const result = await outcome(older);
      busy.cancel();
      await outcome(blocker);
      if (!waitedForTheWorker && attempt < 3) continue;
      assert.ok(waitedForTheWorker, 'the worker was never busy long enough for the older analysis to wait');
      assert.equal(result, 'cancelled');
      assert.ok(settledByTheEdit, 'the edit left the older analysis waiting');
      const newer = await api.modelCache.modelFor(document);
      assert.equal(newer?.packetCount, 3 + 2 * attempt);
      return;
    }
  });

  test('a caller\'s own cancellation rejects its wait but not the analysis', async () => {
    const document = await openNewTcpdumpFile(longConversation(20_000));
    // The Problems panel has the capture analysed as it opens: the wait cancelled here is for an edited version.
    await api.modelCache.modelFor(document);
    await append(document, FOURTH_PACKET);
    const cancellation = new vscode.CancellationTokenSource();
    const waiting = api.modelCache.modelFor(document, cancellation.token);
    cancellation.cancel();
    await assert.rejects(waiting, (error) => error instanceof vscode.CancellationError);
    const model = await api.modelCache.modelFor(document);
    assert.equal(model?.internalError, undefined);
    assert.equal(model?.packetCount, 3 + 2 * 20_000 + 1);
  });

  test('a document in another language has no model', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('notes.txt'));
    assert.equal(await api.modelCache.modelFor(document), undefined);
    assert.equal(api.modelCache.peek(document), undefined);
  });

  test('the text view of a pcap comes with its model, made in the same pass', async () => {
    const document = await api.openCaptureAsText(workspaceFile('http-clean-client-close.pcap'));
    assert.ok(document);
    // No analysis is waited for: the model was there when the text was.
    const snapshot = api.modelCache.peek(document);
    assert.ok(snapshot, 'the text view came without its model');
    assert.equal(snapshot.stale, false);
    assert.equal(snapshot.model.format, 'pcap');
    assert.equal(snapshot.model.internalError, undefined);
    assert.ok(snapshot.model.packetCount > 0);
    assert.equal(await api.modelCache.modelFor(document), snapshot.model);
  });

  test('changing a finding threshold analyses open documents again', async () => {
    const capture = vscode.Uri.file(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'model', 'port-scan-syn-hping3.pcap'));
    const document = await api.openCaptureAsText(capture);
    assert.ok(document);
    const kinds = (model: { findings: readonly { kind: string }[] } | undefined) => model?.findings.map((finding) => finding.kind) ?? [];
    assert.ok(kinds(await api.modelCache.modelFor(document)).includes('port-scan'), 'no port scan with the default thresholds');
    const settingsFile = workspaceFile('.vscode/settings.json');
    try {
      // Written as a user would (the setting may not be declared by this build's manifest).
      await vscode.workspace.fs.writeFile(settingsFile, new TextEncoder().encode(JSON.stringify({ 'tcpLens.findings.portScanMinPorts': 100000 })));
      const change = await waitFor('the model with the new threshold', () => changes.find((c) => c.document === document && !kinds(c.model).includes('port-scan')));
      assert.equal(change.model.internalError, undefined);
      assert.equal(api.modelCache.peek(document)?.model, change.model);
    } finally {
      await vscode.workspace.fs.delete(settingsFile);
    }
    await waitFor('the model with the default threshold again', () => kinds(api.modelCache.peek(document)?.model).includes('port-scan'));
  });
});
