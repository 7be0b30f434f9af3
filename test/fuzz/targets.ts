/**
 * The fuzz targets, one per decoder: each has its seeds, its mutations (aimed
 * at the layer it fuzzes) and the bytes it gives the core. Every input goes
 * through all of the core's entry points (`exercise.ts`); the target only
 * decides what the input looks like.
 */
import { Gunzip, gzipSync } from 'fflate';
import { mutateBytes, type Focus } from './byteMutations';

import { capturedFrames, frameLayout, pcapOf, wrappedFrames, type FramesInput } from './frameSeeds';
import { Random } from './random';
import { cutText, seedFiles } from './seeds';
import { rewriteIpHeader } from './ipMutations';
import { mutatePcapng } from './pcapngMutations';
import { rewriteTcpOptions } from './tcpOptionMutations';
import { mutateText } from './textMutations';

export interface FuzzTarget<T> {
  readonly name: string;
  readonly description: string;
  /** The extension of a saved input. */
  readonly extension: string;
  seeds(): T[];
  mutate(input: T, random: Random, other: T): T;
  /** The file the input stands for. */
  bytesOf(input: T): Uint8Array;
  /** The size that time and memory are allowed to grow with: the input's own, or for gzip what it inflates to if more. */
  workSize(bytes: Uint8Array): number;
}

/** Seed files are cut to this many bytes, and mutated inputs never grow past four times it. */
const SEED_BYTES = 16 << 10;
const MAX_INPUT_BYTES = 64 << 10;

const le32 = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);
const be32 = (n: number) => le32(n).reverse();
const be16 = (n: number) => new Uint8Array([n >> 8, n & 0xff]);
const token = (...values: number[]) => new Uint8Array(values);

const PCAP_DICTIONARY = [
  le32(0xa1b2c3d4), be32(0xa1b2c3d4), le32(0xa1b23c4d), be32(0xa1b23c4d), le32(0xa1b2cd34), le32(262144), le32(262145), le32(65535), le32(0),
  token(2, 0, 4, 0), le32(1), le32(101), le32(113), le32(276), le32(0xffffffff), le32(0x80000000),
];
const PCAPNG_DICTIONARY = [
  le32(0x0a0d0d0a), le32(0x1a2b3c4d), be32(0x1a2b3c4d), le32(1), le32(2), le32(3), le32(4), le32(5), le32(6), le32(0x0a), le32(0xbad), le32(0x40000001),
  token(9, 0, 1, 0, 9, 0, 0, 0), token(9, 0, 1, 0, 0x83, 0, 0, 0), token(14, 0, 8, 0), token(0, 0, 0, 0), le32(28), le32(32), le32(0xfffffffc), le32(0xffffffff),
];
const LINK_DICTIONARY = [
  be16(0x0800), be16(0x86dd), be16(0x8100), be16(0x88a8), be16(0x9100), be16(0x8847), be16(0x8848), be16(0x8863), be16(0x8864), be16(0x0806), be16(0x6558),
  token(0xaa, 0xaa, 3, 0, 0, 0), be16(0x0021), be16(0x0057), token(0xff, 3), le32(2), le32(24), le32(28), le32(30), be32(2), be32(24), be16(0x05dc), be16(0x0600),
];
const IP_DICTIONARY = [
  token(0x45), token(0x4f), token(0x46), token(0x60), token(0x40), token(0x41), be16(0), be16(0xffff), be16(0x2000), be16(0x1fff), be16(0x3fff),
  token(6), token(17), token(1), token(58), token(0), token(43), token(44), token(50), token(51), token(59), token(60), token(135), token(139), token(140), token(4), token(41), token(47),
  token(0, 0), token(6, 0), token(44, 0, 0, 1), token(1, 1, 1, 1), token(7, 3, 4), token(0x44, 4, 5, 0x00),
];
const TCP_DICTIONARY = [
  token(0), token(1), token(2, 4, 5, 0xb4), token(3, 3, 7), token(4, 2), token(5, 10, 0, 0, 0, 1, 0, 0, 0, 2), token(5, 34), token(8, 10, 0, 0, 0, 1, 0, 0, 0, 0),
  token(8, 10), token(2, 0), token(2, 1), token(2, 255), token(30, 4), token(34, 2), token(254, 4, 0xf9, 0x89), token(0x50), token(0x60), token(0xf0), token(0x40),
  token(0x02), token(0x12), token(0x11), token(0x04), token(0x14), token(0x18), token(0xff), token(0xc2),
];

