/** Where each frame sits in the text: its first and last line (see `FrameLines` in the model). */
import { grownColumn, trimmedColumn } from './columns';
import type { FrameLines } from './model/captureModel';

const INITIAL_FRAMES = 1024;

/** Filled by the text decoder as it reads: a frame starts on a line and grows over its continuation lines. */
export class FrameLineRecorder {
  private first = new Uint32Array(INITIAL_FRAMES);
  private last = new Uint32Array(INITIAL_FRAMES);
  private count = 0;

  /** `keep`: false to only count frames (their lines are not wanted). */
  constructor(private readonly keep = true) {}

  /** A new frame starts on this 1-based line. */
  start(line: number): void {
    if (!this.keep) {
      this.count++;
      return;
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
    if (this.keep && this.count > 0 && line > this.last[this.count - 1]) this.last[this.count - 1] = line;
  }

  /** The spans recorded, in arrays of exactly one element per frame (text has no byte offsets). */
  result(): FrameLines {
    if (!this.keep) return { frameFirstLine: new Uint32Array(0), frameLastLine: new Uint32Array(0), frameOffset: new Float64Array(0) };
    return { frameFirstLine: trimmedColumn(this.first, this.count), frameLastLine: trimmedColumn(this.last, this.count), frameOffset: noOffsets(this.count) };
  }
}

function noOffsets(frameCount: number): Float64Array {
  return new Float64Array(frameCount).fill(NaN);
}

/**
 * A binary capture's text view: one line per frame, frame k on line k, with
 * where each frame's record starts. Each frame starts and ends on the same
 * line: one array is both. `packets`: the capture's, when every frame may be
 * a packet; if each is, their frame column (exactly that long) already holds
 * 1…frameCount (a frame gives at most one packet, in frame order) and is the lines.
 */
export function oneLinePerFrame(
  frameCount: number,
  frameOffset: Float64Array = noOffsets(frameCount),
  packets?: { readonly length: number; readonly frame: Uint32Array },
): FrameLines {
  if (packets !== undefined && packets.length === frameCount && packets.frame.length === frameCount) {
    return { frameFirstLine: packets.frame, frameLastLine: packets.frame, frameOffset };
  }
  const lines = new Uint32Array(frameCount);
  for (let k = 0; k < frameCount; k++) lines[k] = k + 1;
  return { frameFirstLine: lines, frameLastLine: lines, frameOffset };
}

/** Where each frame of a binary capture starts, damaged frames included, recorded as the reader meets them. */
export class FrameOffsetRecorder {
  private offsets = new Float64Array(INITIAL_FRAMES);
  private count = 0;

  record(frameNumber: number, offset: number): void {
    if (frameNumber < 1) return;
    if (frameNumber > this.offsets.length) {
      let capacity = this.offsets.length * 2;
      while (frameNumber > capacity) capacity *= 2;
      this.offsets = grownColumn(this.offsets, capacity);
    }
    // A frame the reader skipped without telling starts no later than the next one.
    for (let k = this.count; k < frameNumber - 1; k++) this.offsets[k] = offset;
    this.offsets[frameNumber - 1] = offset;
    this.count = Math.max(this.count, frameNumber);
  }

  /** The offsets of frames 1…frameCount, in an array of exactly that length (the recorder's own, once reading is over). */
  result(frameCount: number): Float64Array {
    if (frameCount > this.count) this.record(frameCount, this.count > 0 ? this.offsets[this.count - 1] : 0);
    this.offsets = trimmedColumn(this.offsets, frameCount);
    this.count = frameCount;
    return this.offsets;
  }
}
