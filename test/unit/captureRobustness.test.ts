/**
 * Damaged and hostile input: nothing throws but UnreadableInputError, packets
 * before damage are kept. The decoder turns a defect of its own into a
 * problem instead of throwing, so every run also asserts that none appeared.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BinaryCaptureDecoder, decodeBinaryCapture } from '../../src/core/capture';
import { DecodedCapture, UnreadableInputError } from '../../src/core/decoded';
import { isInternalErrorProblem, type Problem } from '../../src/core/problems';
import { fixtureBytes } from './helpers/captureFixtures';
import { TestSegment, encodePcap, encodePcapng, framesOf } from './helpers/captureEncoder';

/** The decoder catches its own exceptions and reports them as problems: one of those is a failure here. */
function assertNoInternalError(problems: readonly Problem[]): void {
  const internal = problems.find(isInternalErrorProblem);
  assert.equal(internal, undefined, internal?.message);
}

function decodeOrUnreadable(bytes: Uint8Array): DecodedCapture | null {
  try {
    const decoded = decodeBinaryCapture(bytes);
    assertNoInternalError(decoded.problems.list());
    return decoded;
  } catch (e) {
    assert.ok(e instanceof UnreadableInputError, `unexpected ${String(e)}`);
    assert.ok(!e.message.includes('\n'));
    return null;
  }
}

function frames(d: DecodedCapture): number[] {
  return [...d.packets.frame.subarray(0, d.packets.length)];
}

function segment(overrides: Partial<TestSegment> = {}): TestSegment {
  return {
    seconds: 1795316117, nanos: 5000, ipVersion: 4, src: [192, 0, 2, 1], dst: [192, 0, 2, 2], sport: 40000, dport: 80,
    seq: 1000, ack: 2000, flags: 0x18, win: 500, payloadLength: 10, ipv4OptionWords: 0, ipv6Extensions: [], tcp: {},
    ...overrides,
  };
}

const ETHERNET = { type: 'ethernet' as const, vlanTags: 0, padTo60: false };

function u32At(bytes: Uint8Array, at: number, value: number, littleEndian: boolean): void {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, value, littleEndian);
}

describe('every truncation point', () => {
  for (const file of ['http-clean-client-close.pcap', 'pcapng-two-interfaces.pcapng', 'http-gzip.pcap.gz', 'format-pcap-nsec-be.pcap']) {
    it(`${file}: never throws, gives a prefix of the packets`, () => {
      const bytes = fixtureBytes(file);
      const all = frames(decodeBinaryCapture(bytes));
      let previous = 0;
      for (let cut = 0; cut <= bytes.length; cut++) {
        const d = decodeOrUnreadable(bytes.subarray(0, cut));
        if (d === null) continue;
        const got = frames(d);
        assert.deepEqual(got, all.slice(0, got.length), `cut at ${cut}`);
        assert.ok(got.length >= previous, 'more bytes never give fewer packets');
        previous = got.length;
      }
      assert.equal(previous, all.length);
    });
  }
});

describe('random bytes', () => {
  it('never throw anything but UnreadableInputError, alone or after a valid header', () => {
    const header = fixtureBytes('http-clean-client-close.pcap').subarray(0, 24);
    const ngHeader = fixtureBytes('format-pcapng.pcapng').subarray(0, 28);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom('none', 'pcap', 'pcapng'), (random, prefix) => {
        const head = prefix === 'pcap' ? header : prefix === 'pcapng' ? ngHeader : new Uint8Array(0);
        const bytes = new Uint8Array(head.length + random.length);
        bytes.set(head);
        bytes.set(random, head.length);
        decodeOrUnreadable(bytes);
        const decoder = new BinaryCaptureDecoder();
        try {
          for (let at = 0; at < bytes.length; at += 97) decoder.push(bytes.subarray(at, at + 97));
          decoder.end();
        } catch (e) {
          assert.ok(e instanceof UnreadableInputError);
        }
        assert.equal(decoder.internalError, null);
        assertNoInternalError(decoder.problems.list());
      }),
      { numRuns: 400 },
    );
  });

  it('the corpus random file is unreadable', () => {
    assert.throws(() => decodeBinaryCapture(fixtureBytes('broken-random-bytes.pcap')), UnreadableInputError);
  });
});