function bytesTarget(name: string, description: string, extension: string, pattern: RegExp, dictionary: readonly Uint8Array[], extra: () => Uint8Array[] = () => []): FuzzTarget<Uint8Array> {
  return {
    name,
    description,
    extension,
    seeds: () => [...seedFiles(pattern).map((seed) => seed.bytes.slice(0, SEED_BYTES)), ...extra()],
    mutate: (input, random, other) => mutateBytes(input, random, null, other, dictionary, MAX_INPUT_BYTES),
    bytesOf: (input) => input,
    workSize: (bytes) => bytes.length,
  };
}

/** What a frame target aims its mutations at, inside one frame. */
type FrameFocus = (linkType: number, frame: Uint8Array) => Focus;

/** Link types TCP Lens reads, ones close to them, and a few it does not. */
const LINK_TYPES = [0, 1, 9, 10, 12, 14, 50, 51, 101, 104, 105, 108, 113, 127, 228, 229, 276, 147, 0xffff, 0x7fffffff];

/** A structure-aware change of one frame, made now and then instead of byte mutations. */
type FrameRewrite = (linkType: number, frame: Uint8Array, random: Random) => Uint8Array;

function framesTarget(name: string, description: string, focusOf: FrameFocus, dictionary: readonly Uint8Array[], linkTypeChance: number, rewrite?: FrameRewrite): FuzzTarget<FramesInput> {
  return {
    name,
    description,
    extension: 'pcap',
    seeds: () => {
      const captured = capturedFrames();
      return [...captured, ...wrappedFrames(captured)];
    },
    mutate: (input, random, other) => {
      let linkType = input.linkType;
      const frames = [...input.frames];
      if (random.chance(linkTypeChance)) linkType = random.chance(0.8) ? random.pick(LINK_TYPES) : random.next();
      if (random.chance(0.1) && frames.length > 1) frames.splice(random.below(frames.length), 1);
      if (random.chance(0.1) && other.frames.length > 0) frames.splice(random.below(frames.length + 1), 0, random.pick(other.frames));
      if (frames.length === 0) return { linkType, frames };
      const count = random.small(3);
      for (let i = 0; i < count; i++) {
        const k = random.below(frames.length);
        const donor = other.frames.length > 0 ? random.pick(other.frames) : frames[k];
        if (rewrite && random.chance(0.3)) frames[k] = rewrite(linkType, frames[k], random);
        else frames[k] = mutateBytes(frames[k], random, focusOf(linkType, frames[k]), donor, dictionary, 4096);
      }
      return { linkType, frames };
    },
    bytesOf: pcapOf,
    workSize: (bytes) => bytes.length,
  };
}

const linkFocus: FrameFocus = (linkType, frame) => {
  const layout = frameLayout(linkType, frame);
  return { start: 0, end: layout ? layout.network + 2 : 48 };
};

const ipFocus: FrameFocus = (linkType, frame) => {
  const layout = frameLayout(linkType, frame);
  return layout ? { start: layout.network, end: layout.transport + 4 } : { start: 14, end: 80 };
};

const tcpFocus: FrameFocus = (linkType, frame) => {
  const layout = frameLayout(linkType, frame);
  return layout ? { start: layout.transport + 12, end: Math.max(layout.tcpHeaderEnd, layout.transport + 20) } : { start: 34, end: 94 };
};

/** Compressed captures and text: the corpus's, and small seeds compressed here. */
function gzipSeeds(): Uint8Array[] {
  const compressed = seedFiles(/\.gz$/).map((seed) => seed.bytes.slice(0, SEED_BYTES));
  const plain = seedFiles(/\.(pcap|pcapng)$/).slice(0, 12).map((seed) => gzipSync(seed.bytes.slice(0, 4096)));
  const text = seedFiles(/\.tttt\.txt$/).slice(0, 4).map((seed) => gzipSync(seed.bytes.slice(0, 4096)));
  return [...compressed, ...plain, ...text];
}

