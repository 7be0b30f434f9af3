/**
 * The arrow and the label of one segment, in Wireshark's words:
 * `#12 [PSH, ACK] Seq=1 Ack=1 Len=94`, then the window and the time when
 * asked, then the analysis events. Built only from numbers, flag names and
 * event tags, whose characters mean nothing to Mermaid inside a message's
 * text; the `#` of the frame number is written as its entity code, since a
 * bare `#` starts a Mermaid comment.
 */
import { PacketMark, type CaptureModel } from '../model/captureModel';
import { eventTags, TcpEvent } from '../model/vocabulary';
import { flagNames, TcpFlag } from '../packets';
import { scaledWindow } from '../query';
import type { DiagramLabelOptions } from './diagramWindow';

const RETRANSMISSION_LIKE =
  TcpEvent.RETRANSMISSION | TcpEvent.FAST_RETRANSMISSION | TcpEvent.SPURIOUS_RETRANSMISSION | TcpEvent.OUT_OF_ORDER;

/** A reset its receiver ignored (RFC 5961); not one of Wireshark's events, so named here. */
export const IGNORED_RESET_TAG = 'ignored-reset';

/**
 * Mermaid's arrow: a cross for a reset (dotted when the reset was ignored or
 * is a retransmission), a dotted open arrow for a retransmission or a segment
 * out of order, a solid arrow otherwise.
 */
export function messageArrow(model: CaptureModel, packet: number): string {
  const p = model.packets;
  const repeated = (p.events[packet] & RETRANSMISSION_LIKE) !== 0;
  if (p.flags[packet] & TcpFlag.RST) return repeated || p.marks[packet] & PacketMark.RESET_IGNORED ? '--x' : '-x';
  return repeated ? '--)' : '->>';
}

export function messageLabel(model: CaptureModel, packet: number, options: DiagramLabelOptions): string {
  const p = model.packets;
  const raw = options.numbers === 'raw';
  const parts = [`#35;${p.frame[packet]}`, `[${flagNames(p.flags[packet]).join(', ')}]`];
  if (p.marks[packet] & (PacketMark.SEQ_SHOWN | PacketMark.SEQ_INFERRED)) parts.push(`Seq=${raw ? p.seqRaw[packet] : p.seq[packet]}`);
  if (p.flags[packet] & TcpFlag.ACK && p.marks[packet] & PacketMark.ACK_SHOWN) parts.push(`Ack=${raw ? p.ackRaw[packet] : p.ack[packet]}`);
  if (options.window) parts.push(`Win=${scaledWindow(model, packet)}`);
  parts.push(`Len=${p.len[packet]}`);
  if (options.time) {
    const seconds = p.time[packet] - p.time[0];
    if (Number.isFinite(seconds)) parts.push(`t=${seconds.toFixed(6)}`);
  }
  const tags = [...eventTags(p.events[packet])];
  if (p.marks[packet] & PacketMark.RESET_IGNORED) tags.push(IGNORED_RESET_TAG);
  if (tags.length) parts.push(`(${tags.join(', ')})`);
  return parts.join(' ');
}
