/**
 * The analysis JSON is written as bytes, numbers digit by digit: every
 * number must come out exactly as JSON.stringify writes it (times with
 * microseconds through a shortcut that must agree with JavaScript's own
 * shortest round-trip printing), every string as UTF-8, and the text and
 * byte forms of a document must be the same document.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeBytes, analyzeText } from '../../src/core/analyze';
import { putNumber, putTime, putUint32, timeDigits, utf8 } from '../../src/core/json/byteWriter';
import { connectionJson, writeAnalysisJson, writeAnalysisJsonBytes } from '../../src/core/json/analysisJson';
import type { CaptureModel } from '../../src/core/model/captureModel';
import { STATE_NAMES, eventTags } from '../../src/core/model/vocabulary';
import { FIRST_NAMED_PORT } from '../../src/core/names';
import { flagsText } from '../../src/core/packets';
import { captureFixtures, fixtureBytes } from './helpers/captureFixtures';

const buf = new Uint8Array(64);
const view = new DataView(buf.buffer);
const latin = (end: number) => String.fromCharCode(...buf.subarray(0, end));

function numberText(x: number): string {
  return latin(putNumber(view, 0, x));
}

describe('numbers', () => {
  test('a time of whole seconds and microseconds reads as JavaScript prints it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 999_999 }), (seconds, micros) => {
        const t = seconds + micros / 1e6;
        assert.equal(numberText(t), JSON.stringify(t));
      }),
      { numRuns: 20000 },
    );
  });

  test('so does one with nanoseconds, a time of day, and any other double', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 999_999_999 }), (seconds, nanos) => {
        const t = seconds + nanos / 1e9;
        assert.equal(numberText(t), JSON.stringify(t));
      }),
      { numRuns: 20000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_399_999_999 }), (micros) => {
        const t = micros / 1e6;
        assert.equal(numberText(t), JSON.stringify(t));
      }),
      { numRuns: 20000 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        assert.equal(numberText(x), JSON.stringify(x));
      }),
      { numRuns: 20000 },
    );
    for (const x of [0, -0, 1, 65535.999999, 65536.000001, 2 ** 31 - 1e-6, 2 ** 31, 1700000000.0001, 1700000000.9999995, 9007199254740991]) {
      assert.equal(numberText(x), JSON.stringify(x), String(x));
    }
  });

  test('a run of times, written with the last whole seconds kept, reads as JavaScript prints each', () => {
    const second = fc.oneof(fc.integer({ min: 65530, max: 65540 }), fc.integer({ min: 2 ** 31 - 3, max: 2 ** 31 + 1 }), fc.constantFrom(-1, 0, 99999, 1700000000, 1700000001, 999999999, 1000000000));
    const fraction = fc.oneof(fc.integer({ min: 0, max: 999_999 }).map((u) => u / 1e6), fc.integer({ min: 0, max: 999_999_999 }).map((n) => n / 1e9), fc.constant(0.5));
    fc.assert(
      fc.property(fc.array(fc.tuple(second, fraction), { maxLength: 30 }), (times) => {
        const last = timeDigits();
        for (const [s, f] of times) {
          const t = s + f;
          assert.equal(latin(putTime(view, 0, t, last)), JSON.stringify(t));
        }
      }),
      { numRuns: 5000 },
    );
  });

  test('every 32-bit unsigned integer is written in full', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => {
        assert.equal(latin(putUint32(view, 0, n)), String(n));
      }),
      { numRuns: 20000 },
    );
    for (const n of [0, 9, 10, 99, 100, 99999, 100000, 100001, 4294967295]) assert.equal(latin(putUint32(view, 0, n)), String(n));
  });

  test('strings are UTF-8, astral characters included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        assert.deepEqual(utf8(s), new Uint8Array(Buffer.from(s, 'utf8')));
      }),
    );
  });
});

describe('a document as bytes and as text', () => {
  const documents = (model: ReturnType<typeof analyzeBytes>) => {
    let text = '';
    writeAnalysisJson(model, (chunk) => (text += chunk));
    const chunks: Buffer[] = [];
    writeAnalysisJsonBytes(model, (chunk) => chunks.push(Buffer.from(chunk)));
    return { text, bytes: Buffer.concat(chunks) };
  };

  for (const file of captureFixtures(true)) {
    test(file, () => {
      const { text, bytes } = documents(analyzeBytes(fixtureBytes(file), file));
      assert.equal(bytes.toString('utf8'), text);
      JSON.parse(text);
    });
  }

  test('text from the capture that is not ASCII, in chunks larger than one buffer', () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      i % 10 === 9
        ? `hôte 😀 ${i}: ceci n’est pas un paquet`
        : `12:00:00.${String(i).padStart(6, '0')} IP host-${i % 7}.http > 10.0.0.${i % 250}.${1024 + i}: Flags [S], seq ${i}, win 512, length 0`,
    );
    const model = analyzeText(lines.join('\n') + '\n', 'names.txt');
    const { text, bytes } = documents(model);
    assert.equal(bytes.toString('utf8'), text);
    const parsed = JSON.parse(text);
    assert.equal(parsed.packets.length, 2700);
    assert.equal(parsed.packets[6].src, 'host-6');
    assert.match(parsed.problems[0].message, /hôte 😀 9: ceci n’est pas un paquet/);
  });
});

/**
 * A packet's object as the contract lists its fields, built the plain way:
 * the bytes the writer makes field by field must be exactly its JSON.
 */
