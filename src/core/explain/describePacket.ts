/**
 * Everything a person wants to know about one packet, as structured data
 * (messages with arguments, never glued English), for the hover, the
 * diagram's tooltips and any other presenter.
 */
import type { CaptureModel, FindingKind, Role, TcpStateName } from '../model/captureModel';
import type { Message } from './message';

export interface EndpointDescription {
  readonly role: Role;
  /** "address:port" as the input named it (untrusted text). */
  readonly endpoint: string;
  readonly before: TcpStateName;
  readonly after: TcpStateName;
  /** Why the state is what it is where the capture cannot see it (CLOSE_WAIT waits on the application, TIME_WAIT lasts 2×MSL…). */
  readonly notes: readonly Message[];
}

export interface PacketDescription {
  readonly packet: number;
  readonly frame: number;
  readonly line: number;
  readonly connection: number;
  readonly direction: 'c2s' | 's2c';
  readonly sender: EndpointDescription;
  readonly receiver: EndpointDescription;
  /** Which step this is: handshake step 1/2/3, a step of the close, a reset (accepted or ignored, and why), data, a pure ACK… */
  readonly steps: readonly Message[];
  /** e.g. "S." and ["SYN", "ACK"]. */
  readonly flags: { readonly letters: string; readonly names: readonly string[] };
  readonly seq: {
    readonly relative: number;
    readonly raw: number;
    readonly source: 'shown' | 'inferred';
    /** The arithmetic that makes it right, e.g. "seq 1 = ISN + 1: the SYN consumed one sequence number". */
    readonly explanation?: Message;
  };
  readonly ack: null | { readonly relative: number; readonly raw: number; readonly explanation?: Message; readonly acknowledgesPacket: number };
  readonly payloadLength: number;
  readonly window: { readonly raw: number; readonly scaled: number; readonly shift: number };
  readonly options: readonly Message[];
  readonly events: readonly { readonly tag: string; readonly explanation: Message }[];
  readonly findings: readonly { readonly index: number; readonly kind: FindingKind; readonly summary: Message }[];
}

export function describePacket(model: CaptureModel, packet: number): PacketDescription {
  throw new Error('not implemented yet');
}
