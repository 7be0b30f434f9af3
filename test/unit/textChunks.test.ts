/**
 * tcpdump text read from disk in chunks is never one string: it is decoded
 * and read piece by piece. Wherever the chunks are cut (inside a line, a
 * CRLF, a UTF-8 character, the byte order mark), the model must be the one
 * of the whole text, and the file's encoding decided as for the whole file:
 * UTF-8 when all of it has UTF-8's shape, else Latin-1.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { analyzeBytes, analyzeChunks, analyzeText, ChunkedAnalysis } from '../../src/core/analyze';
import type { CaptureModel } from '../../src/core/model/captureModel';
import { cut, once, plainModel } from './helpers/chunks';

const ROOT = resolve(__dirname, '../../..');

/** Every text input of the unit fixtures. */
function textFiles(dir = join(ROOT, 'test/fixtures')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return textFiles(path);
    return /\.(txt|tcpdump)$/.test(name) ? [path] : [];
  });
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('text in chunks reads as the whole text', () => {
  const files = textFiles();
  test('there are text fixtures', () => assert.ok(files.length >= 10, `${files.length} found`));
  for (const file of files) {
    test(file.slice(ROOT.length + 1), () => {
      const bytes = new Uint8Array(readFileSync(file));
      const whole = plainModel(analyzeBytes(bytes, 'x'));
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: Math.max(2, bytes.length) }), { minLength: 1, maxLength: 5 }), (sizes) => {
          assert.deepEqual(plainModel(analyzeChunks(cut(bytes, sizes), 'x')), whole);
        }),
        { numRuns: 15 },
      );
      for (const size of [1, 2, 3, 7, 64]) assert.deepEqual(plainModel(analyzeChunks(once(cut(bytes, [size])), 'x')), whole, `chunks of ${size}`);
    });
  }
});

describe("the file's encoding, decided for the whole file", () => {
  const line = (i: number, host: string) => `12:00:00.${String(i).padStart(6, '0')} IP ${host}.1234 > 10.0.0.2.80: Flags [S], seq ${i}, win 512, length 0\n`;
  const garbage = (text: string) => `# ${text}\n`;
  const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
  const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

  test('UTF-8, a byte order mark and characters cut between chunks', () => {
    const bytes = utf8(`\uFEFF${garbage('café 😀 ☕')}${line(1, '10.0.0.1')}${garbage('naïve')}`);
    const whole = analyzeText(`${garbage('café 😀 ☕')}${line(1, '10.0.0.1')}${garbage('naïve')}`, 'x');
    for (let size = 1; size <= 8; size++) {
      const model = analyzeChunks(cut(bytes, [size]), 'x');
      assert.deepEqual(plainModel(model), plainModel(whole), `chunks of ${size}`);
      assert.match(model.problems[0].message, /café 😀 ☕/);
    }
  });

  test('ASCII, then bytes that are not UTF-8: all of it Latin-1, read once', () => {
    const bytes = concat(utf8(line(1, '10.0.0.1') + garbage('plain')), new Uint8Array([0x23, 0x20, 0xe9, 0x74, 0xe9, 0x0a]), utf8(line(2, '10.0.0.1')));
    const whole = plainModel(analyzeText(latin1(bytes), 'x'));
    for (const size of [1, 5, 50, 1000]) {
      assert.deepEqual(plainModel(analyzeChunks(once(cut(bytes, [size])), 'x')), whole, `chunks of ${size}`);
    }
  });

  test('non-ASCII UTF-8, then bytes that are not UTF-8: the file read again as Latin-1', () => {
    const bytes = concat(utf8(garbage('café') + line(1, '10.0.0.1')), new Uint8Array([0x23, 0x20, 0xff, 0x0a]), utf8(line(2, '10.0.0.1')));
    const whole = plainModel(analyzeText(latin1(bytes), 'x'));
    assert.deepEqual(plainModel(analyzeBytes(bytes, 'x')), whole);
    for (const size of [1, 5, 50, 1000]) assert.deepEqual(plainModel(analyzeChunks(cut(bytes, [size]), 'x')), whole, `chunks of ${size}`);
    // Chunks that cannot be read twice: Latin-1 from where the file stops being UTF-8.
    const model = analyzeChunks(once(cut(bytes, [8])), 'x');
    assert.equal(model.packetCount, 2);
    assert.match(model.problems[0].message, /café/);
  });

  test('shaped like UTF-8 but not valid (an encoded surrogate): replacement characters, as a whole decoding gives', () => {
    const bytes = concat(utf8(garbage('x')), new Uint8Array([0x23, 0x20, 0xed, 0xa0, 0x80, 0x0a]), utf8(line(1, '10.0.0.1')));
    const whole = plainModel(analyzeText(new TextDecoder().decode(bytes), 'x'));
    for (const size of [1, 2, 4, 1000]) assert.deepEqual(plainModel(analyzeChunks(cut(bytes, [size]), 'x')), whole, `chunks of ${size}`);
  });
});

describe('a capture pushed chunk by chunk (ChunkedAnalysis) is analysed as one read whole', () => {
  const files = (dir = join(ROOT, 'test/fixtures')): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return files(path);
      return /\.(txt|tcpdump|pcap|pcapng|gz|cap)$/.test(name) ? [path] : [];
    });
  for (const file of files()) {
    test(file.slice(ROOT.length + 1), () => {
      const bytes = new Uint8Array(readFileSync(file));
      const whole = plainModel(analyzeBytes(bytes, 'x'));
      for (const size of [1, 7, 4096, bytes.length || 1]) {
        const progress: number[] = [];
        const analysis = new ChunkedAnalysis('x', { inputBytes: bytes.length, onProgress: (done, total) => progress.push(done, total) });
        for (const chunk of cut(bytes, [size])) analysis.push(chunk);
        assert.deepEqual(plainModel(analysis.end()), whole, `chunks of ${size}`);
        if (bytes.length > 0) assert.deepEqual(progress.slice(-2), [bytes.length, bytes.length]);
      }
    });
  }
  // Shorter than it takes to tell a binary capture: read only at the end, as a whole read reads it.
  for (const input of ['', 'x', '10:00\n', 'garbage']) {
    test(`an input of ${input.length} bytes`, () => {
      const bytes = new TextEncoder().encode(input);
      const analysis = new ChunkedAnalysis('x');
      for (const chunk of cut(bytes, [1])) analysis.push(chunk);
      const model = analysis.end();
      assert.equal(model.internalError, undefined);
      assert.deepEqual(plainModel(model), plainModel(analyzeBytes(bytes, 'x')));
    });
  }
});