function packetObject(model: CaptureModel, i: number): Record<string, unknown> {
  const p = model.packets;
  const port = (n: number) => (n < FIRST_NAMED_PORT ? n : null);
  const name = (n: number) => (n < FIRST_NAMED_PORT ? {} : { name: model.portNames[n - FIRST_NAMED_PORT] ?? '?' });
  const hasAck = (p.flags[i] & 0x10) !== 0;
  const seqKnown = (p.marks[i] & 0x03) !== 0;
  return {
    n: p.frame[i],
    line: p.line[i],
    time: p.time[i],
    src: model.addresses[p.src[i]],
    dst: model.addresses[p.dst[i]],
    sport: port(p.sport[i]),
    dport: port(p.dport[i]),
    sportName: name(p.sport[i]).name,
    dportName: name(p.dport[i]).name,
    flags: flagsText(p.flags[i]),
    seq: p.seq[i],
    ack: hasAck ? p.ack[i] : null,
    seqRaw: seqKnown ? p.seqRaw[i] : null,
    ackRaw: hasAck ? p.ackRaw[i] : null,
    len: p.len[i],
    win: p.win[i],
    conn: p.conn[i],
    dir: p.dir[i] === 0 ? 'c2s' : 's2c',
    srcState: STATE_NAMES[p.srcState[i]],
    dstState: STATE_NAMES[p.dstState[i]],
    events: eventTags(p.events[i]),
  };
}

/** The lines of the document's `name` array, one entry each. */
function entries(text: string, name: string): string[] {
  const start = text.indexOf(`\n"${name}": [`) + 1;
  const end = text.indexOf('\n]', start);
  return text
    .slice(start, end)
    .split('\n')
    .slice(1)
    .map((line) => line.replace(/,$/, ''));
}

describe('entries as JSON.stringify writes them', () => {
  const models = (): [string, CaptureModel][] => {
    const lines = Array.from(
      { length: 300 },
      (_, i) => `12:00:00.${String(i * 7919).padStart(6, '0')} IP host-${i % 7}.service-${i % 3} > 10.0.0.${i % 250}.${1024 + i}: Flags [S.], seq ${i}, ack ${4e9 + i}, win 512, length 0`,
    );
    // A pure ACK that begins a capture: its sequence number is not known.
    lines.push('12:00:01.000001 IP 10.9.9.9.5000 > 10.8.8.8.6000: Flags [.], ack 77, win 512, length 0');
    const text = analyzeText(lines.join('\n') + '\n', 'names.txt');
    assert.equal(text.packetCount, 301);
    assert.equal(text.portNames.length, 3);
    assert.ok(text.packets.marks.some((mark) => (mark & 0x03) === 0));
    return [...captureFixtures(true).map((file): [string, CaptureModel] => [file, analyzeBytes(fixtureBytes(file), file)]), ['service names, unknown seq', text]];
  };

  test('every packet, byte for byte', () => {
    for (const [file, model] of models()) {
      let text = '';
      writeAnalysisJson(model, (chunk) => (text += chunk));
      const written = entries(text, 'packets');
      assert.equal(written.length, model.packetCount, file);
      written.forEach((line, i) => assert.equal(line, JSON.stringify(packetObject(model, i)), `${file}: packet ${i}`));
    }
  });

  test('every connection, byte for byte', () => {
    for (const [file, model] of models()) {
      let text = '';
      writeAnalysisJson(model, (chunk) => (text += chunk));
      const written = entries(text, 'connections');
      assert.equal(written.length, model.connections.length, file);
      written.forEach((line, i) => assert.equal(line, JSON.stringify(connectionJson(model.connections[i])), `${file}: connection ${i}`));
    }
  });
});
