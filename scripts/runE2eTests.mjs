// `npm run test:e2e`: the end-to-end suite (out/test/e2e) drives real VS Code workbenches in Chromium.
// Three VS Codes are served for it: one loading TCP Lens from this folder (linked into its extensions
// folder, so the workbench behaves as for any installed extension), one with TCP Lens installed from
// tcp-lens.vsix (built by `npm run package`, which `npm run test:e2e` runs first), and one where only
// the `browser` bundle can run (the web worker extension host, as on vscode.dev).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compiledTestFiles, runMocha } from './mochaSuite.mjs';
import { launchChromiumServer } from './vscode-host/browser.mjs';
import { ensureHost, repoRoot } from './vscode-host/install.mjs';
import { startVsCode } from './vscode-host/server.mjs';
import { prepareTestWorkspace } from './vscode-host/testWorkspace.mjs';

const vsix = path.join(repoRoot, 'tcp-lens.vsix');
const testsDir = path.join(repoRoot, 'out', 'test', 'e2e');
const resultsDir = path.join(repoRoot, 'test-results', 'e2e');
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/**
 * TCP Lens as a web-only extension: the manifest without `main`, so VS Code has to run the `browser`
 * bundle, in the web worker extension host. The rest links to this folder.
 */
function webOnlyExtension() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tcp-lens-web-only-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const { main, ...manifest } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  if (!main || !manifest.browser) throw new Error('package.json should name both `main` and `browser`');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const entry of ['dist', 'syntaxes', 'media', 'l10n', 'language-configuration.json', 'package.nls.json', 'package.nls.zh-cn.json']) {
    symlinkSync(path.join(repoRoot, entry), path.join(dir, entry));
  }
  return dir;
}

if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first`);
const testFiles = compiledTestFiles(testsDir, 'end-to-end');

await ensureHost();
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const workspace = prepareTestWorkspace();
const webOnly = webOnlyExtension();
const [fromSource, fromVsix, inWebWorker, browser] = await Promise.all([
  // Without VS Code's own Mermaid for the Markdown preview (as before VS Code had one), so that TCP Lens's
  // preview script is the one that draws mermaid blocks there; the VS Code of the .vsix keeps it.
  startVsCode({ workspace, linkExtension: repoRoot, env: { VSCODE_SKIP_BUILTIN_EXTENSIONS: 'vscode.mermaid-markdown-features' } }),
  startVsCode({ workspace, vsix }),
  startVsCode({ workspace, linkExtension: webOnly }),
  launchChromiumServer(),
]);
console.log(`VS Code with TCP Lens from source: ${fromSource.baseUrl}; from the .vsix: ${fromVsix.baseUrl}; ` +
  `browser entry only: ${inWebWorker.baseUrl} (${elapsed()})`);
console.log(fromVsix.installed);

let failures = 1;
try {
  Object.assign(process.env, {
    TCP_LENS_E2E_URL: fromSource.url,
    TCP_LENS_E2E_VSIX_URL: fromVsix.url,
    TCP_LENS_E2E_WEB_URL: inWebWorker.url,
    TCP_LENS_E2E_WORKSPACE: workspace,
    TCP_LENS_E2E_RESULTS: resultsDir,
    TCP_LENS_E2E_BROWSER_WS: browser.wsEndpoint,
  });
  // TCP_LENS_E2E_GREP=pattern runs only the tests whose full title matches.
  failures = await runMocha(testFiles, { suiteName: 'e2e', timeout: 180_000, grep: process.env.TCP_LENS_E2E_GREP });
} finally {
  if (failures > 0) {
    // The servers' logs go with the screenshots.
    copyFileSync(fromSource.logFile, path.join(resultsDir, 'code-server-from-source.log'));
    copyFileSync(fromVsix.logFile, path.join(resultsDir, 'code-server-from-vsix.log'));
    copyFileSync(inWebWorker.logFile, path.join(resultsDir, 'code-server-web-worker.log'));
    console.log(`screenshots and server logs of the failures: ${resultsDir}`);
  }
  await Promise.all([fromSource.stop(), fromVsix.stop(), inWebWorker.stop(), browser.close()]);
  console.log(`end-to-end suite done in ${elapsed()}`);
}
process.exit(failures > 0 ? 1 : 0);
