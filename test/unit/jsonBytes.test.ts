/**
 * The analysis JSON is written as bytes, numbers digit by digit: every
 * number must come out exactly as JSON.stringify writes it (times with
 * microseconds through a shortcut that must agree with JavaScript's own
 * shortest round-trip printing), every string as UTF-8, and the text and
 * byte forms of a document must be the same document.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeBytes, analyzeText } from '../../src/core/analyze';
import { putNumber, putUint32, utf8 } from '../../src/core/json/byteWriter';
import { writeAnalysisJson, writeAnalysisJsonBytes } from '../../src/core/json/analysisJson';
import { captureFixtures, fixtureBytes } from './helpers/captureFixtures';

const buf = new Uint8Array(64);
const view = new DataView(buf.buffer);
const latin = (end: number) => String.fromCharCode(...buf.subarray(0, end));

function numberText(x: number): string {
  return latin(putNumber(view, 0, x));
}

describe('numbers', () => {
  test('a time of whole seconds and microseconds reads as JavaScript prints it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 999_999 }), (seconds, micros) => {
        const t = seconds + micros / 1e6;
        assert.equal(numberText(t), JSON.stringify(t));
      }),
      { numRuns: 20000 },
    );
  });

  test('so does one with nanoseconds, a time of day, and any other double', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 999_999_999 }), (seconds, nanos) => {
        const t = seconds + nanos / 1e9;
        assert.equal(numberText(t), JSON.stringify(t));
      }),
      { numRuns: 20000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_399_999_999 }), (micros) => {
        const t = micros / 1e6;
        assert.equal(numberText(t), JSON.stringify(t));
      }),
      { numRuns: 20000 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        assert.equal(numberText(x), JSON.stringify(x));
      }),
      { numRuns: 20000 },
    );
    for (const x of [0, -0, 1, 65535.999999, 65536.000001, 2 ** 31 - 1e-6, 2 ** 31, 1700000000.0001, 1700000000.9999995, 9007199254740991]) {
      assert.equal(numberText(x), JSON.stringify(x), String(x));
    }
  });

  test('every 32-bit unsigned integer is written in full', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => {
        assert.equal(latin(putUint32(view, 0, n)), String(n));
      }),
      { numRuns: 20000 },
    );
    for (const n of [0, 9, 10, 99, 100, 99999, 100000, 100001, 4294967295]) assert.equal(latin(putUint32(view, 0, n)), String(n));
  });

  test('strings are UTF-8, astral characters included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        assert.deepEqual(utf8(s), new Uint8Array(Buffer.from(s, 'utf8')));
      }),
    );
  });
});

describe('a document as bytes and as text', () => {
  const documents = (model: ReturnType<typeof analyzeBytes>) => {
    let text = '';
    writeAnalysisJson(model, (chunk) => (text += chunk));
    const chunks: Buffer[] = [];
    writeAnalysisJsonBytes(model, (chunk) => chunks.push(Buffer.from(chunk)));
    return { text, bytes: Buffer.concat(chunks) };
  };

  for (const file of captureFixtures(true)) {
    test(file, () => {
      const { text, bytes } = documents(analyzeBytes(fixtureBytes(file), file));
      assert.equal(bytes.toString('utf8'), text);
      JSON.parse(text);
    });
  }

  test('text from the capture that is not ASCII, in chunks larger than one buffer', () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      i % 10 === 9
        ? `hôte 😀 ${i}: ceci n’est pas un paquet`
        : `12:00:00.${String(i).padStart(6, '0')} IP host-${i % 7}.http > 10.0.0.${i % 250}.${1024 + i}: Flags [S], seq ${i}, win 512, length 0`,
    );
    const model = analyzeText(lines.join('\n') + '\n', 'names.txt');
    const { text, bytes } = documents(model);
    assert.equal(bytes.toString('utf8'), text);
    const parsed = JSON.parse(text);
    assert.equal(parsed.packets.length, 2700);
    assert.equal(parsed.packets[6].src, 'host-6');
    assert.match(parsed.problems[0].message, /hôte 😀 9: ceci n’est pas un paquet/);
  });
});
