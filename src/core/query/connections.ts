/** A connection's packets, and its summary as views show it. */
import { endpointText } from '../endpointText';
import type { CaptureModel, ConnectionRecord } from '../model/captureModel';
import { TcpFlag } from '../packets';
import { countedEvents, EVENT_TAGS } from '../model/vocabulary';

/** The packet indexes of one connection, in capture order (a view into the model; do not modify). */
export function packetsOfConnection(model: CaptureModel, connection: number): Uint32Array {
  const { start, index } = model.connectionPackets;
  return index.subarray(start[connection], start[connection + 1]);
}

/** Position of a packet in a connection's list (or any list of packet indexes in capture order), or -1. */
export function positionInConnection(list: Uint32Array, packet: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] === packet) return mid;
    if (list[mid] < packet) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The previous packet of the same connection, or -1. */
export function previousPacketInConnection(model: CaptureModel, packet: number): number {
  const list = packetsOfConnection(model, model.packets.conn[packet]);
  const at = positionInConnection(list, packet);
  return at > 0 ? list[at - 1] : -1;
}

export type Phase = 'handshake' | 'data' | 'close';

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
  readonly phases: readonly { readonly phase: Phase; readonly firstPacket: number; readonly lastPacket: number }[];
}

export function connectionSummary(model: CaptureModel, connection: number): ConnectionSummary {
  const c = model.connections[connection];
  const list = packetsOfConnection(model, connection);
  return {
    connection: c,
    clientText: endpointText(c.client),
    serverText: endpointText(c.server),
    handshake: c.handshake,
    close: c.close,
    zeekState: c.zeekState,
    zeekHistory: c.zeekHistory,
    packets: c.packets,
    durationSeconds: c.end - c.start,
    eventCounts: eventCounts(model, list),
    phases: phases(model, c, list),
  };
}

function eventCounts(model: CaptureModel, list: Uint32Array): { tag: string; count: number }[] {
  const counts = new Uint32Array(EVENT_TAGS.length);
  const events = model.packets.events;
  for (const i of list) {
    const mask = events[i];
    if (mask === 0) continue;
    for (let bit = 0; bit < EVENT_TAGS.length; bit++) if (mask & (1 << bit)) counts[bit]++;
  }
  return countedEvents(counts, 0);
}

/**
 * `ConnectionSummary.eventCounts` of every connection, in one pass over the
 * packets in capture order (for a view listing all connections: reading each
 * connection's packets apart jumps all over the columns).
 */
export function eventCountsOfConnections(model: CaptureModel): (readonly { readonly tag: string; readonly count: number }[])[] {
  const tags = EVENT_TAGS.length;
  const connections = model.connections.length;
  const counts = new Uint32Array(connections * tags);
  const { events, conn } = model.packets;
  for (let i = 0; i < model.packetCount; i++) {
    const mask = events[i];
    if (mask === 0 || conn[i] < 0) continue;
    const at = conn[i] * tags;
    for (let bit = 0; bit < tags; bit++) if (mask & (1 << bit)) counts[at + bit]++;
  }
  const out: { tag: string; count: number }[][] = new Array(connections);
  for (let c = 0; c < connections; c++) out[c] = countedEvents(counts, c * tags);
  return out;
}

/**
 * The handshake runs from the first packet to the last SYN, or to the
 * client's ACK that completes a three-way handshake; the close from the
 * first FIN or reset to the last packet; the data phase is what lies
 * between (any packets at all, pure ACKs included).
 */
function phases(model: CaptureModel, c: ConnectionRecord, list: Uint32Array): ConnectionSummary['phases'] {
  const out: { phase: Phase; firstPacket: number; lastPacket: number }[] = [];
  if (list.length === 0) return out;
  const handshakeEnd = c.handshake === 'not-captured' ? -1 : lastHandshakePacket(model, c, list);
  const closeStart = c.close === 'open' ? -1 : firstClosePacket(c);
  if (handshakeEnd >= 0) out.push({ phase: 'handshake', firstPacket: list[0], lastPacket: handshakeEnd });
  let firstData = -1;
  let lastData = -1;
  for (const i of list) {
    if (i <= handshakeEnd) continue;
    if (closeStart >= 0 && i >= closeStart) break;
    if (firstData < 0) firstData = i;
    lastData = i;
  }
  if (firstData >= 0) out.push({ phase: 'data', firstPacket: firstData, lastPacket: lastData });
  if (closeStart >= 0) out.push({ phase: 'close', firstPacket: closeStart, lastPacket: list[list.length - 1] });
  return out;
}

function lastHandshakePacket(model: CaptureModel, c: ConnectionRecord, list: Uint32Array): number {
  const p = model.packets;
  let last = -1;
  let synAckSeen = false;
  for (const i of list) {
    const flags = p.flags[i];
    if (flags & TcpFlag.SYN) {
      last = i;
      if (flags & TcpFlag.ACK && p.dir[i] === 1) synAckSeen = true;
      continue;
    }
    // The third step: the client acknowledges the server's ISN + 1.
    if (c.handshake === 'three-way' && synAckSeen && p.dir[i] === 0 && flags & TcpFlag.ACK && p.ack[i] === 1) return i;
    if (last >= 0 && !(flags & TcpFlag.SYN) && c.handshake !== 'three-way') break;
  }
  return last;
}

function firstClosePacket(c: ConnectionRecord): number {
  const candidates = [c.firstFinIndex.c2s, c.firstFinIndex.s2c, c.firstResetIndex >= 0 ? c.firstResetIndex : c.firstIgnoredResetIndex];
  const seen = candidates.filter((i) => i >= 0);
  return seen.length ? Math.min(...seen) : -1;
}
