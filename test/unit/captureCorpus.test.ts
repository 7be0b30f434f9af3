import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BinaryCaptureDecoder, decodeBinaryCapture, sniffCaptureFormat } from '../../src/core/capture';
import { DecodedCapture, UnreadableInputError } from '../../src/core/decoded';
import { captureFixtures, expectedFor, fixtureBytes } from './helpers/captureFixtures';
import { packetView } from './helpers/packetView';


function assertMatchesOracle(file: string, d: DecodedCapture): void {
  const expected = expectedFor(file);
  assert.equal(d.frameCount, expected.frames, 'frame count');
  assert.equal(d.packets.length, expected.packets.length, 'TCP segment count');
  expected.packets.forEach((e, i) => {
    const { time, ...rest } = e;
    const { time: _time, line: _line, ...got } = packetView(d.packets, i);
    assert.deepEqual(got, rest, `${file} frame ${e.n}`);
    assert.ok(Math.abs(d.packets.time[i] - time) < 2e-6, `${file} frame ${e.n} time ${d.packets.time[i]} vs ${time}`);
    assert.equal(d.packets.line[i], e.n, 'line = frame for binary input');
  });
}

describe('binary capture decoding against tshark', () => {
  for (const file of captureFixtures()) {
    it(file, () => {
      const d = decodeBinaryCapture(fixtureBytes(file));
      assertMatchesOracle(file, d);
      assert.equal(d.problems.count, 0, JSON.stringify(d.problems.list()));
      assert.equal(d.format, file.includes('.pcapng') ? 'pcapng' : 'pcap');
      assert.equal(d.gzip, file.endsWith('.gz'));
    });
  }

  it('gives the same result fed in chunks of any size', () => {
    for (const file of ['http-gzip.pcap.gz', 'pcapng-two-interfaces.pcapng', 'ipv6-http.pcap', 'format-pcap-nsec-be.pcap']) {
      const bytes = fixtureBytes(file);
      for (const size of [1, 3, 7, 64, 1000]) {
        const decoder = new BinaryCaptureDecoder();
        for (let at = 0; at < bytes.length; at += size) decoder.push(bytes.subarray(at, at + size));
        assertMatchesOracle(file, decoder.end());
      }
    }
  });

  it('reads the options of SYNs and SACK blocks', () => {
    const d = decodeBinaryCapture(fixtureBytes('http-clean-client-close.pcap'));
    assert.equal(d.packets.mss[0], 1460);
    assert.equal(d.packets.wscale[0], 10);
    assert.equal(d.packets.tsVal[0], 983029129);
    assert.equal(d.packets.tsEcr[0], 0);
    const ooo = decodeBinaryCapture(fixtureBytes('out-of-order.pcap'));
    const withSack = [...Array(ooo.packets.length).keys()].filter((i) => ooo.packets.sackCount[i] > 0);
    assert.ok(withSack.length > 0, 'out-of-order.pcap has SACK blocks');
    const i = withSack[0];
    const start = ooo.packets.sackStart[i];
    const left = ooo.packets.sackEdges[2 * start];
    const right = ooo.packets.sackEdges[2 * start + 1];
    assert.ok(right > left);
  });

  it('sniffs the formats', () => {
    assert.equal(sniffCaptureFormat(fixtureBytes('http-gzip.pcap.gz')), 'gzip');
    assert.equal(sniffCaptureFormat(fixtureBytes('format-pcap-usec-le.pcap')), 'pcap');
    assert.equal(sniffCaptureFormat(fixtureBytes('format-pcap-nsec-be.pcap')), 'pcap');
    assert.equal(sniffCaptureFormat(fixtureBytes('format-pcapng-be.pcapng')), 'pcapng');
    assert.equal(sniffCaptureFormat(Uint8Array.from([0xa1, 0xb2, 0xcd, 0x34])), 'pcap');
    assert.equal(sniffCaptureFormat(Uint8Array.from([0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 28, 0x4d, 0x3c, 0x2b, 0x1a])), 'pcapng');
    assert.equal(sniffCaptureFormat(Uint8Array.from([0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 28, 1, 2, 3, 4])), null);
    assert.equal(sniffCaptureFormat(fixtureBytes('broken-random-bytes.pcap')), null);
    assert.equal(sniffCaptureFormat(new Uint8Array(0)), null);
  });
});

describe('damaged captures', () => {
  it('empty file: UnreadableInputError', () => {
    assert.throws(() => decodeBinaryCapture(fixtureBytes('broken-empty.pcap')), UnreadableInputError);
  });

  it('random bytes: UnreadableInputError with a one-line message', () => {
    assert.throws(
      () => decodeBinaryCapture(fixtureBytes('broken-random-bytes.pcap')),
      (e: unknown) => e instanceof UnreadableInputError && !e.message.includes('\n'),
    );
  });

  it('truncated mid-record: every packet before it, and a problem at the record offset', () => {
    const file = 'broken-truncated-mid-record.pcap';
    const d = decodeBinaryCapture(fixtureBytes(file));
    assertMatchesOracle(file, d);
    const problems = d.problems.list();
    assert.equal(problems.length, 1);
    assert.equal(problems[0].offset, 2272);
    assert.match(problems[0].message, /truncated/);
  });

  it('corrupt record length: packets before kept, problem at the record, resynchronised on the next record', () => {
    const file = 'broken-corrupt-record-length.pcap';
    const d = decodeBinaryCapture(fixtureBytes(file));
    const expected = expectedFor(file);
    expected.packets.forEach((e, i) => assert.equal(d.packets.frame[i], e.n));
    const problems = d.problems.list();
    assert.equal(problems[0].offset, 402);
    assert.match(problems[0].message, /captured length 10485760/);
    assert.match(problems[1].message, /resynchronised/);
    // The file is close-three-way.pcap with one damaged header: every later record is found again.
    assert.equal(d.frameCount, 12);
    assert.deepEqual([...d.packets.frame.subarray(0, d.packets.length)], [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12].filter((n) => n >= 3));
  });
});
