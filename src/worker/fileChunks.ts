/**
 * A file on the local disk read in chunks, for the Node worker: `node:fs` is loaded only when a file is
 * read, so the browser bundle (which leaves it out as external) never runs it.
 */
const CHUNK_BYTES = 1 << 20;

type NodeFs = typeof import('node:fs');

export interface FileChunks {
  readonly size: number;
  readonly chunks: Iterable<Uint8Array>;
}

export function fileChunks(path: string): FileChunks {
  const fs = require('node:fs') as NodeFs;
  const size = fs.statSync(path).size;
  return { size, chunks: readChunks(fs, path) };
}

function* readChunks(fs: NodeFs, path: string): Generator<Uint8Array> {
  const fd = fs.openSync(path, 'r');
  try {
    for (;;) {
      // A buffer of its own per chunk: the reader may keep a view of the last one.
      const chunk = new Uint8Array(CHUNK_BYTES);
      const read = fs.readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (read === 0) return;
      yield read === CHUNK_BYTES ? chunk : chunk.subarray(0, read);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The whole file at once (a binary capture rendered as text is read whole, as the extension host would have sent it). */
export function fileBytes(path: string): Uint8Array {
  const fs = require('node:fs') as NodeFs;
  const buffer = fs.readFileSync(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
