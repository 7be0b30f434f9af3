// The floor the core is measured against: a bare JavaScript loop that only
// reads the file in chunks and walks its records into typed arrays (the
// fields the model keeps of each packet from the file), or, for text, its
// lines, with none of TCP Lens's checks or analysis.
import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK_BYTES = 1 << 20;

function grown(a) {
  const b = new a.constructor(a.length * 2);
  b.set(a);
  return b;
}

/** One typed array per field the model keeps of each packet from the file, grown by doubling. */
const FIELDS = {
  frame: Uint32Array,
  offset: Float64Array,
  time: Float64Array,
  src: Uint32Array,
  dst: Uint32Array,
  sport: Uint32Array,
  dport: Uint32Array,
  flags: Uint8Array,
  seq: Uint32Array,
  ack: Uint32Array,
  len: Uint32Array,
  win: Uint32Array,
  options: Uint8Array,
  mss: Uint16Array,
  wscale: Uint8Array,
  tsVal: Uint32Array,
  tsEcr: Uint32Array,
};

class Columns {
  constructor() {
    this.n = 0;
    for (const [key, Type] of Object.entries(FIELDS)) this[key] = new Type(1024);
  }
  grow() {
    for (const key of Object.keys(FIELDS)) this[key] = grown(this[key]);
  }
}

/**
 * Little-endian, microsecond pcap over Ethernet and IPv4 (what the generator
 * writes): each record's TCP segment into the columns, with its options
 * (MSS, window scale, timestamps), and nothing checked.
 */
export function walkPcap(path) {
  const fd = openSync(path, 'r');
  const c = new Columns();
  let carry = new Uint8Array(0);
  let first = true;
  let fileOffset = 0;
  let frame = 0;
  for (;;) {
    const fresh = new Uint8Array(CHUNK_BYTES);
    const got = readSync(fd, fresh, 0, CHUNK_BYTES, null);
    if (got === 0) break;
    let buf = fresh.subarray(0, got);
    if (carry.length > 0) {
      const joined = new Uint8Array(carry.length + got);
      joined.set(carry);
      joined.set(buf, carry.length);
      buf = joined;
    }
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let pos = first ? 24 : 0;
    first = false;
    while (pos + 16 <= buf.length) {
      const captured = view.getUint32(pos + 8, true);
      if (pos + 16 + captured > buf.length) break;
      const f = pos + 16;
      frame++;
      if (view.getUint16(f + 12) === 0x0800 && buf[f + 23] === 6) {
        if (c.n === c.time.length) c.grow();
        const i = c.n++;
        const ip = f + 14;
        const tcp = ip + (buf[ip] & 15) * 4;
        const headerLength = (buf[tcp + 12] >> 4) * 4;
        c.frame[i] = frame;
        c.offset[i] = fileOffset + pos;
        c.time[i] = view.getUint32(pos, true) + view.getUint32(pos + 4, true) / 1e6;
        c.src[i] = view.getUint32(ip + 12);
        c.dst[i] = view.getUint32(ip + 16);
        c.sport[i] = view.getUint16(tcp);
        c.dport[i] = view.getUint16(tcp + 2);
        c.seq[i] = view.getUint32(tcp + 4);
        c.ack[i] = view.getUint32(tcp + 8);
        c.flags[i] = buf[tcp + 13];
        c.win[i] = view.getUint16(tcp + 14);
        c.len[i] = view.getUint16(ip + 2) - (tcp - ip) - headerLength;
        let options = 0;
        const end = Math.min(tcp + headerLength, f + captured);
        for (let at = tcp + 20; at < end; ) {
          const kind = buf[at];
          if (kind === 0) break;
          if (kind === 1) {
            at++;
            continue;
          }
          const length = buf[at + 1];
          if (length < 2) break;
          if (kind === 2) {
            options |= 1;
            c.mss[i] = view.getUint16(at + 2);
          } else if (kind === 3) {
            options |= 2;
            c.wscale[i] = buf[at + 2];
          } else if (kind === 8) {
            options |= 8;
            c.tsVal[i] = view.getUint32(at + 2);
            c.tsEcr[i] = view.getUint32(at + 6);
          }
          at += length;
        }
        c.options[i] = options;
      }
      pos += 16 + captured;
    }
    fileOffset += pos;
    carry = buf.slice(pos);
  }
  closeSync(fd);
  return c.n;
}

/** Text: the file decoded chunk by chunk and walked line by line, each line's start into a column. */
export function walkText(path) {
  const fd = openSync(path, 'r');
  const decoder = new TextDecoder();
  let starts = new Float64Array(1024);
  let lines = 0;
  let offset = 0;
  let rest = '';
  for (;;) {
    const chunk = new Uint8Array(CHUNK_BYTES);
    const got = readSync(fd, chunk, 0, CHUNK_BYTES, null);
    const text = rest + decoder.decode(chunk.subarray(0, got), { stream: got > 0 });
    let at = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
      if (lines === starts.length) starts = grown(starts);
      starts[lines++] = offset + at;
      at = nl + 1;
    }
    offset += at;
    rest = text.slice(at);
    if (got === 0) break;
  }
  closeSync(fd);
  return lines;
}
