/**
 * The decoded TCP segments of one capture, stored column-wise (struct of
 * arrays) so that a capture of millions of packets costs a few typed arrays
 * rather than millions of objects. Decoders fill it through one reused
 * `SegmentFields` record; the model adds its own columns (see model/).
 */
import { Column, grownColumn } from './columns';
import { IcmpError } from './icmpErrors';
import { NameTable } from './names';

/** TCP header flag bits, as in the header's flags byte (NS is not kept). */
export const enum TcpFlag {
  FIN = 0x01,
  SYN = 0x02,
  RST = 0x04,
  PSH = 0x08,
  ACK = 0x10,
  URG = 0x20,
  ECE = 0x40,
  CWR = 0x80,
}

/** Which values the input actually showed (text output omits some). */
export const enum Known {
  SEQ = 0x01,
  ACK = 0x02,
}

/** TCP options present on a segment. */
export const enum TcpOption {
  MSS = 0x01,
  WSCALE = 0x02,
  SACK_PERMITTED = 0x04,
  TIMESTAMPS = 0x08,
  SACK = 0x10,
}

export const MAX_SACK_BLOCKS = 4;

/** One segment as a decoder hands it over; decoders reuse a single instance. */
export class SegmentFields {
  /** 1-based frame number, counting every frame or packet line, TCP or not. */
  frame = 0;
  /** 1-based line of the input text where the packet starts (binary input: its line in the text view). */
  line = 0;
  /** Seconds: Unix epoch when the input carries a date, else seconds since midnight. */
  time = 0;
  src = 0;
  dst = 0;
  sport = 0;
  dport = 0;
  flags = 0;
  /** Absolute (raw) sequence and acknowledgement numbers, unsigned 32-bit. */
  seq = 0;
  ack = 0;
  /** `Known` bits. */
  known = 0;
  /** TCP payload length. */
  len = 0;
  /** Window field as in the header (not scaled). */
  win = 0;
  /** `TcpOption` bits, and the options' values. */
  options = 0;
  mss = 0;
  wscale = 0;
  tsVal = 0;
  tsEcr = 0;
  sackCount = 0;
  /** Raw left/right edges: sack[2*i], sack[2*i+1]. */
  readonly sack = new Uint32Array(2 * MAX_SACK_BLOCKS);

  reset(): void {
    this.frame = this.line = this.time = 0;
    this.src = this.dst = this.sport = this.dport = 0;
    this.flags = this.seq = this.ack = this.known = this.len = this.win = 0;
    this.options = this.mss = this.wscale = this.tsVal = this.tsEcr = this.sackCount = 0;
  }
}

/**
 * Small, so that the columns are replaced a few times within the first rows,
 * after V8 has begun to record what the code meets and before it optimises
 * it: code optimised never having seen a new block would be thrown away at
 * the first.
 */
const INITIAL_CAPACITY = 64;
/** Blocks stop doubling here, so that the last one's unused room stays small. */
const MAX_BLOCK_ROWS = 1 << 16;
/** Bytes of an input read before its rows per byte are taken to hold for the rest (see `expectRowsFor`). */
const SIZING_BYTES = 4 << 20;
/** Room for that many times the rows expected: within 1.5% the first 4 MiB of a capture or of its text tell the rest. */
const SIZING_MARGIN = 1.015;
const SIZING_SPARE_ROWS = 64;

export class PacketTable {
  /** Number of segments stored. */
  length = 0;
  /** Interned addresses and port names shared by every column that names an endpoint. */
  readonly names: NameTable;

