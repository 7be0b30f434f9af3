/**
 * Property tests: whatever the text, the decoder does not throw, keeps the
 * valid packets, and counts frames only for packet lines; the whole analysis
 * of such text (whose entry point would catch an exception) records no
 * internal error.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeText } from '../../src/core/analyze';
import { TcpFlag } from '../../src/core/packets';
import { decodeText, fixtureText, packetView } from './helpers/textFixtures';

const VALID = fixtureText('corpus/http-clean-client-close.n.txt').trimEnd().split('\n');
const BASELINE = decodeText(VALID.join('\n'));

function segmentKeys(decoded: ReturnType<typeof decodeText>): string[] {
  const keys: string[] = [];
  for (let i = 0; i < decoded.packets.length; i++) {
    const { n, line, time, ...rest } = packetView(decoded.packets, i);
    keys.push(JSON.stringify(rest));
  }
  return keys;
}

function isSubsequence(small: string[], big: string[]): boolean {
  let j = 0;
  for (const item of big) if (j < small.length && item === small[j]) j++;
  return j === small.length;
}

/** Lines that cannot be taken for packet lines: they start with a character no tcpdump line starts with. */
const garbageLine = fc
  .tuple(fc.constantFrom('#', '$', '%', '!', '>', '~', '|', '*', '"', '= '), fc.string({ maxLength: 120, unit: 'binary' }))
  .map(([head, tail]) => head + tail.replace(/[\r\n]/g, ' '));

describe('text decoder properties', () => {
  it('random text never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000, unit: 'binary' }), (text) => {
        const decoded = decodeText(text);
        assert.ok(decoded.frameCount >= decoded.packets.length);
        const model = analyzeText(text, 'random.txt');
        assert.equal(model.internalError, undefined, model.internalError);
        assert.doesNotMatch(model.unreadable ?? '', /cannot analyse/);
      }),
      { numRuns: 500 },
    );
  });

  it('damaged packet lines never throw', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(VALID.length - 1), fc.nat(300), fc.string({ maxLength: 8, unit: 'binary' })), { maxLength: 20 }),
        (edits) => {
          const lines = [...VALID];
          for (const [row, at, insert] of edits) {
            const line = lines[row];
            lines[row] = line.slice(0, Math.min(at, line.length)) + insert + line.slice(Math.min(at + insert.length, line.length));
          }
          decodeText(lines.join('\n'));
          assert.equal(analyzeText(lines.join('\n'), 'damaged.txt').internalError, undefined);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('garbage lines between valid ones: all reported, n and the packets unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(VALID.length), garbageLine), { maxLength: 15 }), (insertions) => {
        const lines = [...VALID];
        const sorted = [...insertions].sort((a, b) => b[0] - a[0]);
        for (const [at, garbage] of sorted) lines.splice(at, 0, garbage);
        const decoded = decodeText(lines.join('\n'));
        const garbageLines = lines.flatMap((l, i) => (VALID.includes(l) ? [] : [i + 1]));
        assert.deepEqual(decoded.problems.list().map((p) => p.line), garbageLines);
        assert.equal(decoded.frameCount, BASELINE.frameCount);
        assert.deepEqual(segmentKeys(decoded), segmentKeys(BASELINE));
        assert.deepEqual(Array.from(decoded.packets.frame.subarray(0, decoded.packets.length)), Array.from(BASELINE.packets.frame.subarray(0, BASELINE.packets.length)));
      }),
      { numRuns: 200 },
    );
  });

  it('any random lines between valid ones: the valid packets are all still there, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(VALID.length), fc.string({ maxLength: 150, unit: 'binary' })), { maxLength: 15 }), (insertions) => {
        const lines = [...VALID];
        for (const [at, junk] of [...insertions].sort((a, b) => b[0] - a[0])) lines.splice(at, 0, junk.replace(/[\r\n]/g, ' '));
        assert.ok(isSubsequence(segmentKeys(BASELINE), segmentKeys(decodeText(lines.join('\n')))));
      }),
      { numRuns: 200 },
    );
  });

  it('flag letters in any order give the same bits', () => {
    const letters: Array<[string, number]> = [
      ['F', TcpFlag.FIN], ['S', TcpFlag.SYN], ['R', TcpFlag.RST], ['P', TcpFlag.PSH],
      ['.', TcpFlag.ACK], ['U', TcpFlag.URG], ['E', TcpFlag.ECE], ['W', TcpFlag.CWR],
    ];
    fc.assert(
      fc.property(fc.subarray(letters, { minLength: 1 }).chain((subset) => fc.shuffledSubarray(subset, { minLength: subset.length })), (chosen) => {
        const text = `10:00:00.000000 IP 192.0.2.1.1 > 192.0.2.2.2: Flags [${chosen.map(([l]) => l).join('')}], seq 1, ack 1, win 1, length 0\n`;
        const decoded = decodeText(text);
        assert.equal(decoded.packets.length, 1);
        assert.equal(decoded.packets.flags[0], chosen.reduce((bits, [, bit]) => bits | bit, 0));
      }),
      { numRuns: 300 },
    );
  });
});
