import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCaptureWithText, analyzeCaptureWithUtf8Text } from '../../src/core/analyze';
import { Utf8Lines } from '../../src/core/render/utf8Lines';
import { fixtureBytes } from './helpers/captureFixtures';
import { repeatedPcap } from './helpers/repeatedCapture';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('the text view written as UTF-8', () => {
  test('Utf8Lines: lines joined by newlines, any script, past its batches and its first buffer', () => {
    const lines = Array.from({ length: 20_000 }, (_, k) => `${k} ${k % 3 === 0 ? 'naïve 🚀 ' : ''}${'x'.repeat(k % 120)}`);
    const writer = new Utf8Lines();
    lines.forEach((line) => writer.push(line));
    const expected = lines.join('\n') + '\n';
    assert.equal(decode(writer.text()), expected);
    assert.equal(writer.characters, expected.length);
    assert.equal(writer.lines, lines.length);
    assert.equal(decode(new Utf8Lines().text()), '');
  });

  for (const file of ['ipv6-http.pcap', 'http-clean-client-close.pcap', 'pcapng-two-interfaces.pcapng', 'http-gzip.pcap.gz']) {
    test(`${file}: the same text, length and model as the text view as one string`, () => {
      const bytes = fixtureBytes(file);
      const asString = analyzeCaptureWithText(bytes, file);
      const asUtf8 = analyzeCaptureWithUtf8Text(bytes, file);
      assert.equal(decode(asUtf8.utf8), asString.text);
      assert.equal(asUtf8.characters, asString.text.length);
      assert.deepEqual(asUtf8.model, asString.model);
      assert.deepEqual(asUtf8.textProblems, asString.textProblems);
    });
  }

  test('the first lines are heard once, as soon as they are printed, and begin the whole text', () => {
    const real = new Uint8Array(readFileSync(join(FIXTURES, 'unseen', 'bulk-loss-reorder-sack.pcap')));
    const bytes = repeatedPcap(real, 2 * 1024 * 1024);
    const heard: { text: string; characters: number }[] = [];
    const { utf8, characters } = analyzeCaptureWithUtf8Text(bytes, 'repeated.pcap', {}, { count: 1000, receive: (text, length) => heard.push({ text: decode(text), characters: length }) });
    assert.equal(heard.length, 1);
    assert.equal(heard[0].text.split('\n').length - 1, 1000);
    assert.equal(heard[0].characters, heard[0].text.length);
    const whole = decode(utf8);
    assert.equal(whole.length, characters);
    assert.ok(whole.startsWith(heard[0].text) && whole.length > heard[0].text.length);
  });
});
