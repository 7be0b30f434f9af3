/** Property tests: generated segments, written by the test encoder as pcap/pcapng, decode back to the same fields. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BinaryCaptureDecoder, decodeBinaryCapture } from '../../src/core/capture';
import { DecodedCapture } from '../../src/core/decoded';
import { CapturedFrame } from '../../src/core/capture/frame';
import { TimestampResolution, setPcapngTime } from '../../src/core/capture/pcapngTime';
import { ipv4Text, ipv6Text } from '../../src/core/names';
import { TcpOption } from '../../src/core/packets';
import {
  EncodedFrame,
  LinkSpec,
  PacketBlockKind,
  TestSegment,
  encodePcap,
  encodePcapng,
  framesOf,
  linkTypeOf,
  synSegment,
} from './helpers/captureEncoder';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u16 = fc.integer({ min: 0, max: 0xffff });

const linkArb: fc.Arbitrary<LinkSpec> = fc.oneof(
  fc.record({ type: fc.constant('ethernet' as const), vlanTags: fc.integer({ min: 0, max: 2 }), padTo60: fc.boolean() }),
  fc.constant({ type: 'sll' as const }),
  fc.constant({ type: 'sll2' as const }),
  fc.record({ type: fc.constant('raw' as const), linkType: fc.constantFrom(101 as const, 12 as const, 14 as const) }),
  fc.constant({ type: 'raw-version' as const }),
  fc.record({ type: fc.constant('null' as const), littleEndian: fc.boolean() }),
  fc.constant({ type: 'loop' as const }),
);

function segmentArb(ipVersion: 4 | 6, micros: boolean): fc.Arbitrary<TestSegment> {
  const addr = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: ipVersion === 4 ? 4 : 16, maxLength: ipVersion === 4 ? 4 : 16 });
  return fc.record({
    seconds: fc.integer({ min: 1000, max: 0xffffffff }),
    nanos: fc.integer({ min: 0, max: 999_999 }).map((n) => (micros ? n * 1000 : n * 1000 + (n % 1000))),
    ipVersion: fc.constant(ipVersion),
    src: addr,
    dst: addr,
    sport: u16,
    dport: u16,
    seq: u32,
    ack: u32,
    flags: fc.integer({ min: 0, max: 255 }),
    win: u16,
    payloadLength: fc.integer({ min: 0, max: 300 }),
    ipv4OptionWords: fc.integer({ min: 0, max: 10 }),
    ipv6Extensions: (ipVersion === 6 ? fc.array(fc.constantFrom(0, 60, 43, 44, 51), { maxLength: 3 }) : fc.constant([])) as fc.Arbitrary<number[]>,
    tcp: fc.record(
      {
        mss: u16,
        wscale: fc.integer({ min: 0, max: 14 }),
        sackPermitted: fc.boolean(),
        timestamps: fc.tuple(u32, u32),
        sack: fc.array(fc.tuple(u32, u32), { minLength: 1, maxLength: 3 }),
        unknownBytes: fc.integer({ min: 0, max: 4 }),
      },
      { requiredKeys: [] },
    ),
    snap: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  }).filter((s) => tcpOptionLength(s as TestSegment) <= 40) as fc.Arbitrary<TestSegment>;
}

function tcpOptionLength(s: TestSegment): number {
  const o = s.tcp;
  let n = (o.unknownBytes !== undefined ? 2 + o.unknownBytes : 0) + (o.mss !== undefined ? 4 : 0) + (o.sackPermitted ? 2 : 0);
  n += (o.timestamps ? 12 : 0) + (o.wscale !== undefined ? 4 : 0) + (o.sack ? 4 + 8 * o.sack.length : 0);
  return Math.ceil(n / 4) * 4;
}

/** Bytes before the TCP header in the frame. */
function headersBefore(s: TestSegment, link: LinkSpec): number {
  const linkBytes =
    link.type === 'ethernet' ? 14 + 4 * link.vlanTags : link.type === 'sll' ? 16 : link.type === 'sll2' ? 20 : link.type === 'null' || link.type === 'loop' ? 4 : 0;
  if (s.ipVersion === 4) return linkBytes + 20 + 4 * s.ipv4OptionWords;
  const ext = s.ipv6Extensions.reduce((n, t) => n + (t === 44 ? 8 : t === 51 ? 24 : t === 43 ? 24 : 8), 0);
  return linkBytes + 40 + ext;
}

