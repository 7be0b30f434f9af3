/** Lines of the text and the frames and packets on them. */
import type { CaptureModel } from '../model/captureModel';

/** Index of the last element ≤ value in an ascending array, or -1. */
function lastAtMost(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Frame number (1-based) whose lines span this 1-based line, or 0 for a line of no frame. */
export function frameAtLine(model: CaptureModel, line: number): number {
  const { frameFirstLine, frameLastLine } = model.frameLines;
  const k = lastAtMost(frameFirstLine, line);
  return k >= 0 && line <= frameLastLine[k] ? k + 1 : 0;
}

/**
 * The frame of a binary capture at a byte offset of the (decompressed) file: the last one whose
 * record starts at or before it (so a problem found inside or just after a record names that
 * frame); 0 before the first frame, or for text input (whose offsets are NaN).
 */
export function frameAtOffset(model: CaptureModel, offset: number): number {
  return lastAtMost(model.frameLines.frameOffset, offset) + 1;
}

/** Packet index of a frame number, or -1 when that frame is not a TCP segment. */
export function packetOfFrame(model: CaptureModel, frame: number): number {
  const i = lastAtMost(model.packets.frame, frame);
  return i >= 0 && model.packets.frame[i] === frame ? i : -1;
}

/** Packet index of the TCP segment whose frame spans this 1-based line (continuation lines included), or -1. */
export function packetAtLine(model: CaptureModel, line: number): number {
  const frame = frameAtLine(model, line);
  return frame === 0 ? -1 : packetOfFrame(model, frame);
}

/** The 1-based first line of a packet. */
export function lineOfPacket(model: CaptureModel, packet: number): number {
  return model.packets.line[packet];
}

/** The last line of a packet's frame (continuation lines included). */
export function lastLineOfPacket(model: CaptureModel, packet: number): number {
  const frame = model.packets.frame[packet];
  const last = model.frameLines.frameLastLine[frame - 1];
  return last === undefined ? model.packets.line[packet] : Math.max(last, model.packets.line[packet]);
}
