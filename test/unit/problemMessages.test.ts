/**
 * Problems carry their sentence as a catalogued Message beside the English
 * text, so the Problems panel can translate them; the English text (the
 * JSON's and the CLI's) is exactly the Message formatted.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeBytes, analyzeCaptureWithText, analyzeText } from '../../src/core/analyze';
import { formatMessage } from '../../src/core/explain/message';
import type { CaptureModel } from '../../src/core/model/captureModel';
import type { Problem } from '../../src/core/problems';
import { REPO } from './helpers/explainFixtures';

const FIXTURES = join(REPO, 'test', 'fixtures');

function analyzeFixture(path: string): CaptureModel {
  const bytes = readFileSync(join(FIXTURES, path));
  const model = path.endsWith('.txt') ? analyzeText(bytes.toString('utf8'), path) : analyzeBytes(new Uint8Array(bytes), path);
  assert.equal(model.internalError, undefined);
  return model;
}

function assertCatalogued(problems: readonly Problem[]): void {
  assert.ok(problems.length > 0, 'the input has problems');
  for (const problem of problems) {
    assert.ok(problem.text, `"${problem.message}" has no Message`);
    assert.equal(formatMessage(problem.text), problem.message);
  }
}

const keysOf = (problems: readonly Problem[]) => new Set(problems.map((problem) => problem.text?.key));

describe('problems as messages', () => {
  test('garbage lines: each problem is a catalogued sentence with the line as its argument', () => {
    const { problems } = analyzeFixture('text/corpus/broken-garbage-lines.txt');
    assertCatalogued(problems);
    assert.ok(keysOf(problems).has('problemNotPacketLine'));
    for (const problem of problems.filter((p) => p.text?.key === 'problemNotPacketLine')) {
      assert.equal(typeof problem.text?.args.line, 'string');
      assert.ok(problem.message.endsWith(String(problem.text?.args.line)));
    }
  });

  test('lines read with assumptions say what they were read as', () => {
    const { problems } = analyzeFixture('text/pasted-tutorial.txt');
    assertCatalogued(problems);
    assert.ok([...keysOf(problems)].some((key) => key?.startsWith('problemReadAs')));
  });

  test('a damaged line of TCP is an unreadable segment', () => {
    const { problems } = analyzeText('02:55:17.113839 IP 192.0.2.1:40001 > 192.0.2.2:80: tcp 94\n', 'unreadable.txt');
    assertCatalogued(problems);
    assert.deepEqual(problems[0].text?.key, 'problemUnreadableSegmentBecause');
    assert.equal(problems[0].text?.args.line, '"IP 192.0.2.1:40001 > 192.0.2.2:80: tcp 94"');
  });

  for (const [path, key] of [
    ['capture/broken-corrupt-record-length.pcap', 'problemPcapRecordTooLong'],
    ['capture/broken-truncated-mid-record.pcap', 'problemPcapRecordTruncated'],
  ] as const) {
    test(`${path}: the reader's problems are catalogued`, () => {
      const { problems } = analyzeFixture(path);
      assertCatalogued(problems);
      assert.ok(keysOf(problems).has(key));
      const withText = analyzeCaptureWithText(new Uint8Array(readFileSync(join(FIXTURES, path))), path);
      assertCatalogued(withText.textProblems);
    });
  }

  test('past the limit, the summary of what was left out is catalogued too', () => {
    const { problems } = analyzeText('garbage\n'.repeat(1005), 'garbage.txt');
    assertCatalogued(problems);
    const last = problems[problems.length - 1];
    assert.equal(last.text?.key, 'problemMoreNotListed');
  });
});
