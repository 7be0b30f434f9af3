/**
 * Groups segments into connections the way Wireshark numbers `tcp.stream`:
 * by 4-tuple, with a new connection when a SYN (without ACK) carries a
 * sequence number other than the one its direction started with: port
 * numbers reused, after a close, a reset or an abandoned attempt.
 */
import { endpointKey } from '../endpointKey';
import { PacketTable, TcpFlag } from '../packets';
import { C2S, Connection, Direction, S2C } from './connection';

export interface Placement {
  connection: Connection;
  dir: Direction;
  /** The segment opened a new connection on a 4-tuple that had one before. */
  reusedPorts: boolean;
}

export class ConnectionTracker {
  readonly connections: Connection[] = [];
  /** Lower endpoint key → higher endpoint key → current connection on that 4-tuple. */
  private readonly byTuple = new Map<number, Map<number, Connection>>();
  private readonly placement: Placement = { connection: undefined as unknown as Connection, dir: C2S, reusedPorts: false };

  /** The connection and direction of packet `i`; the returned object is reused. */
  place(p: PacketTable, i: number): Placement {
    const src = endpointKey(p.src[i], p.sport[i]);
    const dst = endpointKey(p.dst[i], p.dport[i]);
    const lo = Math.min(src, dst);
    const hi = Math.max(src, dst);
    let inner = this.byTuple.get(lo);
    if (inner === undefined) {
      inner = new Map();
      this.byTuple.set(lo, inner);
    }
    const flags = p.flags[i];
    let conn = inner.get(hi);
    let reused = false;
    if (conn !== undefined && (flags & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.SYN) {
      const fwd = conn.flows[this.directionIn(conn, p, i)];
      if (fwd.baseSet && fwd.base !== p.seq[i]) {
        conn = undefined;
        reused = true;
      }
    }
    if (conn === undefined) {
      conn = this.open(p, i);
      inner.set(hi, conn);
    }
    this.placement.connection = conn;
    this.placement.dir = this.directionIn(conn, p, i);
    this.placement.reusedPorts = reused;
    return this.placement;
  }

  private directionIn(conn: Connection, p: PacketTable, i: number): Direction {
    return p.src[i] === conn.clientAddress && p.sport[i] === conn.clientPort ? C2S : S2C;
  }

  /** Client: the sender of a SYN, the receiver of a SYN+ACK, else the sender of the first packet seen. */
  private open(p: PacketTable, i: number): Connection {
    const synAck = (p.flags[i] & (TcpFlag.SYN | TcpFlag.ACK)) === (TcpFlag.SYN | TcpFlag.ACK);
    const conn = synAck
      ? new Connection(this.connections.length, p.dst[i], p.dport[i], p.src[i], p.sport[i], i)
      : new Connection(this.connections.length, p.src[i], p.sport[i], p.dst[i], p.dport[i], i);
    this.connections.push(conn);
    return conn;
  }
}

