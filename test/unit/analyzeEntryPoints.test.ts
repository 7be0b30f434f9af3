/**
 * The core's entry points: one decode of a binary capture gives both its
 * text view (exactly what the renderer alone prints) and its model (exactly
 * what analyzeBytes gives); progress; the findings' thresholds; the JSON
 * written from the model; ports named without a number.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeBytes, analyzeCaptureWithText, analyzeChunks, analyzeText, DEFAULT_FINDING_THRESHOLDS } from '../../src/core/analyze';
import { CapturedFrame } from '../../src/core/capture/frame';
import { findingMessage } from '../../src/core/explain/findingMessage';
import { formatMessage } from '../../src/core/explain/message';
import { MESSAGES } from '../../src/core/explain/messages';
import { connectionJson, writeAnalysisJson } from '../../src/core/json/analysisJson';
import type { CaptureModel } from '../../src/core/model/captureModel';
import { ProblemLog } from '../../src/core/problems';
import { packetAtLine } from '../../src/core/query';
import { CaptureTextLines, renderCaptureText } from '../../src/core/render/captureText';
import { TOOL_VERSION } from '../../src/core/version';
import { captureFixtures, fixtureBytes } from './helpers/captureFixtures';
import { fixtureText } from './helpers/textFixtures';

const ROOT = resolve(__dirname, '../../..');
const MODEL_FIXTURES = join(ROOT, 'test/fixtures/model');
const modelFixture = (name: string) => new Uint8Array(readFileSync(join(MODEL_FIXTURES, name)));

function json(model: CaptureModel) {
  let text = '';
  writeAnalysisJson(model, (chunk) => (text += chunk));
  return JSON.parse(text);
}

describe('analyzeCaptureWithText: one decode, the text view and the model', () => {
  for (const file of captureFixtures(true)) {
    test(file, () => {
      const bytes = fixtureBytes(file);
      const both = analyzeCaptureWithText(bytes, file);
      const alone = renderCaptureText(bytes);
      assert.equal(both.text, alone.text);
      assert.deepEqual(both.textProblems, alone.problems);
      assert.deepEqual(both.model, analyzeBytes(bytes, file));
      assert.equal(both.model.internalError, undefined);
    });
  }

  test('tcpdump text given as bytes: the text analysis, and no text view', () => {
    const bytes = new TextEncoder().encode(fixtureText('corpus/http-clean-client-close.n.txt'));
    const both = analyzeCaptureWithText(bytes, 'capture.txt');
    assert.equal(both.text, '');
    assert.deepEqual(both.textProblems, renderCaptureText(bytes).problems);
    assert.equal(both.model.format, 'tcpdump-text');
    assert.deepEqual(both.model, analyzeBytes(bytes, 'capture.txt'));
  });
});

describe('progress', () => {
  test('binary input: bytes done of the total, rising, in slices, ending at the total', () => {
    // A real capture's records repeated after its header, to make a file of several 256 KiB slices.
    const one = fixtureBytes('http-clean-client-close.pcap');
    const copies = Math.ceil((1 << 20) / one.length);
    const bytes = new Uint8Array(24 + copies * (one.length - 24));
    bytes.set(one);
    for (let k = 1; k < copies; k++) bytes.set(one.subarray(24), 24 + k * (one.length - 24));
    assert.ok(bytes.length > 1 << 19, 'a capture of several slices');
    const calls: Array<[number, number]> = [];
    analyzeBytes(bytes, 'x', { onProgress: (done, total) => calls.push([done, total]) });
    assert.ok(calls.length >= 2 && calls.length <= Math.ceil(bytes.length / (1 << 18)) + 1, String(calls.length));
    for (const [done, total] of calls) assert.ok(total === bytes.length && done <= total);
    for (let k = 1; k < calls.length; k++) assert.ok(calls[k][0] > calls[k - 1][0]);
    assert.deepEqual(calls[calls.length - 1], [bytes.length, bytes.length]);
  });

  test('text: characters done of the total', () => {
    const line = '10:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:101, ack 1, win 502, length 100\n';
    const text = line.repeat(Math.ceil((1 << 20) / line.length));
    const calls: Array<[number, number]> = [];
    analyzeText(text, 'x', { onProgress: (done, total) => calls.push([done, total]) });
    assert.ok(calls.length >= 4, String(calls.length));
    for (let k = 1; k < calls.length; k++) assert.ok(calls[k][0] > calls[k - 1][0]);
    assert.deepEqual(calls[calls.length - 1], [text.length, text.length]);
  });

  test('chunks of unknown total: total 0', () => {
    const bytes = fixtureBytes('http-clean-client-close.pcap');
    const calls: Array<[number, number]> = [];
    analyzeChunks([bytes.subarray(0, 100), bytes.subarray(100)], 'x', { onProgress: (done, total) => calls.push([done, total]) });
    assert.deepEqual(calls, [
      [100, 0],
      [bytes.length, 0],
    ]);
  });
});

describe('findings', () => {
  test('thresholds are options: a higher bar, no SYN flood or port scan; a lower one, a port scan where there was none', () => {
    const flood = modelFixture('syn-flood-crafted.pcap');
    assert.ok(analyzeBytes(flood, 'x').findings.some((f) => f.kind === 'syn-flood'));
    assert.ok(!analyzeBytes(flood, 'x', { thresholds: { synFloodMinHalfOpen: 1000 } }).findings.some((f) => f.kind === 'syn-flood'));
    assert.ok(!analyzeBytes(flood, 'x', { thresholds: { synFloodMinSources: 500 } }).findings.some((f) => f.kind === 'syn-flood'));

    const scan = modelFixture('port-scan-syn-hping3.pcap');
    assert.ok(!analyzeBytes(scan, 'x', { thresholds: { portScanMinPorts: 91 } }).findings.some((f) => f.kind === 'port-scan'));

    // One source tries three ports of a host: two refuse, one serves.
    const probes = [
      '10:00:00.000000 IP 10.0.0.1.40001 > 10.0.0.2.81: Flags [S], seq 100, win 64240, length 0',
      '10:00:00.001000 IP 10.0.0.2.81 > 10.0.0.1.40001: Flags [R.], seq 0, ack 101, win 0, length 0',
      '10:00:00.002000 IP 10.0.0.1.40002 > 10.0.0.2.82: Flags [S], seq 200, win 64240, length 0',
      '10:00:00.003000 IP 10.0.0.2.82 > 10.0.0.1.40002: Flags [R.], seq 0, ack 201, win 0, length 0',
      '10:00:00.004000 IP 10.0.0.1.40003 > 10.0.0.2.80: Flags [S], seq 300, win 64240, length 0',
      '10:00:00.005000 IP 10.0.0.2.80 > 10.0.0.1.40003: Flags [S.], seq 900, ack 301, win 64240, length 0',
      '10:00:00.006000 IP 10.0.0.1.40003 > 10.0.0.2.80: Flags [P.], seq 1:11, ack 1, win 502, length 10',
      '',
    ].join('\n');
    const scans = (thresholds: Parameters<typeof analyzeText>[2]) =>
      analyzeText(probes, 'x', thresholds).findings.filter((f) => f.kind === 'port-scan').length;
    assert.equal(scans({ thresholds: { portScanMinPorts: 3 } }), 0, 'two of three failed: below the 80 % share');
    assert.equal(scans({ thresholds: { portScanMinPorts: 3, portScanMinFailedShare: 0.6 } }), 1);
    assert.equal(scans({ thresholds: { portScanMinPorts: 4, portScanMinFailedShare: 0.6 } }), 0);
    assert.deepEqual(DEFAULT_FINDING_THRESHOLDS, { synFloodMinHalfOpen: 50, synFloodMinSources: 10, portScanMinPorts: 15, portScanMinFailedShare: 0.8 });
  });

  test('every finding of the fixtures has a message whose placeholders are all filled', () => {
    const kinds = new Set<string>();
    const files = ['syn-flood-crafted.pcap', 'port-scan-syn-hping3.pcap', 'close-wait-server-never-closes.pcap', 'syn-unanswered-retransmit.pcap', 'reset-mid-data.pcap'];
    const models = [
      ...files.map((f) => analyzeBytes(modelFixture(f), f)),
      analyzeBytes(fixtureBytes('refused-syn-rst.pcap'), 'x'),
      analyzeBytes(new Uint8Array(readFileSync(join(ROOT, 'test/fixtures/unseen/syn-rejected-icmp.pcap'))), 'x'),
      analyzeBytes(new Uint8Array(readFileSync(join(ROOT, 'test/fixtures/unseen/out-of-window-rst-crafted.pcap'))), 'x'),
    ];
    for (const m of models) {
      for (const f of m.findings) {
        kinds.add(f.kind);
        const sentence = formatMessage(findingMessage(f));
        assert.doesNotMatch(sentence, /\{\w+\}|undefined|NaN/, sentence);
      }
    }
    assert.deepEqual([...kinds].sort(), ['close-wait', 'icmp-unreachable', 'port-scan', 'reset', 'syn-flood', 'syn-unanswered']);
  });

  test('the JSON finding: kind, severity, the English message, packets, connections, then the typed fields', () => {
    const m = analyzeBytes(modelFixture('close-wait-server-never-closes.pcap'), 'x');
    const [f] = json(m).findings;
    assert.deepEqual(Object.keys(f), ['kind', 'severity', 'message', 'packets', 'connections', 'endpoint', 'role', 'finFrame', 'waited']);
    assert.equal(f.message, formatMessage(findingMessage(m.findings[0])));
    assert.match(f.message, /^server 192\.0\.2\.2:80 received the peer's FIN \(n=\d+\) and never closed its side: CLOSE_WAIT for [\d.]+ s until the capture ends$/);
  });

  test('every catalogue template is English text with named placeholders', () => {
    for (const [key, template] of Object.entries(MESSAGES)) assert.match(template, /^[^{}]*(\{\w+\}[^{}]*)*$/, key);
  });
});

describe('a port the input named without a number', () => {
  const text = [
    '10:00:00.000000 IP 10.0.0.1.tcplens-svc > 10.0.0.2.http: Flags [S], seq 100, win 64240, length 0',
    '10:00:00.010000 IP 10.0.0.2.http > 10.0.0.1.tcplens-svc: Flags [S.], seq 500, ack 101, win 64240, length 0',
    '10:00:00.020000 IP 10.0.0.1.tcplens-svc > 10.0.0.2.http: Flags [.], ack 1, win 502, length 0',
    '',
  ].join('\n');

  test('is null in the JSON, with its name beside it; a known service keeps its number', () => {
    const doc = json(analyzeText(text, 'named.txt'));
    const [syn, synAck] = doc.packets;
    assert.equal(syn.sport, null);
    assert.equal(syn.sportName, 'tcplens-svc');
    assert.equal(syn.dport, 80);
    assert.equal(syn.dportName, undefined);
    assert.equal(synAck.dport, null);
    assert.equal(synAck.dportName, 'tcplens-svc');
    assert.deepEqual(doc.connections[0].client, { ip: '10.0.0.1', port: null, portName: 'tcplens-svc' });
    assert.deepEqual(doc.connections[0].server, { ip: '10.0.0.2', port: 80 });
    for (const p of doc.packets) for (const k of ['sport', 'dport']) assert.ok(p[k] === null || (p[k] >= 0 && p[k] <= 65535));
  });

  test('the model: no port number, the name in portNames and on the endpoint', () => {
    const m = analyzeText(text, 'named.txt');
    assert.deepEqual(m.portNames, ['tcplens-svc']);
    assert.deepEqual(m.connections[0].client, { address: m.connections[0].client.address, ip: '10.0.0.1', port: null, portName: 'tcplens-svc' });
    assert.equal(connectionJson(m.connections[0]).client.port, null);
    assert.equal(packetAtLine(m, 2), 1);
  });
});

describe('the text view records a frame it cannot print', () => {
  test('the line stands in for the frame, and a problem says so', () => {
    const lines: string[] = [];
    const problems = new ProblemLog();
    const sink = new CaptureTextLines((line) => lines.push(line), problems);
    const frame = new CapturedFrame();
    frame.number = 7;
    frame.offset = 1234;
    frame.linkType = 1;
    // Data that is not bytes: the formatter fails on it as it would on a defect of its own.
    frame.data = undefined as unknown as Uint8Array;
    sink.onFrame(frame);
    assert.deepEqual(lines, ['[frame 7: not printable]']);
    assert.equal(problems.items.length, 1);
    assert.equal(problems.items[0].offset, 1234);
    assert.match(problems.items[0].message, /^frame 7 not printable: internal error: /);
  });
});

describe('the tool version', () => {
  test("is package.json's", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(TOOL_VERSION, version);
    assert.equal(json(analyzeBytes(fixtureBytes('http-clean-client-close.pcap'), 'x')).version, version);
  });
});
