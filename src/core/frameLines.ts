/** Where each frame sits in the text: its first and last line (see `FrameLines` in the model). */
import { grownColumn, trimmedColumn } from './columns';
import type { FrameLines } from './model/captureModel';

const INITIAL_FRAMES = 1024;

/** Filled by the text decoder as it reads: a frame starts on a line and grows over its continuation lines. */
export class FrameLineRecorder {
  private first = new Uint32Array(0);
  private last = new Uint32Array(0);
  private count = 0;
  /**
   * Whether every frame so far is one line, frame k on line k (tcpdump text
   * with nothing between its packets): nothing is recorded until one is not,
   * and `result` then gives the frame numbers as the lines.
   */
  private oneLineEach = true;

  /** `keep`: false to only count frames (their lines are not wanted). */
  constructor(private readonly keep = true) {}

  /** A new frame starts on this 1-based line. */
  start(line: number): void {
    if (!this.keep) {
      this.count++;
      return;
    }
    if (this.oneLineEach) {
      if (line === this.count + 1) {
        this.count++;
        return;
      }
      this.recordSoFar();
    }
    if (this.count === this.first.length) {
      this.first = grownColumn(this.first, this.first.length * 2);
      this.last = grownColumn(this.last, this.last.length * 2);
    }
    this.first[this.count] = line;
    this.last[this.count] = line;
    this.count++;
  }

  /** The last frame continues down to this line. */
  extend(line: number): void {
    if (!this.keep || this.count === 0) return;
    if (this.oneLineEach) {
      if (line <= this.count) return;
      this.recordSoFar();
    }
    if (line > this.last[this.count - 1]) this.last[this.count - 1] = line;
  }

  /**
   * The spans recorded, in arrays of exactly one element per frame (text has
   * no byte offsets). `packets`: the frames' packets; when each frame is one
   * line and one packet, their frame column is the lines (see `oneLinePerFrame`).
   */
  result(packets?: { readonly length: number; readonly frame: Uint32Array }): FrameLines {
    if (!this.keep) return { frameFirstLine: new Uint32Array(0), frameLastLine: new Uint32Array(0), frameOffset: new Float64Array(0) };
    if (this.oneLineEach) return oneLinePerFrame(this.count, noOffsets(this.count), packets && isOnePacketEach(packets, this.count) ? packets : undefined);
    return { frameFirstLine: trimmedColumn(this.first, this.count), frameLastLine: trimmedColumn(this.last, this.count), frameOffset: noOffsets(this.count) };
  }

  /** The lines of the frames so far, recorded from here on: each frame k on line k. */
  private recordSoFar(): void {
    this.oneLineEach = false;
    this.first = new Uint32Array(Math.max(INITIAL_FRAMES, 2 * this.count));
    for (let k = 0; k < this.count; k++) this.first[k] = k + 1;
    this.last = this.first.slice();
  }
}

/** Whether the packets are frames 1…frameCount, one each. */
function isOnePacketEach(packets: { readonly length: number; readonly frame: Uint32Array }, frameCount: number): boolean {
  if (packets.length !== frameCount) return false;
  for (let k = 0; k < frameCount; k++) if (packets.frame[k] !== k + 1) return false;
  return true;
}

function noOffsets(frameCount: number): Float64Array {
  return new Float64Array(frameCount).fill(NaN);
}

/**
 * A binary capture's text view: one line per frame, frame k on line k, with
 * where each frame's record starts. Each frame starts and ends on the same
 * line: one array is both. `packets`: the capture's, when every frame may be
 * a packet; if each is, their frame column already holds 1…frameCount (a
 * frame gives at most one packet, in frame order): its first frameCount are the lines.
 */
export function oneLinePerFrame(
  frameCount: number,
  frameOffset: Float64Array = noOffsets(frameCount),
  packets?: { readonly length: number; readonly frame: Uint32Array },
): FrameLines {
  if (packets !== undefined && packets.length === frameCount) {
    const lines = packets.frame.length === frameCount ? packets.frame : packets.frame.subarray(0, frameCount);
    return { frameFirstLine: lines, frameLastLine: lines, frameOffset };
  }
  const lines = new Uint32Array(frameCount);
  for (let k = 0; k < frameCount; k++) lines[k] = k + 1;
  return { frameFirstLine: lines, frameLastLine: lines, frameOffset };
}

/** The offsets' first block: small, for the reason PacketTable's first columns are. */
const FIRST_BLOCK_FRAMES = 64;
/** The offsets stop doubling at blocks of this many frames, joined once at the end (one copy, and no trimming copy). */
const MAX_BLOCK_FRAMES = 1 << 16;

/** Where each frame of a binary capture starts, damaged frames included, recorded as the reader meets them. */
export class FrameOffsetRecorder {
  /** The last frames' offsets, `used` of them, after the full blocks'. Empty until the first frame, and `used` apart from `count`: see PacketTable on why. */
  private offsets: Float64Array = new Float64Array(0);
  private readonly blocks: Float64Array[] = [];
  private used = 0;
  private count = 0;

  record(frameNumber: number, offset: number): void {
    if (frameNumber < 1) return;
    if (frameNumber <= this.count) {
      this.overwrite(frameNumber - 1, offset);
      return;
    }
    // A frame the reader skipped without telling starts no later than the next one.
    while (this.count < frameNumber) {
      let i = this.used;
      if (i === this.offsets.length) i = this.newBlock();
      this.offsets[i] = offset;
      this.used = i + 1;
      this.count++;
    }
  }

  /** The offsets of frames 1…frameCount, in an array of exactly that length (the recorder's own, once reading is over). */
  result(frameCount: number): Float64Array {
    if (frameCount > this.count) this.record(frameCount, this.count > 0 ? this.offsetOf(this.count - 1) : 0);
    let whole: Float64Array;
    if (this.blocks.length === 0) whole = trimmedColumn(this.offsets, frameCount);
    else {
      whole = new Float64Array(frameCount);
      let at = 0;
      for (const block of [...this.blocks, this.offsets]) {
        const n = Math.min(block.length, frameCount - at);
        if (n <= 0) break;
        whole.set(n === block.length ? block : block.subarray(0, n), at);
        at += n;
      }
      this.blocks.length = 0;
    }
    this.offsets = whole;
    this.used = this.count = frameCount;
    return whole;
  }

  /** Room for the next frame: a new block after the full one; returns its place in it. */
  private newBlock(): number {
    const full = this.offsets.length;
    if (full > 0) this.blocks.push(this.offsets);
    this.offsets = new Float64Array(Math.min(Math.max(full * 2, FIRST_BLOCK_FRAMES), MAX_BLOCK_FRAMES));
    return 0;
  }

  /** Where frame k + 1 is kept: [block, index in it]. */
  private place(k: number): [Float64Array, number] {
    for (const block of this.blocks) {
      if (k < block.length) return [block, k];
      k -= block.length;
    }
    return [this.offsets, k];
  }

  private offsetOf(k: number): number {
    const [block, i] = this.place(k);
    return block[i];
  }

  private overwrite(k: number, offset: number): void {
    const [block, i] = this.place(k);
    block[i] = offset;
  }
}
