/** The endpoint state machine, one transition at a time. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { changesNoState, newEndpoint, onReceive, onSend } from '../../src/core/model/stateMachine';
import { STATE_NAMES, TcpState } from '../../src/core/model/vocabulary';
import { TcpFlag } from '../../src/core/packets';

const S = TcpFlag.SYN;
const A = TcpFlag.ACK;
const F = TcpFlag.FIN;
const R = TcpFlag.RST;
const state = (name: string) => STATE_NAMES.indexOf(name) as TcpState;

/** [state before, flags sent, the segment acknowledges the peer's FIN, state after] */
const sending: [string, number, boolean, string][] = [
  ['CLOSED', S, false, 'SYN_SENT'],
  ['UNKNOWN', S, false, 'SYN_SENT'],
  ['SYN_SENT', S, false, 'SYN_SENT'],
  ['CLOSED', S | A, false, 'SYN_RECEIVED'],
  ['SYN_SENT', S | A, false, 'SYN_RECEIVED'],
  ['ESTABLISHED', S | A, false, 'ESTABLISHED'],
  ['ESTABLISHED', F | A, false, 'FIN_WAIT_1'],
  ['SYN_RECEIVED', F | A, false, 'FIN_WAIT_1'],
  ['UNKNOWN', F | A, false, 'FIN_WAIT_1'],
  ['CLOSE_WAIT', F | A, true, 'LAST_ACK'],
  ['CLOSE_WAIT', F | A, false, 'CLOSING'],
  ['FIN_WAIT_1', F | A, false, 'FIN_WAIT_1'],
  ['TIME_WAIT', A, true, 'TIME_WAIT'],
  ['UNKNOWN', A, false, 'ESTABLISHED'],
  ['ESTABLISHED', A, false, 'ESTABLISHED'],
  ['ESTABLISHED', R, false, 'CLOSED'],
  ['SYN_SENT', R | A, false, 'CLOSED'],
  ['TIME_WAIT', R, false, 'CLOSED'],
];

/** [state before, flags received, ack covers this endpoint's SYN/FIN, receiver answers SYNs, state after] */
const receiving: [string, number, boolean, boolean, string][] = [
  ['CLOSED', S, false, true, 'SYN_RECEIVED'],
  ['CLOSED', S, false, false, 'CLOSED'],
  ['SYN_SENT', S, false, true, 'SYN_RECEIVED'],
  ['SYN_SENT', S | A, true, false, 'ESTABLISHED'],
  ['SYN_RECEIVED', S | A, true, false, 'ESTABLISHED'],
  ['SYN_RECEIVED', A, true, false, 'ESTABLISHED'],
  ['ESTABLISHED', F | A, false, false, 'CLOSE_WAIT'],
  ['UNKNOWN', F | A, false, false, 'CLOSE_WAIT'],
  ['FIN_WAIT_1', A, true, false, 'FIN_WAIT_2'],
  ['FIN_WAIT_1', A, false, false, 'FIN_WAIT_1'],
  ['FIN_WAIT_1', F | A, true, false, 'TIME_WAIT'],
  ['FIN_WAIT_1', F | A, false, false, 'CLOSING'],
  ['FIN_WAIT_2', F | A, true, false, 'TIME_WAIT'],
  ['CLOSING', A, true, false, 'TIME_WAIT'],
  ['LAST_ACK', A, true, false, 'CLOSED'],
  ['LAST_ACK', A, false, false, 'LAST_ACK'],
  ['TIME_WAIT', F | A, true, false, 'TIME_WAIT'],
  ['ESTABLISHED', R, false, false, 'CLOSED'],
  ['SYN_SENT', R | A, false, false, 'CLOSED'],
];

describe('sending a segment', () => {
  for (const [before, flags, acksPeerFin, after] of sending) {
    test(`${before} --send ${flags.toString(2)}${acksPeerFin ? ' (acks peer FIN)' : ''}--> ${after}`, () => {
      const e = newEndpoint(state(before));
      onSend(e, flags, 101, acksPeerFin);
      assert.equal(STATE_NAMES[e.state], after);
    });
  }
});

describe('receiving a segment', () => {
  for (const [before, flags, covers, answers, after] of receiving) {
    test(`${before} --receive ${flags.toString(2)}${covers ? ' (acks ours)' : ''}--> ${after}`, () => {
      const e = newEndpoint(state(before));
      // This endpoint sent its SYN (relative 0, ends at 1) and a FIN ending at 101.
      e.synEnd = 1;
      e.finEnd = 101;
      onReceive(e, flags, covers ? 101 : 50, answers);
      assert.equal(STATE_NAMES[e.state], after);
    });
  }
});

describe('the segments that change no state', () => {
  test('where changesNoState says so, sending and receiving leave both endpoints as they are, whatever the numbers', () => {
    const numbers = [0, 1, 2, 100, 101, 0x7fffffff, 0xffffffff];
    let unchanged = 0;
    for (let flags = 0; flags < 256; flags++) {
      for (let sender = 0; sender < STATE_NAMES.length; sender++) {
        for (let receiver = 0; receiver < STATE_NAMES.length; receiver++) {
          if (!changesNoState(flags, sender as TcpState, receiver as TcpState)) continue;
          unchanged++;
          for (const seqEnd of numbers) {
            for (const end of numbers) {
              const from = newEndpoint(sender as TcpState);
              from.synEnd = from.finEnd = end;
              onSend(from, flags, seqEnd, seqEnd === end);
              const to = newEndpoint(receiver as TcpState);
              to.synEnd = to.finEnd = end;
              onReceive(to, flags, seqEnd, true);
              const pair = `${STATE_NAMES[sender]} → ${STATE_NAMES[receiver]}, flags ${flags}, ${seqEnd} against ${end}`;
              assert.equal(from.state, sender, `sender, ${pair}`);
              assert.equal(to.state, receiver, `receiver, ${pair}`);
            }
          }
        }
      }
    }
    // Most pairs of synchronised endpoints, for every flag set without SYN, FIN or RST.
    assert.ok(unchanged > 1000, `${unchanged} cases`);
  });
});
