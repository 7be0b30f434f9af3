// `npm test`: every suite, in order: build, type checks, unit tests, the diagram webview in
// Chromium, whole-corpus agreement (where ../shared/corpus exists), the extension-host suite inside
// a real VS Code, the unit tests again on that VS Code's Node, and the end-to-end suite through its
// workbench. Installs the npm dependencies first on a fresh clone; the VS Code host installs
// itself on first use. Runs every suite even when one fails, then fails.
import { spawnSync } from 'node:child_process';
import { installAndBuild } from './dependencies.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(label, args, command = npm) {
  console.log(`\n=== ${label}: ${command === npm ? 'npm' : 'node'} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit' });
  const ok = result.status === 0;
  console.log(`=== ${label}: ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return ok;
}

installAndBuild();

const suites = [
  ['types', ['run', 'typecheck:all']],
  ['unit tests', ['run', 'test:unit']],
  // installAndBuild built it
  ['diagram webview', ['scripts/runWebviewTests.mjs'], process.execPath],
  // test:unit compiled it already
  ['corpus agreement', ['scripts/runCorpusTests.mjs'], process.execPath],
  ['extension host', ['run', 'test:vscode']],
  // On the Node of the VS Code host just installed: the core where the extension runs it.
  ['unit tests on the VS Code host\'s Node', ['run', 'test:unit:host-node']],
  ['end to end', ['run', 'test:e2e']],
];
const failed = suites.filter(([label, args, command]) => !run(label, args, command)).map(([label]) => label);
if (failed.length) console.log(`\nfailed suites: ${failed.join(', ')}`);
console.log(`\nsuites: ${suites.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
