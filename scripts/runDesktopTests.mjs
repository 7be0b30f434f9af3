// `npm run test:desktop`: the extension-host suite (out/test/vscode) under @vscode/test-electron, which
// downloads a desktop VS Code (needs the internet and a display, or xvfb-run on Linux).
// `npm run test:vscode` runs the same suite in code-server where VS Code cannot be downloaded.
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './vscode-host/install.mjs';
import { prepareTestWorkspace } from './vscode-host/testWorkspace.mjs';

const workspace = prepareTestWorkspace();
let exitCode = 1;
try {
  exitCode = await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'vscode', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  console.error(`the desktop extension-host tests failed: ${error instanceof Error ? error.message : error}`);
}
process.exit(exitCode);
