/** Inputs cut into chunks, and models made comparable, for the tests of the chunked entry points. */

/** The bytes cut at the given sizes (repeated), as an array: iterable again. */
export function cut(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length];
    chunks.push(bytes.slice(at, at + size));
    at += size;
  }
  return chunks;
}

/** The items, iterable once only (as a file read chunk by chunk). */
export function* once<T>(items: T[]): Generator<T> {
  yield* items;
}

/** A model (or anything holding typed arrays) as comparable data: typed arrays as arrays, NaN as 'NaN'. */
export function plainModel(model: unknown): unknown {
  return JSON.parse(JSON.stringify(model, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Uint8Array, (x) => (Number.isNaN(x) ? 'NaN' : x)) : v)));
}
