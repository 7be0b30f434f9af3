/**
 * Relative (default) and absolute (-S) sequence numbers back to the raw
 * numbers, on hand-made lines and on random conversations printed the way
 * tcpdump's print-tcp.c prints them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Known } from '../../src/core/packets';
import { decodeText } from './helpers/textFixtures';
import { printTcpdump, TestSegment } from './helpers/textPrinter';

const C = '192.0.2.1';
const S = '192.0.2.2';

function seg(from: 'c' | 's', flags: string, seq: number, ack: number, len = 0, sack?: Array<[number, number]>): TestSegment {
  const [src, sport, dst, dport] = from === 'c' ? [C, 40000, S, 80] : [S, 80, C, 40000];
  return { src, sport, dst, dport, flags, seq: seq >>> 0, ack: ack >>> 0, len, win: 502, sack };
}

/** A conversation with a handshake, data both ways, a SACK, and a close. */
function conversation(clientIsn: number, serverIsn: number, handshake = true): TestSegment[] {
  const c = clientIsn;
  const s = serverIsn;
  const body: TestSegment[] = [
    seg('c', 'P.', c + 1, s + 1, 100),
    seg('s', '.', s + 1, c + 101, 1448),
    seg('s', '.', s + 2897, c + 101, 1448),
    seg('c', '.', c + 101, s + 1449, 0, [[s + 2897, s + 4345]]),
    seg('s', 'P.', s + 1449, c + 101, 1448),
    seg('c', 'F.', c + 101, s + 4345),
    seg('s', 'F.', s + 4345, c + 102),
    seg('c', '.', c + 102, s + 4346),
  ];
  if (!handshake) return body;
  return [seg('c', 'S', c, 0), seg('s', 'S.', s, c + 1), seg('c', '.', c + 1, s + 1), ...body];
}

function assertAbsolute(segments: TestSegment[], absolute: boolean): void {
  const text = printTcpdump(segments, { absolute });
  const { packets, problems } = decodeText(text);
  assert.deepEqual(problems.list(), []);
  assert.equal(packets.length, segments.length);
  segments.forEach((s, i) => {
    const where = `${absolute ? '-S' : 'relative'} line ${i + 1}: ${text.split('\n')[i]}`;
    if (s.len > 0 || /[SFR]/.test(s.flags)) {
      assert.equal(packets.seq[i], s.seq, `seq, ${where}`);
      assert.equal(packets.known[i] & Known.SEQ, Known.SEQ, where);
    }
    if (s.flags.includes('.')) {
      assert.equal(packets.ack[i], s.ack, `ack, ${where}`);
      assert.equal(packets.known[i] & Known.ACK, Known.ACK, where);
    } else {
      assert.equal(packets.known[i] & Known.ACK, 0, where);
    }
    const edges = Array.from(packets.sackEdges.subarray(2 * packets.sackStart[i], 2 * (packets.sackStart[i] + packets.sackCount[i])));
    assert.deepEqual(edges, (s.sack ?? []).flat().map((e) => e >>> 0), `sack, ${where}`);
  });
}

describe('sequence numbers: relative and -S output to raw numbers', () => {
  for (const [name, c, s] of [
    ['random ISNs', 2423261595, 48476803],
    ['small ISNs', 1000, 999999],
    ['ISNs about to wrap', 0xffffff00, 0xfffffff0],
    ['zero ISNs', 0, 0],
  ] as const) {
    it(`${name}, with handshake`, () => {
      assertAbsolute(conversation(c, s), false);
      assertAbsolute(conversation(c, s), true);
    });
  }

  it('a capture starting mid-connection (first ACK-carrying packet prints absolute)', () => {
    assertAbsolute(conversation(143747567, 4002365584, false), false);
    assertAbsolute(conversation(143747567, 4002365584, false), true);
  });

  it('SACK edges on the packet that sets the bases are relative to its ack - 1', () => {
    const segments = [seg('c', 'P.', 5000, 900000, 10, [[901448, 902896]]), seg('s', '.', 900000, 5010, 1448)];
    assert.match(printTcpdump(segments, { absolute: false }), /sack 1 \{1449:2897\}/);
    assertAbsolute(segments, false);
    assertAbsolute(segments, true);
  });

  it('a reused 4-tuple: the new SYN+ACK sets new bases', () => {
    const first = conversation(1111111, 2222222);
    const second = conversation(3333333333, 123);
    assertAbsolute([...first, ...second], false);
    assertAbsolute([...first, ...second], true);
  });

  it('a bare RST after the bases prints (and reads) absolute', () => {
    const segments = [...conversation(2423261595, 48476803).slice(0, 5), seg('c', 'R', 2423261596 + 100, 0)];
    assertAbsolute(segments, false);
  });

  it('several connections interleaved, each with its own bases', () => {
    const a = conversation(10, 20);
    const b = conversation(3000000000, 77).map((x) => ({ ...x, sport: x.sport === 40000 ? 40001 : x.sport, dport: x.dport === 40000 ? 40001 : x.dport }));
    const mixed: TestSegment[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i < a.length) mixed.push(a[i]);
      if (i < b.length) mixed.push(b[i]);
    }
    assertAbsolute(mixed, false);
    assertAbsolute(mixed, true);
  });

  it('a segment without a printed seq gets its sender\'s next sequence number, not marked known', () => {
    const { packets } = decodeText(printTcpdump(conversation(2423261595, 48476803), { absolute: false }));
    assert.equal(packets.known[2] & Known.SEQ, 0);
    assert.equal(packets.seq[2], 2423261596);
  });

  it('-vv prints a seq on every segment, which then counts as known', () => {
    const segments = conversation(2423261595, 48476803);
    const { packets } = decodeText(printTcpdump(segments, { absolute: false, verbose: 2 }));
    segments.forEach((s, i) => {
      assert.equal(packets.seq[i], s.seq);
      assert.equal(packets.known[i] & Known.SEQ, Known.SEQ);
    });
  });

  it('property: random ISNs and transfers, relative and absolute, give the raw numbers', () => {
    const isn = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0xfffff000, max: 0xffffffff }));
    fc.assert(
      fc.property(isn, isn, fc.boolean(), fc.array(fc.record({ fromClient: fc.boolean(), len: fc.integer({ min: 0, max: 65000 }) }), { maxLength: 30 }), (c, s, handshake, transfers) => {
        // Without a handshake the first segment must show its seq: a bare ACK's never is, and tcpdump makes it the base.
        const segments = handshake ? conversation(c, s).slice(0, 3) : [seg('c', 'P.', c + 1, s + 1, 10)];
        let nextC = (c + 1 + (handshake ? 0 : 10)) >>> 0;
        let nextS = (s + 1) >>> 0;
        for (const t of transfers) {
          if (t.fromClient) {
            segments.push(seg('c', t.len > 0 ? 'P.' : '.', nextC, nextS, t.len));
            nextC = (nextC + t.len) >>> 0;
          } else {
            segments.push(seg('s', '.', nextS, nextC, t.len));
            nextS = (nextS + t.len) >>> 0;
          }
        }
        assertAbsolute(segments, false);
        assertAbsolute(segments, true);
      }),
      { numRuns: 300 },
    );
  });
});
