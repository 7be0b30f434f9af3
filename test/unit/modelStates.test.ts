import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findingMessage } from '../../src/core/explain/findingMessage';
import { formatMessage } from '../../src/core/explain/message';
import { buildScenario, finalStates, statesOf } from './helpers/modelScenario';

// Client ISN 1000, server ISN 5000 throughout.
const handshake = [
  { from: 'c', flags: 'S', seq: 1000 },
  { from: 's', flags: 'S.', seq: 5000, ack: 1001 },
  { from: 'c', flags: '.', seq: 1001, ack: 5001 },
];

describe('RFC 793 states per packet', () => {
  test('three-way handshake: SYN_SENT, SYN_RECEIVED, ESTABLISHED on both sides', () => {
    const a = buildScenario(handshake);
    assert.deepEqual(statesOf(a), ['SYN_SENT/SYN_RECEIVED', 'SYN_RECEIVED/ESTABLISHED', 'ESTABLISHED/ESTABLISHED']);
    assert.equal(a.connections[0].handshake, 'three-way');
  });

  test('simultaneous open goes through SYN_RECEIVED on both sides', () => {
    const a = buildScenario([
      { from: 'c', flags: 'S', seq: 1000 },
      { from: 's', flags: 'S', seq: 5000 },
      { from: 'c', flags: 'S.', seq: 1000, ack: 5001 },
      { from: 's', flags: 'S.', seq: 5000, ack: 1001 },
    ]);
    assert.deepEqual(statesOf(a), ['SYN_SENT/SYN_RECEIVED', 'SYN_RECEIVED/SYN_RECEIVED', 'SYN_RECEIVED/ESTABLISHED', 'ESTABLISHED/ESTABLISHED']);
    assert.equal(a.connections[0].handshake, 'simultaneous-open');
  });

  test('four-way close: FIN_WAIT_1, CLOSE_WAIT, FIN_WAIT_2, LAST_ACK, TIME_WAIT, CLOSED', () => {
    const a = buildScenario([
      ...handshake,
      { from: 'c', flags: 'F.', seq: 1001, ack: 5001 },
      { from: 's', flags: '.', seq: 5001, ack: 1002 },
      { from: 's', flags: 'F.', seq: 5001, ack: 1002 },
      { from: 'c', flags: '.', seq: 1002, ack: 5002 },
    ]);
    assert.deepEqual(statesOf(a).slice(3), ['FIN_WAIT_1/CLOSE_WAIT', 'CLOSE_WAIT/FIN_WAIT_2', 'LAST_ACK/TIME_WAIT', 'TIME_WAIT/CLOSED']);
    assert.equal(finalStates(a), 'TIME_WAIT/CLOSED');
    assert.equal(a.connections[0].close, 'four-way');
  });

  test('three-way close: the FIN+ACK takes the first closer straight to TIME_WAIT', () => {
    const a = buildScenario([
      ...handshake,
      { from: 'c', flags: 'F.', seq: 1001, ack: 5001 },
      { from: 's', flags: 'F.', seq: 5001, ack: 1002 },
      { from: 'c', flags: '.', seq: 1002, ack: 5002 },
    ]);
    assert.deepEqual(statesOf(a).slice(3), ['FIN_WAIT_1/CLOSE_WAIT', 'LAST_ACK/TIME_WAIT', 'TIME_WAIT/CLOSED']);
    assert.equal(a.connections[0].close, 'three-way');
  });

  test('simultaneous close passes through CLOSING to TIME_WAIT on both sides', () => {
    const a = buildScenario([
      ...handshake,
      { from: 'c', flags: 'F.', seq: 1001, ack: 5001 },
      { from: 's', flags: 'F.', seq: 5001, ack: 1001 },
      { from: 'c', flags: '.', seq: 1002, ack: 5002 },
      { from: 's', flags: '.', seq: 5002, ack: 1002 },
    ]);
    assert.deepEqual(statesOf(a).slice(3), ['FIN_WAIT_1/CLOSE_WAIT', 'CLOSING/CLOSING', 'CLOSING/TIME_WAIT', 'TIME_WAIT/TIME_WAIT']);
    assert.equal(a.connections[0].close, 'simultaneous');
  });

  test('half-close: data keeps flowing to the side that sent its FIN', () => {
    const a = buildScenario([
      ...handshake,
      { from: 'c', flags: 'FP.', seq: 1001, ack: 5001, len: 10 },
      { from: 's', flags: '.', seq: 5001, ack: 1012 },
      { from: 's', flags: 'P.', seq: 5001, ack: 1012, len: 100 },
      { from: 'c', flags: '.', seq: 1012, ack: 5101 },
      { from: 's', flags: 'P.', seq: 5101, ack: 1012, len: 100 },
    ]);
    assert.deepEqual(statesOf(a).slice(3), [
      'FIN_WAIT_1/CLOSE_WAIT',
      'CLOSE_WAIT/FIN_WAIT_2',
      'CLOSE_WAIT/FIN_WAIT_2',
      'FIN_WAIT_2/CLOSE_WAIT',
      'CLOSE_WAIT/FIN_WAIT_2',
    ]);
    assert.equal(a.connections[0].close, 'half-closed');
  });

  test('CLOSE_WAIT left open is the final state and a finding', () => {
    const a = buildScenario([
      ...handshake,
      { from: 'c', flags: 'F.', seq: 1001, ack: 5001 },
      { from: 's', flags: '.', seq: 5001, ack: 1002, time: 5 },
    ]);
    assert.equal(finalStates(a), 'FIN_WAIT_2/CLOSE_WAIT');
    assert.ok(a.findings.some((f) => f.kind === 'close-wait'));
  });

  for (const [name, prefix] of [
    ['SYN_SENT', handshake.slice(0, 1)],
    ['SYN_RECEIVED', handshake.slice(0, 2)],
    ['ESTABLISHED', handshake],
  ] as const) {
    test(`RST from the server in ${name} closes both endpoints`, () => {
      const a = buildScenario([...prefix, { from: 's', flags: 'R.', seq: 5001, ack: 1001 }]);
      assert.equal(statesOf(a).at(-1), 'CLOSED/CLOSED');
      assert.equal(a.connections[0].close, 'reset');
    });
  }

  test('a refused connection: SYN answered by RST+ACK, both CLOSED, reset finding says refused', () => {
    const a = buildScenario([
      { from: 'c', flags: 'S', seq: 1000 },
      { from: 's', flags: 'R.', seq: 0, ack: 1001 },
    ]);
    assert.deepEqual(statesOf(a), ['SYN_SENT/CLOSED', 'CLOSED/CLOSED']);
    assert.equal(a.connections[0].handshake, 'incomplete');
    const reset = a.findings.find((f) => f.kind === 'reset');
    assert.ok(reset && reset.refused === true, JSON.stringify(a.findings));
  });

  test('a SYN never answered: client SYN_SENT, server CLOSED, one finding for all retransmissions', () => {
    const a = buildScenario([
      { from: 'c', flags: 'S', seq: 1000, time: 0 },
      { from: 'c', flags: 'S', seq: 1000, time: 1 },
      { from: 'c', flags: 'S', seq: 1000, time: 3 },
    ]);
    assert.equal(finalStates(a), 'SYN_SENT/CLOSED');
    const f = a.findings.filter((x) => x.kind === 'syn-unanswered');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].packets, [1, 2, 3]);
  });

  test('mid-connection start: UNKNOWN until each side sends an ACK', () => {
    const a = buildScenario([
      { from: 's', flags: 'P.', seq: 9000, ack: 3000, len: 100 },
      { from: 'c', flags: '.', seq: 3000, ack: 9100 },
      { from: 'c', flags: 'F.', seq: 3000, ack: 9100 },
      { from: 's', flags: 'F.', seq: 9100, ack: 3001 },
      { from: 'c', flags: '.', seq: 3001, ack: 9101 },
    ]);
    assert.deepEqual(statesOf(a), [
      'ESTABLISHED/UNKNOWN',
      'ESTABLISHED/ESTABLISHED',
      'FIN_WAIT_1/CLOSE_WAIT',
      'LAST_ACK/TIME_WAIT',
      'TIME_WAIT/CLOSED',
    ]);
    assert.equal(a.connections[0].handshake, 'not-captured');
  });

  test('TIME_WAIT is kept until the end of the capture', () => {
    const a = buildScenario([
      ...handshake,
      { from: 'c', flags: 'F.', seq: 1001, ack: 5001 },
      { from: 's', flags: 'F.', seq: 5001, ack: 1002 },
      { from: 'c', flags: '.', seq: 1002, ack: 5002, time: 100 },
    ]);
    assert.equal(finalStates(a), 'TIME_WAIT/CLOSED');
  });

  test('a SYN refused by ICMP port unreachable: the client ends CLOSED, a retransmitted SYN reopens it', () => {
    const a = buildScenario(
      [
        { from: 'c', flags: 'S', seq: 1000, time: 0 },
        { from: 'c', flags: 'S', seq: 1000, time: 1 },
      ],
      [
        { after: 0, reason: 'port unreachable', hard: true, showSport: false },
        { after: 1, reason: 'port unreachable', hard: true },
      ],
    );
    assert.deepEqual(statesOf(a), ['SYN_SENT/CLOSED', 'SYN_SENT/CLOSED']);
    assert.equal(finalStates(a), 'CLOSED/CLOSED');
    const f = a.findings.find((x) => x.kind === 'icmp-unreachable');
    assert.ok(f && f.kind === 'icmp-unreachable' && f.hard, JSON.stringify(a.findings));
    assert.match(formatMessage(findingMessage(f)), /connection refused/);
  });

  test('a soft ICMP error (host unreachable) leaves the SYN pending', () => {
    const a = buildScenario([{ from: 'c', flags: 'S', seq: 1000, time: 0 }], [{ after: 0, reason: 'host unreachable', hard: false }]);
    assert.equal(finalStates(a), 'SYN_SENT/CLOSED');
  });
});

