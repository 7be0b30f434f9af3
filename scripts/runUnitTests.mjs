// Runs every compiled unit test file with node's test runner. Listing the
// files here keeps the command the same on Node 20 (no globs) and later.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const files = testFiles('out/test/unit').sort();
// --host-node: on the Node that runs VS Code's extension host in the test bench (a newer one than
// this machine's, as VS Code's own is), where the core's workers and views run it.
let node = process.execPath;
if (process.argv.includes('--host-node')) {
  const { ensureHost, hostNodeBin } = await import('./vscode-host/install.mjs');
  await ensureHost();
  node = hostNodeBin;
}
const result = spawnSync(node, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