  // The columns start empty and the first row gives them room: a field V8 has
  // seen assigned only once is taken for a constant, and code optimised for
  // that is thrown away when the column is first replaced, which would
  // otherwise happen after the first rows, just as the decoders' code is
  // being optimised.
  frame = new Uint32Array(0);
  line = new Uint32Array(0);
  time = new Float64Array(0);
  src = new Uint32Array(0);
  dst = new Uint32Array(0);
  sport = new Uint32Array(0);
  dport = new Uint32Array(0);
  flags = new Uint8Array(0);
  seq = new Uint32Array(0);
  ack = new Uint32Array(0);
  known = new Uint8Array(0);
  len = new Uint32Array(0);
  win = new Uint32Array(0);
  options = new Uint8Array(0);
  mss = new Uint16Array(0);
  wscale = new Uint8Array(0);
  tsVal = new Uint32Array(0);
  tsEcr = new Uint32Array(0);
  /** Index of the segment's first SACK block in `sackEdges` (pairs), and how many. */
  sackStart = new Uint32Array(0);
  sackCount = new Uint8Array(0);
  sackEdges = new Uint32Array(INITIAL_CAPACITY);
  private sackUsed = 0;
  /** ICMP errors quoting TCP segments, in capture order (not TCP segments themselves). */
  readonly icmpErrors: IcmpError[] = [];
  /**
   * Set by a decoder whose table is read only once it is whole: the columns
   * then fill block after block, with no copy while growing, and `joinBlocks`
   * copies them once into columns exactly `length` long (which the model
   * keeps as they are) instead of doubling copies and a trimming copy.
   */
  growsInBlocks = false;
  /** Whether `line` is `frame` itself rather than a column of its own (see `shareLinesWithFrames`). */
  private linesAreFrames = false;
  /** Full blocks, one array of columns each (in `blockColumns` order). */
  private readonly blocks: Column[][] = [];
  /**
   * Rows in the columns (while growing in blocks: in the current block's).
   * A row's place is read from this field, written every row, rather than
   * worked out from a count of the rows in full blocks: V8 takes a field
   * written only once for a constant, and code relying on that is thrown
   * away when it changes (here when the first block fills).
   */
  private used = 0;
  /** Whether `expectRowsFor` has sized the columns for the whole input. */
  private sizedForInput = false;

  constructor(names: NameTable = new NameTable()) {
    this.names = names;
  }

  /** Rows the columns have room for (while growing in blocks: the current block's). */
  get capacity(): number {
    return this.frame.length;
  }

  /** Empties the table, keeping its room (a summary reads a capture through it a chunk at a time). */
  clear(): void {
    this.length = 0;
    this.sackUsed = 0;
    this.blocks.length = 0;
    this.used = 0;
    this.sizedForInput = false;
  }

  /**
   * Set by a decoder whose packets each start on the line of their frame's
   * number (a binary capture's text view has one line per frame): `line` is
   * then the `frame` column itself, neither written nor copied on its own.
   * Tcpdump text is read so while its frames are one line each: the first
   * row `append`ed on another line gives `line` a column of its own again.
   */
  shareLinesWithFrames(): void {
    this.linesAreFrames = true;
    this.line = this.frame;
  }

  /**
   * Told after each chunk by a reader that knows the input's size, while the table grows in blocks.
   * Once `SIZING_BYTES` are read, the rows so far tell how many the whole input has: the columns are
   * made that long, with a little room, and fill in place from there, so that no join copies them at
   * the end. An input with more rows than that goes on in blocks.
   */
  expectRowsFor(bytesRead: number, totalBytes: number): void {
    if (!this.growsInBlocks || this.sizedForInput || bytesRead < SIZING_BYTES || bytesRead >= totalBytes) return;
    this.sizedForInput = true;
    this.joinInto(Math.ceil(((this.length * totalBytes) / bytesRead) * SIZING_MARGIN) + SIZING_SPARE_ROWS);
  }

  /**
   * Makes the columns whole again after growing in blocks, each at least `length` long: longer by
   * the room left in the first small columns or by what `expectRowsFor` left, which the model keeps
   * or trims (see `trimmedColumn`).
   */
  joinBlocks(): void {
    if (this.blocks.length > 0) this.joinInto(this.length);
  }

