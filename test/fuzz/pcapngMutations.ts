/**
 * Mutations of pcapng that keep its block structure, so that the fuzzer gets
 * past the block lengths into what the blocks hold: whole blocks duplicated,
 * dropped, swapped or taken from another file, a block's body mutated with
 * its two lengths made to agree again, interface options (if_tsresol,
 * if_tsoffset) rewritten.
 */
import { mutateBytes } from './byteMutations';
import { Random } from './random';

interface Blocks {
  readonly littleEndian: boolean;
  readonly blocks: Uint8Array[];
  /** What follows the last whole block. */
  readonly rest: Uint8Array;
}

function split(bytes: Uint8Array): Blocks {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const littleEndian = bytes.length >= 12 ? view.getUint32(8, true) === 0x1a2b3c4d : true;
  const blocks: Uint8Array[] = [];
  let at = 0;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at + 4, littleEndian);
    if (length < 12 || length % 4 !== 0 || at + length > bytes.length) break;
    blocks.push(bytes.subarray(at, at + length));
    at += length;
  }
  return { littleEndian, blocks, rest: bytes.subarray(at) };
}

function join({ blocks, rest }: Blocks): Uint8Array {
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0) + rest.length);
  let at = 0;
  for (const block of [...blocks, rest]) {
    out.set(block, at);
    at += block.length;
  }
  return out;
}

/** A block of this type and body, its lengths right, the body padded to 32 bits. */
function block(type: number, body: Uint8Array, littleEndian: boolean): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const out = new Uint8Array(12 + padded);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, littleEndian);
  view.setUint32(4, out.length, littleEndian);
  out.set(body, 8);
  view.setUint32(out.length - 4, out.length, littleEndian);
  return out;
}

function option(code: number, value: Uint8Array, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(4 + ((value.length + 3) & ~3));
  const view = new DataView(out.buffer);
  view.setUint16(0, code, littleEndian);
  view.setUint16(2, value.length, littleEndian);
  out.set(value, 4);
  return out;
}

const TSRESOL = [0, 1, 3, 6, 9, 10, 12, 19, 20, 63, 127, 0x80, 0x81, 0x8a, 0x9e, 0xa0, 0xbf, 0xff];

/** An interface description: a link type and options of every kind the reader looks at, some malformed. */
function interfaceBlock(random: Random, littleEndian: boolean): Uint8Array {
  const options: Uint8Array[] = [];
  const count = random.below(4);
  for (let i = 0; i < count; i++) {
    switch (random.below(5)) {
      case 0:
        options.push(option(9, new Uint8Array([random.pick(TSRESOL)]), littleEndian));
        break;
      case 1:
        options.push(option(14, random.bytes(8), littleEndian));
        break;
      case 2:
        options.push(option(9, random.bytes(random.below(4)), littleEndian));
        break;
      case 3:
        options.push(option(random.below(20), random.bytes(random.below(12)), littleEndian));
        break;
      default:
        options.push(option(0, new Uint8Array(0), littleEndian));
    }
  }
  const head = new Uint8Array(8);
  const view = new DataView(head.buffer);
  view.setUint16(0, random.pick([1, 1, 1, 0, 101, 113, 276, 228, 229, 9, 105, 65535]), littleEndian);
  view.setUint32(4, random.pick([0, 65535, 262144, 0xffffffff]), littleEndian);
  const body = new Uint8Array(head.length + options.reduce((n, o) => n + o.length, 0));
  body.set(head);
  options.reduce((at, o) => (body.set(o, at), at + o.length), head.length);
  return block(1, body, littleEndian);
}

export function mutatePcapng(input: Uint8Array, random: Random, other: Uint8Array, dictionary: readonly Uint8Array[], maxLength: number): Uint8Array {
  const parsed = split(input);
  const { littleEndian, blocks } = parsed;
  if (blocks.length === 0) return mutateBytes(input, random, null, other, dictionary, maxLength);
  const k = random.below(blocks.length);
  switch (random.below(6)) {
    case 0:
      blocks.splice(k, 0, blocks[k]);
      break;
    case 1:
      if (blocks.length > 1) blocks.splice(k, 1);
      break;
    case 2: {
      const j = random.below(blocks.length);
      [blocks[k], blocks[j]] = [blocks[j], blocks[k]];
      break;
    }
    case 3: {
      const theirs = split(other).blocks;
      if (theirs.length > 0) blocks.splice(k, 0, random.pick(theirs));
      break;
    }
    case 4:
      blocks.splice(random.below(blocks.length + 1), 0, interfaceBlock(random, littleEndian));
      break;
    default: {
      // The body mutated, the lengths made right again.
      const view = new DataView(blocks[k].buffer, blocks[k].byteOffset, blocks[k].byteLength);
      const type = view.getUint32(0, littleEndian);
      const body = mutateBytes(blocks[k].subarray(8, blocks[k].length - 4), random, null, other, dictionary, 8192);
      blocks[k] = block(type, body, littleEndian);
    }
  }
  const out = join(parsed);
  return out.length > maxLength ? out.subarray(0, maxLength) : out;
}
