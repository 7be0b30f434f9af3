// The extension host require()s this module and awaits run() (the @vscode/test-electron model), both
// under code-server (scripts/runVscodeTests.mjs) and under @vscode/test-electron (scripts/runDesktopTests.mjs).
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** Marks the reporter's lines among everything else the extension host logs (see scripts/runVscodeTests.mjs). */
export const REPORT_LINE_PREFIX = '[tcp-lens-tests] ';

/** `hover.zh-cn.test.js` runs with the display language zh-cn; a test file without a language, in English. */
const LANGUAGE_OF_FILE = /\.([a-z]{2}(?:-[a-z]{2,4})?)\.test\.js$/;

export async function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(REPORT_LINE_PREFIX + format(...args));
  const language = process.env.TCP_LENS_TEST_LANGUAGE ?? 'en';
  if (vscode.env.language !== language) {
    return finish(`the display language is ${vscode.env.language}, not ${language}: these tests cannot run`, false);
  }
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const chosen = process.env.TCP_LENS_TEST_FILES?.split(',').filter(Boolean);
  const testFiles = (chosen ?? readdirSync(__dirname).filter((name) => name.endsWith('.test.js') && (LANGUAGE_OF_FILE.exec(name)?.[1] ?? 'en') === language)).sort();
  for (const name of testFiles) mocha.addFile(path.join(__dirname, name));
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats as Mocha.Stats));
  });
  finish(`${stats.passes} passed, ${stats.failures} failed`, stats.failures === 0 && stats.passes > 0);
}

function finish(summary: string, passed: boolean): void {
  console.log(summary);
  if (process.env.TCP_LENS_TEST_RESULT_FILE) writeFileSync(process.env.TCP_LENS_TEST_RESULT_FILE, summary + '\n');
  if (!passed) throw new Error(summary);
}
