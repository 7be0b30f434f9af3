/**
 * Whole-corpus agreement: every capture of ../shared/corpus, and the
 * captures made apart from it in test/fixtures/unseen, analysed by the built
 * CLI and scored against Wireshark's and the kernel's answers by the
 * corpus's own scorer. Runs only where ../shared exists (CI has it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const shared = process.env.TCP_LENS_SHARED ?? resolve(root, '../shared');
const corpus = join(shared, 'corpus');
const scorer = join(shared, 'tools/score.py');
const cli = join(root, 'dist/cli.js');

const BARS = { packets: 99, events: 95, states: 95, consistency: 99 };

const scorerAvailable = existsSync(scorer);
if (!scorerAvailable) console.log(`# corpus agreement skipped: ${scorer} not found (it runs where ../shared exists, as in CI)`);

/** Runs the corpus scorer on a folder of captures with oracles and checks the summary against the bars. */
function scoreFolder(folder: string): void {
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run npm run build first');
  const report = execFileSync('python3', [scorer, `${process.execPath} ${cli} analyze --json`, folder, '-j', '2'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const summary = report.trim().split('\n').pop() ?? '';
  const m = /score: ([\d.]+)% packets, ([\d.]+)% events F1, ([\d.]+)% states, ([\d.]+)% consistency, (\d+)\/(\d+) broken/.exec(summary);
  assert.ok(m, `no score line in the scorer's output:\n${report}`);
  const [packets, events, states, consistency, brokenOk, brokenAll] = m.slice(1).map(Number);
  const detail = `\n${report.split('\n== events by tag')[1] ?? report}`;
  assert.ok(packets >= BARS.packets, `packets ${packets}% < ${BARS.packets}%${detail}`);
  assert.ok(events >= BARS.events, `events F1 ${events}% < ${BARS.events}%${detail}`);
  assert.ok(states >= BARS.states, `states ${states}% < ${BARS.states}%${detail}`);
  assert.ok(consistency >= BARS.consistency, `consistency ${consistency}% < ${BARS.consistency}%${detail}`);
  assert.equal(brokenOk, brokenAll, `broken inputs handled ${brokenOk}/${brokenAll}${detail}`);
  console.log(`# ${folder}: ${summary}`);
}

test('the shared corpus agrees with Wireshark and the kernel', { skip: !(scorerAvailable && existsSync(corpus)) && `no corpus at ${corpus}` }, () => {
  scoreFolder(corpus);
});

test('captures made apart from the corpus (test/fixtures/unseen) agree too', { skip: !scorerAvailable && `no scorer at ${scorer}` }, () => {
  scoreFolder(join(root, 'test/fixtures/unseen'));
});