/** The bytes a gzip input inflates to, as far as it can be inflated (the core reads that far too). */
function inflatedSize(bytes: Uint8Array): number {
  let size = 0;
  const gunzip = new Gunzip((chunk) => (size += chunk.length));
  try {
    gunzip.push(bytes, true);
  } catch {
    // damaged: what came out before the damage
  }
  return size;
}

const textTarget: FuzzTarget<string> = {
  name: 'text',
  description: 'tcpdump text: every rendering of the corpus, pasted text, -x/-X dumps; read from bytes (UTF-8, Latin-1, chunked) and as a string',
  extension: 'txt',
  seeds: () => seedFiles(/\.(txt|tcpdump|tcpd)$/).map((seed) => cutText(Buffer.from(seed.bytes).toString('utf8'), SEED_BYTES)),
  mutate: (input, random, other) => {
    const text = mutateText(input, random, other, MAX_INPUT_BYTES);
    // Now and then bytes that are not UTF-8: the Latin-1 reading.
    if (!random.chance(0.05)) return text;
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length > 0) bytes[random.below(bytes.length)] = 0x80 + random.below(128);
    return bytes.toString('latin1');
  },
  bytesOf: (input) => textBytes(input),
  workSize: (bytes) => bytes.length,
};

/** A string's bytes: UTF-8, unless it is the Latin-1 reading of bytes (then those bytes). */
function textBytes(text: string): Uint8Array {
  // eslint-disable-next-line no-control-regex
  return /^[\u0000-\u00ff]*$/.test(text) && /[\u0080-\u00ff]/.test(text) ? new Uint8Array(Buffer.from(text, 'latin1')) : new Uint8Array(Buffer.from(text, 'utf8'));
}

export const TARGETS: readonly FuzzTarget<any>[] = [
  bytesTarget('pcap', 'libpcap files: either byte order, micro and nanosecond, record headers and lengths', 'pcap', /\.(pcap|cap)$/, PCAP_DICTIONARY),
  {
    ...bytesTarget('pcapng', 'pcapng files: sections, interfaces, options, enhanced/simple/obsolete packet blocks, block lengths', 'pcapng', /\.pcapng$/, PCAPNG_DICTIONARY),
    // Half the time the blocks keep their structure, so that what they hold is fuzzed too.
    mutate: (input: Uint8Array, random: Random, other: Uint8Array) =>
      random.chance(0.5) ? mutatePcapng(input, random, other, PCAPNG_DICTIONARY, MAX_INPUT_BYTES) : mutateBytes(input, random, null, other, PCAPNG_DICTIONARY, MAX_INPUT_BYTES),
  },
  {
    ...bytesTarget('gzip', 'gzip-compressed captures and text: the gzip header and the deflate stream', 'gz', /\.gz$/, [token(0x1f, 0x8b, 8, 0)], gzipSeeds),
    workSize: (bytes: Uint8Array) => Math.max(bytes.length, inflatedSize(bytes)),
  },
  framesTarget('link', 'link layers and encapsulations: Ethernet, VLAN and QinQ tags, SNAP, Linux cooked v1/v2, BSD loopback, PPP, MPLS, PPPoE, GRE, IP-in-IP, VXLAN, Geneve; link types changed', linkFocus, LINK_DICTIONARY, 0.3),
  framesTarget('ip', 'IPv4 (options, fragments, lengths) and IPv6 (extension header chains, jumbograms) headers, and ICMP errors quoting them', ipFocus, IP_DICTIONARY, 0.02, rewriteIpHeader),
  framesTarget('tcp', 'TCP headers: data offset, flags and every option (MSS, window scale, SACK, timestamps, malformed lengths)', tcpFocus, TCP_DICTIONARY, 0.02, rewriteTcpOptions),
  textTarget,
];

export function targetNamed(name: string): FuzzTarget<any> | undefined {
  return TARGETS.find((target) => target.name === name);
}
