/** Findings and whole-connection answers on real captures, with the kernel's and tshark's answers as the expectation. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeBytes } from '../../src/core/analyze';
import { findingMessage } from '../../src/core/explain/findingMessage';
import { formatMessage } from '../../src/core/explain/message';
import type { Finding } from '../../src/core/model/captureModel';
import { captureFixtures, fixtureBytes } from './helpers/captureFixtures';

const MODEL_FIXTURES = resolve(__dirname, '../../../test/fixtures/model');

function analyze(name: string) {
  return analyzeBytes(new Uint8Array(readFileSync(join(MODEL_FIXTURES, name))), name);
}

const kinds = (a: ReturnType<typeof analyze>) => a.findings.map((f) => f.kind);
const sentence = (f: Finding) => formatMessage(findingMessage(f));

function only<K extends Finding['kind']>(a: ReturnType<typeof analyze>, kind: K): Extract<Finding, { kind: K }> {
  const found = a.findings.filter((f): f is Extract<Finding, { kind: K }> => f.kind === kind);
  assert.equal(found.length, 1, JSON.stringify(a.findings));
  return found[0];
}

describe('findings on real captures', () => {
  test('SYN flood: 400 spoofed sources, one finding naming the target, no port scan', () => {
    const a = analyze('syn-flood-crafted.pcap');
    const flood = only(a, 'syn-flood');
    assert.equal(flood.target, '192.0.2.80:80');
    assert.ok(flood.halfOpen >= 390, String(flood.halfOpen));
    assert.ok(flood.sources >= 390);
    assert.ok(flood.duration > 0);
    assert.match(sentence(flood), /^SYN flood: \d+ half-open connections to 192\.0\.2\.80:80 from \d+ sources in [\d.]+ s$/);
    assert.ok(!kinds(a).includes('port-scan'));
    // the three real clients completed their handshakes among the flood
    assert.equal(a.connections.filter((c) => c.handshake === 'three-way').length, 3);
  });

  test('port scan: one source, ports 1-90, open ports named; no SYN flood, no reset per probe', () => {
    const a = analyze('port-scan-syn-hping3.pcap');
    const scan = only(a, 'port-scan');
    assert.equal(scan.ports.length, 90);
    assert.deepEqual(scan.openPorts, [22, 80]);
    assert.match(sentence(scan), /probed 90 ports of .*; open: 22, 80$/);
    assert.ok(!kinds(a).includes('syn-flood'));
    assert.ok(!kinds(a).includes('reset'));
  });

  test('CLOSE_WAIT left open names the server that never closed', () => {
    const a = analyze('close-wait-server-never-closes.pcap');
    const f = only(a, 'close-wait');
    assert.equal(f.role, 'server');
    assert.equal(f.endpoint, '192.0.2.2:80');
    // The client's FIN (frame 12), 0.061 s before the capture's last packet.
    assert.equal(f.finFrame, 12);
    assert.deepEqual(f.packets, [12]);
    assert.ok(Math.abs(f.waited - 0.0613) < 0.0001, String(f.waited));
    assert.match(sentence(f), /^server 192\.0\.2\.2:80 received the peer's FIN \(n=12\)/);
    assert.deepEqual(a.connections[0].finalState, { client: 'FIN_WAIT_2', server: 'CLOSE_WAIT' });
  });

  test('an unanswered SYN and its retransmissions: one finding, client SYN_SENT, server CLOSED', () => {
    const a = analyze('syn-unanswered-retransmit.pcap');
    assert.deepEqual(kinds(a), ['syn-unanswered']);
    const f = only(a, 'syn-unanswered');
    assert.equal(f.packets.length, 7);
    assert.equal(f.synCount, 7);
    assert.match(sentence(f), /sent 7 times, never answered$/);
    assert.deepEqual(a.connections[0].finalState, { client: 'SYN_SENT', server: 'CLOSED' });
  });

  test('a reset in the middle of a transfer', () => {
    const a = analyze('reset-mid-data.pcap');
    assert.deepEqual(kinds(a), ['reset']);
    const f = only(a, 'reset');
    assert.equal(f.by, 'client');
    assert.equal(f.refused, false);
    assert.equal(f.ignored, false);
    assert.ok(f.bytesS2c > 0);
    assert.match(sentence(f), /^Client 192\.0\.2\.1:\d+ reset the connection/);
    assert.deepEqual(a.connections[0].finalState, { client: 'CLOSED', server: 'CLOSED' });
  });

  test('simultaneous open is classified as such', () => {
    const a = analyze('simultaneous-open-crafted.pcap');
    assert.equal(a.connections[0].handshake, 'simultaneous-open');
  });

  test('clean captures raise no finding', () => {
    for (const file of captureFixtures().filter((f) => /^(http|format|linktype|loopback|pcapng|ipv6|bulk|close-(three|half|server))/.test(f))) {
      assert.deepEqual(analyzeBytes(fixtureBytes(file), file).findings, [], file);
    }
  });
});
