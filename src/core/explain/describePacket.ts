/**
 * Everything a person wants to know about one packet, as structured data
 * (messages with arguments, never glued English), for the hover, the
 * diagram's tooltips and any other presenter. Every fact comes from the
 * model and its queries; this module only chooses the words.
 */
import type { CaptureModel, DirectionName, FindingKind, Role, TcpStateName } from '../model/captureModel';
import { flagNames, flagsText } from '../packets';
import { findingsOfPacket } from '../query';
import { endpointNotes } from './endpointNotes';
import { explainEvents, EventExplanation, findingMeaning } from './eventExplanations';
import { findingMessage } from './findingMessage';
import { message, Message } from './message';
import { packetFacts, PacketFacts } from './packetFacts';
import { AckDescription, describeAck, describeOptions, describeSeq, describeWindow, SeqDescription, WindowDescription } from './packetNumbers';
import { packetSteps } from './packetSteps';

export type { AckDescription, SeqDescription, WindowDescription } from './packetNumbers';
export type { EventExplanation } from './eventExplanations';

export interface EndpointDescription {
  readonly role: Role;
  /** "address:port" as the input named it (untrusted text). */
  readonly endpoint: string;
  readonly before: TcpStateName;
  readonly after: TcpStateName;
  /** "client 192.0.2.1:40001: SYN_SENT → ESTABLISHED". */
  readonly states: Message;
  /** Why the state is what it is where the capture cannot see it (CLOSE_WAIT waits on the application, TIME_WAIT lasts 2×MSL…). */
  readonly notes: readonly Message[];
}

export interface FindingMembership {
  /** Index into `model.findings`. */
  readonly index: number;
  readonly kind: FindingKind;
  /** The finding's own one-line summary, with its numbers. */
  readonly summary: Message;
  /** What this kind of finding means (e.g. half-open connections piling up in the server's SYN queue). */
  readonly meaning: Message;
}

export interface PacketDescription {
  readonly packet: number;
  readonly frame: number;
  readonly line: number;
  readonly connection: number;
  readonly direction: DirectionName;
  readonly sender: EndpointDescription;
  readonly receiver: EndpointDescription;
  /** Which step this is: handshake step 1/2/3, a step of the close, a reset (accepted or ignored, and why), data, a pure ACK… */
  readonly steps: readonly Message[];
  /** e.g. "S." and ["SYN", "ACK"] (tcpdump's letters, and the names in the same order). */
  readonly flags: { readonly letters: string; readonly names: readonly string[] };
  readonly seq: SeqDescription;
  readonly ack: AckDescription | null;
  readonly payloadLength: number;
  readonly window: WindowDescription;
  readonly options: readonly Message[];
  readonly events: readonly EventExplanation[];
  readonly findings: readonly FindingMembership[];
}

/** `packet` is a packet index of the model (see `packetAtLine`); any other number is a caller's mistake. */
export function describePacket(model: CaptureModel, packet: number): PacketDescription {
  if (!Number.isInteger(packet) || packet < 0 || packet >= model.packetCount) {
    throw new RangeError(`no packet ${packet} in a model of ${model.packetCount}`);
  }
  const f = packetFacts(model, packet);
  const p = model.packets;
  return {
    packet,
    frame: p.frame[packet],
    line: p.line[packet],
    connection: f.connection.id,
    direction: f.dir,
    sender: describeEndpoint(f, 'sender'),
    receiver: describeEndpoint(f, 'receiver'),
    steps: packetSteps(f),
    flags: { letters: flagsText(f.flags), names: flagNames(f.flags) },
    seq: describeSeq(f),
    ack: describeAck(f),
    payloadLength: f.len,
    window: describeWindow(f),
    options: describeOptions(f),
    events: explainEvents(f.events),
    findings: findingsOfPacket(model, packet).map((index) => {
      const finding = model.findings[index];
      return { index, kind: finding.kind, summary: findingMessage(finding), meaning: findingMeaning(finding) };
    }),
  };
}

function describeEndpoint(f: PacketFacts, side: 'sender' | 'receiver'): EndpointDescription {
  const { role, before, after } = f[side];
  const endpoint = side === 'sender' ? f.senderText : f.receiverText;
  return {
    role,
    endpoint,
    before,
    after,
    states: message(role === 'client' ? 'endpointClient' : 'endpointServer', { endpoint, before, after }),
    notes: endpointNotes(f, side),
  };
}
