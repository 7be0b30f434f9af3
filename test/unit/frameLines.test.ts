import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { oneLinePerFrame } from '../../src/core/frameLines';
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
