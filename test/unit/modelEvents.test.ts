import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildScenario, eventsOf, Seg } from './helpers/modelScenario';
import { STATE_NAMES } from '../../src/core/model/vocabulary';

/** Handshake at t = 0, 0.02, 0.04 (initial RTT 40 ms); client ISN 1000, server ISN 5000. */
function handshake(opts: { wscale?: number; serverWin?: number } = {}): Seg[] {
  return [
    { from: 'c', flags: 'S', seq: 1000, time: 0, wscale: opts.wscale },
    { from: 's', flags: 'S.', seq: 5000, ack: 1001, time: 0.02, win: 2000, wscale: opts.wscale },
    { from: 'c', flags: '.', seq: 1001, ack: 5001, time: 0.04 },
  ];
}

function eventsAfterHandshake(segs: Seg[], opts?: { wscale?: number }): string[] {
  return eventsOf(buildScenario([...handshake(opts), ...segs])).slice(3);
}

describe("Wireshark's analysis events", () => {
  test('a clean exchange has no events', () => {
    assert.deepEqual(
      eventsAfterHandshake([
        { from: 'c', flags: 'P.', seq: 1001, ack: 5001, len: 100, time: 1 },
        { from: 's', flags: '.', seq: 5001, ack: 1101, time: 1.02 },
        { from: 's', flags: 'P.', seq: 5001, ack: 1101, len: 50, time: 1.03 },
        { from: 'c', flags: '.', seq: 1101, ack: 5051, time: 1.05 },
      ]),
      ['', '', '', ''],
    );
  });

  test('retransmission: data resent after a timeout', () => {
    const ev = eventsAfterHandshake([
      { from: 'c', flags: 'P.', seq: 1001, ack: 5001, len: 100, time: 1 },
      { from: 'c', flags: 'P.', seq: 1001, ack: 5001, len: 100, time: 1.5 },
    ]);
    assert.deepEqual(ev, ['', 'retransmission']);
  });

  test('a retransmitted SYN is a retransmission', () => {
    const a = buildScenario([
      { from: 'c', flags: 'S', seq: 1000, time: 0 },
      { from: 'c', flags: 'S', seq: 1000, time: 1 },
    ]);
    assert.deepEqual(eventsOf(a), ['', 'retransmission']);
    assert.equal(a.connections.length, 1);
  });

  test('duplicate ACKs then a fast retransmission (also a retransmission)', () => {
    const ev = eventsAfterHandshake([
      { from: 'c', flags: '.', seq: 1001, ack: 5001, len: 100, time: 1 },
      { from: 'c', flags: '.', seq: 1101, ack: 5001, len: 100, time: 1.001 },
      { from: 'c', flags: '.', seq: 1201, ack: 5001, len: 100, time: 1.002 },
      { from: 's', flags: '.', seq: 5001, ack: 1001, win: 2000, time: 1.02 },
      { from: 's', flags: '.', seq: 5001, ack: 1001, win: 2000, time: 1.021 },
      { from: 's', flags: '.', seq: 5001, ack: 1001, win: 2000, time: 1.022 },
      { from: 'c', flags: '.', seq: 1001, ack: 5001, len: 100, time: 1.03 },
    ]);
    // The first repeats the SYN+ACK's acknowledgement and window: Wireshark already counts it as a duplicate.
    assert.deepEqual(ev, ['', '', '', 'duplicate-ack', 'duplicate-ack', 'duplicate-ack', 'retransmission,fast-retransmission']);
  });

  test('an ACK with the same number but another window is a window update, not a duplicate ACK', () => {
    const ev = eventsAfterHandshake([
      { from: 'c', flags: 'P.', seq: 1001, ack: 5001, len: 100, time: 1 },
      { from: 's', flags: '.', seq: 5001, ack: 1101, win: 500, time: 1.02 },
      { from: 's', flags: '.', seq: 5001, ack: 1101, win: 900, time: 1.5 },
    ]);
    assert.deepEqual(ev, ['', '', 'window-update']);
  });

  test('spurious retransmission: data already acknowledged, sent again', () => {
    const ev = eventsAfterHandshake([
      { from: 'c', flags: 'P.', seq: 1001, ack: 5001, len: 100, time: 1 },
      { from: 's', flags: '.', seq: 5001, ack: 1101, time: 1.02 },
      { from: 'c', flags: 'P.', seq: 1001, ack: 5001, len: 100, time: 1.5 },
    ]);
    assert.deepEqual(ev, ['', '', 'retransmission,spurious-retransmission']);
  });

  test('a hole is a previous segment not captured; the late segment within the RTT is out of order', () => {
    const ev = eventsAfterHandshake([
      { from: 'c', flags: '.', seq: 1101, ack: 5001, len: 100, time: 1 },
      { from: 'c', flags: '.', seq: 1001, ack: 5001, len: 100, time: 1.01 },
    ]);
    assert.deepEqual(ev, ['previous-segment-not-captured', 'out-of-order']);
  });

  test('an ACK beyond anything seen acknowledges an unseen segment', () => {
    const ev = eventsAfterHandshake([
      { from: 'c', flags: 'P.', seq: 1001, ack: 5001, len: 100, time: 1 },
      { from: 's', flags: '.', seq: 5001, ack: 1301, time: 1.02 },
    ]);
    assert.deepEqual(ev, ['', 'acked-unseen-segment']);
  });

  test('zero window, a one-byte zero-window probe and its ACK', () => {
    const ev = eventsAfterHandshake([
      { from: 'c', flags: 'P.', seq: 1001, ack: 5001, len: 100, time: 1 },
      { from: 's', flags: '.', seq: 5001, ack: 1101, win: 0, time: 1.02 },
      { from: 'c', flags: '.', seq: 1101, ack: 5001, len: 1, time: 1.3 },
      { from: 's', flags: '.', seq: 5001, ack: 1101, win: 0, time: 1.32 },
    ]);
    assert.deepEqual(ev, ['', 'zero-window', 'zero-window-probe', 'zero-window,zero-window-probe-ack']);
  });

  test('window full: data up to the edge of the advertised window (scaling known)', () => {
    const ev = eventsAfterHandshake(
      [
        { from: 's', flags: '.', seq: 5001, ack: 1001, win: 100, time: 0.5 },
        { from: 'c', flags: 'P.', seq: 1001, ack: 5001, len: 100, time: 1 },
      ],
      { wscale: 0 },
    );
    // The ACK shrinks the window the SYN+ACK offered without acknowledging anything new: a window update.
    assert.deepEqual(ev, ['window-update', 'window-full']);
  });

  test('window full is not judged without the handshake that tells the window scale', () => {
    const a = buildScenario([
      { from: 's', flags: '.', seq: 5001, ack: 1001, win: 100, time: 0.5 },
      { from: 'c', flags: 'P.', seq: 1001, ack: 5001, len: 100, time: 1 },
    ]);
    assert.deepEqual(eventsOf(a), ['', '']);
  });

  test('keep-alive (seq = next − 1) and its ACK', () => {
    const ev = eventsAfterHandshake([
      { from: 'c', flags: '.', seq: 1000, ack: 5001, time: 10 },
      { from: 's', flags: '.', seq: 5001, ack: 1001, win: 2000, time: 10.02 },
    ]);
    assert.deepEqual(ev, ['keep-alive', 'keep-alive-ack']);
  });

  test('tcpdump text: a keep-alive with no sequence number shown is still recognised', () => {
    const ev = eventsAfterHandshake([
      { from: 'c', flags: '.', seq: 0, ack: 5001, time: 10, seqUnknown: true },
      { from: 's', flags: '.', seq: 0, ack: 1001, win: 2000, time: 10.02, seqUnknown: true },
      { from: 'c', flags: '.', seq: 0, ack: 5001, time: 20, seqUnknown: true },
    ]);
    assert.deepEqual(ev, ['keep-alive', 'keep-alive-ack', 'keep-alive']);
  });

  test('a new SYN with another ISN after the close opens a new connection: port numbers reused', () => {
    const a = buildScenario([
      ...handshake(),
      { from: 'c', flags: 'R.', seq: 1001, ack: 5001, time: 1 },
      { from: 'c', flags: 'S', seq: 777777, time: 2 },
      { from: 's', flags: 'S.', seq: 888888, ack: 777778, time: 2.02 },
    ]);
    assert.deepEqual(Array.from(a.packets.conn), [0, 0, 0, 0, 1, 1]);
    assert.deepEqual(eventsOf(a).slice(4), ['port-numbers-reused', '']);
    assert.equal(a.packets.seq[4], 0);
    assert.equal(a.packets.ack[5], 1);
  });
});

