import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeChunks, analyzeText } from '../../src/core/analyze';
import { PacketTable, SegmentFields } from '../../src/core/packets';
import { ProblemLog } from '../../src/core/problems';
import { TcpdumpTextDecoder } from '../../src/core/text/decoder';
import { fixtureBytes } from './helpers/captureFixtures';

const COLUMNS = [
  'frame', 'line', 'time', 'src', 'dst', 'sport', 'dport', 'flags', 'seq', 'ack', 'known', 'len', 'win',
  'options', 'mss', 'wscale', 'tsVal', 'tsEcr', 'sackStart', 'sackCount',
] as const satisfies readonly (keyof PacketTable)[];

/** A table of `rows` made-up segments (every few with SACK blocks), through `append` and `appendRow`. */
function filled(rows: number, inBlocks: boolean, linesAreFrames = false): PacketTable {
  const t = new PacketTable();
  t.growsInBlocks = inBlocks;
  if (linesAreFrames) t.shareLinesWithFrames();
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
  it('holds, once joined, what a table grown by doubling holds; joined from blocks, in columns exactly as long', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300_000 }), (rows) => {
        const blocks = filled(rows, true);
        const inOneBlock = blocks.capacity >= rows;
        blocks.joinBlocks();
        const doubled = filled(rows, false);
        assert.equal(blocks.length, rows);
        for (const column of COLUMNS) {
          if (inOneBlock) assert.ok(blocks[column].length >= rows, column);
          else assert.equal(blocks[column].length, rows, column);
          assert.deepEqual(blocks[column].subarray(0, rows), doubled[column].subarray(0, rows), column);
        }
        assert.deepEqual(blocks.sackEdges, doubled.sackEdges);
      }),
      { numRuns: 12, examples: [[0], [1023], [1024], [1025], [3 * 65536 + 5]] },
    );
  });

  it('told that lines are frames, keeps one column for both, growing in blocks or by doubling', () => {
    const rows = 3 * 65536 + 5;
    for (const inBlocks of [true, false]) {
      const shared = filled(rows, inBlocks, true);
      const own = filled(rows, inBlocks);
      if (inBlocks) {
        shared.joinBlocks();
        own.joinBlocks();
      }
      assert.equal(shared.line, shared.frame, `in blocks: ${inBlocks}`);
      for (const column of COLUMNS) assert.deepEqual(shared[column].subarray(0, rows), own[column].subarray(0, rows), column);
    }
  });

  it('told that lines are frames, gives lines a column of their own from the first row on another line', () => {
    const rows = 3 * 65536 + 5;
    for (const inBlocks of [true, false]) {
      for (const from of [0, 1000, 2 * 65536 + 7, rows - 1]) {
        const t = new PacketTable();
        t.growsInBlocks = inBlocks;
        t.shareLinesWithFrames();
        const s = new SegmentFields();
        for (let k = 0; k < rows; k++) {
          s.frame = k + 1;
          s.line = k < from ? k + 1 : k + 8;
          t.append(s);
        }
        t.joinBlocks();
        const what = `in blocks: ${inBlocks}, from row ${from}`;
        assert.notEqual(t.line, t.frame, what);
        assert.ok(t.line.subarray(0, rows).every((line, k) => line === (k < from ? k + 1 : k + 8)), what);
        assert.ok(t.frame.subarray(0, rows).every((frame, k) => frame === k + 1), what);
      }
    }
  });

  it('starts again from empty after clear', () => {
    const t = filled(5000, true);
    t.clear();
    const s = new SegmentFields();
    s.frame = 9;
    t.append(s);
    t.joinBlocks();
    assert.deepEqual([...t.frame.subarray(0, t.length)], [9]);
  });

  it('tcpdump text read for a model, -ttt deltas summed at its end, gives the packets a table grown by doubling gives', () => {
    // Deltas that mostly do not go up: the times are summed at the end, written to the rows by their index.
    const lines: string[] = [];
    for (let k = 0; k < 5000; k++) {
      lines.push(` 00:00:00.00${k % 2 === 0 ? 5 : 1}000 IP 10.0.${k % 7}.1.${1000 + (k % 50)} > 10.0.0.2.80: Flags [P.], seq ${k + 1}:${k + 11}, ack 1, win 2, length 10`);
    }
    const text = lines.join('\n') + '\n';
    const doubled = new PacketTable();
    new TcpdumpTextDecoder(doubled, new ProblemLog()).decode(text);
    assert.equal(doubled.length, 5000);
    assert.ok(doubled.time[4999] > 10, 'the deltas are summed');
    for (const model of [analyzeText(text, 'x.txt'), analyzeChunks([new Uint8Array(Buffer.from(text))], 'x.txt')]) {
      assert.equal(model.packetCount, 5000);
      assert.deepEqual(model.packets.time, doubled.time.subarray(0, 5000));
      assert.deepEqual(model.packets.frame, doubled.frame.subarray(0, 5000));
      assert.deepEqual(model.packets.sport, doubled.sport.subarray(0, 5000));
      assert.deepEqual(model.packets.seqRaw, doubled.seq.subarray(0, 5000));
    }
  });
});

