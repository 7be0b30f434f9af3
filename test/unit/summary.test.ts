/**
 * The streaming summary (`tcp-lens analyze --summary`): its connections,
 * findings and problems are the whole model's, wherever the input is cut
 * into chunks; connections are written out once closed and quiet, long
 * before the end of a long capture; a packet after that begins a new
 * connection, as documented; the CLI writes the documented document.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzeBytes } from '../../src/core/analyze';
import { connectionJson, findingJson } from '../../src/core/json/analysisJson';
import type { CaptureModel } from '../../src/core/model/captureModel';
import { EVENT_TAGS } from '../../src/core/model/vocabulary';
import { summarizeChunks, type CaptureSummary, type ConnectionSummary } from '../../src/core/summary';
import { fixtureBytes, captureFixtures } from './helpers/captureFixtures';

const ROOT = resolve(__dirname, '../../..');
const cli = join(ROOT, 'out/src/cli/main.js');

function inputs(dir = join(ROOT, 'test/fixtures')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return inputs(path);
    return /\.(txt|tcpdump|pcap|pcapng|gz|cap)$/.test(name) ? [path] : [];
  });
}

function cut(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

function summarize(bytes: Uint8Array, size: number, closeDelay?: number): { summary: CaptureSummary; connections: ConnectionSummary[] } {
  const connections: ConnectionSummary[] = [];
  const summary = summarizeChunks(cut(bytes, size), 'x', (c) => connections.push(c), { closeDelay });
  return { summary, connections };
}

/** Each connection's events as the model's packets carry them, most frequent first. */
function modelEvents(model: CaptureModel, id: number): { tag: string; count: number }[] {
  const counts = new Array(16).fill(0);
  const { start, index } = model.connectionPackets;
  for (let k = start[id]; k < start[id + 1]; k++) for (let bit = 0; bit < 16; bit++) if (model.packets.events[index[k]] & (1 << bit)) counts[bit]++;
  return counts.flatMap((count, bit) => (count > 0 ? [{ tag: EVENT_TAGS[bit], count }] : [])).sort((x, y) => y.count - x.count);
}

describe('the summary is the whole model without its packets', () => {
  for (const file of inputs()) {
    test(file.slice(ROOT.length + 1), () => {
      const bytes = fixtureBytesAt(file);
      const model = analyzeBytes(bytes, 'x');
      for (const [size, closeDelay] of [[bytes.length || 1, Infinity], [97, Infinity], [4096, undefined], [5, undefined]] as const) {
        const { summary, connections } = summarize(bytes, size, closeDelay);
        assert.equal(summary.unreadable, model.unreadable);
        if (model.unreadable !== undefined) {
          assert.deepEqual(connections, []);
          continue;
        }
        const sorted = [...connections].sort((x, y) => x.id - y.id);
        assert.deepEqual(sorted.map(connectionJson), model.connections.map(connectionJson), `chunks of ${size}, delay ${closeDelay}`);
        assert.deepEqual(sorted.map((c) => c.events), model.connections.map((c) => modelEvents(model, c.id)));
        assert.deepEqual(summary.findings.map(findingJson), model.findings.map(findingJson));
        assert.deepEqual(summary.problems, model.problems);
        assert.equal(summary.packetCount, model.packetCount);
        assert.equal(summary.frameCount, model.frameCount);
        assert.equal(summary.connectionCount, model.connections.length);
        assert.equal(summary.format, model.format);
      }
    });
  }
});

function fixtureBytesAt(path: string): Uint8Array {
  const name = path.slice(join(ROOT, 'test/fixtures/capture').length + 1);
  return captureFixtures(true).includes(name) ? fixtureBytes(name) : new Uint8Array(require('node:fs').readFileSync(path));
}

