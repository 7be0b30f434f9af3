/** describePacket on real captures: the handshake with its ISN arithmetic, data, and the steps of the close. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describePacket } from '../../src/core/explain/describePacket';
import { formatMessage, message } from '../../src/core/explain/message';
import { byFrame, describeAll, keysOf, modelOf } from './helpers/explainFixtures';

describe('describePacket: a clean HTTP connection, the client closes (samples/http-clean-client-close.pcap)', () => {
  const model = modelOf('samples/http-clean-client-close.pcap');
  const all = describeAll(model);
  const client = '192.0.2.1:40001';
  const server = '192.0.2.2:80';

  test('step 1: the client asks to connect and picks its ISN; the server holds no state the wire can show', () => {
    const d = byFrame(all, 3);
    assert.deepEqual(d.steps, [message('stepHandshake1', { endpoint: client, isn: 2423261595 })]);
    assert.equal(
      formatMessage(d.steps[0]),
      'step 1 of the three-way handshake: the client 192.0.2.1:40001 asks to connect and picks its initial sequence number (ISN) 2423261595',
    );
    assert.deepEqual([d.sender.role, d.sender.endpoint, d.sender.before, d.sender.after], ['client', client, 'CLOSED', 'SYN_SENT']);
    assert.equal(formatMessage(d.sender.states), 'client 192.0.2.1:40001: CLOSED → SYN_SENT');
    assert.deepEqual([d.receiver.role, d.receiver.endpoint, d.receiver.before, d.receiver.after], ['server', server, 'CLOSED', 'SYN_RECEIVED']);
    assert.deepEqual(d.receiver.notes, [message('noteListenNotVisible'), message('noteSynReceivedInferred', { endpoint: server })]);
    assert.deepEqual(d.sender.notes, []);
    assert.deepEqual(d.seq, { relative: 0, raw: 2423261595, source: 'shown', explanation: message('seqIsn', { raw: 2423261595, endpoint: client }) });
    assert.equal(d.ack, null);
    assert.deepEqual(d.flags, { letters: 'S', names: ['SYN'] });
    assert.deepEqual(d.window, { raw: 64240, scaled: 64240, shift: 10, explanation: message('windowOnSyn', { raw: 64240 }) });
    assert.deepEqual(d.options, [
      message('optionMss', { mss: 1460, endpoint: client }),
      message('optionWindowScale', { shift: 10, factor: 1024, endpoint: client }),
      message('optionSackPermitted', { endpoint: client }),
      message('optionTimestamps', { value: 983029129, echo: 0 }),
    ]);
  });

  test("step 2: the server acknowledges the client's ISN + 1 (a SYN consumes one number) and sends its own ISN", () => {
    const d = byFrame(all, 4);
    assert.deepEqual(d.steps, [message('stepHandshake2', { endpoint: server, isn: 48476803 })]);
    assert.deepEqual(d.ack, {
      relative: 1,
      raw: 2423261596,
      shown: true,
      explanation: message('ackSynClient', { raw: 2423261596, isn: 2423261595 }),
      acknowledgesPacket: byFrame(all, 3).packet,
    });
    assert.equal(formatMessage(d.ack!.explanation), 'ack 2423261596 = client ISN 2423261595 + 1: a SYN consumes one sequence number');
    assert.deepEqual([d.receiver.before, d.receiver.after], ['SYN_SENT', 'ESTABLISHED']);
    assert.deepEqual(d.flags, { letters: 'S.', names: ['SYN', 'ACK'] });
  });

  test("step 3: the client acknowledges the server's ISN + 1; both ends ESTABLISHED; its window is scaled", () => {
    const d = byFrame(all, 5);
    assert.deepEqual(d.steps, [message('stepHandshake3', { endpoint: client })]);
    assert.deepEqual(d.ack!.explanation, message('ackSynServer', { raw: 48476804, isn: 48476803 }));
    assert.deepEqual([d.receiver.before, d.receiver.after], ['SYN_RECEIVED', 'ESTABLISHED']);
    assert.deepEqual(d.seq.explanation, message('seqAfterSyn', { relative: 1, isn: 2423261595, raw: 2423261596 }));
    assert.deepEqual(d.window, { raw: 63, scaled: 63 * 1024, shift: 10, explanation: message('windowScaled', { scaled: 64512, raw: 63, shift: 10 }) });
    assert.equal(formatMessage(d.window.explanation), 'window 64512 bytes = 63 × 2^10: the window scale agreed in the handshake');
  });

  test('data, and the ACK of it: ack 1449 = 1 + 1448 bytes received', () => {
    const data = byFrame(all, 8);
    assert.deepEqual(data.steps, [message('stepData', { endpoint: server, len: 1448, first: 1, last: 1448, next: 1449 })]);
    assert.equal(data.payloadLength, 1448);
    const ack = byFrame(all, 9);
    assert.deepEqual(ack.steps, [message('stepPureAck', { endpoint: client, ack: 1449 })]);
    assert.deepEqual(ack.ack!.explanation, message('ackData', { ack: 1449, seq: 1, len: 1448 }));
    assert.equal(formatMessage(ack.ack!.explanation), 'ack 1449 = 1 + 1448 bytes received');
    assert.equal(ack.ack!.acknowledgesPacket, data.packet);
    const next = byFrame(all, 10);
    assert.deepEqual(next.seq.explanation, message('seqRelative', { relative: 1449, raw: 48476803 + 1449, isn: 48476803, endpoint: server }));
  });

  test('the client closes actively, the server passively through CLOSE_WAIT and LAST_ACK; the client waits in TIME_WAIT', () => {
    const fin = byFrame(all, 14);
    assert.deepEqual(fin.steps, [message('stepActiveClose', { endpoint: client })]);
    assert.deepEqual([fin.sender.before, fin.sender.after, fin.receiver.before, fin.receiver.after], [
      'ESTABLISHED',
      'FIN_WAIT_1',
      'ESTABLISHED',
      'CLOSE_WAIT',
    ]);
    assert.deepEqual(fin.receiver.notes, [message('noteCloseWait', { endpoint: server })]);

    const ackOfFin = byFrame(all, 15);
    assert.deepEqual(ackOfFin.steps, [message('stepAckOfFin', { endpoint: server, peer: client })]);
    assert.deepEqual(ackOfFin.ack!.explanation, message('ackFin', { ack: 96, seq: 95 }));
    assert.equal(formatMessage(ackOfFin.ack!.explanation), 'ack 96 = 95 + 1: a FIN consumes one sequence number');
    assert.deepEqual([ackOfFin.receiver.before, ackOfFin.receiver.after], ['FIN_WAIT_1', 'FIN_WAIT_2']);

    const passive = byFrame(all, 16);
    assert.deepEqual(passive.steps, [message('stepPassiveClose', { endpoint: server })]);
    assert.deepEqual([passive.sender.before, passive.sender.after], ['CLOSE_WAIT', 'LAST_ACK']);
    assert.deepEqual([passive.receiver.before, passive.receiver.after], ['FIN_WAIT_2', 'TIME_WAIT']);
    assert.deepEqual(passive.receiver.notes, [message('noteTimeWait')]);

    const last = byFrame(all, 17);
    assert.deepEqual(last.steps, [message('stepLastAck', { endpoint: client, peer: server })]);
    assert.deepEqual([last.receiver.before, last.receiver.after], ['LAST_ACK', 'CLOSED']);
    assert.deepEqual(keysOf(last.sender.notes), ['noteTimeWait']);
    assert.deepEqual(last.ack!.explanation, message('ackFin', { ack: 3092, seq: 3091 }));
  });

  test('a clean connection has no analysis events and belongs to no finding', () => {
    assert.deepEqual(all.flatMap((d) => d.events), []);
    assert.deepEqual(all.flatMap((d) => d.findings), []);
  });

  test('a number that is no packet of the model is refused, not described', () => {
    for (const bad of [-1, model.packetCount, 1.5]) assert.throws(() => describePacket(model, bad), RangeError);
  });
});

describe('describePacket: simultaneous open (samples/simultaneous-open.tcpdump)', () => {
  const all = describeAll(modelOf('samples/simultaneous-open.tcpdump'));
  const a = '192.0.2.10:5000';
  const b = '192.0.2.20:6000';

  test('two crossing SYNs, then a SYN+ACK each way', () => {
    assert.deepEqual(byFrame(all, 1).steps, [message('stepSimultaneousOpenFirstSyn', { endpoint: a, isn: 1000000 })]);
    assert.deepEqual(byFrame(all, 2).steps, [message('stepSimultaneousOpenSecondSyn', { endpoint: b, isn: 2000000 })]);
    assert.deepEqual(byFrame(all, 3).steps, [message('stepSimultaneousOpenSynAck', { endpoint: a, isn: 1000000 })]);
    assert.deepEqual(byFrame(all, 4).steps, [message('stepSimultaneousOpenSynAck', { endpoint: b, isn: 2000000 })]);
    assert.deepEqual(byFrame(all, 3).ack!.explanation, message('ackSynServer', { raw: 2000001, isn: 2000000 }));
    assert.deepEqual(byFrame(all, 4).ack!.explanation, message('ackSynClient', { raw: 1000001, isn: 1000000 }));
    const last = byFrame(all, 4);
    assert.deepEqual([last.sender.after, last.receiver.after], ['ESTABLISHED', 'ESTABLISHED']);
  });

  test('no ACK after the SYN+ACKs is taken for step 3 of a three-way handshake', () => {
    assert.ok(all.every((d) => !keysOf(d.steps).some((k) => k.startsWith('stepHandshake'))));
  });
});

describe('describePacket: the server never closes (samples/close-wait-server-never-closes.tcpdump)', () => {
  const all = describeAll(modelOf('samples/close-wait-server-never-closes.tcpdump'));
  const client = '192.0.2.1:40006';
  const server = '192.0.2.2:80';

  test("the client's FIN: an active close of one direction; the server in CLOSE_WAIT, waiting on its application", () => {
    const fin = byFrame(all, 12);
    assert.deepEqual(fin.steps, [message('stepActiveClose', { endpoint: client }), message('stepHalfClose', { peer: server })]);
    assert.deepEqual([fin.receiver.before, fin.receiver.after], ['ESTABLISHED', 'CLOSE_WAIT']);
    assert.deepEqual(fin.receiver.notes, [message('noteCloseWait', { endpoint: server })]);
    assert.equal(
      formatMessage(fin.receiver.notes[0]),
      "CLOSE_WAIT, inferred from the capture point: 192.0.2.2:80 has received the peer's FIN and now waits for its application to close the socket; nothing on the wire ends this state until the application does",
    );
  });

  test('the ACK of that FIN leaves the client in FIN_WAIT_2 and the server in CLOSE_WAIT; both belong to the close-wait finding', () => {
    const ack = byFrame(all, 13);
    assert.deepEqual(ack.steps, [message('stepAckOfFin', { endpoint: server, peer: client })]);
    assert.deepEqual([ack.sender.after, ack.receiver.after], ['CLOSE_WAIT', 'FIN_WAIT_2']);
    assert.deepEqual(keysOf(ack.sender.notes), ['noteCloseWait']);
    for (const d of [byFrame(all, 12), ack]) {
      assert.deepEqual(
        d.findings.map((f) => [f.kind, f.meaning.key]),
        [['close-wait', 'findingMeaningCloseWait']],
      );
    }
  });
});

describe('describePacket: other closes', () => {
  test('three-way close: the FIN+ACK also acknowledges the first FIN (test/fixtures/unseen/keepalive-server.pcap)', () => {
    const all = describeAll(modelOf('test/fixtures/unseen/keepalive-server.pcap'));
    const fins = all.filter((d) => d.flags.names.includes('FIN'));
    assert.deepEqual(
      fins.map((d) => keysOf(d.steps)),
      [['stepActiveClose'], ['stepPassiveClose', 'stepThreeWayClose']],
    );
    const last = all[all.length - 1];
    assert.deepEqual(keysOf(last.steps), ['stepLastAck']);
  });

  test('simultaneous close: crossing FINs, both through CLOSING to TIME_WAIT (test/fixtures/unseen/simultaneous-close-crafted.pcap)', () => {
    const all = describeAll(modelOf('test/fixtures/unseen/simultaneous-close-crafted.pcap'));
    const fins = all.filter((d) => d.flags.names.includes('FIN'));
    assert.equal(fins.length, 2);
    for (const fin of fins) assert.deepEqual(fin.steps, [message('stepSimultaneousClose', { endpoint: fin.sender.endpoint })]);
    const acks = all.filter((d) => keysOf(d.steps).includes('stepAckSimultaneousClose'));
    assert.equal(acks.length, 2);
    for (const ack of acks) {
      assert.deepEqual([ack.receiver.before, ack.receiver.after], ['CLOSING', 'TIME_WAIT']);
      assert.deepEqual(keysOf(ack.receiver.notes), ['noteTimeWait']);
    }
  });

  test('half-close: data keeps flowing towards the side that closed (test/fixtures/unseen/half-close-ipv6.pcap)', () => {
    const all = describeAll(modelOf('test/fixtures/unseen/half-close-ipv6.pcap'));
    const afterFin = all.filter((d) => keysOf(d.steps).includes('stepHalfCloseData'));
    assert.ok(afterFin.length >= 4, `${afterFin.length} data segments after the peer's FIN`);
    for (const d of afterFin) {
      assert.equal(d.sender.before, 'CLOSE_WAIT');
      assert.deepEqual(keysOf(d.steps), ['stepData', 'stepHalfCloseData']);
      assert.match(d.sender.endpoint, /^\[2001:db8:2::2\]:\d+$/);
    }
  });
});
