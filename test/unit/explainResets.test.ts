/** describePacket on resets: refused SYNs, resets accepted and resets ignored (RFC 5961), on real captures. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMessage, message } from '../../src/core/explain/message';
import { byFrame, describeAll, keysOf, modelOf } from './helpers/explainFixtures';

const resets = (path: string) => describeAll(modelOf(path)).filter((d) => d.flags.names.includes('RST'));

describe('describePacket: resets', () => {
  test('a SYN answered by RST: connection refused; the SYN was never taken (test/fixtures/capture/refused-syn-rst.pcap)', () => {
    const all = describeAll(modelOf('test/fixtures/capture/refused-syn-rst.pcap'));
    const rsts = all.filter((d) => d.flags.names.includes('RST'));
    assert.equal(rsts.length, 2);
    for (const d of rsts) {
      assert.deepEqual(d.steps, [message('stepResetRefused', { endpoint: '192.0.2.2:81' })]);
      assert.deepEqual([d.receiver.role, d.receiver.before, d.receiver.after], ['client', 'SYN_SENT', 'CLOSED']);
      // RFC 793: the SYN had no ACK, so the reset carries seq 0 and acknowledges the SYN.
      assert.deepEqual(d.seq.explanation, message('seqResetWithoutConnection', { raw: 0 }));
      assert.equal(d.ack!.explanation.key, 'ackSynClient');
      assert.deepEqual(d.window.explanation, message('windowOnReset', { raw: 0 }));
      assert.deepEqual(
        d.findings.map((f) => [f.kind, f.meaning.key]),
        [['reset', 'findingMeaningResetRefused']],
      );
      const syn = all[d.packet - 1];
      assert.deepEqual(syn.steps, [message('stepHandshake1', { endpoint: syn.sender.endpoint, isn: syn.seq.raw })]);
      assert.deepEqual(syn.receiver.notes, [message('noteSynNotAnswered', { endpoint: '192.0.2.2:81' })]);
      assert.deepEqual([syn.receiver.before, syn.receiver.after], ['CLOSED', 'CLOSED']);
    }
  });

  test('a reset at the expected sequence number is accepted: both ends CLOSED at once (test/fixtures/unseen/reset-linger0.pcap)', () => {
    const [d] = resets('test/fixtures/unseen/reset-linger0.pcap');
    const server = '203.0.113.2:80';
    const client = d.receiver.endpoint;
    assert.deepEqual(d.steps, [message('stepResetAccepted', { endpoint: server, seq: 5001, peer: client })]);
    assert.equal(
      formatMessage(d.steps[0]),
      `reset by 203.0.113.2:80: its sequence number 5001 is exactly the one ${client} expects next, so it is accepted (RFC 5961); both ends drop the connection at once, with no TIME_WAIT, and data not yet delivered is lost`,
    );
    assert.deepEqual([d.sender.after, d.receiver.before, d.receiver.after], ['CLOSED', 'ESTABLISHED', 'CLOSED']);
    assert.deepEqual(
      d.findings.map((f) => [f.kind, f.meaning.key]),
      [['reset', 'findingMeaningReset']],
    );
  });

  test('a second reset, after the first closed both ends, changes nothing (test/fixtures/model/reset-mid-data.pcap)', () => {
    const [first, second] = resets('test/fixtures/model/reset-mid-data.pcap');
    const client = '192.0.2.1:40009';
    const server = '192.0.2.2:80';
    assert.deepEqual(first.steps, [message('stepResetAccepted', { endpoint: client, seq: 95, peer: server })]);
    assert.deepEqual(second.steps, [message('stepResetNoConnection', { endpoint: client, peer: server })]);
  });

  test('resets not at the expected number are ignored and the connection goes on (test/fixtures/unseen/out-of-window-rst-crafted.pcap)', () => {
    const all = describeAll(modelOf('test/fixtures/unseen/out-of-window-rst-crafted.pcap'));
    const client = '198.51.100.1:40800';
    // The client last acknowledged 1001 before the first RST, 1501 before the second.
    assert.deepEqual(byFrame(all, 8).steps, [message('stepResetIgnored', { seq: 5000001, expected: 1001, peer: client })]);
    assert.deepEqual(byFrame(all, 11).steps, [message('stepResetIgnored', { seq: 1601, expected: 1501, peer: client })]);
    assert.equal(
      formatMessage(byFrame(all, 11).steps[0]),
      'reset ignored (RFC 5961): its sequence number 1601 is not the 1501 that 198.51.100.1:40800 expects next, so 198.51.100.1:40800 keeps the connection and at most answers with a challenge ACK; a blind attacker cannot guess the exact number',
    );
    for (const frame of [8, 11]) {
      const d = byFrame(all, frame);
      assert.deepEqual([d.sender.before, d.sender.after, d.receiver.before, d.receiver.after], [
        'ESTABLISHED',
        'ESTABLISHED',
        'ESTABLISHED',
        'ESTABLISHED',
      ]);
    }
    assert.deepEqual(
      byFrame(all, 8).findings.map((f) => [f.kind, f.meaning.key]),
      [['reset', 'findingMeaningResetIgnored']],
    );
    // The connection closes normally afterwards.
    assert.deepEqual(keysOf(byFrame(all, 13).steps), ['stepActiveClose']);
  });

  test('a spoofed RST from a live capture is ignored (test/fixtures/unseen/oow-rst-live.pcap)', () => {
    const [d] = resets('test/fixtures/unseen/oow-rst-live.pcap');
    assert.deepEqual(d.steps, [message('stepResetIgnored', { seq: (305419896 - 3969423321) >>> 0, expected: 1001, peer: '198.51.100.1:40555' })]);
  });

  test('a bare RST in SYN_RECEIVED, right after the SYN+ACK, is accepted (test/fixtures/unseen/rst-in-syn-received-crafted.pcap)', () => {
    const [bare, withAck] = resets('test/fixtures/unseen/rst-in-syn-received-crafted.pcap');
    assert.deepEqual(bare.steps, [message('stepResetAccepted', { endpoint: '198.51.100.1:40600', seq: 1, peer: '203.0.113.2:80' })]);
    assert.deepEqual([bare.receiver.before, bare.receiver.after], ['SYN_RECEIVED', 'CLOSED']);
    assert.deepEqual(bare.ack, null);
    assert.deepEqual(withAck.ack!.explanation, message('ackSynServer', { raw: 149477149, isn: 149477148 }));
  });
});
