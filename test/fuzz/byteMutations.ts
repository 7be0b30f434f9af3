/**
 * Mutations of binary input, as AFL and libFuzzer make them: bit flips,
 * interesting values written as 8, 16 and 32-bit integers of either byte
 * order, small additions, ranges deleted, inserted, duplicated or copied,
 * splices with another input, dictionary tokens. Each may be aimed at a
 * region (a link header, an IP header, TCP options) most of the time.
 */
import { Random } from './random';

/** Where mutations land: [start, end) of the input most of the time, anywhere otherwise. */
export interface Focus {
  readonly start: number;
  readonly end: number;
}

const INTERESTING_8 = [0, 1, 2, 4, 5, 6, 0x0f, 0x10, 0x20, 0x40, 0x45, 0x60, 0x7f, 0x80, 0xfe, 0xff];
const INTERESTING_16 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x3ff, 0x7fff, 0x8000, 0xfffe, 0xffff, 20, 40, 60, 1500, 65535];
const INTERESTING_32 = [0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x40000, 0x40001, 0x10000, 262144, 262145, 28, 32, 12];

export type ByteMutation = (input: Uint8Array, random: Random, focus: Focus | null, other: Uint8Array, dictionary: readonly Uint8Array[]) => Uint8Array;

function position(input: Uint8Array, random: Random, focus: Focus | null, width = 1): number {
  const length = Math.max(0, input.length - width + 1);
  if (focus !== null && focus.end > focus.start && random.chance(0.85)) {
    const start = Math.min(focus.start, length);
    const end = Math.min(focus.end, length);
    if (end > start) return start + random.below(end - start);
  }
  return random.below(length);
}

function writeInt(input: Uint8Array, at: number, value: number, width: 1 | 2 | 4, littleEndian: boolean): Uint8Array {
  if (at + width > input.length) return input;
  const out = input.slice();
  const view = new DataView(out.buffer);
  if (width === 1) view.setUint8(at, value & 0xff);
  else if (width === 2) view.setUint16(at, value & 0xffff, littleEndian);
  else view.setUint32(at, value >>> 0, littleEndian);
  return out;
}

function readInt(input: Uint8Array, at: number, width: 1 | 2 | 4, littleEndian: boolean): number {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  return width === 1 ? view.getUint8(at) : width === 2 ? view.getUint16(at, littleEndian) : view.getUint32(at, littleEndian);
}

function replaceRange(input: Uint8Array, at: number, removed: number, inserted: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length - removed + inserted.length);
  out.set(input.subarray(0, at));
  out.set(inserted, at);
  out.set(input.subarray(at + removed), at + inserted.length);
  return out;
}

const WIDTHS: readonly (1 | 2 | 4)[] = [1, 2, 4];

export const BYTE_MUTATIONS: readonly ByteMutation[] = [
  // a bit flipped
  (input, random, focus) => {
    if (input.length === 0) return input;
    const out = input.slice();
    out[position(out, random, focus)] ^= 1 << random.below(8);
    return out;
  },
  // a random byte
  (input, random, focus) => {
    if (input.length === 0) return input;
    const out = input.slice();
    out[position(out, random, focus)] = random.below(256);
    return out;
  },
  // an interesting value, 8, 16 or 32 bits, either byte order
  (input, random, focus) => {
    const width = random.pick(WIDTHS);
    const values = width === 1 ? INTERESTING_8 : width === 2 ? INTERESTING_16 : INTERESTING_32;
    return writeInt(input, position(input, random, focus, width), random.pick(values), width, random.chance(0.5));
  },
  // a small addition or subtraction
  (input, random, focus) => {
    const width = random.pick(WIDTHS);
    const at = position(input, random, focus, width);
    if (at + width > input.length) return input;
    const littleEndian = random.chance(0.5);
    const delta = (1 + random.below(35)) * (random.chance(0.5) ? 1 : -1);
    return writeInt(input, at, readInt(input, at, width, littleEndian) + delta, width, littleEndian);
  },
  // a range deleted
  (input, random, focus) => {
    if (input.length < 2) return input;
    const at = position(input, random, focus);
    return replaceRange(input, at, Math.min(input.length - at, random.small(64)), new Uint8Array(0));
  },
  // random bytes inserted
  (input, random, focus) => replaceRange(input, position(input, random, focus, 0), 0, random.bytes(random.small(32))),
  // a range duplicated in place
  (input, random, focus) => {
    if (input.length === 0) return input;
    const at = position(input, random, focus);
    const length = Math.min(input.length - at, random.small(256));
    return replaceRange(input, at, 0, input.slice(at, at + length));
  },
  // a range copied over another
  (input, random, focus) => {
    if (input.length < 2) return input;
    const from = random.below(input.length);
    const to = position(input, random, focus);
    const length = Math.min(input.length - from, input.length - to, random.small(64));
    const out = input.slice();
    out.copyWithin(to, from, from + length);
    return out;
  },
  // spliced with another input
  (input, random, focus, other) => {
    if (other.length === 0) return input;
    const at = position(input, random, focus, 0);
    const from = random.below(other.length);
    const length = Math.min(other.length - from, random.small(512));
    return random.chance(0.5) ? replaceRange(input, at, Math.min(length, input.length - at), other.subarray(from, from + length)) : concat(input.subarray(0, at), other.subarray(from));
  },
  // a dictionary token written over or inserted
  (input, random, focus, _other, dictionary) => {
    if (dictionary.length === 0) return input;
    const token = random.pick(dictionary);
    const at = position(input, random, focus, 0);
    return random.chance(0.5) ? replaceRange(input, at, Math.min(token.length, input.length - at), token) : replaceRange(input, at, 0, token);
  },
  // cut short
  (input, random) => (input.length < 2 ? input : input.subarray(0, random.below(input.length))),
];

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A stack of 1 to 8 mutations, fewer more often. */
export function mutateBytes(input: Uint8Array, random: Random, focus: Focus | null, other: Uint8Array, dictionary: readonly Uint8Array[], maxLength: number): Uint8Array {
  let out = input;
  const count = random.small(8);
  for (let i = 0; i < count; i++) out = random.pick(BYTE_MUTATIONS)(out, random, focus, other, dictionary);
  return out.length > maxLength ? out.subarray(0, maxLength) : out;
}
