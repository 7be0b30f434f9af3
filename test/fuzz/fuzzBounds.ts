/** Where a fuzz input stops being acceptable, shared by the workers and the main thread's watchdog. */

/** The shared buffer: an Int32 length and an Int32 running flag, a Float64 start time, then the input. */
export const SHARED_HEADER = 16;

/** A slow input takes more than a second plus 20 µs a byte of work size (50 KB/s, hundreds of times slower than normal). */
export function timeBound(workSize: number): number {
  return 1000 + workSize * 0.02;
}

/** What the model of an input may keep: 8 MB plus 64 bytes a byte of work size. */
export function memoryBound(workSize: number): number {
  return (8 << 20) + workSize * 64;
}
