// `npm run test:webview`: the diagram webview's script (dist/webview/diagram.js) in Chromium, under the
// page and CSP the extension serves (src/extension/diagramHtml.ts), fed views of real captures. The
// test files (out/test/webview, built by `npm run build`) serve the page themselves; this starts the
// browser and mocha. TCP_LENS_WEBVIEW_GREP=pattern runs only the tests whose title matches.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import { launchChromiumServer } from './vscode-host/browser.mjs';
import { repoRoot } from './vscode-host/install.mjs';

const testsDir = path.join(repoRoot, 'out', 'test', 'webview');
const bundle = path.join(repoRoot, 'dist', 'webview', 'diagram.js');
if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
const testFiles = existsSync(testsDir) ? readdirSync(testsDir).filter((name) => name.endsWith('.test.js')).sort() : [];
if (testFiles.length === 0) throw new Error(`no webview tests in ${testsDir}: run \`npm run build\` first`);

const browser = await launchChromiumServer();
let failures = 1;
try {
  process.env.TCP_LENS_WEBVIEW_BROWSER_WS = browser.wsEndpoint;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (process.env.TCP_LENS_WEBVIEW_GREP) mocha.grep(process.env.TCP_LENS_WEBVIEW_GREP);
  for (const name of testFiles) mocha.addFile(path.join(testsDir, name));
  await mocha.loadFilesAsync();
  const stats = await new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
  failures = stats.failures + (stats.passes === 0 ? 1 : 0);
  console.log(`webview: ${stats.passes} passed, ${stats.failures} failed`);
} finally {
  await browser.close();
}
process.exit(failures > 0 ? 1 : 0);
