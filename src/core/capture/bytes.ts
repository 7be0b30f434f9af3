/** Unsigned reads of the wire's and the file's integers; plain byte arithmetic is as fast as DataView here and needs no view per buffer. */

export function u16be(b: Uint8Array, at: number): number {
  return (b[at] << 8) | b[at + 1];
}

export function u32be(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

export function u16le(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}

export function u32le(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}

export function u16(b: Uint8Array, at: number, littleEndian: boolean): number {
  return littleEndian ? u16le(b, at) : u16be(b, at);
}

export function u32(b: Uint8Array, at: number, littleEndian: boolean): number {
  return littleEndian ? u32le(b, at) : u32be(b, at);
}

export function hex(n: number, digits = 8): string {
  return '0x' + n.toString(16).padStart(digits, '0');
}

/** The bytes of both, in one array (the first itself when the second is empty, the second when the first is). */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const all = new Uint8Array(a.length + b.length);
  all.set(a);
  all.set(b, a.length);
  return all;
}