/** tcpdump -n text of `count` connections one after the other, `gap` seconds apart, each opened, used and closed. */
function sequentialConnections(count: number, gap: number): string {
  const lines: string[] = [];
  const stamp = (t: number) => {
    const s = Math.floor(t);
    const clock = `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
    return `${clock}.${String(Math.round((t - s) * 1e6)).padStart(6, '0')}`;
  };
  for (let k = 0; k < count; k++) {
    const t = k * gap;
    const c = `10.0.${k >> 8}.${k & 255}.${40000 + k}`;
    const s = '10.9.9.9.80';
    lines.push(
      `${stamp(t)} IP ${c} > ${s}: Flags [S], seq 100, win 512, length 0`,
      `${stamp(t + 0.001)} IP ${s} > ${c}: Flags [S.], seq 500, ack 101, win 512, length 0`,
      `${stamp(t + 0.002)} IP ${c} > ${s}: Flags [.], ack 1, win 512, length 0`,
      `${stamp(t + 0.003)} IP ${c} > ${s}: Flags [F.], seq 1, ack 1, win 512, length 0`,
      `${stamp(t + 0.004)} IP ${s} > ${c}: Flags [F.], seq 1, ack 2, win 512, length 0`,
      `${stamp(t + 0.005)} IP ${c} > ${s}: Flags [.], ack 2, win 512, length 0`,
    );
  }
  return lines.join('\n') + '\n';
}

describe('states that wait for a SYN to be answered', () => {
  test("a SYN's receiver that answers only after an ACK is already SYN_RECEIVED at the SYN, as in the model", () => {
    const text = [
      '12:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 512, length 0',
      '12:00:00.000100 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 501, win 512, length 0',
      '12:00:00.000200 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 500, ack 101, win 512, length 0',
    ].join('\n');
    const bytes = new Uint8Array(Buffer.from(text + '\n'));
    const model = analyzeBytes(bytes, 'x');
    assert.deepEqual(model.connections[0].finalState, { client: 'ESTABLISHED', server: 'ESTABLISHED' });
    for (const size of [1, 40, 4096]) assert.deepEqual(summarize(bytes, size, Infinity).connections[0].finalState, model.connections[0].finalState);
  });
});

describe('connections are written out as they end', () => {
  test('a closed connection is written once quiet for the close delay, long before the end', () => {
    const bytes = new Uint8Array(Buffer.from(sequentialConnections(300, 1)));
    const written: number[] = [];
    let chunksRead = 0;
    const chunks = cut(bytes, 1024);
    function* counted() {
      for (const chunk of chunks) {
        chunksRead++;
        yield chunk;
      }
    }
    const summary = summarizeChunks(counted(), 'x', () => written.push(chunksRead), { closeDelay: 5 });
    assert.equal(summary.connectionCount, 300);
    assert.equal(written.length, 300);
    // Text is held until its first 16384 characters tell it is tcpdump text; after that, a connection ended at
    // k + 0.005 s is written once the packets of 5 s later are read: the connections of about 6 seconds are held.
    const head = Math.ceil(16384 / 1024);
    const perConnection = bytes.length / 300;
    assert.ok(written[0] <= head + 1, `first written after ${written[0]} of ${chunks.length} chunks`);
    written.forEach((chunk, k) => {
      assert.ok(chunk <= Math.max(head, Math.ceil(((k + 7) * perConnection) / 1024)) + 1, `connection ${k} written after chunk ${chunk}`);
    });
  });

  test('a connection still open, or closed but not yet quiet, is written at the end', () => {
    const text = sequentialConnections(3, 1) + '00:00:03.000000 IP 10.0.0.9.1234 > 10.9.9.9.80: Flags [S], seq 1, win 512, length 0\n';
    const { connections } = summarize(new Uint8Array(Buffer.from(text)), 64, 5);
    assert.deepEqual(
      connections.map((c) => c.id),
      [0, 1, 2, 3],
    );
  });

  test('a connection written out passes nothing on to a later one (which may reuse what held it)', () => {
    // Every third connection retransmits its FIN, the next one is reset instead of closed.
    const lines = sequentialConnections(60, 1).trimEnd().split('\n');
    const text = Array.from({ length: 60 }, (_, k) => {
      const [syn, synAck, ack, fin, finAck, lastAck] = lines.slice(6 * k, 6 * k + 6);
      if (k % 3 === 0) return [syn, synAck, ack, fin, fin, finAck, lastAck];
      if (k % 3 === 1) return [syn, synAck, ack, fin.replace('Flags [F.]', 'Flags [R.]')];
      return [syn, synAck, ack, fin, finAck, lastAck];
    })
      .flat()
      .join('\n');
    const bytes = new Uint8Array(Buffer.from(text + '\n'));
    const model = analyzeBytes(bytes, 'x');
    const { connections } = summarize(bytes, 256, 0.5);
    const sorted = [...connections].sort((x, y) => x.id - y.id);
    assert.deepEqual(sorted.map(connectionJson), model.connections.map(connectionJson));
    assert.deepEqual(sorted.map((c) => c.events), model.connections.map((c) => modelEvents(model, c.id)));
    assert.ok(model.connections.some((c) => modelEvents(model, c.id).length > 0));
  });

  test('a packet of a connection already written out begins a new one', () => {
    const text = sequentialConnections(300, 1) + '00:05:00.000000 IP 10.0.0.0.40000 > 10.9.9.9.80: Flags [.], ack 2, win 512, length 0\n';
    const bytes = new Uint8Array(Buffer.from(text));
    const model = analyzeBytes(bytes, 'x');
    assert.equal(model.connections.length, 300);
    assert.equal(model.connections[0].packets, 7);
    const { summary, connections } = summarize(bytes, 1024, 5);
    assert.equal(summary.connectionCount, 301);
    assert.deepEqual(connections.find((c) => c.id === 0)?.packets, 6);
    assert.deepEqual(connections.find((c) => c.id === 300)?.packets, 1);
    // Kept to the end, it is the model's.
    assert.equal(summarize(bytes, 1024, Infinity).summary.connectionCount, 300);
  });
});

describe('tcp-lens analyze --summary', () => {
  function run(...args: string[]) {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  test('writes the summary document: no packets, connections with their events, input, totals, findings, problems', () => {
    const r = run('analyze', '--summary', join(ROOT, 'samples/dupack-fast-retransmit.pcap'));
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(doc), ['tool', 'version', 'summary', 'connections', 'input', 'totals', 'findings', 'problems']);
    assert.deepEqual(doc.summary, { closeDelay: 5 });
    const full = JSON.parse(run('analyze', '--json', join(ROOT, 'samples/dupack-fast-retransmit.pcap')).stdout);
    assert.deepEqual(
      doc.connections.map(({ events, ...c }: { events: unknown }) => c),
      full.connections,
    );
    assert.deepEqual(doc.input, full.input);
    assert.equal(doc.totals.packets, full.packets.length);
    assert.equal(doc.totals.connections, full.connections.length);
    const retransmissions = full.packets.filter((p: { events: string[] }) => p.events.includes('retransmission')).length;
    assert.ok(retransmissions > 0);
    assert.equal(doc.totals.events.retransmission, retransmissions);
    assert.deepEqual(doc.findings, full.findings);
    assert.deepEqual(doc.problems, full.problems);
    // Each connection's events are its packets', and its entry is one line, as JSON.stringify writes it.
    doc.connections.forEach((c: { id: number; events: Record<string, number> }) => {
      const counts: Record<string, number> = {};
      for (const p of full.packets) if (p.conn === c.id) for (const tag of p.events) counts[tag] = (counts[tag] ?? 0) + 1;
      assert.deepEqual(c.events, counts, `connection ${c.id}`);
    });
    const lines = r.stdout.slice(r.stdout.indexOf('"connections": [\n') + 17, r.stdout.indexOf('\n],\n"input"')).split(',\n');
    assert.deepEqual(lines, doc.connections.map((c: unknown) => JSON.stringify(c)));
  });

  test('an input that cannot be read writes nothing and exits 1', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tcp-lens-summary-')), 'garbage.bin');
    writeFileSync(path, new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1, 1, 2]));
    const r = run('analyze', '--summary', path);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^tcp-lens: .*garbage\.bin: /);
  });
});