/**
 * Runs `run` with `ArrayBuffer.prototype.transfer` (ES2024), which Node 22 and later have and the
 * trimming of columns uses: where the runtime has none, one that detaches the old buffer as theirs does.
 */
function withTransfer<T>(run: () => T): T {
  const prototype = ArrayBuffer.prototype as ArrayBuffer & { transfer?: (byteLength: number) => ArrayBuffer };
  if (typeof prototype.transfer === 'function') return run();
  prototype.transfer = function (this: ArrayBuffer, byteLength: number): ArrayBuffer {
    const moved = new Uint8Array(byteLength);
    moved.set(new Uint8Array(this, 0, Math.min(byteLength, this.byteLength)));
    structuredClone(this, { transfer: [this] });
    return moved.buffer;
  };
  try {
    return run();
  } finally {
    delete prototype.transfer;
  }
}

/** A little-endian pcap with only those records of `pcap` that give a TCP segment. */
function tcpRecordsOnly(pcap: Uint8Array): Uint8Array {
  const model = analyzeChunks([pcap], 'x.pcap');
  const packetFrames = new Set(model.packets.frame);
  const view = new DataView(pcap.buffer, pcap.byteOffset, pcap.byteLength);
  const kept: Uint8Array[] = [pcap.subarray(0, 24)];
  for (let at = 24, frame = 1; at + 16 <= pcap.length; frame++) {
    const end = at + 16 + view.getUint32(at + 8, true);
    if (packetFrames.has(frame)) kept.push(pcap.subarray(at, end));
    at = end;
  }
  return Uint8Array.from(kept.flatMap((part) => [...part]));
}

