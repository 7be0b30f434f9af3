/** Whole analysis on damaged input: whatever the bytes or the text, it returns a model and never throws. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeBytes, analyzeText } from '../../src/core/analyze';
import { renderCaptureText } from '../../src/core/render/captureText';
import { fixtureBytes } from './helpers/capture-fixtures';

const captures = ['http-clean-client-close.pcap', 'format-pcapng.pcapng', 'port-reuse.pcap', 'flags-notation-crafted.pcap'].map((f) => fixtureBytes(f));

function assertWellFormed(a: ReturnType<typeof analyzeBytes>): void {
  for (let i = 0; i < a.packets.length; i++) {
    assert.ok(a.conn[i] >= 0 && a.conn[i] < a.connections.length);
  }
  for (const c of a.connections) assert.ok(c.packets > 0);
  assert.ok(Array.isArray(a.problems) && Array.isArray(a.findings));
}

describe('analysis of damaged captures', () => {
  test('random byte changes in real captures: a model, never an exception', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...captures),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }),
        (original, edits) => {
          const bytes = original.slice();
          for (const [at, value] of edits) bytes[at % bytes.length] = value;
          const a = analyzeBytes(bytes, 'damaged');
          if (!a.unreadable) assertWellFormed(a);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('random edits to the text view of a capture: a model, never an exception', () => {
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
});