  /** The blocks and the current columns copied into whole columns with room for `capacity` rows. */
  private joinInto(capacity: number): void {
    const n = this.length;
    const rowsInCurrent = this.used;
    const current = this.blockColumns();
    const joined = current.map((column) => new (column.constructor as new (length: number) => Column)(Math.max(capacity, n)));
    let at = 0;
    for (const block of [...this.blocks, current]) {
      const rows = block === current ? rowsInCurrent : block[0].length;
      for (let c = 0; c < joined.length; c++) joined[c].set(block[c].subarray(0, rows), at);
      at += rows;
    }
    this.blocks.length = 0;
    this.used = n;
    this.setBlockColumns(joined);
  }

  append(s: SegmentFields): number {
    const index = this.length;
    let i = this.used;
    if (i === this.capacity) i = this.makeRoom(i);
    this.frame[i] = s.frame;
    if (!this.linesAreFrames) this.line[i] = s.line;
    else if (s.line !== s.frame) this.separateLinesFromFrames(i, s.line);
    this.time[i] = s.time;
    this.src[i] = s.src;
    this.dst[i] = s.dst;
    this.sport[i] = s.sport;
    this.dport[i] = s.dport;
    this.flags[i] = s.flags;
    this.seq[i] = s.seq;
    this.ack[i] = s.ack;
    this.known[i] = s.known;
    this.len[i] = s.len;
    this.win[i] = s.win;
    this.options[i] = s.options;
    this.mss[i] = s.mss;
    this.wscale[i] = s.wscale;
    this.tsVal[i] = s.tsVal;
    this.tsEcr[i] = s.tsEcr;
    const blocks = Math.min(s.sackCount, MAX_SACK_BLOCKS);
    this.sackCount[i] = blocks;
    this.sackStart[i] = this.sackUsed >>> 1;
    if (blocks > 0) {
      const need = this.sackUsed + 2 * blocks;
      if (need > this.sackEdges.length) this.sackEdges = grownColumn(this.sackEdges, Math.max(need, this.sackEdges.length * 2));
      this.sackEdges.set(s.sack.subarray(0, 2 * blocks), this.sackUsed);
      this.sackUsed = need;
    }
    this.used = i + 1;
    this.length = index + 1;
    return index;
  }

  /**
   * A new row without SACK blocks, for a decoder that writes the other
   * columns itself (they are read after this call: it may replace them).
   * Returns the row's place in the columns: its index, unless growing in blocks.
   */
  appendRow(): number {
    const index = this.length;
    let i = this.used;
    if (i === this.capacity) i = this.makeRoom(i);
    this.sackCount[i] = 0;
    this.sackStart[i] = this.sackUsed >>> 1;
    this.used = i + 1;
    this.length = index + 1;
    return i;
  }

  /** `line` a column of its own, from the frames of the rows before `row` (theirs until now), and `line` for this one. */
  private separateLinesFromFrames(row: number, line: number): void {
    this.linesAreFrames = false;
    // A full block's columns are in `blockColumns` order, which puts `line` last.
    for (const block of this.blocks) block.push(block[0].slice());
    this.line = this.frame.slice();
    this.line[row] = line;
  }

  /** Room for the next row, the columns being full with `full` rows; returns where it goes in them. */
  private makeRoom(full: number): number {
    if (!this.growsInBlocks || full === 0) {
      this.grow(Math.max(full * 2, INITIAL_CAPACITY));
      return full;
    }
    this.blocks.push(this.blockColumns());
    const size = Math.min(full * 2, MAX_BLOCK_ROWS);
    this.setBlockColumns(this.blockColumns().map((column) => new (column.constructor as new (length: number) => Column)(size)));
    return 0;
  }