describe('a packet table sized for its input', () => {
  const MiB = 1 << 20;

  /** `rows` rows in blocks, told after each `every` rows that `bytesPerRow` bytes each of `totalBytes` were read. */
  function sized(rows: number, bytesPerRow: number, totalBytes: number, every = 1000): PacketTable {
    const t = new PacketTable();
    t.growsInBlocks = true;
    const source = filled(rows, false);
    const s = new SegmentFields();
    for (let k = 0; k < rows; k++) {
      s.reset();
      s.frame = source.frame[k];
      s.line = source.line[k];
      s.time = source.time[k];
      s.seq = source.seq[k];
      t.append(s);
      if ((k + 1) % every === 0) t.expectRowsFor((k + 1) * bytesPerRow, totalBytes);
    }
    return t;
  }

  it('fills whole columns from 4 MiB on, the rest of the input in them with a little room, and the join leaves them', () => {
    // 100 bytes a row: 4 MiB is about 42k rows, 20 MiB about 210k.
    const rows = Math.floor((20 * MiB) / 100);
    const t = sized(rows, 100, 20 * MiB);
    const frame = t.frame;
    t.joinBlocks();
    assert.equal(t.frame, frame, 'joined again');
    assert.ok(t.capacity >= rows && t.capacity <= rows * 1.02 + 64, `room for ${t.capacity} rows, ${rows} read`);
    assert.deepEqual(t.frame.subarray(0, rows), filled(rows, false).frame.subarray(0, rows));
  });

  it('goes on in blocks when the input has more rows than its first 4 MiB told, and joins them', () => {
    // The first 4 MiB at 100 bytes a row, the rest at 50: twice the rows expected.
    const rows = 300_000;
    const t = new PacketTable();
    t.growsInBlocks = true;
    const s = new SegmentFields();
    for (let k = 0; k < rows; k++) {
      s.reset();
      s.frame = k + 1;
      t.append(s);
      const read = Math.min(k + 1, 42_000) * 100 + Math.max(0, k + 1 - 42_000) * 50;
      if ((k + 1) % 1000 === 0) t.expectRowsFor(read, 4 * MiB + 50 * (rows - 42_000));
    }
    t.joinBlocks();
    assert.equal(t.frame.length, rows);
    assert.ok(t.frame.every((frame, k) => frame === k + 1));
  });

  for (const transfer of [false, true]) {
    it(`a capture of more than 4 MiB read with its size told gives the model it gives untold${transfer ? ', columns shrunk by ArrayBuffer.prototype.transfer' : ''}`, () => {
      const pcap = tcpRecordsOnly(fixtureBytes('http-clean-client-close.pcap'));
      const records = pcap.subarray(24);
      const copies = Math.ceil((6 * MiB) / records.length);
      const bytes = new Uint8Array(24 + copies * records.length);
      bytes.set(pcap.subarray(0, 24));
      for (let k = 0; k < copies; k++) bytes.set(records, 24 + k * records.length);
      const chunks = () => Array.from({ length: Math.ceil(bytes.length / MiB) }, (_, k) => bytes.subarray(k * MiB, (k + 1) * MiB));
      const analyse = transfer ? withTransfer : <T>(run: () => T) => run();
      const told = analyse(() => analyzeChunks(chunks(), 'x.pcap', { inputBytes: bytes.length }));
      const untold = analyse(() => analyzeChunks(chunks(), 'x.pcap'));
      // Where the runtime has no `transfer` to shrink them, the columns are kept with the room they were sized with.
      if (!transfer && !('transfer' in ArrayBuffer.prototype)) {
        assert.ok(told.packets.frame.buffer.byteLength > told.packets.frame.byteLength, 'the columns were not sized for the input');
      }
      // Every frame a packet: the frame lines are the frame column itself.
      assert.equal(told.packetCount, told.frameCount);
      assert.equal(told.frameLines.frameFirstLine.length, told.frameCount);
      assert.deepEqual(told, untold);
    });
  }
});

describe('tcpdump text of one line a frame', () => {
  const packetLine = (k: number) => `12:00:00.${String(k % 1_000_000).padStart(6, '0')} IP 10.0.${k % 7}.1.${1000 + (k % 50)} > 10.0.0.2.80: Flags [.], ack 1, win 2, length 0`;

  it('keeps one column for the frames, the packets\' lines and the frames\' lines', () => {
    const text = Array.from({ length: 5000 }, (_, k) => packetLine(k)).join('\n') + '\n';
    for (const model of [analyzeText(text, 'x.txt'), analyzeChunks([Buffer.from(text)], 'x.txt')]) {
      assert.equal(model.packetCount, 5000);
      assert.equal(model.packets.line, model.packets.frame);
      assert.equal(model.frameLines.frameFirstLine, model.packets.frame);
      assert.ok(model.packets.frame.every((frame, k) => frame === k + 1));
    }
  });

  it('a blank line after the first 60,000 (read in 1 MiB chunks, the size told): the lines after it are one further on', () => {
    const before = 60_000;
    const lines = Array.from({ length: before + 3000 }, (_, k) => packetLine(k));
    lines.splice(before, 0, '');
    const bytes = Buffer.from(lines.join('\n') + '\n');
    const chunks = Array.from({ length: Math.ceil(bytes.length / (1 << 20)) }, (_, k) => bytes.subarray(k << 20, (k + 1) << 20));
    assert.ok(bytes.length > 4 << 20, 'enough text for the table to be sized for it');
    for (const model of [analyzeText(bytes.toString(), 'x.txt'), analyzeChunks(chunks, 'x.txt', { inputBytes: bytes.length })]) {
      assert.equal(model.packetCount, before + 3000);
      const expected = (k: number) => (k < before ? k + 1 : k + 2);
      assert.ok(model.packets.line.every((line, k) => line === expected(k)), 'packet lines');
      assert.ok(model.frameLines.frameFirstLine.every((line, k) => line === expected(k)), 'frame lines');
      assert.deepEqual(model.frameLines.frameLastLine, model.frameLines.frameFirstLine);
      assert.ok(model.packets.frame.every((frame, k) => frame === k + 1), 'frames');
    }
  });
});