describe('model invariants on arbitrary segments', () => {
  const segArb = fc.record({
    from: fc.constantFrom('c', 's', '10.0.0.3:5000>10.0.0.2:80', '10.0.0.2:80>10.0.0.3:5000'),
    flags: fc.constantFrom('S', 'S.', '.', 'P.', 'F.', 'FP.', 'R', 'R.', 'SEW', '.U'),
    seq: fc.nat({ max: 0xffffffff }),
    ack: fc.nat({ max: 0xffffffff }),
    len: fc.nat({ max: 3000 }),
    win: fc.nat({ max: 65535 }),
    time: fc.double({ min: 0, max: 100, noNaN: true }),
    seqUnknown: fc.boolean(),
  });

  test('never throws; every packet belongs to a connection whose endpoints it has; states are valid', () => {
    fc.assert(
      fc.property(fc.array(segArb, { maxLength: 60 }), (segs) => {
        const a = buildScenario(segs);
        const p = a.packets;
        let total = 0;
        for (const c of a.connections) total += c.packets;
        assert.equal(total, a.packetCount);
        for (let i = 0; i < a.packetCount; i++) {
          const c = a.connections[p.conn[i]];
          assert.ok(c, `packet ${i} has no connection`);
          const fromClient = p.src[i] === c.client.address && p.sport[i] === c.client.port;
          assert.equal(p.dir[i], fromClient ? 0 : 1);
          assert.ok(STATE_NAMES[p.srcState[i]] && STATE_NAMES[p.dstState[i]]);
        }
        for (const c of a.connections) {
          // a connection opened by a SYN counts its sequence numbers from that SYN
          if ((p.flags[c.firstIndex] & 0x12) === 0x02) assert.equal(p.seq[c.firstIndex], 0);
          const last = c.lastIndex;
          const clientSent = p.dir[last] === 0;
          assert.equal(STATE_NAMES[clientSent ? p.srcState[last] : p.dstState[last]], c.finalState.client);
          assert.equal(STATE_NAMES[clientSent ? p.dstState[last] : p.srcState[last]], c.finalState.server);
        }
      }),
      { numRuns: 300 },
    );
  });
});
