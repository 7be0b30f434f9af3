/** describePacket's analysis events, pure-ACK kinds and options, on real captures whose events tshark confirmed. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { explainEvents } from '../../src/core/explain/eventExplanations';
import { formatMessage, message } from '../../src/core/explain/message';
import { MESSAGES } from '../../src/core/explain/messages';
import { EVENT_TAGS } from '../../src/core/model/vocabulary';
import { byFrame, describeAll, keysOf, modelOf } from './helpers/explainFixtures';

describe('describePacket: analysis events', () => {
  test('every event tag has its own one-line explanation', () => {
    const all = explainEvents((1 << EVENT_TAGS.length) - 1);
    assert.deepEqual(
      all.map((e) => e.tag),
      EVENT_TAGS,
    );
    const keys = keysOf(all.map((e) => e.explanation));
    assert.equal(new Set(keys).size, EVENT_TAGS.length);
    for (const key of keys) assert.ok(key in MESSAGES, key);
  });

  describe('duplicate ACKs and a fast retransmission (samples/dupack-fast-retransmit.pcap)', () => {
    const all = describeAll(modelOf('samples/dupack-fast-retransmit.pcap'));
    const client = '192.0.2.1:40013';
    const server = '192.0.2.2:80';

    test('a duplicate ACK asks again for the byte after the gap, and its ack is the end of the last segment in order', () => {
      const d = byFrame(all, 25);
      assert.deepEqual(d.events, [{ tag: 'duplicate-ack', explanation: message('eventDuplicateAck') }]);
      assert.deepEqual(d.steps, [message('stepDuplicateAck', { endpoint: server, ack: 10137 })]);
      assert.deepEqual(d.ack!.explanation, message('ackData', { ack: 10137, seq: 8689, len: 1448 }));
      assert.equal(d.ack!.acknowledgesPacket, byFrame(all, 12).packet);
      assert.equal(
        formatMessage(d.steps[0]),
        'duplicate ACK from 192.0.2.2:80: it acknowledges 10137 again because a segment beyond a gap arrived; after three of these the sender resends from 10137 (fast retransmit)',
      );
    });

    test('the fast retransmission resends the missing bytes', () => {
      const d = byFrame(all, 44);
      assert.deepEqual(d.events, [
        { tag: 'retransmission', explanation: message('eventRetransmission') },
        { tag: 'fast-retransmission', explanation: message('eventFastRetransmission') },
      ]);
      assert.deepEqual(d.steps, [message('stepData', { endpoint: client, len: 1448, first: 10137, last: 11584, next: 11585 })]);
      assert.equal(formatMessage(d.events[1].explanation), 'resent as soon as duplicate ACKs asked for it, without waiting for the retransmission timer');
    });

    test('the events explained are exactly the events of the model, packet by packet', () => {
      const tags = all.map((d) => d.events.map((e) => e.tag).join(','));
      assert.equal(tags.filter((t) => t === 'duplicate-ack').length, 20);
      assert.equal(tags.filter((t) => t === 'retransmission,fast-retransmission').length, 1);
    });
  });

  test('keep-alives and their answers (test/fixtures/unseen/keepalive-server.pcap)', () => {
    const all = describeAll(modelOf('test/fixtures/unseen/keepalive-server.pcap'));
    for (const frame of [13, 15, 17]) {
      const d = byFrame(all, frame);
      assert.deepEqual(d.steps, [message('stepKeepAlive', { endpoint: '203.0.113.2:80' })]);
      assert.deepEqual(d.events.map((e) => e.tag), ['keep-alive']);
      assert.deepEqual([d.seq.relative, d.seq.source], [500, 'shown']);
      const answer = byFrame(all, frame + 1);
      assert.deepEqual(answer.steps, [message('stepKeepAliveAck', { endpoint: '198.51.100.1:55984' })]);
    }
  });

  test("Linux's zero-window probes look like keep-alives and are explained as probes of the zero window (test/fixtures/unseen/zero-window-probes.pcap)", () => {
    const all = describeAll(modelOf('test/fixtures/unseen/zero-window-probes.pcap'));
    const zero = byFrame(all, 14);
    assert.deepEqual(zero.steps, [message('stepZeroWindow', { endpoint: '198.51.100.1:44168' })]);
    assert.deepEqual(zero.events.map((e) => e.tag), ['zero-window']);
    assert.deepEqual(zero.window.explanation, message('windowNotScaled', { raw: 0 }));
    const probe = byFrame(all, 17);
    assert.deepEqual(probe.events.map((e) => e.tag), ['keep-alive']);
    assert.deepEqual(probe.steps, [message('stepKeepAliveIntoZeroWindow', { endpoint: '203.0.113.2:80' })]);
    assert.deepEqual(byFrame(all, 22).steps, [message('stepWindowUpdate', { endpoint: '198.51.100.1:44168', window: 1460 })]);
  });

  test('SACK blocks count from the acknowledged direction, as tcpdump prints them (test/fixtures/unseen/bulk-loss-reorder-sack.pcap)', () => {
    const d = byFrame(describeAll(modelOf('test/fixtures/unseen/bulk-loss-reorder-sack.pcap')), 17);
    // tcpdump: "ack 4345 … sack 1 {7241:8689}"; with -S: "sack 1 {4035668997:4035670445}"
    assert.equal(d.ack!.relative, 4345);
    assert.deepEqual(
      d.options.filter((o) => o.key === 'optionSack'),
      [message('optionSack', { left: 7241, right: 8689, rawLeft: 4035668997, rawRight: 4035670445 })],
    );
  });
});

describe('describePacket: the findings a packet belongs to', () => {
  const findingsOf = (d: { findings: readonly { kind: string; meaning: { key: string } }[] }) =>
    d.findings.map((f) => [f.kind, f.meaning.key]);

  test("a half-open SYN of a flood names the SYN flood and what it does to the server's SYN queue (test/fixtures/model/syn-flood-crafted.pcap)", () => {
    const model = modelOf('test/fixtures/model/syn-flood-crafted.pcap');
    const all = describeAll(model);
    const syn = byFrame(all, 1);
    assert.deepEqual(syn.flags.letters, 'S');
    assert.equal(model.connections[syn.connection].handshake, 'incomplete');
    assert.deepEqual(findingsOf(syn), [['syn-flood', 'findingMeaningSynFlood']]);
    assert.equal(
      formatMessage(syn.findings[0].meaning),
      "half-open connections pile up in the server's SYN queue until it can accept no new ones",
    );
    // a real client that completed its handshake among the flood is no part of it
    const completed = byFrame(all, 126);
    assert.equal(model.connections[completed.connection].handshake, 'three-way');
    assert.deepEqual(completed.findings, []);
  });

  test('a probe of a SYN port scan names the port scan (test/fixtures/model/port-scan-syn-hping3.pcap)', () => {
    const probe = byFrame(describeAll(modelOf('test/fixtures/model/port-scan-syn-hping3.pcap')), 3);
    assert.deepEqual(probe.flags.letters, 'S');
    assert.equal(probe.receiver.endpoint, '192.0.2.2:1');
    assert.deepEqual(findingsOf(probe), [['port-scan', 'findingMeaningPortScan']]);
    assert.equal(probe.findings[0].summary.key, 'findingPortScanOpen');
  });
});
