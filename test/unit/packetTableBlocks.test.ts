import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PacketTable, SegmentFields } from '../../src/core/packets';

const COLUMNS = [
  'frame', 'line', 'time', 'src', 'dst', 'sport', 'dport', 'flags', 'seq', 'ack', 'known', 'len', 'win',
  'options', 'mss', 'wscale', 'tsVal', 'tsEcr', 'sackStart', 'sackCount',
] as const satisfies readonly (keyof PacketTable)[];

/** A table of `rows` made-up segments (every few with SACK blocks), through `append` and `appendRow`. */
function filled(rows: number, inBlocks: boolean): PacketTable {
  const t = new PacketTable();
  t.growsInBlocks = inBlocks;
  const s = new SegmentFields();
  for (let k = 0; k < rows; k++) {
    if (k % 3 === 0) {
      const i = t.appendRow();
      t.frame[i] = t.line[i] = k + 1;
      t.time[i] = k / 7;
      t.seq[i] = (k * 2654435761) >>> 0;
      t.win[i] = k & 0xffff;
      continue;
    }
    s.reset();
    s.frame = s.line = k + 1;
    s.time = k / 7;
    s.src = k % 11;
    s.dport = k % 65536;
    s.seq = (k * 40503) >>> 0;
    s.tsVal = k;
    s.sackCount = k % 5 === 0 ? 2 : 0;
    s.sack.set([k, k + 1, k + 2, k + 3]);
    t.append(s);
  }
  return t;
}

describe('a packet table growing in blocks', () => {
  it('holds, once joined, what a table grown by doubling holds, in columns exactly as long', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300_000 }), (rows) => {
        const blocks = filled(rows, true);
        blocks.joinBlocks();
        const doubled = filled(rows, false);
        assert.equal(blocks.length, rows);
        for (const column of COLUMNS) {
          assert.equal(blocks[column].length, rows, column);
          assert.deepEqual(blocks[column], doubled[column].subarray(0, rows), column);
        }
        assert.deepEqual(blocks.sackEdges, doubled.sackEdges);
      }),
      { numRuns: 12, examples: [[0], [1023], [1024], [1025], [3 * 65536 + 5]] },
    );
  });

  it('starts again from empty after clear', () => {
    const t = filled(5000, true);
    t.clear();
    const s = new SegmentFields();
    s.frame = 9;
    t.append(s);
    t.joinBlocks();
    assert.deepEqual([...t.frame], [9]);
  });
});
