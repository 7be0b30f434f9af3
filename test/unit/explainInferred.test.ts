/** describePacket on text input, where tcpdump omits numbers and the model infers them, and on a capture that starts mid-connection. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMessage, message } from '../../src/core/explain/message';
import { byFrame, describeAll, keysOf, modelOf } from './helpers/explainFixtures';

describe('describePacket: numbers the input did not show', () => {
  describe('tcpdump 3.x text, the handshake of the issue (samples/oldstyle-tcpdump3.txt)', () => {
    const all = describeAll(modelOf('samples/oldstyle-tcpdump3.txt'));
    const client = '192.168.1.116:3337';

    test("ack 3626544837 = client ISN 3626544836 + 1", () => {
      const d = byFrame(all, 2);
      assert.equal(formatMessage(d.ack!.explanation), 'ack 3626544837 = client ISN 3626544836 + 1: a SYN consumes one sequence number');
      assert.equal(d.seq.source, 'shown');
    });

    test('the pure ACK of step 3 shows no seq: inferred, and said to be inferred', () => {
      const d = byFrame(all, 3);
      assert.deepEqual(d.seq, {
        relative: 1,
        raw: 3626544837,
        source: 'inferred',
        explanation: message('seqInferred', { relative: 1, raw: 3626544837, endpoint: client }),
      });
      assert.equal(
        formatMessage(d.seq.explanation),
        'seq 1 (raw 3626544837) is not shown in the input: tcpdump prints none on a segment without data, SYN, FIN or RST; inferred as the next sequence number of 192.168.1.116:3337',
      );
      assert.deepEqual(d.steps, [message('stepHandshake3', { endpoint: client })]);
    });

    test('ack 1449 = 1 + 1448 bytes received; no window scaling offered', () => {
      const d = byFrame(all, 7);
      assert.equal(formatMessage(d.ack!.explanation), 'ack 1449 = 1 + 1448 bytes received');
      assert.deepEqual(d.window, { raw: 8192, scaled: 8192, shift: 0, explanation: message('windowNotScaled', { raw: 8192 }) });
    });
  });

  test('a keep-alive in text: its seq is inferred as next - 1, as tshark shows it in the pcap (test/fixtures/unseen/keepalive-server.tttt.txt)', () => {
    const all = describeAll(modelOf('test/fixtures/unseen/keepalive-server.tttt.txt'));
    const d = byFrame(all, 13);
    assert.deepEqual(d.events.map((e) => e.tag), ['keep-alive']);
    assert.deepEqual(d.seq, {
      relative: 500,
      raw: 657879707,
      source: 'inferred',
      explanation: message('seqInferredProbe', { relative: 500, raw: 657879707, endpoint: '203.0.113.2:80' }),
    });
    const answer = byFrame(all, 14);
    assert.deepEqual(answer.seq.explanation, message('seqInferred', { relative: 68, raw: 1559887688, endpoint: '198.51.100.1:55984' }));
  });

  test('the inferred seq of a pure ACK in a tcpdump 4 text (samples/close-wait-server-never-closes.tcpdump)', () => {
    const d = byFrame(describeAll(modelOf('samples/close-wait-server-never-closes.tcpdump')), 5);
    assert.deepEqual([d.seq.relative, d.seq.raw, d.seq.source], [1, 2011652082, 'inferred']);
    assert.equal(d.seq.explanation.key, 'seqInferred');
  });

  test('a capture that starts mid-connection: UNKNOWN states, numbers counted from the first segment, window scale unknown (test/fixtures/capture/mid-connection-start.pcap)', () => {
    const all = describeAll(modelOf('test/fixtures/capture/mid-connection-start.pcap'));
    const first = all[0];
    const client = first.sender.endpoint;
    const server = first.receiver.endpoint;
    assert.deepEqual([first.sender.before, first.sender.after], ['UNKNOWN', 'ESTABLISHED']);
    assert.deepEqual(first.sender.notes, [message('noteEstablishedInferred', { endpoint: client })]);
    assert.deepEqual([first.receiver.before, first.receiver.after], ['UNKNOWN', 'UNKNOWN']);
    assert.deepEqual(first.receiver.notes, [message('noteUnknownMidConnection', { endpoint: server })]);
    assert.deepEqual(first.seq.explanation, message('seqRelativeNoSyn', { relative: 1, raw: 143747567, base: 143747566, endpoint: client }));
    assert.deepEqual(first.ack!.explanation, message('ackFirstSeen', { ack: 1, raw: 4002365585, peer: server }));
    assert.equal(first.ack!.acknowledgesPacket, -1);
    assert.deepEqual(first.window.shift, -1);
    assert.deepEqual(first.window.explanation, message('windowScaleUnknown', { raw: 66 }));
    assert.deepEqual(first.steps, [message('stepData', { endpoint: client, len: 91, first: 1, last: 91, next: 92 })]);
    // The server's answer: it too shows an acknowledgement, so it is ESTABLISHED from then on.
    assert.deepEqual(keysOf(all[1].sender.notes), ['noteEstablishedInferred']);
    assert.deepEqual(all[1].ack!.explanation, message('ackData', { ack: 92, seq: 1, len: 91 }));
  });
});
