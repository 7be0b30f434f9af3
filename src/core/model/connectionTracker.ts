/**
 * Groups segments into connections the way Wireshark numbers `tcp.stream`:
 * by 4-tuple, with a new connection when a SYN (without ACK) carries a
 * sequence number other than the one its direction started with: port
 * numbers reused, after a close, a reset or an abandoned attempt.
 */
import { PacketTable, TcpFlag } from '../packets';
import { C2S, Connection, ConnectionStore, Direction, FlowAt, S2C } from './connection';

export interface Placement {
  connection: Connection;
  dir: Direction;
  /** The segment opened a new connection on a 4-tuple that had one before. */
  reusedPorts: boolean;
  /** The segment opened a new connection. */
  opened: boolean;
}

const INITIAL_SLOTS = 1024;
/** Numbers per slot of the table's keys. */
const SLOT = 2;

export class ConnectionTracker {
  /** Every connection, by id (unless the tracker was told to forget them). */
  readonly connections: Connection[] = [];
  private nextId = 0;
  /**
   * Open addressing (linear probing) from a 4-tuple, either way round, to its
   * current connection; kept at most half full. Looked up with numbers only:
   * no key object or string per packet. Each slot is `SLOT` numbers of
   * `keys`: the connection's id (-1: empty) and its 4-tuple's hash, so that a
   * probe reads one small place and no connection object but the one whose
   * hash matches (from `connections` by id; a summary, which does not keep
   * them, from `slots`). Small slots keep the table of a capture of many
   * connections compact: every packet reads it at a place of its own.
   */
  private keys = new Int32Array(INITIAL_SLOTS * SLOT).fill(-1);
  /**
   * A summary's connections by slot (the tracker that keeps every connection
   * finds them by id, and keeps this empty: an old array pointing at each new
   * connection is work for every scavenge).
   */
  private slots: (Connection | null)[];
  private tuples = 0;
  /** Where the connections' numbers are kept. */
  private readonly store = new ConnectionStore();
  /** Connections a summary wrote out, whose objects new connections take. */
  private readonly released: Connection[] = [];
  private readonly placement: Placement = { connection: undefined as unknown as Connection, dir: C2S, reusedPorts: false, opened: false };

  /** `keepAll`: whether `connections` lists every connection; a streaming summary lets them go. */
  constructor(private readonly keepAll = true) {
    this.slots = keepAll ? [] : new Array<Connection | null>(INITIAL_SLOTS).fill(null);
  }

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
    const keys = this.keys;
    const mask = keys.length / SLOT - 1;
    const hash = tupleHash(src, sport, dst, dport);
    let slot = hash & mask;
    let conn: Connection | undefined;
    let dir: Direction = C2S;
    for (let at = slot * SLOT, id = keys[at]; id >= 0; slot = (slot + 1) & mask, at = slot * SLOT, id = keys[at]) {
      if (keys[at + 1] !== hash) continue;
      const c = this.keepAll ? this.connections[id] : this.slots[slot]!;
      if (c.clientAddress === src && c.clientPort === sport && c.serverAddress === dst && c.serverPort === dport) {
        conn = c;
        break;
      }
      if (c.clientAddress === dst && c.clientPort === dport && c.serverAddress === src && c.serverPort === sport) {
        conn = c;
        dir = S2C;
        break;
      }
    }
    const flags = p.flags[row];
    let reused = false;
    if (conn !== undefined && (flags & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.SYN) {
      if (conn.flowNumber(dir, FlowAt.BASE_SET) !== 0 && conn.flowNumber(dir, FlowAt.BASE) !== p.seq[row]) {
        conn = undefined;
        reused = true;
      }
    }
    const opened = conn === undefined;
    if (conn === undefined) {
      conn = this.open(p, row, index);
      if (!reused) this.tuples++;
      this.fill(slot, conn, hash);
      dir = directionIn(conn, src, sport);
      if (this.tuples * 2 > keys.length / SLOT) this.rehash();
    }
    this.placement.connection = conn;
    this.placement.dir = dir;
    this.placement.reusedPorts = reused;
    this.placement.opened = opened;
    return this.placement;
  }

  /** A connection a summary wrote out: a later packet of its 4-tuple begins a new one, and a new connection may reuse its object. */
  release(conn: Connection): void {
    this.remove(conn);
    this.released.push(conn);
  }

  private remove(conn: Connection): void {
    const slots = this.slots;
    const keys = this.keys;
    const mask = slots.length - 1;
    let slot = tupleHash(conn.clientAddress, conn.clientPort, conn.serverAddress, conn.serverPort) & mask;
    while (slots[slot] !== null && slots[slot] !== conn) slot = (slot + 1) & mask;
    // Superseded on its 4-tuple by a newer connection: not in the table any more.
    if (slots[slot] !== conn) return;
    slots[slot] = null;
    keys[slot * SLOT] = -1;
    this.tuples--;
    // Backward-shift deletion: move up the entries whose probe passed through the emptied slot.
    let hole = slot;
    for (let next = (slot + 1) & mask; slots[next] !== null; next = (next + 1) & mask) {
      const at = next * SLOT;
      const home = keys[at + 1] & mask;
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        this.fill(hole, slots[next]!, keys[at + 1]);
        slots[next] = null;
        keys[at] = -1;
        hole = next;
      }
    }
  }

  private fill(slot: number, conn: Connection, hash: number): void {
    if (!this.keepAll) this.slots[slot] = conn;
    const at = slot * SLOT;
    this.keys[at] = conn.id;
    this.keys[at + 1] = hash;
  }

  /** Client: the sender of a SYN, the receiver of a SYN+ACK, else the sender of the first packet seen. */
  private open(p: PacketTable, row: number, index: number): Connection {
    const flags = p.flags[row];
    const synAck = (flags & (TcpFlag.SYN | TcpFlag.ACK)) === (TcpFlag.SYN | TcpFlag.ACK);
    const id = this.nextId++;
    const frame = p.frame[row];
    const time = p.time[row];
    const clientAddress = synAck ? p.dst[row] : p.src[row];
    const clientPort = synAck ? p.dport[row] : p.sport[row];
    const serverAddress = synAck ? p.src[row] : p.dst[row];
    const serverPort = synAck ? p.sport[row] : p.dport[row];
    let conn = this.released.pop();
    if (conn === undefined) conn = new Connection(this.store, id, clientAddress, clientPort, serverAddress, serverPort, index, frame, time, flags);
    else conn.reopen(id, clientAddress, clientPort, serverAddress, serverPort, index, frame, time, flags);
    if (this.keepAll) this.connections.push(conn);
    return conn;
  }

  private rehash(): void {
    const old = this.slots;
    const oldKeys = this.keys;
    const oldSize = oldKeys.length / SLOT;
    const size = oldSize * 2;
    const slots = (this.slots = this.keepAll ? old : new Array<Connection | null>(size).fill(null));
    const keys = (this.keys = new Int32Array(size * SLOT).fill(-1));
    const mask = size - 1;
    for (let k = 0; k < oldSize; k++) {
      const from = k * SLOT;
      if (oldKeys[from] < 0) continue;
      let slot = oldKeys[from + 1] & mask;
      while (keys[slot * SLOT] >= 0) slot = (slot + 1) & mask;
      if (!this.keepAll) slots[slot] = old[k];
      for (let j = 0; j < SLOT; j++) keys[slot * SLOT + j] = oldKeys[from + j];
    }
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