  private blockColumns(): Column[] {
    const columns: Column[] = [this.frame, this.time, this.src, this.dst, this.sport, this.dport, this.flags, this.seq, this.ack, this.known,
      this.len, this.win, this.options, this.mss, this.wscale, this.tsVal, this.tsEcr, this.sackStart, this.sackCount];
    if (!this.linesAreFrames) columns.push(this.line);
    return columns;
  }

  private setBlockColumns(c: Column[]): void {
    this.frame = c[0] as this['frame'];
    this.time = c[1] as this['time'];
    this.src = c[2] as this['src'];
    this.dst = c[3] as this['dst'];
    this.sport = c[4] as this['sport'];
    this.dport = c[5] as this['dport'];
    this.flags = c[6] as this['flags'];
    this.seq = c[7] as this['seq'];
    this.ack = c[8] as this['ack'];
    this.known = c[9] as this['known'];
    this.len = c[10] as this['len'];
    this.win = c[11] as this['win'];
    this.options = c[12] as this['options'];
    this.mss = c[13] as this['mss'];
    this.wscale = c[14] as this['wscale'];
    this.tsVal = c[15] as this['tsVal'];
    this.tsEcr = c[16] as this['tsEcr'];
    this.sackStart = c[17] as this['sackStart'];
    this.sackCount = c[18] as this['sackCount'];
    this.line = this.linesAreFrames ? this.frame : (c[19] as this['line']);
  }

  private grow(size: number): void {
    this.frame = grownColumn(this.frame, size);
    this.line = this.linesAreFrames ? this.frame : grownColumn(this.line, size);
    this.time = grownColumn(this.time, size);
    this.src = grownColumn(this.src, size);
    this.dst = grownColumn(this.dst, size);
    this.sport = grownColumn(this.sport, size);
    this.dport = grownColumn(this.dport, size);
    this.flags = grownColumn(this.flags, size);
    this.seq = grownColumn(this.seq, size);
    this.ack = grownColumn(this.ack, size);
    this.known = grownColumn(this.known, size);
    this.len = grownColumn(this.len, size);
    this.win = grownColumn(this.win, size);
    this.options = grownColumn(this.options, size);
    this.mss = grownColumn(this.mss, size);
    this.wscale = grownColumn(this.wscale, size);
    this.tsVal = grownColumn(this.tsVal, size);
    this.tsEcr = grownColumn(this.tsEcr, size);
    this.sackStart = grownColumn(this.sackStart, size);
    this.sackCount = grownColumn(this.sackCount, size);
  }
}

/** tcpdump's flag letters, in tcpdump's order: `F S R P . U E W` (the ACK bit prints as '.'). */
export function flagsText(flags: number): string {
  let s = '';
  if (flags & TcpFlag.FIN) s += 'F';
  if (flags & TcpFlag.SYN) s += 'S';
  if (flags & TcpFlag.RST) s += 'R';
  if (flags & TcpFlag.PSH) s += 'P';
  if (flags & TcpFlag.ACK) s += '.';
  if (flags & TcpFlag.URG) s += 'U';
  if (flags & TcpFlag.ECE) s += 'E';
  if (flags & TcpFlag.CWR) s += 'W';
  return s === '' ? 'none' : s;
}

/** In tcpdump's letter order (F S R P . U E W), so names and letters read alike. */
const FLAG_NAMES: readonly [number, string][] = [
  [TcpFlag.FIN, 'FIN'],
  [TcpFlag.SYN, 'SYN'],
  [TcpFlag.RST, 'RST'],
  [TcpFlag.PSH, 'PSH'],
  [TcpFlag.ACK, 'ACK'],
  [TcpFlag.URG, 'URG'],
  [TcpFlag.ECE, 'ECE'],
  [TcpFlag.CWR, 'CWR'],
];

/** The names of the flags set, e.g. ['SYN', 'ACK'], in tcpdump's order. */
export function flagNames(flags: number): string[] {
  return FLAG_NAMES.filter(([bit]) => flags & bit).map(([, name]) => name);
}
