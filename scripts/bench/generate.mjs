// The bench's inputs, made here and nowhere else: deterministic pcap files of
// many interleaved TCP connections, written to disk as they are made (a 10M-
// packet capture is never held in memory), and their tcpdump text.
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Bumped whenever the bytes written change, so that cached inputs are remade. */
export const GENERATOR_VERSION = 1;

const SNAP_LENGTH = 96;
const ETHERNET = 14;
const IPV4 = 20;
const TCP = 32; // 20 + NOP NOP timestamps
const SYN_TCP = 40; // 20 + MSS, SACK permitted, timestamps, NOP, window scale
const FIRST_SECOND = 1_700_000_000;
const STEP_MICROS = 10;

const SYN = 0x02;
const ACK = 0x10;
const FIN = 0x01;
const PSH = 0x08;

/** A small deterministic generator (xorshift32), so two runs write the same bytes. */
class Random {
  constructor(seed) {
    this.state = seed >>> 0 || 1;
  }
  next() {
    let x = this.state;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
  below(n) {
    return this.next() % n;
  }
}

/**
 * One connection's segments, produced one at a time: a three-way handshake,
 * requests and responses each acknowledged (now and then a retransmission or
 * a duplicate ACK instead), a four-way close. `length` is its packet count.
 */
class ConnectionScript {
  constructor(id, length, random) {
    this.id = id;
    this.length = Math.max(length, 7);
    this.sent = 0;
    this.client = (0x0a000000 + 0x10000 + Math.floor(id / 50_000)) >>> 0;
    this.clientPort = 10_000 + (id % 50_000);
    this.server = (0xc0a80000 + (id % 64) + 1) >>> 0;
    this.serverPort = id % 2 ? 443 : 80;
    this.clientSeq = random.next();
    this.serverSeq = random.next();
    this.random = random;
    this.pending = null;
  }

  get done() {
    return this.sent >= this.length;
  }

  /** Fills `s` with the next segment. */
  next(s) {
    const k = this.sent++;
    const middle = this.length - 7;
    if (k === 0) return this.segment(s, true, SYN, this.clientSeq, 0, 0);
    if (k === 1) return this.segment(s, false, SYN | ACK, this.serverSeq, this.clientSeq + 1, 0);
    if (k === 2) {
      this.clientSeq++;
      this.serverSeq++;
      return this.segment(s, true, ACK, this.clientSeq, this.serverSeq, 0);
    }
    const m = k - 3;
    if (m < middle) return this.exchange(s, m);
    const c = m - middle;
    if (c === 0) return this.segment(s, true, FIN | ACK, this.clientSeq, this.serverSeq, 0);
    if (c === 1) return this.segment(s, false, ACK, this.serverSeq, this.clientSeq + 1, 0);
    if (c === 2) return this.segment(s, false, FIN | ACK, this.serverSeq, this.clientSeq + 1, 0);
    return this.segment(s, true, ACK, this.clientSeq + 1, this.serverSeq + 1, 0);
  }

  /** Pairs of a data segment (requests from the client, responses from the server) and its acknowledgement. */
  exchange(s, m) {
    const fromClient = Math.floor(m / 2) % 4 === 0;
    if (m % 2 === 0) {
      const len = fromClient ? 100 + this.random.below(400) : 200 + this.random.below(1248);
      const seq = fromClient ? this.clientSeq : this.serverSeq;
      this.pending = { fromClient, seq, len };
      this.segment(s, fromClient, PSH | ACK, seq, fromClient ? this.serverSeq : this.clientSeq, len);
      // Data with no acknowledgement of its own before the close: the FINs acknowledge it.
      if (m === this.length - 8) this.advance(fromClient, len);
      return s;
    }
    const { fromClient: dataFromClient, seq, len } = this.pending;
    this.advance(dataFromClient, len);
    const peerSeq = dataFromClient ? this.serverSeq : this.clientSeq;
    const roll = this.random.below(200);
    // Now and then the data again (a retransmission) or an ACK that does not acknowledge it (a duplicate ACK).
    if (roll === 0) return this.segment(s, dataFromClient, PSH | ACK, seq, peerSeq, len);
    return this.segment(s, !dataFromClient, ACK, peerSeq, roll === 1 ? seq : (seq + len) >>> 0, 0);
  }

  advance(fromClient, len) {
    if (fromClient) this.clientSeq = (this.clientSeq + len) >>> 0;
    else this.serverSeq = (this.serverSeq + len) >>> 0;
  }

  segment(s, fromClient, flags, seq, ack, len) {
    s.src = fromClient ? this.client : this.server;
    s.dst = fromClient ? this.server : this.client;
    s.sport = fromClient ? this.clientPort : this.serverPort;
    s.dport = fromClient ? this.serverPort : this.clientPort;
    s.flags = flags;
    s.seq = seq >>> 0;
    s.ack = ack >>> 0;
    s.len = len;
    s.win = fromClient ? 502 : 509;
    return s;
  }
}

/** Buffered, synchronous writes of pcap records. */
class PcapWriter {
  constructor(path) {
    this.fd = openSync(path, 'w');
    this.buf = Buffer.alloc(1 << 20);
    this.at = 0;
    this.buf.writeUInt32LE(0xa1b2c3d4, 0);
    this.buf.writeUInt16LE(2, 4);
    this.buf.writeUInt16LE(4, 6);
    this.buf.writeUInt32LE(SNAP_LENGTH, 16);
    this.buf.writeUInt32LE(1, 20);
    this.at = 24;
    this.tsBase = 0;
  }

