/**
 * The Mermaid sequence diagram of a capture: one message per segment, a note
 * wherever an endpoint's state changes, and a table from diagram lines back
 * to packets so that a view can link the two both ways.
 */
import type { CaptureModel, Endpoint } from '../model/captureModel';
import { flagNames, TcpFlag } from '../packets';
import { scaledWindow } from '../query';
import { STATE_NAMES, TcpEvent, eventTags } from '../model/vocabulary';

export interface DiagramOptions {
  /** Only this connection. */
  connection?: number;
  /** Only frames with n in [fromFrame, toFrame]. */
  fromFrame?: number;
  toFrame?: number;
  /** At most this many messages (default 500); a note says what was left out. */
  maxMessages?: number;
}

export interface DiagramLink {
  /** 0-based line of the diagram text. */
  diagramLine: number;
  /** Packet index in the model. */
  packet: number;
}

export interface Diagram {
  text: string;
  links: DiagramLink[];
  /** Packets drawn, and packets selected but left out by `maxMessages`. */
  drawn: number;
  omitted: number;
}

const DEFAULT_MAX_MESSAGES = 500;
const RETRANSMISSION_LIKE =
  TcpEvent.RETRANSMISSION | TcpEvent.OUT_OF_ORDER | TcpEvent.SPURIOUS_RETRANSMISSION | TcpEvent.FAST_RETRANSMISSION;

export function buildMermaidDiagram(model: CaptureModel, options: DiagramOptions = {}): Diagram {
  const p = model.packets;
  const selected = selectPackets(model, options);
  const max = options.maxMessages ?? DEFAULT_MAX_MESSAGES;
  const shown = selected.slice(0, max);
  const lines: string[] = ['sequenceDiagram'];
  const links: DiagramLink[] = [];
  const participants = new Map<string, string>();
  const participantOf = (e: Endpoint): string => {
    const key = participantKey(e);
    let id = participants.get(key);
    if (id === undefined) {
      id = `P${participants.size}`;
      participants.set(key, id);
    }
    return id;
  };

  // Participants in the order of connections (client first), so each conversation reads left to right.
  const conns = [...new Set(shown.map((i) => p.conn[i]))];
  for (const id of conns) {
    const c = model.connections[id];
    for (const [e, role] of [
      [c.client, 'client'],
      [c.server, 'server'],
    ] as const) {
      const known = participants.has(participantKey(e));
      const pid = participantOf(e);
      if (!known) lines.push(`    participant ${pid} as ${endpointLabel(e)} (${role})`);
    }
  }

  const lastState = new Map<string, number>();
  let currentConn = -1;
  for (const i of shown) {
    const c = model.connections[p.conn[i]];
    const [sender, receiver] = p.dir[i] === 0 ? [c.client, c.server] : [c.server, c.client];
    const from = participantOf(sender);
    const to = participantOf(receiver);
    if (conns.length > 1 && p.conn[i] !== currentConn) {
      currentConn = p.conn[i];
      lines.push(`    Note over ${participantOf(c.client)},${participantOf(c.server)}: connection ${currentConn}`);
    }
    links.push({ diagramLine: lines.length, packet: i });
    lines.push(`    ${from}${arrow(model, i)}${to}: ${messageLabel(model, i)}`);
    for (const [pid, state] of [
      [from, p.srcState[i]],
      [to, p.dstState[i]],
    ] as const) {
      const key = `${p.conn[i]}/${pid}`;
      if (lastState.get(key) !== state) {
        lastState.set(key, state);
        links.push({ diagramLine: lines.length, packet: i });
        lines.push(`    Note over ${pid}: ${STATE_NAMES[state]}`);
      }
    }
  }
  const omitted = selected.length - shown.length;
  if (omitted > 0 && participants.size > 0) {
    const first = [...participants.values()][0];
    lines.push(`    Note over ${first}: ${omitted} more packets not drawn`);
  }
  return { text: lines.join('\n') + '\n', links, drawn: shown.length, omitted };
}

export function asMarkdown(diagram: Diagram): string {
  return '```mermaid\n' + diagram.text + '```\n';
}

function selectPackets(model: CaptureModel, o: DiagramOptions): number[] {
  const out: number[] = [];
  const p = model.packets;
  for (let i = 0; i < model.packetCount; i++) {
    if (o.connection !== undefined && p.conn[i] !== o.connection) continue;
    if (o.fromFrame !== undefined && p.frame[i] < o.fromFrame) continue;
    if (o.toFrame !== undefined && p.frame[i] > o.toFrame) continue;
    out.push(i);
  }
  return out;
}

function arrow(model: CaptureModel, i: number): string {
  if (model.packets.flags[i] & TcpFlag.RST) return '-x';
  if (model.packets.events[i] & RETRANSMISSION_LIKE) return '--)';
  return '->>';
}

function messageLabel(model: CaptureModel, i: number): string {
  const p = model.packets;
  const flags = p.flags[i];
  const names = flagNames(flags);
  let label = `${names.join(', ') || 'no flags'} seq=${p.seq[i]}`;
  if (flags & TcpFlag.ACK) label += ` ack=${p.ack[i]}`;
  label += ` win=${scaledWindow(model, i)}`;
  if (p.len[i] > 0) label += ` len=${p.len[i]}`;
  const tags = eventTags(p.events[i]);
  if (tags.length) label += ` (${tags.join(', ')})`;
  return `${label} · n=${p.frame[i]}`;
}

function participantKey(e: Endpoint): string {
  return `${e.address}/${e.port ?? e.portName}`;
}

/** "address:port" as the input named them (Mermaid's participant text, IPv6 without brackets). */
function endpointLabel(e: Endpoint): string {
  return `${e.ip}:${e.port ?? e.portName}`;
}
