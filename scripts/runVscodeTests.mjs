// `npm run test:vscode`: runs the extension-host suite (out/test/vscode) inside a real VS Code, the
// @vscode/test-electron way: the workbench is told the extension's folder and the tests module, the
// extension host require()s the module and awaits its run(), then reports the exit code to the page.
// VS Code is code-server here (the desktop build cannot be downloaded); `npm run test:desktop` runs
// the same suite under @vscode/test-electron.
//
// One VS Code per display language: English for the test files, then each language that test files
// are written for (`hover.zh-cn.test.ts` runs with the display language zh-cn). What a language pack
// does is done here without one: its script sets `_VSCODE_NLS_LANGUAGE` before the workbench starts,
// which is what `vscode.env.language` reports and which bundle of l10n/ and package.nls.*.json
// extensions are given. The workbench's own strings stay English.
//
// TCP_LENS_VSCODE_TESTS=hover,modelCache runs only the test files whose names contain one of these.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { launchChromium } from './vscode-host/browser.mjs';
import { ensureHost, repoRoot } from './vscode-host/install.mjs';
import { startVsCode } from './vscode-host/server.mjs';
import { prepareTestWorkspace } from './vscode-host/testWorkspace.mjs';

const REPORT_LINE_PREFIX = '[tcp-lens-tests] ';
const TIMEOUT_MS = Number(process.env.TCP_LENS_VSCODE_TESTS_TIMEOUT_MS ?? 600_000);
const testsDir = path.join(repoRoot, 'out', 'test', 'vscode');
const resultsDir = path.join(repoRoot, 'test-results', 'vscode');
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/** `hover.zh-cn.test.js` is written for zh-cn; `hover.test.js` for English (as test/vscode/index.ts reads them). */
const languageOf = (name) => /\.([a-z]{2}(?:-[a-z]{2,4})?)\.test\.js$/.exec(name)?.[1] ?? 'en';
const wanted = process.env.TCP_LENS_VSCODE_TESTS?.split(',').map((part) => part.trim()).filter(Boolean);
const testFiles = readdirSync(testsDir).filter((name) => name.endsWith('.test.js') && (!wanted || wanted.some((part) => name.includes(part))));
if (testFiles.length === 0) throw new Error(`no extension-host tests in ${testsDir}${wanted ? ` named like ${wanted.join(', ')}` : ''}`);
const languages = [...new Set(testFiles.map(languageOf))].sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));

await ensureHost();
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const workspace = prepareTestWorkspace();
const chromium = await launchChromium();
let exitCode = 0;
try {
  for (const language of languages) {
    if ((await runSuite(language)) !== 0) exitCode = 1;
  }
} finally {
  await chromium.close();
}
process.exit(exitCode);

/** One VS Code with the display language `language`, running that language's test files. */
async function runSuite(language) {
  const resultFile = path.join(resultsDir, `summary.${language}.txt`);
  const hostLog = path.join(resultsDir, `extension-host-console.${language}.log`);
  const server = await startVsCode({
    workspace,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(testsDir, 'index.js'),
    env: {
      TCP_LENS_TEST_RESULT_FILE: resultFile,
      TCP_LENS_TEST_LANGUAGE: language,
      TCP_LENS_TEST_FILES: testFiles.filter((name) => languageOf(name) === language).join(','),
    },
  });
  console.log(`VS Code (code-server) in display language ${language} on ${server.baseUrl}, up after ${elapsed()}`);
  let exitCode = 1;
  const page = await chromium.browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    if (language !== 'en') {
      await page.addInitScript({ content: `globalThis._VSCODE_NLS_LANGUAGE = ${JSON.stringify(language)};` });
    }
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
    console.log(`extension host (${language}) exited with ${code} after ${elapsed()}`);
    if (code !== 0) {
      await page.screenshot({ path: path.join(resultsDir, `workbench-at-exit.${language}.png`) }).catch(() => undefined);
    }
    exitCode = code === 0 ? 0 : 1;
  } finally {
    await page.close().catch(() => undefined);
    if (exitCode !== 0) {
      console.log(`code-server log (last lines):\n${readFileSync(server.logFile, 'utf8').split('\n').slice(-30).join('\n')}`);
    }
    await server.stop();
  }
  try {
    console.log(`vscode (${language}): ${readFileSync(resultFile, 'utf8').trim()}`);
  } catch {
    console.log(`extension-host suite (${language}): no result (the tests did not finish)`);
    exitCode = 1;
  }
  return exitCode;
}
