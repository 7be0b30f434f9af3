/** Worker of fuzzRegressions.test: replays one saved input and posts its failure (null when none). */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { replayInput } from '../../fuzz/exercise';

const { file } = workerData as { file: string };
const failure = replayInput(new Uint8Array(readFileSync(file)), file.slice(file.lastIndexOf('.') + 1));
parentPort!.postMessage(failure && `${failure.detail}${failure.stack ? `\n${failure.stack}` : ''}`);
