// Speed and memory of the core on a large synthetic capture: decode + full
// model, then the JSON writer. Targets: over a million packets a second and
// under 120 bytes of memory per packet for the model.
//   npm run bench [-- --packets N]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { analyzeBytes } = require('../out/src/core/analyze.js');
const { writeAnalysisJson } = require('../out/src/core/json/analysisJson.js');

const arg = process.argv.indexOf('--packets');
const target = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;

/** A pcap of many short HTTP-like connections: handshake, request, a few data segments and ACKs, FIN close. */
function syntheticPcap(packets) {
  const perConn = 12;
  const frameLen = 14 + 20 + 32 + 100;
  const buf = Buffer.alloc(24 + Math.ceil(packets / perConn) * perConn * (16 + frameLen));
  buf.writeUInt32LE(0xa1b2c3d4, 0);
  buf.writeUInt16LE(2, 4);
  buf.writeUInt16LE(4, 6);
  buf.writeUInt32LE(262144, 16);
  buf.writeUInt32LE(1, 20);
  let off = 24;
  let t = 1_700_000_000;
  let written = 0;
  const write = (conn, fromClient, flags, seq, ack, len) => {
    t += 0.0001;
    const sec = Math.floor(t);
    buf.writeUInt32LE(sec, off);
    buf.writeUInt32LE(Math.round((t - sec) * 1e6), off + 4);
    const caplen = 14 + 20 + 32 + len;
    buf.writeUInt32LE(caplen, off + 8);
    buf.writeUInt32LE(caplen, off + 12);
    const f = off + 16;
    buf.fill(0, f, f + caplen);
    buf.writeUInt16BE(0x0800, f + 12);
    const ip = f + 14;
    buf[ip] = 0x45;
    buf.writeUInt16BE(20 + 32 + len, ip + 2);
    buf[ip + 8] = 64;
    buf[ip + 9] = 6;
    const client = 0x0a000000 + (conn % 60000);
    const server = 0x0a100001;
    buf.writeUInt32BE(fromClient ? client : server, ip + 12);
    buf.writeUInt32BE(fromClient ? server : client, ip + 16);
    const tcp = ip + 20;
    const cport = 1024 + Math.floor(conn / 60000);
    buf.writeUInt16BE(fromClient ? cport : 80, tcp);
    buf.writeUInt16BE(fromClient ? 80 : cport, tcp + 2);
    buf.writeUInt32BE(seq >>> 0, tcp + 4);
    buf.writeUInt32BE(ack >>> 0, tcp + 8);
    buf[tcp + 12] = 8 << 4;
    buf[tcp + 13] = flags;
    buf.writeUInt16BE(512, tcp + 14);
    buf.set([1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2], tcp + 20);
    off = f + caplen;
    written++;
  };
  for (let conn = 0; written < packets; conn++) {
    const c = 1000 + conn * 7919;
    const s = 500000 + conn * 104729;
    write(conn, true, 0x02, c, 0, 0);
    write(conn, false, 0x12, s, c + 1, 0);
    write(conn, true, 0x10, c + 1, s + 1, 0);
    write(conn, true, 0x18, c + 1, s + 1, 100);
    write(conn, false, 0x10, s + 1, c + 101, 0);
    write(conn, false, 0x10, s + 1, c + 101, 100);
    write(conn, false, 0x18, s + 101, c + 101, 100);
    write(conn, true, 0x10, c + 101, s + 201, 0);
    write(conn, true, 0x11, c + 101, s + 201, 0);
    write(conn, false, 0x11, s + 201, c + 102, 0);
    write(conn, true, 0x10, c + 102, s + 202, 0);
    write(conn, false, 0x10, s + 202, c + 102, 0);
  }
  return buf.subarray(0, off);
}

const bytes = syntheticPcap(target);
console.log(`synthetic capture: ${target} packets, ${(bytes.length / 1e6).toFixed(1)} MB`);

global.gc?.();
const before = process.memoryUsage();
const t0 = performance.now();
const analysis = analyzeBytes(bytes, 'synthetic.pcap');
const t1 = performance.now();
// Twice: the buffers of the first collection's garbage are freed after it.
global.gc?.();
global.gc?.();
const after = process.memoryUsage();
const n = analysis.packetCount;
const modelBytes = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
console.log(`decode + model: ${n} packets, ${analysis.connections.length} connections in ${(t1 - t0).toFixed(0)} ms = ${((n / (t1 - t0)) * 1000 / 1e6).toFixed(2)} M packets/s`);
console.log(`model memory: ${(modelBytes / n).toFixed(0)} bytes per packet${global.gc ? '' : ' (run node with --expose-gc for a steadier number)'}`);

let size = 0;
const t2 = performance.now();
writeAnalysisJson(analysis, (chunk) => (size += chunk.length));
const t3 = performance.now();
console.log(`JSON: ${(size / 1e6).toFixed(0)} MB in ${(t3 - t2).toFixed(0)} ms`);
