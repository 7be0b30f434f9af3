/**
 * Comparisons in TCP's 32-bit sequence space (RFC 793 section 3.3: the
 * numbers wrap, so "after" means less than half the space ahead).
 */

/** a > b in sequence space (mod 2^32). */
export function seqGreater(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

/** a < b in sequence space (mod 2^32). */
export function seqLess(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

/** How far b is ahead of a, as a signed 32-bit number. */
export function seqDelta(b: number, a: number): number {
  return (b - a) | 0;
}
