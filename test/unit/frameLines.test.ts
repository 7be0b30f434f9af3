import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrameOffsetRecorder, oneLinePerFrame } from '../../src/core/frameLines';
import { PacketTable, SegmentFields } from '../../src/core/packets';

/** A table of a packet for each of `frames` listed frame numbers, grown by doubling (columns longer than it) or joined. */
function tableOf(frames: number[], joined: boolean): PacketTable {
  const t = new PacketTable();
  t.growsInBlocks = joined;
  const s = new SegmentFields();
  for (const frame of frames) {
    s.frame = s.line = frame;
    t.append(s);
  }
  if (joined) t.joinBlocks();
  return t;
}

const oneTo = (n: number) => Array.from({ length: n }, (_, k) => k + 1);

describe("a binary capture's frame lines", () => {
  it('are the packets\' frame column when every frame is a packet and the column is exactly that long', () => {
    const packets = tableOf(oneTo(1500), true);
    const lines = oneLinePerFrame(1500, undefined, packets);
    assert.equal(lines.frameFirstLine, packets.frame);
    assert.equal(lines.frameLastLine, packets.frame);
  });

  it('are an array of their own, frame k on line k, when a frame is not a packet or the frame column is longer', () => {
    for (const [frameCount, packets] of [
      [1500, tableOf(oneTo(1500), false)],
      [1501, tableOf(oneTo(1500), true)],
      [1500, tableOf(oneTo(1500).filter((k) => k !== 700), true)],
    ] as const) {
      const lines = oneLinePerFrame(frameCount, undefined, packets);
      assert.notEqual(lines.frameFirstLine, packets.frame);
      assert.equal(lines.frameLastLine, lines.frameFirstLine);
      assert.deepEqual(Array.from(lines.frameFirstLine), oneTo(frameCount));
    }
  });
});

describe('frame offsets recorded as a reader meets the frames', () => {
  it('are, whatever frames the reader skips or tells again, those of a plain list, in an array exactly frameCount long', () => {
    // Runs of frames told one after the other, some frames skipped (they start where the next one does), now and then one told again.
    const run = fc.record({ frames: fc.integer({ min: 1, max: 70_000 }), skip: fc.integer({ min: 0, max: 3 }), again: fc.integer({ min: 0, max: 2 }) });
    fc.assert(
      fc.property(fc.array(run, { maxLength: 6 }), fc.integer({ min: 0, max: 5 }), (runs, untold) => {
        const recorder = new FrameOffsetRecorder();
        const want: number[] = [];
        let frame = 0;
        let offset = 24;
        for (const { frames, skip, again } of runs) {
          for (let k = 0; k < frames; k++) {
            frame += k % 1000 === 999 ? 1 + skip : 1;
            offset += 60 + (frame % 7);
            recorder.record(frame, offset);
            while (want.length < frame) want.push(offset);
          }
          // Told again: the last frame (again = 1) or the one before it (again = 2).
          if (again > 0 && frame >= again) {
            recorder.record(frame + 1 - again, offset + 1);
            want[frame - again] = offset + 1;
          }
        }
        // Frames the reader counted but never told (cut at the end) start where the last one told does.
        const frameCount = frame + untold;
        while (want.length < frameCount) want.push(want.length > 0 ? want[want.length - 1] : 0);
        const offsets = recorder.result(frameCount);
        assert.equal(offsets.length, frameCount);
        assert.deepEqual(Array.from(offsets), want);
        assert.equal(recorder.result(frameCount), offsets, 'asked again, the same array');
      }),
      { numRuns: 25 },
    );
  });
});
