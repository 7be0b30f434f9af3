/**
 * Typed-array columns that grow as packets are read and are trimmed to their
 * length at the end. Plain buffers only: typed arrays over resizable
 * ArrayBuffers (which would grow in place) read and write about half as fast
 * in today's V8, and every view reads the columns many times.
 */

export type Column = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

type ColumnConstructor<T extends Column> = { new (length: number): T; new (buffer: ArrayBuffer, byteOffset: number, length: number): T; readonly BYTES_PER_ELEMENT: number };

/** `ArrayBuffer.prototype.transfer` (ES2024), where the runtime has it. */
type TransferableBuffer = ArrayBuffer & { transfer?(byteLength: number): ArrayBuffer };

function constructorOf<T extends Column>(column: T): ColumnConstructor<T> {
  return column.constructor as unknown as ColumnConstructor<T>;
}

/** The column with room for `capacity` elements, its contents kept. */
export function grownColumn<T extends Column>(column: T, capacity: number): T {
  const grown = new (constructorOf(column))(capacity);
  grown.set(column);
  return grown;
}

/**
 * The first `n` elements, taken over from the column (which is not to be
 * used afterwards): the column itself when it is that long already; shrunk
 * without a copy where the runtime has `ArrayBuffer.prototype.transfer`;
 * else a view of them when the room left over is little (at most 1/32 of
 * the column), kept rather than copying all the rest; else copied. Any
 * column qualifies; the room is that little mostly in a table sized for its
 * input (see `PacketTable.expectRowsFor`) and in columns grown by doubling
 * that came out nearly full.
 */
export function trimmedColumn<T extends Column>(column: T, n: number): T {
  const buffer = column.buffer as TransferableBuffer;
  const whole = column.byteOffset === 0 && column.byteLength === buffer.byteLength;
  if (whole && column.length === n) return column;
  if (whole && typeof buffer.transfer !== 'function' && column.length - n <= column.length / 32) return column.subarray(0, n) as T;
  if (!whole || typeof buffer.transfer !== 'function') return column.slice(0, n) as T;
  const Type = constructorOf(column);
  return new Type(buffer.transfer(n * Type.BYTES_PER_ELEMENT), 0, n);
}
