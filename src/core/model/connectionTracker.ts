/**
 * Groups segments into connections the way Wireshark numbers `tcp.stream`:
 * by 4-tuple, with a new connection when a SYN (without ACK) carries a
 * sequence number other than the one its direction started with: port
 * numbers reused, after a close, a reset or an abandoned attempt.
 */
import { PacketTable, TcpFlag } from '../packets';
import { C2S, Connection, Direction, S2C } from './connection';

export interface Placement {
  connection: Connection;
  dir: Direction;
  /** The segment opened a new connection on a 4-tuple that had one before. */
  reusedPorts: boolean;
}

const INITIAL_SLOTS = 1024;

export class ConnectionTracker {
  readonly connections: Connection[] = [];
  /**
   * Open addressing (linear probing) from a 4-tuple, either way round, to the
   * id of its current connection; -1 marks an empty slot. Kept at most half
   * full. A table of numbers: no key object or string per packet.
   */
  private slots = new Int32Array(INITIAL_SLOTS).fill(-1);
  private tuples = 0;
  private readonly placement: Placement = { connection: undefined as unknown as Connection, dir: C2S, reusedPorts: false };

  /** The connection and direction of packet `i`; the returned object is reused. */
  place(p: PacketTable, i: number): Placement {
    const src = p.src[i];
    const sport = p.sport[i];
    const dst = p.dst[i];
    const dport = p.dport[i];
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = tupleHash(src, sport, dst, dport) & mask;
    let conn: Connection | undefined;
    for (let id = slots[slot]; id >= 0; id = slots[slot]) {
      const c = this.connections[id];
      if (
        (c.clientAddress === src && c.clientPort === sport && c.serverAddress === dst && c.serverPort === dport) ||
        (c.clientAddress === dst && c.clientPort === dport && c.serverAddress === src && c.serverPort === sport)
      ) {
        conn = c;
        break;
      }
      slot = (slot + 1) & mask;
    }
    const flags = p.flags[i];
    let reused = false;
    if (conn !== undefined && (flags & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.SYN) {
      const fwd = conn.flows[directionIn(conn, src, sport)];
      if (fwd.baseSet && fwd.base !== p.seq[i]) {
        conn = undefined;
        reused = true;
      }
    }
    if (conn === undefined) {
      conn = this.open(p, i);
      if (!reused) this.tuples++;
      slots[slot] = conn.id;
      if (this.tuples * 2 > slots.length) this.rehash();
    }
    this.placement.connection = conn;
    this.placement.dir = directionIn(conn, src, sport);
    this.placement.reusedPorts = reused;
    return this.placement;
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

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (const id of old) {
      if (id < 0) continue;
      const c = this.connections[id];
      let slot = tupleHash(c.clientAddress, c.clientPort, c.serverAddress, c.serverPort) & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}

function directionIn(conn: Connection, src: number, sport: number): Direction {
  return src === conn.clientAddress && sport === conn.clientPort ? C2S : S2C;
}

/** The same for both directions of a 4-tuple. */
function tupleHash(src: number, sport: number, dst: number, dport: number): number {
  let h = (endpointHash(src, sport) + endpointHash(dst, dport)) | 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

function endpointHash(address: number, port: number): number {
  return Math.imul(address ^ Math.imul(port, 0x85ebca77), 0x9e3779b1);
}
