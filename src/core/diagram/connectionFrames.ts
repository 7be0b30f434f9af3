/**
 * The handshake and the close of a connection as the diagram frames them:
 * which packets (the phases of `connectionSummary`), what they are called
 * (the connection record's `handshake`, `close` and `activeCloser`) and the
 * colour of the frame.
 */
import { message, type Message } from '../explain/message';
import type { CaptureModel, ConnectionRecord } from '../model/captureModel';
import { connectionSummary } from '../query';

export type FrameKind = 'handshake' | 'close' | 'reset';

export interface ConnectionFrame {
  readonly connection: number;
  readonly kind: FrameKind;
  /** Packet indexes of its first and last packet (of this connection). */
  readonly firstPacket: number;
  readonly lastPacket: number;
  /** Its name, in the presenter's language, not yet escaped. */
  readonly name: string;
}

/**
 * Translucent fills, so that the messages stay readable on the light, dark
 * and high-contrast themes alike (Mermaid's `rect` takes any CSS colour).
 */
export const FRAME_FILL: Readonly<Record<FrameKind, string>> = {
  handshake: 'rgba(46, 160, 67, 0.14)',
  close: 'rgba(56, 139, 253, 0.14)',
  reset: 'rgba(248, 81, 73, 0.16)',
};

/** The framed phases of a connection (none for a handshake not captured or a connection still open). */
export function connectionFrames(model: CaptureModel, connection: number, say: (m: Message) => string): ConnectionFrame[] {
  const c = model.connections[connection];
  const frames: ConnectionFrame[] = [];
  for (const phase of connectionSummary(model, connection).phases) {
    if (phase.phase === 'data') continue;
    const kind: FrameKind = phase.phase === 'handshake' ? 'handshake' : c.close === 'reset' ? 'reset' : 'close';
    const name = say(phase.phase === 'handshake' ? handshakeMessage(c) : closeMessage(model, c, say));
    frames.push({ connection, kind, firstPacket: phase.firstPacket, lastPacket: phase.lastPacket, name });
  }
  return frames;
}

export function handshakeMessage(c: ConnectionRecord): Message {
  switch (c.handshake) {
    case 'three-way':
      return message('diagramHandshakeThreeWay');
    case 'simultaneous-open':
      return message('diagramHandshakeSimultaneousOpen');
    case 'incomplete':
      return message('diagramHandshakeIncomplete');
    case 'not-captured':
      return message('diagramHandshakeNotCaptured');
  }
}

const CLOSE_KINDS = {
  'four-way': 'diagramCloseFourWay',
  'three-way': 'diagramCloseThreeWay',
  simultaneous: 'diagramCloseSimultaneous',
  'half-closed': 'diagramCloseHalf',
} as const;

/** The close, and who closed first or who reset. */
export function closeMessage(model: CaptureModel, c: ConnectionRecord, say: (m: Message) => string): Message {
  if (c.close === 'reset') return resetMessage(model, c);
  if (c.close === 'open') return message('diagramCloseOpen');
  const kind = message(CLOSE_KINDS[c.close]);
  // A simultaneous close has no first closer ('both'): its name says so.
  if (c.activeCloser === 'client') return message('diagramClosedFirstByClient', { close: say(kind) });
  if (c.activeCloser === 'server') return message('diagramClosedFirstByServer', { close: say(kind) });
  return kind;
}

function resetMessage(model: CaptureModel, c: ConnectionRecord): Message {
  const refused = model.findings.some((f) => f.kind === 'reset' && f.refused && f.connections.includes(c.id));
  if (refused) return message('diagramCloseRefused');
  if (c.firstResetIndex < 0) return message('diagramCloseReset');
  return message(model.packets.dir[c.firstResetIndex] === 0 ? 'diagramCloseResetByClient' : 'diagramCloseResetByServer');
}

/** The frame a packet of a connection falls in, or null (the data phase). */
export function frameOfPacket(frames: readonly ConnectionFrame[], packet: number): ConnectionFrame | null {
  for (const frame of frames) if (packet >= frame.firstPacket && packet <= frame.lastPacket) return frame;
  return null;
}
