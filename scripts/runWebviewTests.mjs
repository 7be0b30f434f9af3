// `npm run test:webview`: the diagram webview's script (dist/webview/diagram.js) in Chromium, under the
// page and CSP the extension serves (src/extension/diagramHtml.ts), fed views of real captures, and the
// Markdown preview's script (dist/markdownPreview/mermaid.js) in a page made as the preview makes it. The
// test files (out/test/webview, built by `npm run build`) serve the page themselves; this starts the
// browser and mocha. TCP_LENS_WEBVIEW_GREP=pattern runs only the tests whose title matches.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { compiledTestFiles, runMocha } from './mochaSuite.mjs';
import { launchChromiumServer } from './vscode-host/browser.mjs';
import { repoRoot } from './vscode-host/install.mjs';

const testsDir = path.join(repoRoot, 'out', 'test', 'webview');
const bundle = path.join(repoRoot, 'dist', 'webview', 'diagram.js');
if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
const testFiles = compiledTestFiles(testsDir, 'webview');

const browser = await launchChromiumServer();
let failures = 1;
try {
  process.env.TCP_LENS_WEBVIEW_BROWSER_WS = browser.wsEndpoint;
  failures = await runMocha(testFiles, { suiteName: 'webview', timeout: 60_000, grep: process.env.TCP_LENS_WEBVIEW_GREP });
} finally {
  await browser.close();
}
process.exit(failures > 0 ? 1 : 0);
