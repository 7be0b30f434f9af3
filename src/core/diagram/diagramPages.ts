/** Which packets a diagram scope holds. */
import type { CaptureModel } from '../model/captureModel';
import { packetsOfConnection, positionInConnection } from '../query';
import type { DiagramScope } from './diagramWindow';

/** A packet list: a connection's (a view into the model) or every packet's. */
export interface ScopePackets {
  readonly length: number;
  at(position: number): number;
  /** Position of a packet in the list, or -1. */
  positionOf(packet: number): number;
}

/** The scope as it can be shown: a connection the model has, else every packet. */
export function effectiveScope(model: CaptureModel, scope: DiagramScope): DiagramScope {
  return scope !== 'all' && Number.isInteger(scope) && scope >= 0 && scope < model.connections.length ? scope : 'all';
}

export function scopePackets(model: CaptureModel, scope: DiagramScope): ScopePackets {
  const shown = effectiveScope(model, scope);
  if (shown === 'all') {
    return {
      length: model.packetCount,
      at: (position) => position,
      positionOf: (packet) => (Number.isInteger(packet) && packet >= 0 && packet < model.packetCount ? packet : -1),
    };
  }
  const list = packetsOfConnection(model, shown);
  return { length: list.length, at: (position) => list[position], positionOf: (packet) => positionInConnection(list, packet) };
}

/** The scope to show a packet in: the current one if it holds the packet, else the packet's connection. */
export function scopeShowingPacket(model: CaptureModel, current: DiagramScope, packet: number): DiagramScope {
  if (scopePackets(model, current).positionOf(packet) >= 0) return effectiveScope(model, current);
  return packet >= 0 && packet < model.packetCount ? model.packets.conn[packet] : effectiveScope(model, current);
}
