// `npm test`: every suite, in order: build, type checks, unit tests, the diagram webview in
// Chromium, whole-corpus agreement (where ../shared/corpus exists), the extension-host suite inside
// a real VS Code, the unit tests again on that VS Code's Node, and the end-to-end suite through its
// workbench. Installs the npm dependencies first on a fresh clone; the VS Code host installs
// itself on first use. Runs every suite even when one fails, then fails, repeating at the end what
// each failed suite said failed, so that the last lines of a long log name it.
import { spawn } from 'node:child_process';
import { installAndBuild } from './dependencies.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Lines the test runners print for a failure: node's spec reporter (✖), mocha's numbered titles, the
 * error, and what fast-check needs to replay a property that failed (its seed and counterexample).
 */
const FAILURE_LINE = /✖|^\s*\d+\) |AssertionError|^\s*Error: |Property failed|\{ seed: |^\s*Counterexample:|^\s*Shrunk /;
const MOST_FAILURE_LINES = 80;

/** Runs a suite, its output passed through as it comes; resolves to the lines that tell what failed. */
function run(label, args, command = npm) {
  console.log(`\n=== ${label}: ${command === npm ? 'npm' : 'node'} ${args.join(' ')}`);
  const started = Date.now();
  const child = spawn(command, args, { stdio: ['inherit', 'pipe', 'pipe'] });
  // Each line once, where it was seen last: node's spec reporter prints a failure where it happened
  // and again in its closing list, which (as mocha's) comes last, so the last lines are kept.
  const failureLines = new Set();
  const note = (line) => {
    if (!FAILURE_LINE.test(line)) return;
    failureLines.delete(line);
    failureLines.add(line);
  };
  const watch = (from, to) => {
    let partial = '';
    from.setEncoding('utf8');
    from.on('data', (chunk) => {
      to.write(chunk);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      lines.forEach(note);
    });
    from.on('end', () => note(partial));
  };
  watch(child.stdout, process.stdout);
  watch(child.stderr, process.stderr);
  return new Promise((resolve) => {
    child.on('close', (status) => {
      const ok = status === 0;
      console.log(`=== ${label}: ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      resolve({ label, ok, failureLines: [...failureLines].slice(-MOST_FAILURE_LINES) });
    });
  });
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
const failed = [];
for (const [label, args, command] of suites) {
  const outcome = await run(label, args, command);
  if (!outcome.ok) failed.push(outcome);
}
for (const { label, failureLines } of failed) {
  console.log(`\n--- what failed in ${label}:`);
  console.log(failureLines.length ? failureLines.join('\n') : '(no failing test named: see the suite\'s output above)');
}
if (failed.length) console.log(`\nfailed suites: ${failed.map(({ label }) => label).join(', ')}`);
console.log(`\nsuites: ${suites.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
