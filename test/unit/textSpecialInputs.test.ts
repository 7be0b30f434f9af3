/**
 * The hand-written tcpdump 3.x text and the damaged text of the corpus.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareWithOracle, decodeText, expectedCapture, fixtureText } from './helpers/textFixtures';

describe('tcpdump 3.x style text (oldstyle-tcpdump3.txt)', () => {
  const expected = expectedCapture('oldstyle-tcpdump3');
  const text = fixtureText('corpus/oldstyle-tcpdump3.txt');

  it('reads every packet like the hand-written oracle', () => {
    const decoded = decodeText(text);
    assert.deepEqual(decoded.problems.list(), []);
    assert.equal(decoded.frameCount, 11);
    assert.equal(decoded.packets.length, 11);
    const agreement = compareWithOracle(decoded, expected, { time: 'clock', plain: false });
    assert.deepEqual(agreement.mismatches, []);
  });

  it('reads the same lines without timestamps', () => {
    const untimed = text.replace(/^\d\d:\d\d:\d\d\.\d+ /gm, '');
    const decoded = decodeText(untimed);
    assert.deepEqual(decoded.problems.list(), []);
    const agreement = compareWithOracle(decoded, expected, { time: 'none', plain: false });
    assert.deepEqual(agreement.mismatches, []);
  });

  it('takes the ACK bit from `ack N` and the options from <...>', () => {
    const decoded = decodeText(text);
    const p = decoded.packets;
    assert.equal(p.mss[0], 1460);
    assert.equal(p.options[0] & 0x04, 0x04, 'sackOK');
    assert.equal(p.len[3], 100);
    assert.equal(p.flags[2], 0x10, '`. ack 1` is a bare ACK');
  });
});

describe('garbage lines between packets (broken-garbage-lines.txt)', () => {
  const expected = expectedCapture('broken-garbage-lines');
  const decoded = decodeText(fixtureText('corpus/broken-garbage-lines.txt'));

  it('reports every garbage line with its line number', () => {
    assert.deepEqual(
      decoded.problems.list().map((p) => p.line),
      expected.garbageLines,
    );
    for (const problem of decoded.problems.list()) assert.match(problem.message, /not a tcpdump packet line/);
  });

  it('keeps the valid packets, their lines, and n as if the garbage were not there', () => {
    assert.equal(decoded.frameCount, expected.frames);
    assert.equal(decoded.packets.length, expected.packets.length);
    const agreement = compareWithOracle(decoded, expected, { time: 'clock', plain: false });
    assert.deepEqual(agreement.mismatches, []);
  });
});
