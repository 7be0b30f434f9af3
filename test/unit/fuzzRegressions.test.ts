/**
 * Every input the fuzzer (`npm run fuzz`) ever saved in test/fixtures/fuzz:
 * it crashed, hung or kept too much memory once; now it goes through every
 * entry point of the core with no internal error, and finishes. Each file
 * runs in a worker thread, so that a hang fails this test instead of
 * stopping the suite.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'fuzz');
const REPLAY = join(__dirname, 'helpers', 'replayFuzzInput.js');
/** Not a timing target (that is the bench's): a bound on "finishes" for files of a few KiB, however busy the machine. */
const FINISHES_WITHIN_MS = 60_000;

function replayInWorker(file: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(REPLAY, { workerData: { file } });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(`still running after ${FINISHES_WITHIN_MS} ms`);
    }, FINISHES_WITHIN_MS);
    worker.on('message', (failure: string | null) => {
      clearTimeout(timer);
      resolve(failure);
    });
    worker.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

const files = readdirSync(DIR).filter((name) => name !== 'README.md').sort();

describe('inputs the fuzzer saved', () => {
  if (files.length === 0) it('replays nothing: the fuzzer has saved no input yet', { skip: 'test/fixtures/fuzz holds no input' }, () => {});
  for (const name of files) {
    it(name, async () => {
      assert.equal(await replayInWorker(join(DIR, name)), null);
    });
  }
});
