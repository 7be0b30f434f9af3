// One measured row of the bench, in a process of its own so that its peak RSS
// is its own: `node --expose-gc scripts/bench/row.mjs KIND ...`. Writes one
// JSON line to file descriptor 3: { seconds, count, peakRss, heapBytes?, outputBytes? }.
import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { walkPcap, walkText } from './floor.mjs';

const require = createRequire(import.meta.url);
const [kind, ...args] = process.argv.slice(2);

function report(result) {
  writeSync(3, JSON.stringify({ ...result, peakRss: process.resourceUsage().maxRSS * 1024 }) + '\n');
}

function timed(run) {
  const t0 = performance.now();
  const value = run();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

/** The file in fresh 1 MiB chunks, as the CLI reads it. */
function* fileChunks(path) {
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const chunk = new Uint8Array(1 << 20);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return;
      yield chunk.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

switch (kind) {
  case 'floor-pcap':
  case 'floor-text': {
    const walk = kind === 'floor-pcap' ? walkPcap : walkText;
    const { value, seconds } = timed(() => walk(args[0]));
    report({ seconds, count: value });
    break;
  }
  case 'model': {
    // The core as the CLI calls it (the file's size told), the model kept: the heap it holds is measured after two collections.
    const { analyzeChunks } = require('../../out/src/core/analyze.js');
    global.gc();
    const before = process.memoryUsage();
    const { value: model, seconds } = timed(() => analyzeChunks(fileChunks(args[0]), 'bench.pcap', { inputBytes: statSync(args[0]).size }));
    global.gc();
    global.gc();
    const after = process.memoryUsage();
    const heapBytes = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
    report({ seconds, count: model.packetCount, connections: model.connections.length, heapBytes });
    break;
  }
  case 'cli': {
    // The command line in this process, its output counted and dropped (as `> /dev/null`).
    let outputBytes = 0;
    const write = fs.writeSync;
    fs.writeSync = (fd, buffer, ...rest) => {
      if (fd !== 1) return write(fd, buffer, ...rest);
      const offset = typeof rest[0] === 'number' ? rest[0] : 0;
      const length = typeof rest[1] === 'number' ? rest[1] : buffer.length - offset;
      outputBytes += length;
      return length;
    };
    const { main } = require('../../dist/cli.js');
    const { value: code, seconds } = timed(() => main(args));
    fs.writeSync = write;
    if (code !== 0) {
      process.exitCode = 1;
      break;
    }
    report({ seconds, outputBytes });
    break;
  }
  case 'queries': {
    // What the editor asks of a built model: a hover (the packet at a line, then its description) at
    // lines spread over the whole capture, and the diagram window at a packet (its connection, its
    // page; the window's Mermaid text included). Each is timed alone: the slowest is what a user waits.
    const { analyzeChunks } = require('../../out/src/core/analyze.js');
    const { lastLineOfPacket, packetAtLine } = require('../../out/src/core/query/index.js');
    const { describePacket } = require('../../out/src/core/explain/describePacket.js');
    const { diagramWindow, pageOfPacket, DEFAULT_DIAGRAM_LABELS, DEFAULT_DIAGRAM_PAGE_SIZE } = require('../../out/src/core/diagram/diagramWindow.js');
    const model = analyzeChunks(fileChunks(args[0]), 'bench.pcap', { inputBytes: statSync(args[0]).size });
    const lines = lastLineOfPacket(model, model.packetCount - 1);
    const hovers = [];
    const HOVERS = 200;
    for (let k = 0; k <= HOVERS; k++) {
      const line = 1 + Math.floor((k * (lines - 1)) / HOVERS);
      const { value: described, seconds } = timed(() => {
        const packet = packetAtLine(model, line);
        return packet < 0 ? null : describePacket(model, packet);
      });
      if (described === null) throw new Error(`no packet at line ${line}`);
      hovers.push(seconds);
    }
    const windows = [];
    const WINDOWS = 20;
    for (let k = 0; k <= WINDOWS; k++) {
      const packet = Math.floor((k * (model.packetCount - 1)) / WINDOWS);
      const { value: window, seconds } = timed(() => {
        const scope = model.packets.conn[packet];
        const page = pageOfPacket(model, scope, DEFAULT_DIAGRAM_PAGE_SIZE, packet);
        return diagramWindow(model, { scope, page, pageSize: DEFAULT_DIAGRAM_PAGE_SIZE, labels: DEFAULT_DIAGRAM_LABELS });
      });
      if (!window.messagePackets.includes(packet) || !window.text.startsWith('sequenceDiagram')) throw new Error(`the window at packet ${packet} does not show it`);
      windows.push(seconds);
    }
    // The first window of all connections, as the diagram opens without a packet.
    windows.push(timed(() => diagramWindow(model, { scope: 'all', page: 0, pageSize: DEFAULT_DIAGRAM_PAGE_SIZE, labels: DEFAULT_DIAGRAM_LABELS })).seconds);
    const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
    report({
      seconds: Math.max(...hovers),
      count: model.packetCount,
      hover: { slowest: Math.max(...hovers), median: median(hovers), count: hovers.length },
      diagram: { slowest: Math.max(...windows), median: median(windows), count: windows.length },
    });
    break;
  }
  default:
    throw new Error(`unknown row kind ${kind}`);
}
