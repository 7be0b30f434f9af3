/**
 * pcapng timestamps: a 64-bit count of units whose size the interface's
 * if_tsresol option gives (10^-n or 2^-n seconds, default microseconds),
 * plus if_tsoffset seconds. Converted exactly to whole seconds and
 * nanoseconds: a float cannot hold nanoseconds since 1970.
 */
import { CapturedFrame } from './frame';

export class TimestampResolution {
  /** 10^decimalExponent units per second, or -1 when the resolution is binary. */
  decimalExponent = 6;
  /** 2^binaryExponent units per second when decimalExponent is -1. */
  binaryExponent = 0;
  offsetSeconds = 0;

  /** From the if_tsresol byte: high bit clear = negative power of 10, set = negative power of 2. */
  setFromOption(value: number): void {
    if (value & 0x80) {
      this.decimalExponent = -1;
      this.binaryExponent = value & 0x7f;
    } else {
      this.decimalExponent = value;
    }
  }
}

const POWERS_OF_TEN = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** Sets frame's seconds and nanoseconds from the two 32-bit halves of a pcapng timestamp. */
export function setPcapngTime(frame: CapturedFrame, high: number, low: number, resolution: TimestampResolution): void {
  const exp = resolution.decimalExponent;
  let seconds: number;
  let nanos: number;
  if (exp >= 0 && exp <= 9) {
    // Long division of the 64-bit count in 16-bit steps keeps every intermediate below 2^53.
    const units = POWERS_OF_TEN[exp];
    const qHigh = Math.floor(high / units);
    const r0 = high % units;
    const v1 = r0 * 65536 + (low >>> 16);
    const q1 = Math.floor(v1 / units);
    const v2 = (v1 % units) * 65536 + (low & 0xffff);
    const q2 = Math.floor(v2 / units);
    seconds = qHigh * 4294967296 + q1 * 65536 + q2;
    nanos = (v2 % units) * POWERS_OF_TEN[9 - exp];
  } else {
    // Rare resolutions (finer than 1 ns, or binary): BigInt is exact and its cost does not matter here.
    const count = (BigInt(high) << 32n) | BigInt(low);
    const unitsPerSecond = exp >= 0 ? 10n ** BigInt(exp) : 1n << BigInt(resolution.binaryExponent);
    seconds = Number(count / unitsPerSecond);
    nanos = Number(((count % unitsPerSecond) * 1000000000n) / unitsPerSecond);
  }
  frame.setTime(seconds + resolution.offsetSeconds, nanos);
}
