// What the Node-side suites (webview, end to end) share: their compiled test files, and a mocha run of them.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

/** The compiled test files of a suite (`*.test.js` in `dir`, sorted); throws when there are none (not built). */
export function compiledTestFiles(dir, suiteName) {
  const files = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.test.js')).sort() : [];
  if (files.length === 0) throw new Error(`no ${suiteName} tests in ${dir}: run \`npm run build\` first`);
  return files.map((name) => path.join(dir, name));
}

/**
 * Runs the files with mocha (tdd, spec reporter), only the tests whose full title matches `grep` if
 * given; prints "<suiteName>: N passed, M failed" and resolves to the failures (1 when nothing passed).
 */
export async function runMocha(files, { suiteName, timeout, grep }) {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout, reporter: 'spec' });
  if (grep) mocha.grep(grep);
  for (const file of files) mocha.addFile(file);
  await mocha.loadFilesAsync();
  const stats = await new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
  console.log(`${suiteName}: ${stats.passes} passed, ${stats.failures} failed`);
  return stats.failures + (stats.passes === 0 ? 1 : 0);
}
