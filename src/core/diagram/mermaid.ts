/**
 * The Mermaid sequence diagram of a capture: one message per segment, a note
 * wherever an endpoint's state changes, and a table from diagram lines back
 * to packets so that a view can link the two both ways.
 */
import { Analysis, scaledWindow } from '../model/analysis';
import { TcpFlag } from '../packets';
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

export function buildMermaidDiagram(a: Analysis, options: DiagramOptions = {}): Diagram {
  const p = a.packets;
  const selected = selectPackets(a, options);
  const max = options.maxMessages ?? DEFAULT_MAX_MESSAGES;
  const shown = selected.slice(0, max);
  const lines: string[] = ['sequenceDiagram'];
  const links: DiagramLink[] = [];
  const participants = new Map<string, string>();
  const participantOf = (address: number, port: number): string => {
    const key = `${address}/${port}`;
    let id = participants.get(key);
    if (id === undefined) {
      id = `P${participants.size}`;
      participants.set(key, id);
    }
    return id;
  };

  // Participants in the order of connections (client first), so each conversation reads left to right.
  const conns = [...new Set(shown.map((i) => a.conn[i]))];
  for (const id of conns) {
    const c = a.connections[id];
    for (const [address, port, role] of [
      [c.clientAddress, c.clientPort, 'client'],
      [c.serverAddress, c.serverPort, 'server'],
    ] as const) {
      const known = participants.has(`${address}/${port}`);
      const pid = participantOf(address, port);
      if (!known) lines.push(`    participant ${pid} as ${endpointLabel(a, address, port)} (${role})`);
    }
  }

  const lastState = new Map<string, number>();
  let currentConn = -1;
  for (const i of shown) {
    const c = a.connections[a.conn[i]];
    const from = participantOf(p.src[i], p.sport[i]);
    const to = participantOf(p.dst[i], p.dport[i]);
    if (conns.length > 1 && a.conn[i] !== currentConn) {
      currentConn = a.conn[i];
      lines.push(`    Note over ${participantOf(c.clientAddress, c.clientPort)},${participantOf(c.serverAddress, c.serverPort)}: connection ${currentConn}`);
    }
    links.push({ diagramLine: lines.length, packet: i });
    lines.push(`    ${from}${arrow(a, i)}${to}: ${messageLabel(a, i)}`);
    for (const [pid, state] of [
      [from, a.srcState[i]],
      [to, a.dstState[i]],
    ] as const) {
      const key = `${a.conn[i]}/${pid}`;
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

function selectPackets(a: Analysis, o: DiagramOptions): number[] {
  const out: number[] = [];
  const p = a.packets;
  for (let i = 0; i < p.length; i++) {
    if (o.connection !== undefined && a.conn[i] !== o.connection) continue;
    if (o.fromFrame !== undefined && p.frame[i] < o.fromFrame) continue;
    if (o.toFrame !== undefined && p.frame[i] > o.toFrame) continue;
    out.push(i);
  }
  return out;
}

function arrow(a: Analysis, i: number): string {
  if (a.packets.flags[i] & TcpFlag.RST) return '-x';
  if (a.events[i] & RETRANSMISSION_LIKE) return '--)';
  return '->>';
}

const FLAG_NAMES: [number, string][] = [
  [TcpFlag.SYN, 'SYN'],
  [TcpFlag.FIN, 'FIN'],
  [TcpFlag.RST, 'RST'],
  [TcpFlag.PSH, 'PSH'],
  [TcpFlag.ACK, 'ACK'],
  [TcpFlag.URG, 'URG'],
  [TcpFlag.ECE, 'ECE'],
  [TcpFlag.CWR, 'CWR'],
];

function messageLabel(a: Analysis, i: number): string {
  const p = a.packets;
  const flags = p.flags[i];
  const names = FLAG_NAMES.filter(([bit]) => flags & bit).map(([, name]) => name);
  let label = `${names.join(', ') || 'no flags'} seq=${a.seqRel[i]}`;
  if (flags & TcpFlag.ACK) label += ` ack=${a.ackRel[i]}`;
  label += ` win=${scaledWindow(a, i)}`;
  if (p.len[i] > 0) label += ` len=${p.len[i]}`;
  const tags = eventTags(a.events[i]);
  if (tags.length) label += ` (${tags.join(', ')})`;
  return `${label} · n=${p.frame[i]}`;
}

function endpointLabel(a: Analysis, address: number, port: number): string {
  const names = a.packets.names;
  return `${names.addressText(address)}:${names.portName(port) ?? port}`;
}