  write(s, seconds, micros) {
    if (this.at + 16 + SNAP_LENGTH > this.buf.length) this.flush();
    const b = this.buf;
    const syn = (s.flags & SYN) !== 0;
    const tcpLength = syn ? SYN_TCP : TCP;
    const wire = ETHERNET + IPV4 + tcpLength + s.len;
    const captured = Math.min(wire, SNAP_LENGTH);
    let o = this.at;
    b.writeUInt32LE(seconds, o);
    b.writeUInt32LE(micros, o + 4);
    b.writeUInt32LE(captured, o + 8);
    b.writeUInt32LE(wire, o + 12);
    o += 16;
    const frame = o;
    b.fill(0, frame, frame + captured);
    // Ethernet: made-up addresses, IPv4.
    b[frame + 5] = 1;
    b[frame + 11] = 2;
    b.writeUInt16BE(0x0800, frame + 12);
    const ip = frame + ETHERNET;
    b[ip] = 0x45;
    b.writeUInt16BE(IPV4 + tcpLength + s.len, ip + 2);
    b[ip + 6] = 0x40; // don't fragment
    b[ip + 8] = 64;
    b[ip + 9] = 6;
    b.writeUInt32BE(s.src, ip + 12);
    b.writeUInt32BE(s.dst, ip + 16);
    const tcp = ip + IPV4;
    b.writeUInt16BE(s.sport, tcp);
    b.writeUInt16BE(s.dport, tcp + 2);
    b.writeUInt32BE(s.seq, tcp + 4);
    b.writeUInt32BE(s.ack, tcp + 8);
    b[tcp + 12] = (tcpLength / 4) << 4;
    b[tcp + 13] = s.flags;
    b.writeUInt16BE(s.win, tcp + 14);
    const tsVal = (seconds * 1000 + Math.floor(micros / 1000)) >>> 0;
    let opt = tcp + 20;
    if (syn) {
      b.set([2, 4, 0x05, 0xb4, 4, 2, 8, 10], opt); // MSS 1460, SACK permitted, timestamps…
      b.writeUInt32BE(tsVal, opt + 8);
      b.writeUInt32BE(s.flags & ACK ? tsVal - 1 : 0, opt + 12);
      b.set([1, 3, 3, 7], opt + 16); // …NOP, window scale 7
    } else {
      b.set([1, 1, 8, 10], opt);
      b.writeUInt32BE(tsVal, opt + 4);
      b.writeUInt32BE(tsVal - 1, opt + 8);
    }
    this.at = frame + captured;
  }

  flush() {
    let off = 0;
    while (off < this.at) off += writeSync(this.fd, this.buf, off, this.at - off);
    this.at = 0;
  }

  close() {
    this.flush();
    closeSync(this.fd);
  }
}

/**
 * Writes a pcap of `packets` segments over `connections` connections, at most
 * `open` of them open at once (each open connection sends in turn), one
 * segment every 10 µs.
 */
export function writeSyntheticPcap(path, { packets, connections, open }) {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  const out = new PcapWriter(partial);
  const random = new Random(0x7c9 + connections);
  const base = Math.floor(packets / connections);
  const extra = packets % connections;
  const lengthOf = (id) => base + (id < extra ? 1 : 0);
  const slots = [];
  let nextId = 0;
  const s = {};
  let written = 0;
  let micros = 0;
  while (written < packets) {
    while (slots.length < open && nextId < connections) slots.push(new ConnectionScript(nextId, lengthOf(nextId++), random));
    if (slots.length === 0) break;
    for (let k = 0; k < slots.length && written < packets; ) {
      const script = slots[k];
      script.next(s);
      out.write(s, FIRST_SECOND + Math.floor(micros / 1e6), micros % 1e6);
      micros += STEP_MICROS;
      written++;
      if (script.done) {
        slots[k] = slots[slots.length - 1];
        slots.pop();
        if (nextId < connections) slots.push(new ConnectionScript(nextId, lengthOf(nextId++), random));
      } else {
        k++;
      }
    }
  }
  out.close();
  renameSync(partial, path);
  return written;
}

/**
 * The capture as text, as TCP Lens's own text view prints it (`tcpdump -n
 * -tttt`), streamed from file to file. `CaptureTextRenderer` is the core's,
 * from the compiled tests (out/).
 */
export function writeCaptureText(pcapPath, textPath, CaptureTextRenderer) {
  const partial = `${textPath}.partial`;
  const fd = openSync(partial, 'w');
  let pending = [];
  let size = 0;
  let lines = 0;
  const flush = () => {
    const chunk = Buffer.from(pending.join(''));
    let off = 0;
    while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
    pending = [];
    size = 0;
  };
  const renderer = new CaptureTextRenderer((line) => {
    pending.push(line, '\n');
    size += line.length + 1;
    lines++;
    if (size >= 1 << 20) flush();
  });
  const input = openSync(pcapPath, 'r');
  // A fresh buffer each time: a reader may keep the last chunk it was given.
  for (let chunk = Buffer.alloc(1 << 20), n; (n = readSync(input, chunk, 0, chunk.length, null)) > 0; chunk = Buffer.alloc(1 << 20)) {
    renderer.push(chunk.subarray(0, n));
  }
  closeSync(input);
  const problems = renderer.end();
  if (problems.length > 0) throw new Error(`rendering ${pcapPath}: ${problems[0].message}`);
  flush();
  closeSync(fd);
  renameSync(partial, textPath);
  return lines;
}

/** Makes the file with `make(path)` unless it exists (a `.partial` left by an interrupted run does not count). */
export function cached(path, make) {
  if (!existsSync(path)) make(path);
  return path;
}
