// The extension host require()s this module and awaits run() (the @vscode/test-electron model), both
// under code-server (scripts/run-vscode-tests.mjs) and under @vscode/test-electron (scripts/run-desktop-tests.mjs).
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/** Marks the reporter's lines among everything else the extension host logs (see scripts/run-vscode-tests.mjs). */
export const REPORT_LINE_PREFIX = '[tcp-lens-tests] ';

export async function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(REPORT_LINE_PREFIX + format(...args));
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const testFiles = readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort();
  for (const name of testFiles) mocha.addFile(path.join(__dirname, name));
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats as Mocha.Stats));
  });
  const summary = `${stats.passes} passed, ${stats.failures} failed`;
  console.log(summary);
  if (process.env.TCP_LENS_TEST_RESULT_FILE) writeFileSync(process.env.TCP_LENS_TEST_RESULT_FILE, summary + '\n');
  if (stats.failures > 0 || stats.passes === 0) throw new Error(summary);
}
