/**
 * Whole-corpus agreement: every capture of ../shared/corpus analysed by the
 * built CLI and scored against Wireshark's and the kernel's answers by the
 * corpus's own scorer. Runs only where the corpus exists (CI has it).
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

const available = existsSync(corpus) && existsSync(scorer);
if (!available) console.log(`# corpus agreement skipped: ${corpus} not found (it runs where ../shared/corpus exists, as in CI)`);

test('the whole corpus agrees with Wireshark and the kernel', { skip: !available && `no corpus at ${corpus}` }, () => {
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run npm run build first');
  const report = execFileSync('python3', [scorer, `${process.execPath} ${cli} analyze --json`, corpus, '-j', '2'], {
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
  console.log(`# ${summary}`);
});
