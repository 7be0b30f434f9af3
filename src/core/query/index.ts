/**
 * Pure questions every view asks of a `CaptureModel`. Views never re-derive
 * TCP facts: a fact the model lacks is added here (or to the model), once.
 */
import type { CaptureModel, ConnectionRecord, Endpoint, Role, TcpStateName } from '../model/captureModel';

const notYet = (): never => {
  throw new Error('not implemented yet');
};

/** Packet index of the TCP segment whose frame spans this 1-based line (continuation lines included), or -1. */
export function packetAtLine(model: CaptureModel, line: number): number {
  return notYet();
}

/** Frame number (1-based) whose lines span this 1-based line, or 0 for a line of no frame. */
export function frameAtLine(model: CaptureModel, line: number): number {
  return notYet();
}

/** The 1-based first line of a packet. */
export function lineOfPacket(model: CaptureModel, packet: number): number {
  return notYet();
}

/** The last line of a packet's frame (continuation lines included). */
export function lastLineOfPacket(model: CaptureModel, packet: number): number {
  return notYet();
}

/** Packet index of a frame number, or -1 when that frame is not a TCP segment. */
export function packetOfFrame(model: CaptureModel, frame: number): number {
  return notYet();
}

/** The packet indexes of one connection, in capture order (a view into the model; do not modify). */
export function packetsOfConnection(model: CaptureModel, connection: number): Uint32Array {
  return notYet();
}

/** The previous packet of the same connection, or -1. */
export function previousPacketInConnection(model: CaptureModel, packet: number): number {
  return notYet();
}

export interface EndpointStates {
  readonly role: Role;
  readonly endpoint: Endpoint;
  readonly before: TcpStateName;
  readonly after: TcpStateName;
}

/** The sender's and the receiver's state before and after a packet. */
export function statesAround(model: CaptureModel, packet: number): { sender: EndpointStates; receiver: EndpointStates } {
  return notYet();
}

/** The window the packet advertises in bytes: scaled when both SYNs negotiated scaling (never on a SYN). */
export function scaledWindow(model: CaptureModel, packet: number): number {
  return notYet();
}

/**
 * The earlier segment of the other direction that this packet's ACK
 * acknowledges: the latest one whose sequence space ends exactly at the
 * acknowledgement number (seq + len, + 1 for SYN or FIN), else the latest
 * one ending before it; -1 when none or the packet has no ACK.
 */
export function acknowledgedSegment(model: CaptureModel, packet: number): number {
  return notYet();
}

/** Indexes into `model.findings` of the findings that name this packet's frame or its connection. */
export function findingsOfPacket(model: CaptureModel, packet: number): number[] {
  return notYet();
}

export interface ConnectionSummary {
  readonly connection: ConnectionRecord;
  /** "10.0.0.1:443", "[2001:db8::1]:80", "web.example:http" (names as the input printed them). */
  readonly clientText: string;
  readonly serverText: string;
  readonly handshake: ConnectionRecord['handshake'];
  readonly close: ConnectionRecord['close'];
  readonly zeekState: ConnectionRecord['zeekState'];
  readonly zeekHistory: string;
  readonly packets: number;
  readonly durationSeconds: number;
  /** How many packets carry each event tag (tags with none left out), most frequent first. */
  readonly eventCounts: readonly { readonly tag: string; readonly count: number }[];
  /** Packet-index ranges of the phases: handshake, data, close (absent when not seen). */
  readonly phases: readonly { readonly phase: 'handshake' | 'data' | 'close'; readonly firstPacket: number; readonly lastPacket: number }[];
}

export function connectionSummary(model: CaptureModel, connection: number): ConnectionSummary {
  return notYet();
}

/** "address:port" as the input named them; IPv6 addresses in brackets. */
export function endpointText(endpoint: Endpoint): string {
  return notYet();
}
