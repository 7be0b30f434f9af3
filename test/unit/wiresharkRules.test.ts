/**
 * The corners of Wireshark's TCP rules, on captures crafted for each
 * (test/fixtures/wiresharkRules, made by makeCaptures.py there) against
 * tshark 4.0's answers: every packet's connection, direction, numbers and
 * events, every connection's completeness, handshake, close and initial RTT,
 * from the whole model and from the streaming summary.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeBytes } from '../../src/core/analyze';
import { writeAnalysisJson } from '../../src/core/json/analysisJson';
import { summarizeChunks, type ConnectionSummary } from '../../src/core/summary';

const DIR = resolve(__dirname, '../../../test/fixtures/wiresharkRules');

interface OraclePacket {
  n: number;
  conn: number;
  dir: string;
  flags: string;
  seq: number;
  ack: number | null;
  len: number;
  events: string[];
}

interface OracleConnection {
  id: number;
  client: { ip: string; port: number };
  server: { ip: string; port: number };
  firstN: number;
  lastN: number;
  packets: number;
  handshake: string;
  close: string;
  completeness: number;
  rtt: number | null;
}

interface Document {
  packets: OraclePacket[];
  connections: OracleConnection[];
}

function oracle(name: string): Document {
  return JSON.parse(readFileSync(join(DIR, `${name}.oracle.json`), 'utf8'));
}

function captureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(DIR, `${name}.pcap`)));
}

function modelJson(name: string): Document {
  let text = '';
  writeAnalysisJson(analyzeBytes(captureBytes(name), `${name}.pcap`), (chunk) => (text += chunk));
  return JSON.parse(text);
}

const packetFacts = (p: OraclePacket) => ({
  n: p.n,
  conn: p.conn,
  dir: p.dir,
  flags: p.flags,
  seq: p.seq,
  ack: p.ack,
  len: p.len,
  events: [...p.events].sort(),
});

const connectionFacts = (c: OracleConnection) => ({
  id: c.id,
  client: `${c.client.ip}:${c.client.port}`,
  server: `${c.server.ip}:${c.server.port}`,
  firstN: c.firstN,
  lastN: c.lastN,
  packets: c.packets,
  handshake: c.handshake,
  close: c.close,
  completeness: c.completeness,
  rtt: c.rtt === null ? null : Math.round(c.rtt * 1e6),
});

/** The model agrees with tshark on every packet and connection of the capture; returns tshark's answers. */
function assertAgrees(name: string): Document {
  const expected = oracle(name);
  const got = modelJson(name);
  assert.deepEqual(got.packets.map(packetFacts), expected.packets.map(packetFacts), `${name}: packets`);
  assert.deepEqual(got.connections.map(connectionFacts), expected.connections.map(connectionFacts), `${name}: connections`);
  const summarized: ConnectionSummary[] = [];
  summarizeChunks([captureBytes(name)], name, (c) => summarized.push(c));
  assert.deepEqual(
    summarized.sort((x, y) => x.id - y.id).map((c) => [c.id, c.completeness, c.handshake, c.close]),
    expected.connections.map((c) => [c.id, c.completeness, c.handshake, c.close]),
    `${name}: summary`,
  );
  return expected;
}

const eventsOf = (d: Document, n: number) => d.packets.find((p) => p.n === n)!.events;

describe("Wireshark's rules in the corners, against tshark 4.0", () => {
  test('tcp.completeness: a first segment counts only as a pure SYN; later ACK segments count DATA or ACK; FIN only with ACK', () => {
    const d = assertAgrees('completeness-crafted');
    // The cases themselves, as tshark answered them when the captures were made.
    assert.deepEqual(
      d.connections.map((c) => c.completeness),
      [0, 8, 0x2c, 0x2b, 3, 3, 11, 1, 31],
    );
  });

  test('a SYN+ACK, a FIN+ACK or a FIN with data seen twice is a retransmission (SYN and FIN count in the next sequence number)', () => {
    const d = assertAgrees('syn-fin-retransmitted-crafted');
    assert.deepEqual(eventsOf(d, 3), ['retransmission']);
    assert.deepEqual(eventsOf(d, 11), ['retransmission']);
    assert.deepEqual(eventsOf(d, 18), ['retransmission']);
  });

  test('a segment of more than one byte starting at next − 1 is neither out-of-order nor a retransmission', () => {
    const d = assertAgrees('next-minus-one-crafted');
    assert.deepEqual(eventsOf(d, 5), []);
    assert.deepEqual(eventsOf(d, 11), []);
    assert.deepEqual(eventsOf(d, 18), ['keep-alive']);
  });

  test('spurious retransmission is checked before fast retransmission and out-of-order', () => {
    const d = assertAgrees('check-order-crafted');
    assert.deepEqual(eventsOf(d, 7), ['retransmission', 'spurious-retransmission']);
    assert.deepEqual(eventsOf(d, 12), ['out-of-order']);
    assert.deepEqual(eventsOf(d, 25), ['retransmission', 'fast-retransmission']);
  });

  test('a lone SYN+ACK or a segment with every flag set: handshake incomplete, completeness 0', () => {
    const d = assertAgrees('lone-handshake-flags-crafted');
    assert.deepEqual(
      d.connections.map((c) => [c.handshake, c.close, c.completeness]),
      [
        ['incomplete', 'open', 0],
        ['incomplete', 'reset', 0],
        ['incomplete', 'reset', 0],
      ],
    );
  });
});
