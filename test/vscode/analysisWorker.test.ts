import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { TcpLensApi } from '../../src/extension/extension';
import { activateTcpLens, closeAllEditors, whileTicking, workspaceFile } from './helpers';

/** The test workspace's large capture: a classic pcap of 82-byte records after a 24-byte header. */
const LARGE_CAPTURE = 'large-capture.pcap';
const RECORD_BYTES = 16 + 66;

const SMALL_CAPTURE = [
  '12:00:00.000001 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 64240, length 0',
  '12:00:00.000201 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 700, ack 101, win 65160, length 0',
  '12:00:00.000401 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 701, win 502, length 0',
].join('\n') + '\n';

suite('analysis in a worker', () => {
  let api: TcpLensApi;
  suiteSetup(async () => {
    api = await activateTcpLens();
  });
  teardown(closeAllEditors);

  test('a large capture is analysed while the extension host keeps running, with progress', async () => {
    const frames = 300_000;
    const bytes = (await vscode.workspace.fs.readFile(workspaceFile(LARGE_CAPTURE))).slice(0, 24 + frames * RECORD_BYTES);
    const progress: [number, number][] = [];
    const source = { kind: 'capture', fileName: LARGE_CAPTURE, bytes, renderText: true } as const;
    const { value: result, longestGapMs, durationMs } = await whileTicking(() =>
      api.analysisService.analyze(source, new vscode.CancellationTokenSource().token, { onProgress: (done, total) => progress.push([done, total]) }),
    );
    assert.equal(result.model.internalError, undefined);
    assert.equal(result.model.packetCount, frames);
    assert.equal(result.text?.characters, new TextDecoder().decode(result.text?.utf8).length);
    // Had the analysis run on this thread, the timer would have stopped for about all of it.
    assert.ok(longestGapMs * 3 < durationMs, `the extension host was held for ${longestGapMs} ms of the ${durationMs} ms analysis`);
    assert.ok(progress.length >= 2, `${progress.length} progress reports`);
    assert.deepEqual(progress.at(-1), [bytes.length, bytes.length]);
  });

  test('a small document opened while a large capture is analysed gets its model first, the large one still running', async () => {
    const bytes = await vscode.workspace.fs.readFile(workspaceFile(LARGE_CAPTURE));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let largeDone = false;
    const large = api.analysisService.analyze({ kind: 'capture', fileName: LARGE_CAPTURE, bytes, renderText: true }, new vscode.CancellationTokenSource().token, {
      onProgress: () => started(),
    });
    void large.then(
      () => (largeDone = true),
      () => (largeDone = true),
    );
    await running;
    const small = workspaceFile(`analysis-worker-${process.pid}.tcpdump`);
    await vscode.workspace.fs.writeFile(small, new TextEncoder().encode(SMALL_CAPTURE));
    try {
      const document = await vscode.workspace.openTextDocument(small);
      const model = await api.modelCache.currentModel(document);
      assert.ok(!largeDone, 'the small document\'s model came only after the large capture\'s');
      assert.equal(model?.packetCount, 3);
      assert.equal((await large).model.internalError, undefined);
    } finally {
      await vscode.workspace.fs.delete(small);
    }
  });
});
