/**
 * ICMP and ICMPv6 "destination unreachable" quoting TCP in binary captures:
 * recorded in packets.icmpErrors, never as packets, and printed in the text
 * view as tcpdump 4.99 prints them, so that the text view reads back to the
 * same errors.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBinaryCapture } from '../../src/core/capture';
import { renderCaptureText } from '../../src/core/render/captureText';
import { PacketTable } from '../../src/core/packets';
import { ProblemLog } from '../../src/core/problems';
import { decodeTcpdumpText } from '../../src/core/text';
import {
  LinkSpec,
  TestIcmpError,
  TestSegment,
  encodePcap,
  icmpErrorFrame,
  linkTypeOf,
  LAB,
  synSegment,
  unreachableSamplesPcap,
} from './helpers/captureEncoder';
import { ShownIcmpError, showIcmpError } from './helpers/icmpView';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const SYN_REJECTED = join(FIXTURES, 'unseen', 'syn-rejected-icmp');
const CODES = join(FIXTURES, 'capture', 'icmp', 'unreachable-codes');

function shown(packets: PacketTable): ShownIcmpError[] {
  return packets.icmpErrors.map((e) => showIcmpError(packets, e));
}

function binaryErrors(bytes: Uint8Array): ShownIcmpError[] {
  return shown(decodeBinaryCapture(bytes).packets);
}

function textErrors(text: string): ShownIcmpError[] {
  const packets = new PacketTable();
  const problems = new ProblemLog();
  decodeTcpdumpText(text, packets, problems);
  assert.deepEqual(problems.list(), []);
  return shown(packets);
}

function timestampedLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => /^\d{4}-/.test(l));
}

const { client4, server4, router4, client6, server6 } = LAB;

function syn(ipVersion: 4 | 6, sport: number, more: Partial<TestSegment> = {}): TestSegment {
  return synSegment(ipVersion, sport, {
    seconds: 1795319000,
    dport: 443,
    seq: 7,
    tcp: { mss: 1460, sackPermitted: true, timestamps: [1, 0], wscale: 7 },
    ...more,
  });
}

function pcapOf(errors: TestIcmpError[], link: LinkSpec = { type: 'ethernet', vlanTags: 0, padTo60: true }, snap?: number): Uint8Array {
  const frames = errors.map((e) => {
    const frame = icmpErrorFrame(e, link);
    return snap === undefined || snap >= frame.data.length ? frame : { ...frame, data: frame.data.subarray(0, snap) };
  });
  return encodePcap(frames, { littleEndian: true, nanosecond: false, linkType: linkTypeOf(link, errors[0].quoted.ipVersion) });
}

describe('binary captures: ICMP unreachables quoting TCP', () => {
  it('syn-rejected-icmp.pcap: the ICMP and ICMPv6 port unreachables, not as packets', () => {
    const decoded = decodeBinaryCapture(new Uint8Array(readFileSync(SYN_REJECTED + '.pcap')));
    assert.deepEqual(shown(decoded.packets), [
      { frame: 7, line: 7, time: 1795319876.703566, src: '198.51.100.1', sport: 36152, dst: '203.0.113.2', dport: 8081, reason: 'port unreachable', hard: true },
      { frame: 11, line: 11, time: 1795319876.957983, src: '2001:db8:1::1', sport: 38250, dst: '2001:db8:2::2', dport: 8081, reason: 'unreachable port', hard: true },
      { frame: 14, line: 14, time: 1795319877.959951, src: '2001:db8:1::1', sport: 38250, dst: '2001:db8:2::2', dport: 8081, reason: 'unreachable port', hard: true },
    ]);
    assert.deepEqual(Array.from(decoded.packets.frame.subarray(0, decoded.packets.length)), [6, 10, 13]);
    // The quoted addresses are the very ids of the SYN's endpoints.
    const e = decoded.packets.icmpErrors[0];
    assert.equal(e.quotedSrc, decoded.packets.src[0]);
    assert.equal(e.quotedDst, decoded.packets.dst[0]);
  });

  it('every code in tcpdump words; other protocols, short quotes and other ICMP types are not recorded', () => {
    const bytes = unreachableSamplesPcap();
    assert.deepEqual(bytes, new Uint8Array(readFileSync(CODES + '.pcap')), 'the fixture is the generated capture');
    const errors = binaryErrors(bytes);
    const table = errors.map((e) => [e.frame, e.sport, e.reason, e.hard]);
    assert.deepEqual(table, [
      [2, 40000, 'net unreachable', false],
      [4, 40001, 'host unreachable', false],
      [6, 40002, 'protocol unreachable', true],
      [8, 40003, 'port unreachable', true],
      [10, 40004, 'need to frag', false],
      [12, 40005, 'source route failed', false],
      [14, 40006, 'net unknown', false],
      [16, 40007, 'host unknown', false],
      [18, 40008, 'source host isolated', false],
      [20, 40009, 'admin prohibited', true],
      [22, 40010, 'admin prohibited', true],
      [24, 40011, 'tos prohibited', false],
      [26, 40012, 'tos prohibited', false],
      [28, 40013, 'admin prohibited filter', true],
      [30, 40014, 'host precedence violation', false],
      [32, 40015, 'precedence cutoff', false],
      [34, 40016, '#16', false],
      [35, 40004, 'need to frag', false],
      // 36 UDP, 37 SCTP quoted; 38 has just the 4 port bytes; 39 only the source port; 40 an 8-byte TCP quote; 41 a cut IP header; 42 time exceeded
      [38, 40102, 'port unreachable', true],
      [40, 40104, 'host unreachable', false],
      [44, 41000, 'unreachable route', false],
      [46, 41001, 'unreachable prohibited', true],
      [48, 41002, 'beyond scope', false],
      [50, 41003, 'unreachable address', false],
      [52, 41004, 'unreachable port', true],
      [54, 41005, 'unknown unreach code (5)', true],
      [56, 41006, 'unknown unreach code (6)', true],
      [58, 41007, 'unknown unreach code (7)', false],
      // 59 quotes 4 TCP bytes; 60 two; 61 a cut IPv6 header; 62 packet too big; 63 time exceeded
      [59, 41100, 'unreachable port', true],
    ]);
    for (const e of errors) {
      assert.equal(e.src, e.frame < 44 ? '198.51.100.1' : '2001:db8:1::1');
      assert.equal(e.dst, e.frame < 44 ? '203.0.113.2' : '2001:db8:2::2');
      assert.equal(e.dport, 80);
      assert.equal(e.line, e.frame);
    }
  });

  it('host unreachable and admin prohibited, on several link types', () => {
    const links: LinkSpec[] = [
      { type: 'ethernet', vlanTags: 1, padTo60: false },
      { type: 'sll' },
      { type: 'sll2' },
      { type: 'raw-version' },
      { type: 'null', littleEndian: true },
    ];
    for (const link of links) {
      const bytes = pcapOf(
        [
          { seconds: 1795319001, nanos: 250000000, src: router4, dst: client4, code: 1, quoted: syn(4, 51000) },
          { seconds: 1795319002, nanos: 0, src: router4, dst: client4, code: 13, quoted: syn(4, 51001, { ipv4OptionWords: 2 }) },
          { seconds: 1795319003, nanos: 0, src: router4, dst: client4, code: 10, quoted: syn(4, 51002) },
        ],
        link,
      );
      const errors = binaryErrors(bytes);
      assert.deepEqual(
        errors.map((e) => [e.frame, e.time, e.src, e.sport, e.dst, e.dport, e.reason, e.hard]),
        [
          [1, 1795319001.25, '198.51.100.1', 51000, '203.0.113.2', 443, 'host unreachable', false],
          [2, 1795319002, '198.51.100.1', 51001, '203.0.113.2', 443, 'admin prohibited filter', true],
          [3, 1795319003, '198.51.100.1', 51002, '203.0.113.2', 443, 'admin prohibited', true],
        ],
        link.type,
      );
      assert.equal(decodeBinaryCapture(bytes).packets.length, 0);
    }
  });

  it('ICMPv6 quoting a SYN behind extension headers', () => {
    const quoted = syn(6, 52000, { ipv6Extensions: [0, 60] });
    const errors = binaryErrors(pcapOf([{ seconds: 1795319001, nanos: 0, src: server6, dst: client6, code: 4, quoted }]));
    assert.deepEqual(errors.map((e) => [e.src, e.sport, e.dst, e.dport, e.reason]), [['2001:db8:1::1', 52000, '2001:db8:2::2', 443, 'unreachable port']]);
  });

  it('truncated quotes and snapped frames never throw; only quotes with both ports count', () => {
    for (const version of [4, 6] as const) {
      const quoted = syn(version, 53000);
      const ipHeader = version === 4 ? 20 : 40;
      const full = version === 4 ? 20 + 40 : 40 + 40;
      for (let quotedBytes = 0; quotedBytes <= full; quotedBytes++) {
        const error: TestIcmpError = { seconds: 1795319001, nanos: 0, src: version === 4 ? router4 : server6, dst: version === 4 ? client4 : client6, code: version === 4 ? 3 : 4, quoted, quotedBytes };
        const bytes = pcapOf([error]);
        const errors = binaryErrors(bytes);
        assert.equal(errors.length, quotedBytes >= ipHeader + 4 ? 1 : 0, `IPv${version} quote of ${quotedBytes} bytes`);
        assert.doesNotThrow(() => renderCaptureText(bytes));
        const wire = icmpErrorFrame(error, { type: 'raw', linkType: 101 }).data.length;
        for (let snap = 0; snap <= wire; snap++) {
          const cut = pcapOf([error], { type: 'raw', linkType: 101 }, snap);
          const decoded = decodeBinaryCapture(cut);
          assert.ok(decoded.packets.icmpErrors.length <= 1);
          const { problems } = renderCaptureText(cut);
          assert.deepEqual(problems, []);
        }
      }
    }
  });
});

describe('text view of ICMP unreachables', () => {
  it('syn-rejected-icmp.pcap: every line as tcpdump -n -tttt prints it', () => {
    const expected = timestampedLines(SYN_REJECTED + '.tttt.txt');
    const lines = renderCaptureText(new Uint8Array(readFileSync(SYN_REJECTED + '.pcap'))).text.split('\n').slice(0, -1);
    assert.deepEqual(lines, expected);
  });

  it('every unreachable code, cut quotes and other ICMP types as tcpdump prints them', () => {
    const expected = timestampedLines(CODES + '.tttt.txt');
    const lines = renderCaptureText(unreachableSamplesPcap()).text.split('\n').slice(0, -1);
    assert.equal(lines.length, expected.length);
    for (let i = 0; i < lines.length; i++) assert.equal(lines[i], expected[i], `frame ${i + 1}`);
  });

  it('reads back to the errors of the binary capture (the source port aside)', () => {
    for (const bytes of [new Uint8Array(readFileSync(SYN_REJECTED + '.pcap')), unreachableSamplesPcap()]) {
      const fromBinary = binaryErrors(bytes);
      const fromText = textErrors(renderCaptureText(bytes).text);
      // Without -v, tcpdump shows only the errors that name a TCP port.
      const naming = fromBinary.filter((e) => e.reason === 'port unreachable' || e.reason === 'unreachable port');
      assert.deepEqual(fromText, naming.map((e) => ({ ...e, sport: -1 })));
    }
  });
});
