/**
 * The facts about one packet that its explanation is made from, read once
 * from the model and its queries (never re-derived here).
 */
import type { CaptureModel, ConnectionRecord, DirectionName, TcpStateName } from '../model/captureModel';
import { endpointText, EndpointStates, packetsOfConnection, statesAround } from '../query';

/** States of an endpoint that holds no connection the wire could show. */
export const NO_CONNECTION_STATES: readonly TcpStateName[] = ['CLOSED', 'LISTEN', 'UNKNOWN'];

export interface PacketFacts {
  readonly model: CaptureModel;
  readonly packet: number;
  readonly connection: ConnectionRecord;
  readonly dir: DirectionName;
  readonly peerDir: DirectionName;
  readonly flags: number;
  readonly len: number;
  /** Relative numbers. */
  readonly seq: number;
  readonly ack: number;
  readonly marks: number;
  readonly events: number;
  readonly sender: EndpointStates;
  readonly receiver: EndpointStates;
  /** "address:port" of each (untrusted text). */
  readonly senderText: string;
  readonly receiverText: string;
}

export function packetFacts(model: CaptureModel, packet: number): PacketFacts {
  const p = model.packets;
  const dir: DirectionName = p.dir[packet] === 0 ? 'c2s' : 's2c';
  const { sender, receiver } = statesAround(model, packet);
  return {
    model,
    packet,
    connection: model.connections[p.conn[packet]],
    dir,
    peerDir: dir === 'c2s' ? 's2c' : 'c2s',
    flags: p.flags[packet],
    len: p.len[packet],
    seq: p.seq[packet],
    ack: p.ack[packet],
    marks: p.marks[packet],
    events: p.events[packet],
    sender,
    receiver,
    senderText: endpointText(sender.endpoint),
    receiverText: endpointText(receiver.endpoint),
  };
}

/**
 * The packets of the same connection sent earlier in one direction, latest
 * first (`direction` 0: client → server).
 */
export function* earlierPacketsFrom(f: PacketFacts, direction: number): Generator<number> {
  const list = packetsOfConnection(f.model, f.connection.id);
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < f.packet) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo - 1; k >= 0; k--) if (f.model.packets.dir[list[k]] === direction) yield list[k];
}
