import * as assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { TcpLensApi } from '../../src/extension/extension';
import { activateTcpLens, closeAllEditors, whileTicking, workspaceFile } from './helpers';

/** The test workspace's large capture: a classic pcap of 82-byte records after a 24-byte header. */
const LARGE_CAPTURE = 'large-capture.pcap';
const RECORD_BYTES = 16 + 66;

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
});
