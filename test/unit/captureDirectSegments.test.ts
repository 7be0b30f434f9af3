import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BinaryCaptureDecoder } from '../../src/core/capture';
import { DecodedCapture, UnreadableInputError } from '../../src/core/decoded';
import { PacketTable } from '../../src/core/packets';
import { LinkSpec, TestSegment, encodePcap, framesOf, linkTypeOf } from './helpers/captureEncoder';

const root = resolve(__dirname, '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures');
const corpus = join(process.env.TCP_LENS_SHARED ?? resolve(root, '..', 'shared'), 'corpus');

/** Every binary capture under `dir`, at any depth. */
function capturesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return capturesUnder(path);
    return /\.(pcap|pcapng|cap)(\.gz)?$/.test(entry.name) ? [path] : [];
  });
}

const COLUMNS = [
  'frame', 'line', 'time', 'src', 'dst', 'sport', 'dport', 'flags', 'seq', 'ack', 'known', 'len', 'win',
  'options', 'mss', 'wscale', 'tsVal', 'tsEcr', 'sackStart', 'sackCount',
] as const satisfies readonly (keyof PacketTable)[];

interface Decoding {
  decoded: DecodedCapture | null;
  unreadable: string | null;
  decoder: BinaryCaptureDecoder;
}

function decode(bytes: Uint8Array, direct: boolean, chunkBytes: number): Decoding {
  const decoder = new BinaryCaptureDecoder(undefined, undefined, true, direct);
  try {
    for (let at = 0; at < bytes.length; at += chunkBytes) decoder.push(bytes.subarray(at, at + chunkBytes));
    return { decoded: decoder.end(), unreadable: null, decoder };
  } catch (e) {
    if (!(e instanceof UnreadableInputError)) throw e;
    return { decoded: null, unreadable: String(e.message), decoder };
  }
}

/** Returns how many segments the direct path took. */
function assertSameDecoding(path: string, chunkBytes: number): number {
  return assertSameDecodingOf(new Uint8Array(readFileSync(path)), chunkBytes);
}

function assertSameDecodingOf(bytes: Uint8Array, chunkBytes: number): number {
  const direct = decode(bytes, true, chunkBytes);
  const general = decode(bytes, false, chunkBytes);
  assert.equal(direct.unreadable, general.unreadable, 'unreadable');
  if (direct.decoded === null || general.decoded === null) return 0;
  const a = direct.decoded;
  const b = general.decoded;
  assert.equal(a.frameCount, b.frameCount, 'frame count');
  assert.equal(a.packets.length, b.packets.length, 'segment count');
  const n = b.packets.length;
  for (const column of COLUMNS) {
    assert.deepEqual(a.packets[column].subarray(0, n), b.packets[column].subarray(0, n), column);
  }
  const sackEdges = 2 * (n === 0 ? 0 : b.packets.sackStart[n - 1] + b.packets.sackCount[n - 1]);
  assert.deepEqual(a.packets.sackEdges.subarray(0, sackEdges), b.packets.sackEdges.subarray(0, sackEdges), 'sackEdges');
  assert.deepEqual(a.packets.icmpErrors, b.packets.icmpErrors, 'icmpErrors');
  assert.equal(a.packets.names.addressCount, b.packets.names.addressCount, 'address count');
  for (let id = 0; id < b.packets.names.addressCount; id++) {
    assert.equal(a.packets.names.addressText(id), b.packets.names.addressText(id), `address ${id}`);
    assert.equal(a.packets.names.addressScope(id), b.packets.names.addressScope(id), `address ${id} scope`);
  }
  assert.deepEqual(a.problems.list(), b.problems.list(), 'problems');
  assert.deepEqual(direct.decoder.frameOffsets, general.decoder.frameOffsets, 'frame offsets');
  assert.equal(general.decoder.directSegments, 0);
  return direct.decoder.directSegments;
}

describe('common frames decoded straight into the packet table', () => {
  const files = [...capturesUnder(fixtures), ...capturesUnder(corpus)];

  it('finds captures to compare', () => {
    assert.ok(files.length > 50, `${files.length} captures`);
  });

  it('takes the common frames directly: Ethernet, raw IP, Linux cooked (v1, v2), IPv4 and IPv6', () => {
    const capture = (name: string) => join(fixtures, 'capture', name);
    for (const name of ['http-clean-client-close.pcap', 'ipv6-http.pcap', 'linktype-rawip-tun.pcap', 'linktype-sll-any.pcap', 'linktype-sll2-any.pcap']) {
      const bytes = new Uint8Array(readFileSync(capture(name)));
      const { decoded, decoder } = decode(bytes, true, 1 << 20);
      assert.ok(decoder.directSegments > 0 && decoder.directSegments <= decoded!.packets.length, `${name}: ${decoder.directSegments}`);
    }
  });

  for (const path of files) {
    it(`reads ${path.slice(path.lastIndexOf('/', path.lastIndexOf('/') - 1) + 1)} as the general decoder does, column by column`, () => {
      assertSameDecoding(path, 1 << 20);
      assertSameDecoding(path, 97);
    });
  }
});

describe('common frames, generated and cut anywhere', () => {
  const u32 = fc.integer({ min: 0, max: 0xffffffff });
  const u16 = fc.integer({ min: 0, max: 0xffff });
  const segment = (ipVersion: 4 | 6): fc.Arbitrary<TestSegment> =>
    fc.record({
      seconds: u32,
      nanos: fc.integer({ min: 0, max: 999_999 }).map((n) => n * 1000),
      ipVersion: fc.constant(ipVersion),
      src: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: ipVersion === 4 ? 4 : 16, maxLength: ipVersion === 4 ? 4 : 16 }),
      dst: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: ipVersion === 4 ? 4 : 16, maxLength: ipVersion === 4 ? 4 : 16 }),
      sport: u16,
      dport: u16,
      seq: u32,
      ack: u32,
      flags: fc.integer({ min: 0, max: 255 }),
      win: u16,
      payloadLength: fc.integer({ min: 0, max: 40 }),
      ipv4OptionWords: fc.constantFrom(0, 0, 1),
      ipv6Extensions: fc.constant([]),
      // Timestamps alone (the most common options, read at once) more often than not, else any mix.
      tcp: fc.oneof(
        u32.chain((tsVal) => u32.map((tsEcr) => ({ timestamps: [tsVal, tsEcr] as [number, number] }))),
        fc.record({ mss: u16, wscale: fc.integer({ min: 0, max: 14 }), sackPermitted: fc.boolean(), timestamps: fc.tuple(u32, u32) }, { requiredKeys: [] }),
      ),
      snap: fc.option(fc.integer({ min: 0, max: 110 }), { nil: undefined }),
    });
  const link: fc.Arbitrary<LinkSpec> = fc.constantFrom<LinkSpec>({ type: 'ethernet', vlanTags: 0, padTo60: false }, { type: 'sll' }, { type: 'raw', linkType: 101 });

  it('are read as the general decoder reads them, column by column', () => {
    fc.assert(
      fc.property(fc.constantFrom(4 as const, 6 as const).chain((v) => fc.tuple(fc.array(segment(v), { minLength: 1, maxLength: 6 }), link)), ([segments, l]) => {
        const bytes = encodePcap(framesOf(segments, l), { littleEndian: true, nanosecond: false, linkType: linkTypeOf(l, segments[0].ipVersion) });
        assertSameDecodingOf(bytes, 1 << 20);
        assertSameDecodingOf(bytes, 53);
      }),
      { numRuns: 400 },
    );
  });
});
