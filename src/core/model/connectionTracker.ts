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
  /** The segment opened a new connection. */
  opened: boolean;
}

const INITIAL_SLOTS = 1024;

export class ConnectionTracker {
  /** Every connection, by id (unless the tracker was told to forget them). */
  readonly connections: Connection[] = [];
  private nextId = 0;
  /**
   * Open addressing (linear probing) from a 4-tuple, either way round, to its
   * current connection; kept at most half full. Looked up with numbers only:
   * no key object or string per packet.
   */
  private slots: (Connection | null)[] = new Array<Connection | null>(INITIAL_SLOTS).fill(null);
  private tuples = 0;
  private readonly placement: Placement = { connection: undefined as unknown as Connection, dir: C2S, reusedPorts: false, opened: false };

  /** `keepAll`: whether `connections` lists every connection; a streaming summary lets them go. */
  constructor(private readonly keepAll = true) {}

  /** How many connections have begun. */
  get count(): number {
    return this.nextId;
  }

  /** The connection and direction of the packet at `row` of the table, the `index`-th of the capture; the returned object is reused. */
  place(p: PacketTable, row: number, index: number): Placement {
    const src = p.src[row];
    const sport = p.sport[row];
    const dst = p.dst[row];
    const dport = p.dport[row];
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = tupleHash(src, sport, dst, dport) & mask;
    let conn: Connection | undefined;
    for (let c = slots[slot]; c !== null; c = slots[slot]) {
      if (
        (c.clientAddress === src && c.clientPort === sport && c.serverAddress === dst && c.serverPort === dport) ||
        (c.clientAddress === dst && c.clientPort === dport && c.serverAddress === src && c.serverPort === sport)
      ) {
        conn = c;
        break;
      }
      slot = (slot + 1) & mask;
    }
    const flags = p.flags[row];
    let reused = false;
    if (conn !== undefined && (flags & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.SYN) {
      const fwd = conn.flows[directionIn(conn, src, sport)];
      if (fwd.baseSet && fwd.base !== p.seq[row]) {
        conn = undefined;
        reused = true;
      }
    }
    const opened = conn === undefined;
    if (conn === undefined) {
      conn = this.open(p, row, index);
      if (!reused) this.tuples++;
      slots[slot] = conn;
      if (this.tuples * 2 > slots.length) this.rehash();
    }
    this.placement.connection = conn;
    this.placement.dir = directionIn(conn, src, sport);
    this.placement.reusedPorts = reused;
    this.placement.opened = opened;
    return this.placement;
  }

  /** Forgets a connection: a later packet of its 4-tuple begins a new one. */
  remove(conn: Connection): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = tupleHash(conn.clientAddress, conn.clientPort, conn.serverAddress, conn.serverPort) & mask;
    while (slots[slot] !== null && slots[slot] !== conn) slot = (slot + 1) & mask;
    // Superseded on its 4-tuple by a newer connection: not in the table any more.
    if (slots[slot] !== conn) return;
    slots[slot] = null;
    this.tuples--;
    // Backward-shift deletion: move up the entries whose probe passed through the emptied slot.
    let hole = slot;
    for (let next = (slot + 1) & mask; slots[next] !== null; next = (next + 1) & mask) {
      const c = slots[next]!;
      const home = tupleHash(c.clientAddress, c.clientPort, c.serverAddress, c.serverPort) & mask;
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        slots[hole] = c;
        slots[next] = null;
        hole = next;
      }
    }
  }

  /** Client: the sender of a SYN, the receiver of a SYN+ACK, else the sender of the first packet seen. */
  private open(p: PacketTable, row: number, index: number): Connection {
    const flags = p.flags[row];
    const synAck = (flags & (TcpFlag.SYN | TcpFlag.ACK)) === (TcpFlag.SYN | TcpFlag.ACK);
    const id = this.nextId++;
    const frame = p.frame[row];
    const time = p.time[row];
    const conn = synAck
      ? new Connection(id, p.dst[row], p.dport[row], p.src[row], p.sport[row], index, frame, time, flags)
      : new Connection(id, p.src[row], p.sport[row], p.dst[row], p.dport[row], index, frame, time, flags);
    if (this.keepAll) this.connections.push(conn);
    return conn;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Array<Connection | null>(old.length * 2).fill(null);
    const mask = slots.length - 1;
    for (const c of old) {
      if (c === null) continue;
      let slot = tupleHash(c.clientAddress, c.clientPort, c.serverAddress, c.serverPort) & mask;
      while (slots[slot] !== null) slot = (slot + 1) & mask;
      slots[slot] = c;
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
