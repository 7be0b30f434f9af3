/**
 * The CaptureModel is plain data that crosses postMessage: typed-array
 * columns of exactly packetCount elements in buffers of their own, no class
 * instance anywhere, and a structured clone that transfers the buffers gives
 * an equal model. Checked on every capture fixture and on tcpdump text.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeBytes, analyzeText } from '../../src/core/analyze';
import { CAPTURE_MODEL_VERSION, CaptureModel, PacketMark } from '../../src/core/model/captureModel';
import { TcpFlag } from '../../src/core/packets';
import { captureFixtures, fixtureBytes } from './helpers/captureFixtures';
import { fixtureText } from './helpers/textFixtures';

const UNSEEN = resolve(__dirname, '../../../test/fixtures/unseen');

/** Every typed array reachable from the model. */
function typedArrays(value: unknown, out: ArrayBufferView[] = []): ArrayBufferView[] {
  if (ArrayBuffer.isView(value)) out.push(value);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) typedArrays(v, out);
  return out;
}

const TYPED_PROTOTYPES = new Set(
  [Uint8Array, Uint16Array, Uint32Array, Int32Array, Float64Array].map((T) => Object.getPrototypeOf(new T(0))),
);

/** Fails on anything that is not plain data: functions, class instances, Maps, Dates… */
function assertPlainData(value: unknown, path: string): void {
  if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)) return;
  assert.notEqual(typeof value, 'function', `${path} is a function`);
  const proto = Object.getPrototypeOf(value);
  if (TYPED_PROTOTYPES.has(proto)) return;
  assert.ok(proto === Object.prototype || proto === Array.prototype, `${path} is an instance of ${proto?.constructor?.name}`);
  for (const [key, v] of Object.entries(value as object)) assertPlainData(v, `${path}.${key}`);
}

function models(): Array<[string, CaptureModel]> {
  const binary = captureFixtures(true).map((f): [string, CaptureModel] => [f, analyzeBytes(fixtureBytes(f), f)]);
  const text = ['corpus/http-clean-client-close.n.txt', 'corpus/zero-window.v.txt', 'generated/http-clean-client-close.A.txt'].map(
    (f): [string, CaptureModel] => [f, analyzeText(fixtureText(f), f)],
  );
  return [...binary, ...text];
}

describe('the CaptureModel is plain, transferable data', () => {
  for (const [name, model] of models()) {
    test(name, () => {
      assert.equal(model.modelVersion, CAPTURE_MODEL_VERSION);
      assert.equal(model.internalError, undefined);
      assertPlainData(model, 'model');
      for (const [column, values] of Object.entries(model.packets)) {
        if (column !== 'sackEdges') assert.equal(values.length, model.packetCount, `packets.${column}`);
      }
      assert.equal(model.frameLines.frameFirstLine.length, model.unreadable ? 0 : model.frameCount);
      assert.equal(model.frameLines.frameLastLine.length, model.frameLines.frameFirstLine.length);

      // Each column owns its buffer, whole: a transfer carries nothing unused and nothing twice. Columns
      // that hold the same numbers may be one array, never two views of one buffer.
      const arrays = [...new Set(typedArrays(model))];
      const buffers = new Set(arrays.map((a) => a.buffer));
      assert.equal(buffers.size, arrays.length, 'no two columns share a buffer');
      for (const a of arrays) assert.equal(a.byteLength, a.buffer.byteLength);
      // A packet is on its frame's first line (one column for both where each frame is one line and one packet).
      const { frame, line } = model.packets;
      for (let i = 0; i < model.packetCount; i++) assert.equal(line[i], model.frameLines.frameFirstLine[frame[i] - 1], `packet ${i}`);
      if (model.frameLines.frameFirstLine === model.packets.frame) {
        assert.deepEqual(Array.from(model.frameLines.frameFirstLine), Array.from({ length: model.frameCount }, (_, k) => k + 1));
      }

      const copy = structuredClone(model);
      const moved = structuredClone(model, { transfer: [...buffers] as ArrayBuffer[] });
      assert.deepStrictEqual(moved, copy);
      assert.ok(
        arrays.every((a) => a.buffer.byteLength === 0),
        'the original buffers were transferred (detached), not copied',
      );
    });
  }
});

