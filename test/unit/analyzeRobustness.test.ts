/**
 * Whole analysis on damaged input: whatever the bytes or the text, a
 * well-formed model comes out of the analysis itself. The entry points
 * catch every exception, so "does not throw" proves nothing: no internal
 * error and no "cannot analyse" reason may appear.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeBytes, analyzeCaptureWithText, analyzeText } from '../../src/core/analyze';
import type { CaptureModel } from '../../src/core/model/captureModel';
import { isInternalErrorProblem, type Problem } from '../../src/core/problems';
import { renderCaptureText } from '../../src/core/render/captureText';
import { fixtureBytes } from './helpers/captureFixtures';

const captures = ['http-clean-client-close.pcap', 'format-pcapng.pcapng', 'port-reuse.pcap', 'flags-notation-crafted.pcap'].map((f) => fixtureBytes(f));

/** A real capture with up to 40 bytes overwritten. */
const damagedCapture = fc
  .tuple(fc.constantFrom(...captures), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }))
  .map(([original, edits]) => {
    const bytes = original.slice();
    for (const [at, value] of edits) bytes[at % bytes.length] = value;
    return bytes;
  });

/** An internal error is a failure, though the entry points catch it: as `internalError` or as any problem of that kind. */
function assertNoInternalError(a: CaptureModel): void {
  assert.equal(a.internalError, undefined, a.internalError);
  assert.doesNotMatch(a.unreadable ?? '', /cannot analyse|internal error/);
  assertNoInternalErrorProblem(a.problems);
}

function assertNoInternalErrorProblem(problems: readonly Problem[]): void {
  const internal = problems.find(isInternalErrorProblem);
  assert.equal(internal, undefined, internal?.message);
}

function assertWellFormed(a: CaptureModel): void {
  assertNoInternalError(a);
  for (let i = 0; i < a.packetCount; i++) {
    assert.ok(a.packets.conn[i] >= 0 && a.packets.conn[i] < a.connections.length);
  }
  for (const c of a.connections) assert.ok(c.packets > 0);
  assert.ok(Array.isArray(a.problems) && Array.isArray(a.findings));
}

describe('analysis of damaged captures', () => {
  test('random byte changes in real captures: a well-formed model, no internal error', () => {
    fc.assert(
      fc.property(
        damagedCapture,
        (bytes) => {
          const a = analyzeBytes(bytes, 'damaged');
          if (a.unreadable) assertNoInternalError(a);
          else assertWellFormed(a);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('random edits to the text view of a capture: a well-formed model, no internal error', () => {
    const texts = captures.map((bytes) => renderCaptureText(bytes).text);
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 20 }),
        (original, edits) => {
          let text = original;
          for (const [at, cut, insert] of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + insert + text.slice(i + cut);
          }
          assertWellFormed(analyzeText(text, 'edited.tcpdump'));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('random byte changes, decoded once into model and text view: no internal error in either', () => {
    fc.assert(
      fc.property(
        damagedCapture,
        (bytes) => {
          const { model, textProblems } = analyzeCaptureWithText(bytes, 'damaged');
          if (model.unreadable) assertNoInternalError(model);
          else assertWellFormed(model);
          assertNoInternalErrorProblem(textProblems);
        },
      ),
      { numRuns: 200 },
    );
  });
});
