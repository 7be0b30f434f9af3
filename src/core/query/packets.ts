/** Questions about one packet: the states around it, its window, what it acknowledges, its findings. */
import type { CaptureModel, Endpoint, Role, TcpStateName } from '../model/captureModel';
import { stateAfterIcmpUnreachable } from '../model/stateMachine';
import { STATE_NAMES, TcpState } from '../model/vocabulary';
import { TcpFlag } from '../packets';
import { seqDelta } from '../sequenceSpace';
import { packetsOfConnection, previousPacketInConnection } from './connections';

export interface EndpointStates {
  readonly role: Role;
  readonly endpoint: Endpoint;
  readonly before: TcpStateName;
  readonly after: TcpStateName;
}

const stateName = (state: number) => STATE_NAMES[state] as TcpStateName;

/** The sender's and the receiver's state before and after a packet. */
export function statesAround(model: CaptureModel, packet: number): { sender: EndpointStates; receiver: EndpointStates } {
  const p = model.packets;
  const c = model.connections[p.conn[packet]];
  const senderRole: Role = p.dir[packet] === 0 ? 'client' : 'server';
  const receiverRole: Role = senderRole === 'client' ? 'server' : 'client';
  const previous = previousPacketInConnection(model, packet);
  const stateBefore = (role: Role): number => {
    let state: number;
    if (previous < 0) state = STATE_NAMES.indexOf(c.initialState[role]);
    else state = (p.dir[previous] === 0) === (role === 'client') ? p.srcState[previous] : p.dstState[previous];
    // An ICMP error that arrived in between may have aborted the endpoint's opening.
    const after = previous < 0 ? 0 : p.frame[previous];
    for (const e of c.icmpErrors) {
      if (e.role === role && e.frame > after && e.frame < p.frame[packet]) state = stateAfterIcmpUnreachable(state as TcpState, e.hard);
    }
    return state;
  };
  const endpointOf = (role: Role) => (role === 'client' ? c.client : c.server);
  return {
    sender: { role: senderRole, endpoint: endpointOf(senderRole), before: stateName(stateBefore(senderRole)), after: stateName(p.srcState[packet]) },
    receiver: { role: receiverRole, endpoint: endpointOf(receiverRole), before: stateName(stateBefore(receiverRole)), after: stateName(p.dstState[packet]) },
  };
}

/** The window the packet advertises in bytes: scaled when both SYNs negotiated scaling (never on a SYN). */
export function scaledWindow(model: CaptureModel, packet: number): number {
  const p = model.packets;
  if (p.flags[packet] & TcpFlag.SYN) return p.win[packet];
  const c = model.connections[p.conn[packet]];
  const shift = p.dir[packet] === 0 ? c.windowShift.c2s : c.windowShift.s2c;
  return shift > 0 ? p.win[packet] * 2 ** shift : p.win[packet];
}

/** Relative sequence number just past a segment: seq + len, + 1 for SYN or FIN. */
function segmentEnd(model: CaptureModel, i: number): number {
  const p = model.packets;
  return (p.seq[i] + p.len[i] + (p.flags[i] & (TcpFlag.SYN | TcpFlag.FIN) ? 1 : 0)) >>> 0;
}

/**
 * The earlier segment of the other direction that this packet's ACK
 * acknowledges: the latest one whose sequence space ends exactly at the
 * acknowledgement number (seq + len, + 1 for SYN or FIN), else the latest
 * one ending before it; -1 when none or the packet has no ACK. Only
 * segments that take sequence space (data, SYN, FIN) are acknowledged.
 */
export function acknowledgedSegment(model: CaptureModel, packet: number): number {
  const p = model.packets;
  if (!(p.flags[packet] & TcpFlag.ACK)) return -1;
  const ack = p.ack[packet];
  const other = 1 - p.dir[packet];
  const list = packetsOfConnection(model, p.conn[packet]);
  let before = -1;
  for (let k = list.length - 1; k >= 0; k--) {
    const i = list[k];
    if (i >= packet || p.dir[i] !== other) continue;
    if (p.len[i] === 0 && !(p.flags[i] & (TcpFlag.SYN | TcpFlag.FIN))) continue;
    const delta = seqDelta(ack, segmentEnd(model, i));
    if (delta === 0) return i;
    if (delta > 0 && before < 0) before = i;
  }
  return before;
}

/** Indexes into `model.findings` of the findings that name this packet's frame or its connection. */
export function findingsOfPacket(model: CaptureModel, packet: number): number[] {
  const frame = model.packets.frame[packet];
  const conn = model.packets.conn[packet];
  const out: number[] = [];
  model.findings.forEach((f, index) => {
    if (f.connections.includes(conn) || f.packets.includes(frame)) out.push(index);
  });
  return out;
}
