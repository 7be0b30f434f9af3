/**
 * The numbers of a packet with the arithmetic that makes them right:
 * sequence and acknowledgement numbers relative and raw, the window scaled
 * and raw, and the options.
 */
import { PacketMark } from '../model/captureModel';
import { TcpEvent } from '../model/vocabulary';
import { TcpFlag, TcpOption } from '../packets';
import { acknowledgedSegment, scaledWindow } from '../query';
import { message, Message } from './message';
import { earlierPacketsFrom, PacketFacts } from './packetFacts';

export interface SeqDescription {
  readonly relative: number;
  readonly raw: number;
  /** Whether the input showed the number, the model inferred it (text omits it on pure ACKs), or nothing tells it. */
  readonly source: 'shown' | 'inferred' | 'unknown';
  /** The arithmetic that makes it right, e.g. "seq 1 = ISN 2423261595 + 1 (raw …): the SYN consumed one sequence number". */
  readonly explanation: Message;
}

export interface AckDescription {
  readonly relative: number;
  readonly raw: number;
  /** False when the ACK flag is set but the input did not show the number. */
  readonly shown: boolean;
  /** e.g. "ack 3626544837 = client ISN 3626544836 + 1: a SYN consumes one sequence number", "ack 1449 = 1 + 1448 bytes received". */
  readonly explanation: Message;
  /** The packet index of the segment it acknowledges (see `acknowledgedSegment`), -1 when none in the capture. */
  readonly acknowledgesPacket: number;
}

export interface WindowDescription {
  /** The window field as sent. */
  readonly raw: number;
  /** In bytes, scaled when the handshake negotiated scaling (never on a SYN). */
  readonly scaled: number;
  /** The connection's shift this way: -1 unknown (handshake not captured), 0 none. */
  readonly shift: number;
  readonly explanation: Message;
}

export function describeSeq(f: PacketFacts): SeqDescription {
  const raw = f.model.packets.seqRaw[f.packet];
  const relative = f.seq;
  const source = f.marks & PacketMark.SEQ_INFERRED ? 'inferred' : f.marks & PacketMark.SEQ_SHOWN ? 'shown' : 'unknown';
  return { relative, raw, source, explanation: seqExplanation(f, source, relative, raw) };
}

function seqExplanation(f: PacketFacts, source: SeqDescription['source'], relative: number, raw: number): Message {
  const endpoint = f.senderText;
  if (source === 'unknown') return message('seqNotShown');
  if (source === 'inferred') {
    const probe = f.events & (TcpEvent.KEEP_ALIVE | TcpEvent.ZERO_WINDOW_PROBE);
    return message(probe ? 'seqInferredProbe' : 'seqInferred', { relative, raw, endpoint });
  }
  if (f.flags & TcpFlag.SYN) return message('seqIsn', { raw, endpoint });
  if (f.flags & TcpFlag.RST && !f.connection.synSeen[f.dir] && earlierPacketsFrom(f, f.model.packets.dir[f.packet]).next().done) {
    return message('seqResetWithoutConnection', { raw });
  }
  const base = f.connection.base[f.dir];
  if (!f.connection.synSeen[f.dir]) return message('seqRelativeNoSyn', { relative, raw, base, endpoint });
  if (relative === 1) return message('seqAfterSyn', { relative, isn: base, raw });
  return message('seqRelative', { relative, raw, isn: base, endpoint });
}

export function describeAck(f: PacketFacts): AckDescription | null {
  if (!(f.flags & TcpFlag.ACK)) return null;
  const p = f.model.packets;
  const raw = p.ackRaw[f.packet];
  const relative = f.ack;
  const shown = (f.marks & PacketMark.ACK_SHOWN) !== 0;
  const acknowledgesPacket = shown ? acknowledgedSegment(f.model, f.packet) : -1;
  const explanation = shown ? ackExplanation(f, acknowledgesPacket, relative, raw) : message('ackNotShown');
  return { relative, raw, shown, explanation, acknowledgesPacket };
}

/** The sum that gives the acknowledgement number, from the segment that ends exactly there. */
function ackExplanation(f: PacketFacts, acked: number, ack: number, raw: number): Message {
  const cumulative = message('ackCumulative', { ack, raw });
  if (acked < 0) {
    const firstOfPeer = ack === 1 && !f.connection.synSeen[f.peerDir];
    return firstOfPeer ? message('ackFirstSeen', { ack, raw, peer: f.receiverText }) : cumulative;
  }
  const p = f.model.packets;
  const seq = p.seq[acked];
  const len = p.len[acked];
  const flags = p.flags[acked];
  const end = (seq + len + (flags & (TcpFlag.SYN | TcpFlag.FIN) ? 1 : 0)) >>> 0;
  if (end !== ack) return cumulative;
  if (flags & TcpFlag.SYN) {
    if (len > 0) return cumulative;
    return message(p.dir[acked] === 0 ? 'ackSynClient' : 'ackSynServer', { raw, isn: p.seqRaw[acked] });
  }
  if (flags & TcpFlag.FIN) return len > 0 ? message('ackDataFin', { ack, seq, len }) : message('ackFin', { ack, seq });
  return len > 0 ? message('ackData', { ack, seq, len }) : cumulative;
}

export function describeWindow(f: PacketFacts): WindowDescription {
  const raw = f.model.packets.win[f.packet];
  const scaled = scaledWindow(f.model, f.packet);
  const shift = f.connection.windowShift[f.dir];
  let explanation: Message;
  if (f.flags & TcpFlag.SYN) explanation = message('windowOnSyn', { raw });
  else if (f.flags & TcpFlag.RST) explanation = message('windowOnReset', { raw });
  else if (shift < 0) explanation = message('windowScaleUnknown', { raw });
  else if (shift === 0) explanation = message('windowNotScaled', { raw });
  else explanation = message('windowScaled', { scaled, raw, shift });
  return { raw, scaled, shift, explanation };
}

export function describeOptions(f: PacketFacts): Message[] {
  const p = f.model.packets;
  const i = f.packet;
  const endpoint = f.senderText;
  const present = p.options[i];
  const options: Message[] = [];
  if (present & TcpOption.MSS) options.push(message('optionMss', { mss: p.mss[i], endpoint }));
  if (present & TcpOption.WSCALE) {
    const shift = p.wscale[i];
    options.push(message('optionWindowScale', { shift, factor: 2 ** shift, endpoint }));
  }
  if (present & TcpOption.SACK_PERMITTED) options.push(message('optionSackPermitted', { endpoint }));
  if (present & TcpOption.TIMESTAMPS) options.push(message('optionTimestamps', { value: p.tsVal[i], echo: p.tsEcr[i] }));
  // SACK blocks name bytes of the other direction, so they count from its base.
  const base = f.connection.base[f.peerDir];
  for (let b = 0; b < p.sackCount[i]; b++) {
    const k = 2 * (p.sackStart[i] + b);
    const rawLeft = p.sackEdges[k];
    const rawRight = p.sackEdges[k + 1];
    options.push(message('optionSack', { left: (rawLeft - base) >>> 0, right: (rawRight - base) >>> 0, rawLeft, rawRight }));
  }
  return options;
}
