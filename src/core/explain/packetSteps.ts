/**
 * Which step of a connection's life a packet is: a step of the handshake
 * (three-way or simultaneous), data, a pure ACK and its kinds, a step of the
 * close (active, passive, simultaneous, half-close), or a reset accepted or
 * ignored. Read from the packet's flags, its events and the state changes
 * the model recorded, so the words always agree with the states shown.
 */
import { PacketMark } from '../model/captureModel';
import { TcpEvent } from '../model/vocabulary';
import { flagsText, TcpFlag } from '../packets';
import { scaledWindow } from '../query';
import { message, Message } from './message';
import { earlierPacketsFrom, NO_CONNECTION_STATES, PacketFacts } from './packetFacts';

export function packetSteps(f: PacketFacts): Message[] {
  if (f.flags & TcpFlag.RST) return [resetStep(f)];
  const steps: Message[] = [];
  if (f.flags & TcpFlag.SYN) steps.push(...synSteps(f));
  else if (f.flags & TcpFlag.ACK) {
    const step = handshakeOrCloseAck(f);
    if (step) steps.push(step);
  } else steps.push(message('stepNoAckFlag', { letters: flagsText(f.flags) }));
  steps.push(...dataSteps(f));
  if (f.flags & TcpFlag.FIN) steps.push(...finSteps(f));
  if (steps.length === 0) steps.push(pureAckStep(f));
  return steps;
}

function synSteps(f: PacketFacts): Message[] {
  const endpoint = f.senderText;
  const isn = f.model.packets.seqRaw[f.packet];
  const simultaneous = f.connection.handshake === 'simultaneous-open';
  if (f.flags & TcpFlag.ACK) {
    return [message(simultaneous ? 'stepSimultaneousOpenSynAck' : 'stepHandshake2', { endpoint, isn })];
  }
  if (simultaneous) {
    // The peer's SYN came first when the receiver has already sent one.
    const second = f.receiver.before === 'SYN_SENT' || f.receiver.before === 'SYN_RECEIVED';
    return [message(second ? 'stepSimultaneousOpenSecondSyn' : 'stepSimultaneousOpenFirstSyn', { endpoint, isn })];
  }
  const steps = [message('stepHandshake1', { endpoint, isn })];
  if (f.events & TcpEvent.RETRANSMISSION) steps.push(message('stepSynRetransmitted'));
  return steps;
}

/** An ACK that completes the handshake or moves the peer on in the close: the receiver's state change says which. */
function handshakeOrCloseAck(f: PacketFacts): Message | undefined {
  const endpoint = f.senderText;
  const peer = f.receiverText;
  const { before, after } = f.receiver;
  if (before === 'SYN_RECEIVED' && after === 'ESTABLISHED' && f.dir === 'c2s' && f.connection.handshake !== 'simultaneous-open') {
    return message('stepHandshake3', { endpoint });
  }
  if (f.flags & TcpFlag.FIN) return undefined;
  if (before === 'FIN_WAIT_1' && after === 'FIN_WAIT_2') {
    return message(f.sender.after === 'CLOSE_WAIT' ? 'stepAckOfFin' : 'stepAckOfFinOnly', { endpoint, peer });
  }
  if (before === 'LAST_ACK' && after === 'CLOSED') return message('stepLastAck', { endpoint, peer });
  if (before === 'CLOSING' && after === 'TIME_WAIT') return message('stepAckSimultaneousClose', { endpoint, peer });
  return undefined;
}

function dataSteps(f: PacketFacts): Message[] {
  const endpoint = f.senderText;
  if (f.events & TcpEvent.KEEP_ALIVE) {
    return [message(peerWindowIsZero(f) ? 'stepKeepAliveIntoZeroWindow' : 'stepKeepAlive', { endpoint })];
  }
  if (f.events & TcpEvent.ZERO_WINDOW_PROBE) return [message('stepZeroWindowProbe', { endpoint })];
  if (f.len === 0) return [];
  const first = f.seq;
  const next = (f.seq + f.len) >>> 0;
  const steps = [message('stepData', { endpoint, len: f.len, first, last: (next - 1) >>> 0, next })];
  if (f.sender.before === 'CLOSE_WAIT') steps.push(message('stepHalfCloseData', { endpoint }));
  return steps;
}

function finSteps(f: PacketFacts): Message[] {
  const c = f.connection;
  const endpoint = f.senderText;
  const own = c.firstFinIndex[f.dir];
  const other = c.firstFinIndex[f.peerDir];
  if (own !== f.packet && own >= 0) {
    return [message('stepFinRepeated', { endpoint, frame: f.model.packets.frame[own] })];
  }
  if (c.activeCloser === 'both') return [message('stepSimultaneousClose', { endpoint })];
  if (other < 0 || other > f.packet) {
    const steps = [message('stepActiveClose', { endpoint })];
    if (c.close === 'half-closed') steps.push(message('stepHalfClose', { peer: f.receiverText }));
    return steps;
  }
  const steps = [message('stepPassiveClose', { endpoint })];
  if (c.close === 'three-way') steps.push(message('stepThreeWayClose'));
  return steps;
}

function pureAckStep(f: PacketFacts): Message {
  const endpoint = f.senderText;
  const e = f.events;
  if (e & TcpEvent.KEEP_ALIVE_ACK) return message('stepKeepAliveAck', { endpoint });
  if (e & TcpEvent.ZERO_WINDOW_PROBE_ACK) return message('stepZeroWindowProbeAck', { endpoint });
  if (e & TcpEvent.WINDOW_UPDATE) {
    return message('stepWindowUpdate', { endpoint, window: scaledWindow(f.model, f.packet) });
  }
  if (e & TcpEvent.DUPLICATE_ACK) return message('stepDuplicateAck', { endpoint, ack: f.ack });
  if (e & TcpEvent.ZERO_WINDOW) return message('stepZeroWindow', { endpoint });
  return message('stepPureAck', { endpoint, ack: f.ack });
}

function resetStep(f: PacketFacts): Message {
  const endpoint = f.senderText;
  const peer = f.receiverText;
  const seq = f.seq;
  if (f.marks & PacketMark.RESET_IGNORED) {
    const expected = lastAckOfReceiver(f);
    return expected === undefined
      ? message('stepResetIgnoredUnchecked', { seq, peer })
      : message('stepResetIgnored', { seq, expected, peer });
  }
  if (f.receiver.before === 'SYN_SENT' && NO_CONNECTION_STATES.includes(f.sender.before)) {
    return message('stepResetRefused', { endpoint });
  }
  if (f.receiver.before === 'CLOSED') return message('stepResetNoConnection', { endpoint, peer });
  if (earlierPacketsFrom(f, f.model.packets.dir[f.packet]).next().done) {
    return message('stepResetAcceptedUnchecked', { endpoint });
  }
  return message('stepResetAccepted', { endpoint, seq, peer });
}

/** The relative acknowledgement number the receiver sent last: the sequence number it expects next. */
function lastAckOfReceiver(f: PacketFacts): number | undefined {
  const p = f.model.packets;
  for (const k of earlierPacketsFrom(f, 1 - p.dir[f.packet])) {
    if (p.flags[k] & TcpFlag.ACK && p.marks[k] & PacketMark.ACK_SHOWN) return p.ack[k];
  }
  return undefined;
}

/** Whether the receiver's latest segment advertised a zero window. */
function peerWindowIsZero(f: PacketFacts): boolean {
  const p = f.model.packets;
  const last = earlierPacketsFrom(f, 1 - p.dir[f.packet]).next();
  return !last.done && p.win[last.value] === 0;
}