describe('corrupt lengths', () => {
  it('a huge pcap captured length allocates nothing big and is reported at its offset', () => {
    const bytes = encodePcap(framesOf([segment(), segment({ seq: 1010 }), segment({ seq: 1020 })], ETHERNET), {
      littleEndian: true, nanosecond: false, linkType: 1, snapLength: 0x7fffffff,
    });
    const second = 24 + 16 + (bytes.length - 24) / 3 - 16;
    u32At(bytes, second + 8, 0x7ffffff0, true);
    const before = process.memoryUsage().arrayBuffers;
    const decoder = new BinaryCaptureDecoder();
    for (let at = 0; at < bytes.length; at += 10) decoder.push(bytes.subarray(at, at + 10));
    const d = decoder.end();
    assert.ok(process.memoryUsage().arrayBuffers - before < 8 << 20);
    assert.deepEqual(frames(d), [1, 3]);
    assert.equal(d.problems.list()[0].offset, second);
  });

  it('a corrupt length on the last record stops with a problem', () => {
    const bytes = encodePcap(framesOf([segment(), segment({ seq: 1010 })], ETHERNET), { littleEndian: false, nanosecond: true, linkType: 1 });
    const last = 24 + (bytes.length - 24) / 2;
    u32At(bytes, last + 8, 10 << 20, false);
    const d = decodeBinaryCapture(bytes);
    assert.deepEqual(frames(d), [1]);
    assert.equal(d.frameCount, 2);
    assert.ok(d.problems.list().some((p) => p.offset === last));
  });

  const ng = () => encodePcapng(framesOf([segment(), segment({ seq: 1010 }), segment({ seq: 1020 })], ETHERNET), {
    littleEndian: true, interfaces: [{ linkType: 1, tsresol: 9 }],
  });
  // SHB 28 bytes, IDB 32 bytes (with if_tsresol), then three EPBs of equal size.
  const epb = (bytes: Uint8Array, k: number) => 28 + 32 + k * ((bytes.length - 60) / 3);

  for (const [name, damage] of [
    ['not a multiple of 4', (b: Uint8Array, at: number) => u32At(b, at + 4, 98, true)],
    ['shorter than a block', (b: Uint8Array, at: number) => u32At(b, at + 4, 8, true)],
    ['huge', (b: Uint8Array, at: number) => u32At(b, at + 4, 0xfffffff0, true)],
    ['trailing length mismatch', (b: Uint8Array, at: number) => u32At(b, epb(b, 2) - 4, 4, true)],
  ] as const) {
    it(`pcapng block length ${name}: reported, the next block found again`, () => {
      const bytes = ng();
      const at = epb(bytes, 1);
      damage(bytes, at);
      const d = decodeBinaryCapture(bytes);
      assert.deepEqual(frames(d), [1, 3]);
      assert.equal(d.problems.list()[0].offset, at);
    });
  }

  it('pcapng packet block whose captured length exceeds the block', () => {
    const bytes = ng();
    u32At(bytes, epb(bytes, 0) + 20, 5000, true);
    const d = decodeBinaryCapture(bytes);
    assert.deepEqual(frames(d), [2, 3]);
    assert.equal(d.frameCount, 3);
    assert.equal(d.problems.list()[0].offset, epb(bytes, 0));
  });

  it('pcapng packet on an undescribed interface', () => {
    const bytes = ng();
    u32At(bytes, epb(bytes, 1) + 8, 4, true);
    const d = decodeBinaryCapture(bytes);
    assert.deepEqual(frames(d), [1, 3]);
    assert.match(d.problems.list()[0].message, /interface 4/);
  });
});

describe('IP details', () => {
  it('Ethernet padding is not payload; a snap length does not shorten the payload', () => {
    const frames1 = framesOf([segment({ payloadLength: 0 }), segment({ payloadLength: 1400, snap: 80 })], { type: 'ethernet', vlanTags: 2, padTo60: true });
    const d = decodeBinaryCapture(encodePcap(frames1, { littleEndian: true, nanosecond: false, linkType: 1 }));
    assert.deepEqual([...d.packets.len.subarray(0, 2)], [0, 1400]);
    assert.equal(d.problems.count, 0);
  });

  it('a later IPv4 fragment is skipped with a problem; a first fragment is decoded', () => {
    const [frame] = framesOf([segment()], { type: 'raw', linkType: 101 });
    const later = frame.data.slice();
    later[6] = 0x00;
    later[7] = 0x10; // offset 128 bytes
    const bytes = encodePcap([frame, { ...frame, data: later }], { littleEndian: true, nanosecond: false, linkType: 101 });
    const d = decodeBinaryCapture(bytes);
    assert.deepEqual(frames(d), [1]);
    assert.equal(d.frameCount, 2);
    assert.match(d.problems.list()[0].message, /fragment/);
  });

  it('a later IPv6 fragment is skipped with a problem', () => {
    const [frame] = framesOf([segment({ ipVersion: 6, src: new Array(16).fill(1), dst: new Array(16).fill(2), ipv6Extensions: [0, 44] })], { type: 'raw', linkType: 101 });
    const later = frame.data.slice();
    later[40 + 8 + 3] = 0x80; // fragment offset 128
    const d = decodeBinaryCapture(encodePcap([frame, { ...frame, data: later }], { littleEndian: false, nanosecond: false, linkType: 101 }));
    assert.deepEqual(frames(d), [1]);
    assert.equal(d.problems.count, 1);
  });

  it('a zero IPv4 total length (TSO) takes the length from the frame', () => {
    const [frame] = framesOf([segment({ payloadLength: 3000 })], { type: 'raw', linkType: 101 });
    frame.data[2] = frame.data[3] = 0;
    const d = decodeBinaryCapture(encodePcap([frame], { littleEndian: true, nanosecond: false, linkType: 101 }));
    assert.equal(d.packets.len[0], 3000);
  });

  it('a malformed TCP option list stops option parsing but keeps the segment', () => {
    const [frame] = framesOf([segment({ tcp: { mss: 1460, timestamps: [5, 6] } })], { type: 'raw', linkType: 101 });
    frame.data[20 + 20 + 4 + 2 + 1] = 40; // the timestamp option's length points past the header
    const d = decodeBinaryCapture(encodePcap([frame], { littleEndian: true, nanosecond: false, linkType: 101 }));
    assert.equal(d.packets.length, 1);
    assert.equal(d.packets.mss[0], 1460);
    assert.equal(d.packets.tsVal[0], 0);
  });

  it('non-TCP frames count as frames and are skipped silently', () => {
    const d = decodeBinaryCapture(fixtureBytes('ipv6-http.pcap'));
    assert.equal(d.frameCount, 21);
    assert.equal(d.packets.length, 13);
    assert.equal(d.problems.count, 0);
  });
});
