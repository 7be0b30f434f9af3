// Where each frame of a binary capture starts, and which frame a byte offset (of a problem) is in:
// checked against the record offsets found by walking each file's own record and block headers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { analyzeBytes, analyzeCaptureWithText, analyzeText } from '../../src/core/analyze';
import { frameAtOffset } from '../../src/core/query';
import { captureFixtures, fixtureBytes } from './helpers/captureFixtures';

/** Offsets of the packet records: pcap record headers, or pcapng packet blocks (enhanced, simple, obsolete). */
function walkRecordOffsets(file: string): number[] {
  let bytes = fixtureBytes(file);
  if (file.endsWith('.gz')) bytes = new Uint8Array(gunzipSync(bytes));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offsets: number[] = [];
  if (file.includes('.pcapng')) {
    let littleEndian = true;
    for (let at = 0; at + 12 <= bytes.length; ) {
      if (view.getUint32(at, true) === 0x0a0d0d0a) littleEndian = view.getUint32(at + 8, true) === 0x1a2b3c4d;
      const type = view.getUint32(at, littleEndian);
      if (type === 6 || type === 3 || type === 2) offsets.push(at);
      at += view.getUint32(at + 4, littleEndian);
    }
  } else {
    const magic = view.getUint32(0, true);
    const littleEndian = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
    for (let at = 24; at + 16 <= bytes.length; at += 16 + view.getUint32(at + 8, littleEndian)) offsets.push(at);
  }
  return offsets;
}

describe('frame offsets of binary captures', () => {
  for (const file of captureFixtures()) {
    it(`${file}: every frame's record offset, and the frame at any offset`, () => {
      const model = analyzeBytes(fixtureBytes(file), file);
      assert.equal(model.internalError, undefined);
      const walked = walkRecordOffsets(file);
      assert.equal(walked.length, model.frameCount);
      assert.deepEqual([...model.frameLines.frameOffset], walked);
      walked.forEach((offset, k) => {
        assert.equal(frameAtOffset(model, offset), k + 1);
        assert.equal(frameAtOffset(model, offset + 1), k + 1);
      });
      assert.equal(frameAtOffset(model, walked[0] - 1), 0);
    });
  }

  it('a problem at a damaged record names the frame whose line in the text view says so', () => {
    const file = 'broken-corrupt-record-length.pcap';
    const { model, text } = analyzeCaptureWithText(fixtureBytes(file), file);
    assert.equal(model.internalError, undefined);
    const lines = text.split('\n');
    const located = model.problems.filter((problem) => problem.offset !== null);
    assert.ok(located.length > 0);
    const damaged = located.find((problem) => /record 6\b/.test(problem.message));
    assert.ok(damaged?.offset != null);
    const frame = frameAtOffset(model, damaged.offset);
    assert.equal(frame, 6);
    assert.match(lines[model.frameLines.frameFirstLine[frame - 1] - 1], /\[frame 6: damaged record at offset 402\]/);
    for (const problem of located) assert.ok(frameAtOffset(model, problem.offset ?? 0) >= 1);
  });

  it('text input has no offsets: no frame at any offset', () => {
    const model = analyzeText('12:00:00.000001 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1, win 64240, length 0\n', 'one.txt');
    assert.equal(model.frameLines.frameOffset.length, model.frameCount);
    assert.ok(model.frameLines.frameOffset.every(Number.isNaN));
    assert.equal(frameAtOffset(model, 0), 0);
    assert.equal(frameAtOffset(model, 1e9), 0);
  });
});
