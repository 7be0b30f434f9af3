/**
 * The queries every view asks, on real captures and real tcpdump
 * renderings. Where a frame's lines are is known independently of the
 * decoder: the fixtures record, per rendering, the line each frame starts on
 * (`tcpdump -c k` prints the first k frames), so a frame runs to the line
 * before the next one.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeBytes, analyzeText } from '../../src/core/analyze';
import type { CaptureModel } from '../../src/core/model/captureModel';
import { TcpFlag } from '../../src/core/packets';
import {
  acknowledgedSegment,
  connectionSummary,
  endpointText,
  eventCountsOfConnections,
  findingsOfPacket,
  frameAtLine,
  lastLineOfPacket,
  lineOfPacket,
  packetAtLine,
  packetOfFrame,
  packetsOfConnection,
  previousPacketInConnection,
  scaledWindow,
  statesAround,
} from '../../src/core/query';
import { fixtureBytes } from './helpers/captureFixtures';
import { expectedCaptures, fixtureText } from './helpers/textFixtures';

const MODEL_FIXTURES = resolve(__dirname, '../../../test/fixtures/model');
const UNSEEN = resolve(__dirname, '../../../test/fixtures/unseen');
const fileBytes = (dir: string, name: string) => new Uint8Array(readFileSync(join(dir, name)));

/** Renderings with continuation lines: -v and -vv, hex (-x, -xx, -X, -vvvX), ASCII (-A, -t -A), frame numbers with -v. */
const CONTINUED = /^-n -(v|vv|x|xx|X|A|vvv -X|t -A|S -v|e -v|e -v -S|# -v)$|^-v( -n)?$/;

describe('packetAtLine on real tcpdump renderings', () => {
  const cases = expectedCaptures().flatMap(([name, expected]) =>
    Object.values(expected.renderings ?? {})
      .filter((r) => CONTINUED.test(r.flags))
      .map((r) => ({ name, expected, rendering: r })),
  );

  test('the cases cover -v, -x, -X and -A', () => {
    const flags = new Set(cases.map((c) => c.rendering.flags));
    for (const f of ['-n -v', '-n -x', '-n -X', '-n -A']) assert.ok([...flags].some((x) => x === f || x === f.replace('-n ', '') + ' -n'), f);
    assert.ok(cases.length >= 20, String(cases.length));
  });

  for (const { name, expected, rendering } of cases) {
    test(`${rendering.file} (${rendering.flags})`, () => {
      const text = fixtureText(rendering.file);
      const lineCount = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
      const model = analyzeText(text, rendering.file);
      assert.equal(model.internalError, undefined);
      const packetOfN = new Map(expected.packets.map((p, index) => [p.n, index]));
      const starts = rendering.frameLines;
      let continuationLines = 0;
      for (let k = 0; k < starts.length; k++) {
        const end = k + 1 < starts.length ? starts[k + 1] - 1 : lineCount;
        const want = packetOfN.get(k + 1) ?? -1;
        for (let line = starts[k]; line <= end; line++) {
          assert.equal(frameAtLine(model, line), k + 1, `${name} line ${line}: frame`);
          assert.equal(packetAtLine(model, line), want, `${name} line ${line}: packet`);
          if (line > starts[k]) continuationLines++;
        }
        if (want >= 0) {
          assert.equal(lineOfPacket(model, want), starts[k]);
          assert.equal(lastLineOfPacket(model, want), end);
        }
      }
      assert.ok(continuationLines > 0, 'the rendering has continuation lines');
      assert.equal(packetAtLine(model, lineCount + 1), -1);
      assert.equal(packetAtLine(model, 0), -1);
    });
  }

  test('a non-TCP frame (ARP) has no packet; its line has a frame', () => {
    const model = analyzeText(fixtureText('corpus/http-clean-client-close.n.txt'), 'x');
    assert.match(fixtureText('corpus/http-clean-client-close.n.txt').split('\n')[0], / ARP, /);
    assert.equal(frameAtLine(model, 1), 1);
    assert.equal(packetAtLine(model, 1), -1);
    assert.equal(packetOfFrame(model, 1), -1);
    assert.equal(packetAtLine(model, 3), 0);
  });

  test('lines that are not tcpdump output belong to no frame', () => {
    const [, expected] = expectedCaptures().find(([name]) => name === 'broken-garbage-lines')!;
    const model = analyzeText(fixtureText(`corpus/${expected.source}`), expected.source);
    for (const line of expected.garbageLines ?? []) {
      assert.equal(frameAtLine(model, line), 0, `line ${line}`);
      assert.equal(packetAtLine(model, line), -1, `line ${line}`);
    }
    expected.packets.forEach((p, index) => assert.equal(packetAtLine(model, p.line!), index, `line ${p.line}`));
  });

  test('binary input: frame k is line k of the text view', () => {
    const model = analyzeBytes(fixtureBytes('http-clean-client-close.pcap'), 'x');
    for (let i = 0; i < model.packetCount; i++) {
      const frame = model.packets.frame[i];
      assert.equal(packetAtLine(model, frame), i);
      assert.equal(lineOfPacket(model, i), frame);
      assert.equal(lastLineOfPacket(model, i), frame);
      assert.equal(packetOfFrame(model, frame), i);
    }
  });
});

/** http-clean-client-close: SYN, SYN+ACK, ACK, request 1:95, ACK 95, three responses (1448, 1448, 194), their ACKs, FIN, ACK, FIN, ACK. */
const clean = () => analyzeBytes(fixtureBytes('http-clean-client-close.pcap'), 'http-clean-client-close.pcap');

describe('acknowledgedSegment', () => {
  test('each ACK of a clean exchange names the segment it acknowledges', () => {
    const m = clean();
    const flags = (i: number) => m.packets.flags[i];
    assert.equal(acknowledgedSegment(m, 0), -1, 'a SYN acknowledges nothing');
    assert.equal(acknowledgedSegment(m, 1), 0, 'SYN+ACK: the SYN (ISN + 1)');
    assert.equal(acknowledgedSegment(m, 2), 1, 'the third step: the SYN+ACK');
    assert.equal(acknowledgedSegment(m, 4), 3, 'ack 95: the 94-byte request');
    assert.equal(acknowledgedSegment(m, 6), 5, 'ack 1449: the first 1448 bytes');
    const fins = [...packetsOfConnection(m, 0)].filter((i) => flags(i) & TcpFlag.FIN);
    assert.equal(fins.length, 2);
    assert.equal(acknowledgedSegment(m, fins[0] + 1), fins[0], 'the ACK of the first FIN');
    assert.equal(acknowledgedSegment(m, m.packetCount - 1), fins[1], 'the last ACK: the second FIN');
  });

  test('on a lossy, reordered transfer: always an earlier segment of the other side, ending at or before the ack', () => {
    const m = analyzeBytes(fileBytes(UNSEEN, 'bulk-loss-reorder-sack.pcap'), 'x');
    const p = m.packets;
    let exact = 0;
    for (let i = 0; i < m.packetCount; i++) {
      const j = acknowledgedSegment(m, i);
      if (!(p.flags[i] & TcpFlag.ACK)) assert.equal(j, -1);
      if (j < 0) continue;
      assert.ok(j < i && p.conn[j] === p.conn[i] && p.dir[j] !== p.dir[i], `packet ${i} → ${j}`);
      const end = (p.seq[j] + p.len[j] + (p.flags[j] & (TcpFlag.SYN | TcpFlag.FIN) ? 1 : 0)) >>> 0;
      assert.ok(((p.ack[i] - end) | 0) >= 0, `packet ${i}: segment ${j} ends past the ack`);
      if (end === p.ack[i]) exact++;
    }
    assert.ok(exact > 10, String(exact));
  });
});

describe('statesAround', () => {
  test('the handshake and the close of a clean connection, before and after each packet', () => {
    const m = clean();
    const around = (i: number) => {
      const s = statesAround(m, i);
      return `${s.sender.role} ${s.sender.before}→${s.sender.after} / ${s.receiver.role} ${s.receiver.before}→${s.receiver.after}`;
    };
    assert.equal(around(0), 'client CLOSED→SYN_SENT / server CLOSED→SYN_RECEIVED');
    assert.equal(around(1), 'server SYN_RECEIVED→SYN_RECEIVED / client SYN_SENT→ESTABLISHED');
    assert.equal(around(2), 'client ESTABLISHED→ESTABLISHED / server SYN_RECEIVED→ESTABLISHED');
    // The server's FIN put the client in TIME_WAIT; its last ACK closes the server.
    assert.equal(around(m.packetCount - 1), 'client TIME_WAIT→TIME_WAIT / server LAST_ACK→CLOSED');
    const s = statesAround(m, 0);
    assert.equal(endpointText(s.sender.endpoint), '192.0.2.1:40001');
    assert.equal(endpointText(s.receiver.endpoint), '192.0.2.2:80');
  });

  test('every packet: the state before is the state after the previous packet of the connection', () => {
    const m = analyzeBytes(fixtureBytes('port-reuse.pcap'), 'x');
    for (let i = 0; i < m.packetCount; i++) {
      const prev = previousPacketInConnection(m, i);
      const now = statesAround(m, i);
      if (prev < 0) {
        assert.equal(now.sender.before, m.connections[m.packets.conn[i]].initialState[now.sender.role]);
        continue;
      }
      const then = statesAround(m, prev);
      const after = (role: string) => (then.sender.role === role ? then.sender.after : then.receiver.after);
      assert.equal(now.sender.before, after(now.sender.role));
      assert.equal(now.receiver.before, after(now.receiver.role));
    }
  });

  test('a SYN sent again after an ICMP port unreachable aborted the first: CLOSED before it', () => {
    const m = analyzeBytes(fileBytes(UNSEEN, 'syn-rejected-icmp.pcap'), 'x');
    const c = m.connections.find((x) => x.icmpErrors.length > 0 && x.packets > 1)!;
    const second = packetsOfConnection(m, c.id)[1];
    const s = statesAround(m, second);
    assert.equal(s.sender.role, 'client');
    assert.equal(s.sender.before, 'CLOSED');
    assert.equal(s.sender.after, 'SYN_SENT');
  });
});

describe('scaledWindow', () => {
  test('scaled by the shift both SYNs negotiated, never on a SYN', () => {
    const m = clean();
    assert.deepEqual(m.connections[0].windowShift, { c2s: 10, s2c: 10 });
    assert.equal(scaledWindow(m, 0), m.packets.win[0]);
    assert.equal(scaledWindow(m, 2), 63 * 1024);
  });

  test('without the handshake the shift is unknown: the raw field', () => {
    const m = analyzeBytes(fixtureBytes('mid-connection-start.pcap'), 'x');
    for (let i = 0; i < m.packetCount; i++) assert.equal(scaledWindow(m, i), m.packets.win[i]);
  });
});

describe('findingsOfPacket', () => {
  test('every packet of a connection left in CLOSE_WAIT belongs to that finding; a clean capture has none', () => {
    const m = analyzeBytes(fileBytes(MODEL_FIXTURES, 'close-wait-server-never-closes.pcap'), 'x');
    const index = m.findings.findIndex((f) => f.kind === 'close-wait');
    assert.ok(index >= 0);
    for (let i = 0; i < m.packetCount; i++) assert.deepEqual(findingsOfPacket(m, i), [index]);
    const c = clean();
    for (let i = 0; i < c.packetCount; i++) assert.deepEqual(findingsOfPacket(c, i), []);
  });
});

function summary(m: CaptureModel, connection = 0) {
  const s = connectionSummary(m, connection);
  return `${s.zeekState} ${s.zeekHistory}`;
}

describe('connectionSummary', () => {
  test("Zeek's conn_state and history on known captures", () => {
    // SF with ShADadFf is Zeek's normal connection: SYN, SYN+ACK, ACK, data both ways, FIN both ways.
    assert.equal(summary(clean()), 'SF ShADadFf');
    assert.equal(summary(analyzeBytes(fixtureBytes('refused-syn-rst.pcap'), 'x')), 'REJ Sr');
    assert.equal(summary(analyzeBytes(fileBytes(MODEL_FIXTURES, 'syn-unanswered-retransmit.pcap'), 'x')), 'S0 S');
    // The client's FIN, never answered by the server's: close attempt by the originator only.
    assert.equal(summary(analyzeBytes(fileBytes(MODEL_FIXTURES, 'close-wait-server-never-closes.pcap'), 'x')), 'S2 ShADadF');
    assert.equal(summary(analyzeBytes(fileBytes(MODEL_FIXTURES, 'reset-mid-data.pcap'), 'x')), 'RSTO ShADadR');
    // The server resets: RSTR, with the RST in lower case.
    assert.match(summary(analyzeBytes(fileBytes(UNSEEN, 'reset-linger0.pcap'), 'x')), /^RSTR ShADad.*r/);
    // Retransmitted data: t.
    assert.match(summary(analyzeBytes(fixtureBytes('out-of-order.pcap'), 'x')), /^SF ShADad.*t/);
    // Both SYNs from both sides.
    assert.match(summary(analyzeBytes(fixtureBytes('simultaneous-open-crafted.pcap'), 'x')), /^SF Ss/);
  });

  test('a port scan: closed ports REJ, the probe of an open port reset by the scanner', () => {
    const m = analyzeBytes(fileBytes(MODEL_FIXTURES, 'port-scan-syn-hping3.pcap'), 'x');
    const states = new Map<string, number>();
    m.connections.forEach((c) => states.set(summary(m, c.id), (states.get(summary(m, c.id)) ?? 0) + 1));
    assert.deepEqual(Object.fromEntries(states), { 'REJ Sr': 88, 'RSTO ShR': 2 });
  });

  test('the same Zeek summary from the text view as from the capture', () => {
    for (const file of ['http-clean-client-close', 'out-of-order', 'refused-syn-rst', 'port-reuse', 'flags-notation-crafted']) {
      const binary = analyzeBytes(fixtureBytes(`${file}.pcap`), file);
      const text = analyzeText(fixtureText(`corpus/${file}.n.txt`), file);
      assert.deepEqual(
        text.connections.map((c) => summary(text, c.id)),
        binary.connections.map((c) => summary(binary, c.id)),
        file,
      );
    }
  });

  test('endpoints, duration, event counts and phases', () => {
    const m = analyzeBytes(fixtureBytes('out-of-order.pcap'), 'x');
    const s = connectionSummary(m, 0);
    assert.equal(s.clientText, endpointText(m.connections[0].client));
    assert.equal(s.durationSeconds, m.connections[0].end - m.connections[0].start);
    assert.ok(s.eventCounts.length > 0);
    for (let k = 1; k < s.eventCounts.length; k++) assert.ok(s.eventCounts[k - 1].count >= s.eventCounts[k].count);
    for (const { tag, count } of s.eventCounts) {
      const bit = 1 << ['retransmission', 'fast-retransmission', 'spurious-retransmission', 'out-of-order', 'duplicate-ack'].indexOf(tag);
      if (bit > 0) assert.equal(count, [...packetsOfConnection(m, 0)].filter((i) => m.packets.events[i] & bit).length, tag);
    }
    const c = connectionSummary(clean(), 0);
    assert.deepEqual(
      c.phases.map((p) => `${p.phase} ${p.firstPacket}-${p.lastPacket}`),
      ['handshake 0-2', 'data 3-10', 'close 11-14'],
    );
  });

  test('the event counts of all connections at once are each connection summary\'s', () => {
    let tagsTied = 0;
    for (const file of ['out-of-order', 'port-reuse', 'refused-syn-rst', 'http-clean-client-close', 'mid-connection-start']) {
      const m = analyzeBytes(fixtureBytes(`${file}.pcap`), file);
      const all = eventCountsOfConnections(m);
      assert.equal(all.length, m.connections.length, file);
      m.connections.forEach((c) => assert.deepEqual(all[c.id], connectionSummary(m, c.id).eventCounts, `${file} #${c.id}`));
      for (const counts of all) for (let k = 1; k < counts.length; k++) if (counts[k - 1].count === counts[k].count) tagsTied++;
    }
    // Tags counted alike keep the order of EVENT_TAGS.
    assert.ok(tagsTied > 0);
  });

  test('a capture begun mid-connection has no handshake phase', () => {
    const m = analyzeBytes(fixtureBytes('mid-connection-start.pcap'), 'x');
    const phases = connectionSummary(m, 0).phases.map((p) => p.phase);
    assert.deepEqual(phases, ['data', 'close']);
  });
});

describe('endpointText', () => {
  test('IPv6 in brackets; a service named without a number by its name', () => {
    assert.equal(endpointText({ ip: '2001:db8::1', port: 443 }), '[2001:db8::1]:443');
    assert.equal(endpointText({ ip: '10.0.0.1', port: null, portName: 'tcplens-svc' }), '10.0.0.1:tcplens-svc');
  });
});