function addressText(bytes: number[]): string {
  const b = Uint8Array.from(bytes);
  return bytes.length === 4 ? ipv4Text(((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0) : ipv6Text(b, 0);
}

/** Segments whose TCP header (20 bytes) survives the snap length are decoded; the others are frames without a segment. */
function decodable(s: TestSegment, link: LinkSpec): boolean {
  return s.snap === undefined || s.snap >= headersBefore(s, link) + 20;
}

function assertDecodedAs(d: DecodedCapture, segments: TestSegment[], link: LinkSpec, times?: number[]): void {
  assert.equal(d.frameCount, segments.length);
  const kept = segments.map((s, i) => ({ s, n: i + 1 })).filter(({ s }) => decodable(s, link));
  assert.equal(d.packets.length, kept.length);
  const p = d.packets;
  kept.forEach(({ s, n }, i) => {
    assert.equal(p.frame[i], n);
    assert.equal(p.names.addressText(p.src[i]), addressText(s.src));
    assert.equal(p.names.addressText(p.dst[i]), addressText(s.dst));
    assert.deepEqual(
      [p.sport[i], p.dport[i], p.seq[i], p.ack[i], p.flags[i], p.win[i], p.len[i]],
      [s.sport, s.dport, s.seq, s.ack, s.flags, s.win, s.payloadLength],
    );
    const time = times ? times[n - 1] : s.seconds + s.nanos / 1e9;
    assert.ok(Math.abs(p.time[i] - time) < 1e-6, `time ${p.time[i]} vs ${time}`);
    const optionsCaptured = s.snap === undefined || s.snap >= headersBefore(s, link) + 20 + tcpOptionLength(s);
    if (!optionsCaptured) return;
    const o = s.tcp;
    assert.equal(!!(p.options[i] & TcpOption.MSS), o.mss !== undefined);
    if (o.mss !== undefined) assert.equal(p.mss[i], o.mss);
    if (o.wscale !== undefined) assert.equal(p.wscale[i], o.wscale);
    assert.equal(!!(p.options[i] & TcpOption.SACK_PERMITTED), !!o.sackPermitted);
    if (o.timestamps) assert.deepEqual([p.tsVal[i], p.tsEcr[i]], o.timestamps);
    if (o.sack) {
      assert.equal(p.sackCount[i], o.sack.length);
      const start = p.sackStart[i];
      assert.deepEqual([...p.sackEdges.subarray(2 * start, 2 * start + 2 * o.sack.length)], o.sack.flat());
    }
  });
}

function decodeInChunks(bytes: Uint8Array, cuts: number[]): DecodedCapture {
  const decoder = new BinaryCaptureDecoder();
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
    decoder.push(bytes.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  decoder.push(bytes.subarray(at));
  return decoder.end();
}

const scenario = fc
  .record({ ipVersion: fc.constantFrom(4 as const, 6 as const), micros: fc.boolean() })
  .chain(({ ipVersion, micros }) =>
    fc.record({
      micros: fc.constant(micros),
      link: linkArb,
      segments: fc.array(segmentArb(ipVersion, micros), { maxLength: 8 }),
      littleEndian: fc.boolean(),
      cuts: fc.array(fc.nat(), { maxLength: 5 }),
    }),
  );

describe('pcap round trip (property)', () => {
  it('decodes generated segments back, whole or in chunks', () => {
    fc.assert(
      fc.property(scenario, ({ micros, link, segments, littleEndian, cuts }) => {
        const ipVersion = segments[0]?.ipVersion ?? 4;
        const bytes = encodePcap(framesOf(segments, link), { littleEndian, nanosecond: !micros, linkType: linkTypeOf(link, ipVersion) });
        const d = decodeBinaryCapture(bytes);
        assertDecodedAs(d, segments, link);
        assertDecodedAs(decodeInChunks(bytes, cuts), segments, link);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * The part of a second, `nanos` ns, that a pcapng interface with this
 * if_tsresol byte (undefined: microseconds) keeps: whole units only.
 */
function truncatedFraction(nanos: number, tsresol: number | undefined): number {
  const r = tsresol ?? 6;
  const unitsPerSecond = r & 0x80 ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r);
  return Number((BigInt(nanos) * unitsPerSecond) / 1_000_000_000n) / Number(unitsPerSecond);
}

describe('pcapng round trip (property)', () => {
  it('decodes generated segments back across interfaces, resolutions and block kinds', () => {
    const tsresol = fc.constantFrom<number | undefined>(undefined, 0, 3, 6, 9, 0x80 | 10, 0x80 | 20, 0x80 | 30);
    fc.assert(
      fc.property(
        scenario,
        fc.array(fc.record({ link: linkArb, tsresol, tsoffset: fc.integer({ min: 0, max: 1000 }) }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.constantFrom<PacketBlockKind>('epb', 'epb', 'pb', 'spb'), { maxLength: 8 }),
        fc.boolean(),
        ({ segments, littleEndian, cuts }, interfaces, interfaceChoice, kinds, extraBlocks) => {
          // Each frame goes to an interface; a simple packet block always means interface 0 and carries no time.
          const frames: EncodedFrame[] = [];
          const links: LinkSpec[] = [];
          const used = segments.map((s, i) => {
            const kind = kinds[i] ?? 'epb';
            const iface = kind === 'spb' ? 0 : (interfaceChoice[i] ?? 0) % interfaces.length;
            const seg = kind === 'spb' ? { ...s, snap: undefined } : s;
            const [frame] = framesOf([seg], interfaces[iface].link);
            frames.push({ ...frame, interfaceId: iface });
            links.push(interfaces[iface].link);
            return seg;
          });
          const bytes = encodePcapng(frames, {
            littleEndian,
            interfaces: interfaces.map((i) => ({ linkType: linkTypeOf(i.link, segments[0]?.ipVersion ?? 4), tsresol: i.tsresol, tsoffset: i.tsoffset })),
            kinds,
            extraBlocks,
          });
          // Expected times: the file holds the generated time cut down to whole units of the interface's
          // resolution (counted exactly, in integers: a float product such as 0.999999999 * 1 + ε can
          // round up to the next unit); a simple packet block repeats the previous frame's time.
          const times: number[] = [];
          used.forEach((s, i) => {
            const kind = kinds[i] ?? 'epb';
            if (kind === 'spb') return times.push(i === 0 ? 0 : times[i - 1]);
            times.push(s.seconds + truncatedFraction(s.nanos, interfaces[frames[i].interfaceId!].tsresol));
          });
          for (const d of [decodeBinaryCapture(bytes), decodeInChunks(bytes, cuts)]) {
            assert.equal(d.frameCount, used.length);
            if (used.length === 0) {
              // A file of headers alone says so.
              assert.deepEqual(d.problems.list().map((p) => p.text?.key), ['problemCaptureNoFrames']);
            } else if (used.every((s, k) => decodable(s, links[k]))) assert.equal(d.problems.count, 0, JSON.stringify(d.problems.list()));
            let i = 0;
            used.forEach((s, k) => {
              if (!decodable(s, links[k])) return;
              assert.equal(d.packets.frame[i], k + 1);
              assert.equal(d.packets.seq[i], s.seq);
              assert.equal(d.packets.len[i], s.payloadLength);
              assert.ok(Math.abs(d.packets.time[i] - times[k]) < 1e-6, `frame ${k + 1}: ${d.packets.time[i]} vs ${times[k]}`);
              i++;
            });
            assert.equal(d.packets.length, i);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('pcapng timestamps', () => {
  it('converts every resolution exactly, with the offset', () => {
    const frame = new CapturedFrame();
    const r = new TimestampResolution();
    const split = (n: bigint): [number, number] => [Number(n >> 32n), Number(n & 0xffffffffn)];
    r.setFromOption(9);
    setPcapngTime(frame, ...split(1795316117_113839999n), r);
    assert.deepEqual([frame.seconds, frame.nanos], [1795316117, 113839999]);
    r.setFromOption(12);
    r.offsetSeconds = 1795316000;
    setPcapngTime(frame, ...split(117_113839999123n), r);
    assert.deepEqual([frame.seconds, frame.nanos], [1795316117, 113839999]);
    r.setFromOption(0x80 | 1);
    r.offsetSeconds = 0;
    setPcapngTime(frame, 0, 7, r);
    assert.deepEqual([frame.seconds, frame.nanos], [3, 500000000]);
    r.setFromOption(0);
    setPcapngTime(frame, 1, 5, r);
    assert.deepEqual([frame.seconds, frame.nanos], [4294967301, 0]);
  });

  it('keeps whole units of the resolution: 1000.999999999 s is 1000 at 1 s resolution (the shrunk counterexample of the property)', () => {
    const frames = framesOf([synSegment(4, 40000, { seconds: 1000, nanos: 999_999_999 })], { type: 'raw-version' });
    const timeAt = (tsresol: number, tsoffset: number) =>
      decodeBinaryCapture(encodePcapng(frames, { littleEndian: false, interfaces: [{ linkType: 228, tsresol, tsoffset }] })).packets.time[0];
    assert.equal(timeAt(0, 0), 1000);
    assert.equal(timeAt(0, 1000), 1000);
    assert.equal(timeAt(9, 0), 1000.999999999);
    assert.equal(timeAt(3, 7), 1000.999);
  });
});
