// `npm run test:vscode`: runs the extension-host suite (out/test/vscode) inside a real VS Code, the
// @vscode/test-electron way: the workbench is told the extension's folder and the tests module, the
// extension host require()s the module and awaits its run(), then reports the exit code to the page.
// VS Code is code-server here (the desktop build cannot be downloaded); `npm run test:desktop` runs
// the same suite under @vscode/test-electron.
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { launchChromium } from './vscode-host/browser.mjs';
import { ensureHost, repoRoot } from './vscode-host/install.mjs';
import { startVsCode } from './vscode-host/server.mjs';
import { prepareTestWorkspace } from './vscode-host/testWorkspace.mjs';

const REPORT_LINE_PREFIX = '[tcp-lens-tests] ';
const TIMEOUT_MS = Number(process.env.TCP_LENS_VSCODE_TESTS_TIMEOUT_MS ?? 600_000);
const resultsDir = path.join(repoRoot, 'test-results', 'vscode');
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

await ensureHost();
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const workspace = prepareTestWorkspace();
const resultFile = path.join(resultsDir, 'summary.txt');
const hostLog = path.join(resultsDir, 'extension-host-console.log');
const server = await startVsCode({
  workspace,
  extensionDevelopmentPath: repoRoot,
  extensionTestsPath: path.join(repoRoot, 'out', 'test', 'vscode', 'index.js'),
  env: { TCP_LENS_TEST_RESULT_FILE: resultFile },
});
console.log(`VS Code (code-server) on ${server.baseUrl}, up after ${elapsed()}`);

const chromium = await launchChromium();
let exitCode = 1;
try {
  const page = await chromium.browser.newPage({ viewport: { width: 1400, height: 900 } });
  const exited = new Promise((resolve) => void page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
  // Console output of the extension host arrives here: the test report (its lines are marked by
  // test/vscode/index.ts) is shown, the rest (VS Code's own messages) is kept in a file.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...args);
    if (text.startsWith(REPORT_LINE_PREFIX)) console.log(text.slice(REPORT_LINE_PREFIX.length));
    else appendFileSync(hostLog, `[${type}] ${text}\n`);
  });
  await page.goto(server.url);
  const timedOut = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS));
  const code = await Promise.race([exited, timedOut]);
  console.log(`extension host exited with ${code} after ${elapsed()}`);
  if (code !== 0) await page.screenshot({ path: path.join(resultsDir, 'workbench-at-exit.png') }).catch(() => undefined);
  exitCode = code === 0 ? 0 : 1;
} finally {
  await chromium.close();
  if (exitCode !== 0) {
    console.log(`code-server log (last lines):\n${readFileSync(server.logFile, 'utf8').split('\n').slice(-30).join('\n')}`);
  }
  await server.stop();
}
try {
  console.log(`vscode: ${readFileSync(resultFile, "utf8").trim()}`);
} catch {
  console.log('extension-host suite: no result (the tests did not finish)');
  exitCode = 1;
}
process.exit(exitCode);
