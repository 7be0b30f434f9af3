/**
 * Nothing silently empty: frames passed over because their link type,
 * encapsulation or protocol is not decoded, or because they are later IP
 * fragments, are counted and said once per kind, at the first of them; the
 * CLI table lists the sentence, and the editor shows it as the problem on
 * that frame's line (a problem with its offset). A capture that gives no
 * packet and no other problem says so.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeBytes } from '../../src/core/analyze';
import { formatReport } from '../../src/cli/report';
import { EncodedFrame, TestSegment, encodePcap, framesOf } from './helpers/captureEncoder';

const RAW = { type: 'raw' as const, linkType: 101 as const };

function segment(overrides: Partial<TestSegment> = {}): TestSegment {
  return {
    seconds: 1795316117, nanos: 5000, ipVersion: 4, src: [192, 0, 2, 1], dst: [192, 0, 2, 2], sport: 40000, dport: 80,
    seq: 1000, ack: 2000, flags: 0x18, win: 500, payloadLength: 10, ipv4OptionWords: 0, ipv6Extensions: [], tcp: {},
    ...overrides,
  };
}

/** Raw IPv4 frames of TCP segments, each changed by `edit`. */
function rawFrames(count: number, edit: (ip: Uint8Array) => void = () => {}): EncodedFrame[] {
  return framesOf(Array.from({ length: count }, (_, k) => segment({ seq: 1000 + 10 * k })), RAW).map((f) => {
    const data = f.data.slice();
    edit(data);
    return { ...f, data };
  });
}

function pcap(frames: EncodedFrame[], linkType = 101): Uint8Array {
  return encodePcap(frames, { littleEndian: true, nanosecond: false, linkType });
}

function problemsOf(bytes: Uint8Array): { message: string; offset: number | null }[] {
  return analyzeBytes(bytes, 'skipped.pcap').problems.map((p) => ({ message: p.message, offset: p.offset }));
}

const ESP = (ip: Uint8Array) => (ip[9] = 50);
const GRE_PPP = (ip: Uint8Array) => {
  ip[9] = 47;
  ip.set([0, 0, 0x88, 0x0b], 20);
};
const LATER_FRAGMENT = (ip: Uint8Array) => {
  ip[6] = 0x00;
  ip[7] = 0x10;
};
const UDP = (ip: Uint8Array) => (ip[9] = 17);

describe('skipped frames are said once per kind', () => {
  it('a link type that is not decoded, by name', () => {
    const problems = problemsOf(pcap(rawFrames(812), 7));
    assert.deepEqual(problems, [{ message: '812 frames of link type ARCNET (7) not decoded, the first is frame 1', offset: 24 }]);
  });

  it('a link type without a known name, by number', () => {
    assert.deepEqual(problemsOf(pcap(rawFrames(2), 147)).map((p) => p.message), ['2 frames of link type 147 not decoded, the first is frame 1']);
  });

  it('an encapsulation whose payload is not opened, an IP protocol that may hold TCP, later fragments; each at its first frame', () => {
    const frames = [...rawFrames(1), ...rawFrames(2, GRE_PPP), ...rawFrames(3, ESP), ...rawFrames(2, LATER_FRAGMENT), ...rawFrames(1, ESP)];
    const model = analyzeBytes(pcap(frames), 'skipped.pcap');
    assert.equal(model.packetCount, 1);
    assert.deepEqual(
      model.problems.map((p) => p.message),
      [
        '2 frames of GRE carrying protocol 0x880b not decoded, the first is frame 2',
        '4 frames of IP protocol ESP (50) not decoded (TCP inside them cannot be read), the first is frame 4',
        '2 frames with TCP in a later IP fragment skipped (fragments are not reassembled), the first is frame 7',
      ],
    );
    // The offset of the first such frame's record: the editor puts the problem on that frame's line.
    const recordOffset = (frame: number) => 24 + frames.slice(0, frame - 1).reduce((sum, f) => sum + 16 + f.data.length, 0);
    assert.deepEqual(model.problems.map((p) => p.offset), [recordOffset(2), recordOffset(4), recordOffset(7)]);
    const report = formatReport(model);
    assert.match(report, /Problems: 3\n/);
    assert.match(report, /offset \d+: 2 frames of GRE carrying protocol 0x880b not decoded, the first is frame 2\n/);
  });

  it('frames too short for their link-layer header', () => {
    const short = rawFrames(3).map((f) => ({ ...f, data: f.data.subarray(0, 10), originalLength: 10 }));
    assert.deepEqual(problemsOf(pcap(short, 1)).map((p) => p.message), ['3 frames too short for their link-layer header, the first is frame 1']);
  });

  it('a capture without TCP says so, once', () => {
    assert.deepEqual(problemsOf(pcap(rawFrames(5, UDP))).map((p) => p.message), ['none of the 5 frames holds a TCP segment']);
  });

  it('a capture with TCP says nothing of the frames that are not', () => {
    assert.deepEqual(problemsOf(pcap([...rawFrames(2), ...rawFrames(2, UDP)])), []);
  });
});