describe('what the model says about each packet', () => {
  test('binary input shows every sequence and acknowledgement number: SEQ_SHOWN, never SEQ_INFERRED', () => {
    const m = analyzeBytes(fixtureBytes('http-clean-client-close.pcap'), 'x');
    for (let i = 0; i < m.packetCount; i++) {
      const marks = m.packets.marks[i];
      assert.ok(marks & PacketMark.SEQ_SHOWN);
      assert.ok(!(marks & PacketMark.SEQ_INFERRED));
      assert.equal((marks & PacketMark.ACK_SHOWN) !== 0, (m.packets.flags[i] & TcpFlag.ACK) !== 0);
    }
  });

  test('tcpdump text leaves out the seq of pure ACKs: inferred, marked so, and equal to what the capture holds', () => {
    const text = analyzeText(fixtureText('corpus/http-clean-client-close.n.txt'), 'x');
    const binary = analyzeBytes(fixtureBytes('http-clean-client-close.pcap'), 'x');
    let inferred = 0;
    for (let i = 0; i < text.packetCount; i++) {
      const marks = text.packets.marks[i];
      const pureAck = text.packets.len[i] === 0 && !(text.packets.flags[i] & (TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST));
      assert.equal((marks & PacketMark.SEQ_SHOWN) !== 0, !pureAck, `packet ${i}`);
      assert.ok(!(marks & PacketMark.SEQ_SHOWN && marks & PacketMark.SEQ_INFERRED), `packet ${i}: shown and inferred`);
      if (marks & PacketMark.SEQ_INFERRED) {
        inferred++;
        assert.equal(text.packets.seqRaw[i], binary.packets.seqRaw[i], `packet ${i}`);
      }
    }
    assert.ok(inferred >= 5, String(inferred));
  });

  test('a reset its receiver ignores (RFC 5961) is marked, and is the connection\'s first ignored reset', () => {
    const m = analyzeBytes(new Uint8Array(readFileSync(join(UNSEEN, 'out-of-window-rst-crafted.pcap'))), 'x');
    const ignored = [...m.packets.marks.keys()].filter((i) => m.packets.marks[i] & PacketMark.RESET_IGNORED);
    assert.ok(ignored.length >= 1);
    for (const i of ignored) assert.ok(m.packets.flags[i] & TcpFlag.RST);
    const c = m.connections[m.packets.conn[ignored[0]]];
    assert.equal(c.firstIgnoredResetIndex, ignored[0]);
  });

  test('the per-connection index lists each packet once, under its connection, in capture order', () => {
    for (const file of ['port-reuse.pcap', 'pcapng-two-interfaces.pcapng', 'linktype-sll-any.pcap']) {
      const m = analyzeBytes(fixtureBytes(file), file);
      const { start, index } = m.connectionPackets;
      assert.equal(start.length, m.connections.length + 1);
      assert.equal(start[m.connections.length], m.packetCount);
      const seen = new Set<number>();
      m.connections.forEach((c, id) => {
        const list = [...index.subarray(start[id], start[id + 1])];
        assert.equal(list.length, c.packets, file);
        assert.deepEqual(list, [...list].sort((x, y) => x - y));
        assert.equal(list[0], c.firstIndex);
        assert.equal(list[list.length - 1], c.lastIndex);
        for (const i of list) {
          assert.equal(m.packets.conn[i], id);
          seen.add(i);
        }
      });
      assert.equal(seen.size, m.packetCount);
    }
  });
});

describe('connection records', () => {
  test('a clean HTTP connection: ISNs, window scaling each way, the client closes first', () => {
    const m = analyzeBytes(fixtureBytes('http-clean-client-close.pcap'), 'x');
    const c = m.connections[0];
    // From the capture (tcpdump -S): client ISN 2423261595, server ISN 48476803, wscale 10 both ways.
    assert.deepEqual(c.base, { c2s: 2423261595, s2c: 48476803 });
    assert.deepEqual(c.synSeen, { c2s: true, s2c: true });
    assert.deepEqual(c.windowShift, { c2s: 10, s2c: 10 });
    assert.equal(c.activeCloser, 'client');
    assert.ok(c.firstFinIndex.c2s >= 0 && c.firstFinIndex.c2s < c.firstFinIndex.s2c);
    assert.deepEqual(c.initialState, { client: 'CLOSED', server: 'CLOSED' });
    assert.deepEqual(c.client, { address: c.client.address, ip: '192.0.2.1', port: 40001 });
  });

  test('a capture begun mid-connection: unknown initial states, no SYNs, bases one before the first numbers', () => {
    const m = analyzeBytes(fixtureBytes('mid-connection-start.pcap'), 'x');
    const c = m.connections[0];
    assert.deepEqual(c.initialState, { client: 'UNKNOWN', server: 'UNKNOWN' });
    assert.deepEqual(c.synSeen, { c2s: false, s2c: false });
    assert.deepEqual(c.windowShift, { c2s: -1, s2c: -1 });
    assert.equal(c.base.c2s, (m.packets.seqRaw[c.firstIndex] - 1) >>> 0);
  });

  test('FINs that cross: both close actively', () => {
    const m = analyzeBytes(new Uint8Array(readFileSync(join(UNSEEN, 'simultaneous-close-crafted.pcap'))), 'x');
    assert.equal(m.connections[0].close, 'simultaneous');
    assert.equal(m.connections[0].activeCloser, 'both');
  });

  test('an ICMP error is recorded on the connection whose SYN it quotes, reported to the client', () => {
    const m = analyzeBytes(new Uint8Array(readFileSync(join(UNSEEN, 'syn-rejected-icmp.pcap'))), 'x');
    const errors = m.connections.flatMap((c) => c.icmpErrors);
    assert.ok(errors.length >= 1);
    for (const e of errors) {
      assert.equal(e.role, 'client');
      assert.match(e.reason, /unreachable|prohibited/);
      assert.equal(e.line, e.frame);
    }
  });
});
