// The whole-corpus agreement suite (it skips itself where ../shared/corpus is absent).
import { spawnSync } from 'node:child_process';

const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', 'out/test/corpus/corpus.test.js'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
