/** The text view of binary captures against tcpdump 4.99's own `-n -tttt` output. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CaptureTextRenderer, renderCaptureText } from '../../src/core/render/captureText';
import { decodeBinaryCapture } from '../../src/core/capture';
import { captureFixtures, fixtureBytes, tcpdumpLines } from './helpers/captureFixtures';
import { TestSegment, encodePcap, encodePcapng, framesOf } from './helpers/captureEncoder';

function renderLines(bytes: Uint8Array): string[] {
  return renderCaptureText(bytes).text.split('\n').slice(0, -1);
}

describe('text view equals tcpdump -n -tttt', () => {
  for (const file of captureFixtures().filter((f) => tcpdumpLines(f) !== null)) {
    it(file, () => {
      const { text, problems } = renderCaptureText(fixtureBytes(file));
      assert.deepEqual(problems, []);
      const lines = text.split('\n');
      assert.equal(lines.pop(), '', 'text ends with a newline');
      const expected = tcpdumpLines(file)!;
      for (let i = 0; i < Math.max(lines.length, expected.length); i++) assert.equal(lines[i], expected[i], `${file} line ${i + 1}`);
      assert.equal(lines.length, decodeBinaryCapture(fixtureBytes(file)).frameCount, 'one line per frame');
    });
  }

  it('renders the same line by line from chunks', () => {
    const bytes = fixtureBytes('pcapng-two-interfaces.pcapng');
    const whole = renderLines(bytes);
    const got: Array<[string, number]> = [];
    const renderer = new CaptureTextRenderer((line, frame) => got.push([line, frame]));
    for (let at = 0; at < bytes.length; at += 13) renderer.push(bytes.subarray(at, at + 13));
    assert.deepEqual(renderer.end(), []);
    assert.deepEqual(got.map(([line]) => line), whole);
    assert.deepEqual(got.map(([, frame]) => frame), whole.map((_, i) => i + 1));
  });
});

describe('text view of damaged input', () => {
  it('keeps one line per frame across a corrupt record', () => {
    const { text, problems } = renderCaptureText(fixtureBytes('broken-corrupt-record-length.pcap'));
    const lines = text.split('\n').slice(0, -1);
    assert.equal(lines.length, 12);
    // stamped with the previous frame's time, so a text reader counts it as frame 6
    assert.match(lines[5], /^2026-11-22 02:55:23\.102452 \[frame 6: damaged record at offset 402\]$/);
    assert.match(lines[6], /^2026-11-22 /);
    assert.equal(problems[0].offset, 402);
  });

  it('truncated file: the lines before, and a problem', () => {
    const { text, problems } = renderCaptureText(fixtureBytes('broken-truncated-mid-record.pcap'));
    assert.equal(text.split('\n').length - 1, 9);
    assert.equal(problems.length, 1);
  });

  it('unreadable input gives a problem, not an exception', () => {
    for (const file of ['broken-empty.pcap', 'broken-random-bytes.pcap']) {
      const { text, problems } = renderCaptureText(fixtureBytes(file));
      assert.equal(text, '');
      assert.equal(problems.length, 1);
    }
  });

  it('random bytes after a valid header never throw', () => {
    const header = fixtureBytes('http-clean-client-close.pcap').subarray(0, 24);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (random) => {
        const bytes = new Uint8Array(24 + random.length);
        bytes.set(header);
        bytes.set(random, 24);
        renderCaptureText(bytes);
      }),
      { numRuns: 300 },
    );
  });
});

function segment(overrides: Partial<TestSegment> = {}): TestSegment {
  return {
    seconds: 1795316117, nanos: 113839000, ipVersion: 4, src: [192, 0, 2, 1], dst: [192, 0, 2, 2], sport: 40001, dport: 5000,
    seq: 1000, ack: 0, flags: 0x02, win: 64240, payloadLength: 0, ipv4OptionWords: 0, ipv6Extensions: [], tcp: {},
    ...overrides,
  };
}

describe('tcpdump details on generated frames', () => {
  it('relative numbers: absolute without ACK, first ACK and any SYN+ACK set the base', () => {
    const reply = { src: [192, 0, 2, 2], dst: [192, 0, 2, 1], sport: 5000, dport: 40001 };
    const segments = [
      segment({ tcp: { mss: 1460, sackPermitted: true, timestamps: [7, 0], wscale: 7 } }),
      segment({ ...reply, seq: 9000, ack: 1001, flags: 0x12 }),
      segment({ seq: 1001, ack: 9001, flags: 0x10 }),
      segment({ seq: 1001, ack: 9001, flags: 0x18, payloadLength: 10 }),
      segment({ ...reply, seq: 9001, ack: 1011, flags: 0x10, tcp: { sack: [[1021, 1031]] } }),
      segment({ seq: 1031, flags: 0x04 }),
    ];
    const lines = renderLines(encodePcap(framesOf(segments, { type: 'ethernet', vlanTags: 1, padTo60: true }), { littleEndian: true, nanosecond: false, linkType: 1 }));
    assert.deepEqual(lines.map((l) => l.slice(27)), [
      'IP 192.0.2.1.40001 > 192.0.2.2.5000: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,nop,nop,TS val 7 ecr 0,nop,wscale 7,eol], length 0',
      'IP 192.0.2.2.5000 > 192.0.2.1.40001: Flags [S.], seq 9000, ack 1001, win 64240, length 0',
      'IP 192.0.2.1.40001 > 192.0.2.2.5000: Flags [.], ack 1, win 64240, length 0',
      'IP 192.0.2.1.40001 > 192.0.2.2.5000: Flags [P.], seq 1:11, ack 1, win 64240, length 10',
      'IP 192.0.2.2.5000 > 192.0.2.1.40001: Flags [.], ack 11, win 64240, options [nop,nop,sack 1 {21:31}], length 0',
      'IP 192.0.2.1.40001 > 192.0.2.2.5000: Flags [R], seq 1031, win 64240, length 0',
    ]);
    assert.equal(lines[0].slice(0, 27), '2026-11-22 02:55:17.113839 ');
  });

  it('IPv6 with extension headers prints the addresses first, then the headers, then the ports alone (as tcpdump 4.99.3 does)', () => {
    const a = new Array(16).fill(0);
    a[0] = 0x20; a[1] = 0x01; a[2] = 0x0d; a[3] = 0xb8; a[15] = 1;
    const b = [...a];
    b[15] = 2;
    const lines = renderLines(encodePcapng(framesOf([segment({ ipVersion: 6, src: a, dst: b, ipv6Extensions: [0] })], { type: 'raw', linkType: 101 }), {
      littleEndian: false, interfaces: [{ linkType: 101, tsresol: 9 }],
    }));
    assert.equal(lines[0].slice(27), 'IP6 2001:db8::1 > 2001:db8::2: HBH 40001 > 5000: Flags [S], seq 1000, win 64240, length 0');
  });

  it('SLL2 lines carry the interface and direction columns', () => {
    const lines = renderLines(encodePcap(framesOf([segment()], { type: 'sll2' }), { littleEndian: true, nanosecond: true, linkType: 276 }));
    assert.match(lines[0], /^\S+ \S+ \?     In  IP 192\.0\.2\.1\.40001 > /);
  });

  it('the HTTP first line follows the length', () => {
    const bytes = fixtureBytes('http-clean-client-close.pcap');
    assert.match(renderLines(bytes)[5], /length 94: HTTP: GET \/index\.txt HTTP\/1\.1$/);
  });
});
