/**
 * The Mermaid text of one page of packets: participants, one message per
 * packet, a note over each endpoint whose state changes, the handshake and
 * the close framed in a translucent `rect` named by a note, and (when the
 * page mixes connections) a note wherever the connection changes.
 *
 * A frame is closed at the end of the page and wherever a packet of another
 * connection comes between, and opened again (its name marked "continued")
 * when its packets go on, so every page is valid Mermaid on its own and
 * frames never overlap. Only packets become messages: the webview maps
 * Mermaid's messages to packets by their order (`messagePackets`).
 */
import { message, type Message } from '../explain/message';
import type { CaptureModel } from '../model/captureModel';
import { statesAround } from '../query';
import { connectionFrames, frameOfPacket, FRAME_FILL, type ConnectionFrame } from './connectionFrames';
import { pageParticipants } from './diagramParticipants';
import type { DiagramLabelOptions } from './diagramWindow';
import { mermaidText } from './mermaidText';
import { messageArrow, messageLabel } from './messageLabels';

export interface SequenceDiagramText {
  readonly text: string;
  readonly messagePackets: number[];
}

const INDENT = '    ';

export function sequenceDiagramText(
  model: CaptureModel,
  packets: readonly number[],
  options: { readonly labels: DiagramLabelOptions; readonly connectionNotes: boolean },
  say: (m: Message) => string,
): SequenceDiagramText {
  const p = model.packets;
  const participants = pageParticipants(model, packets, say);
  const lines = ['sequenceDiagram', ...participants.statements.map((s) => INDENT + s)];
  const messagePackets: number[] = [];
  const framesOf = new Map<number, ConnectionFrame[]>();
  const overConnection = (c: number) => {
    const client = participants.client(c);
    const server = participants.server(c);
    return client === server ? client : `${client},${server}`;
  };

  let openFrame: ConnectionFrame | null = null;
  let indent = INDENT;
  const closeFrame = () => {
    if (openFrame === null) return;
    indent = INDENT;
    lines.push(indent + 'end');
    openFrame = null;
  };

  let currentConnection = -1;
  for (const i of packets) {
    const c = p.conn[i];
    if (c !== currentConnection) {
      closeFrame();
      if (options.connectionNotes) lines.push(`${indent}Note over ${overConnection(c)}: ${mermaidText(say(message('diagramConnection', { id: c })))}`);
      currentConnection = c;
    }
    let frames = framesOf.get(c);
    if (frames === undefined) {
      frames = connectionFrames(model, c, say);
      framesOf.set(c, frames);
    }
    const frame = frameOfPacket(frames, i);
    if (frame !== openFrame) {
      closeFrame();
      if (frame !== null) {
        const name = i === frame.firstPacket ? frame.name : say(message('diagramFrameContinued', { frame: frame.name }));
        lines.push(`${indent}rect ${FRAME_FILL[frame.kind]}`);
        indent = INDENT + INDENT;
        lines.push(`${indent}Note over ${overConnection(c)}: ${mermaidText(name)}`);
        openFrame = frame;
      }
    }

    const from = p.dir[i] === 0 ? participants.client(c) : participants.server(c);
    const to = p.dir[i] === 0 ? participants.server(c) : participants.client(c);
    messagePackets.push(i);
    lines.push(`${indent}${from}${messageArrow(model, i)}${to}: ${messageLabel(model, i, options.labels)}`);

    const { sender, receiver } = statesAround(model, i);
    if (sender.after !== sender.before) lines.push(`${indent}Note over ${from}: ${sender.after}`);
    if (receiver.after !== receiver.before) lines.push(`${indent}Note over ${to}: ${receiver.after}`);
  }
  closeFrame();
  return { text: lines.join('\n') + '\n', messagePackets };
}
