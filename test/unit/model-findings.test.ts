/** Findings and whole-connection answers on real captures, with the kernel's and tshark's answers as the expectation. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeBytes } from '../../src/core/analyze';
import { connectionJson } from '../../src/core/json/analysisJson';
import { captureFixtures, fixtureBytes } from './helpers/capture-fixtures';

const MODEL_FIXTURES = resolve(__dirname, '../../../test/fixtures/model');

function analyze(name: string) {
  return analyzeBytes(new Uint8Array(readFileSync(join(MODEL_FIXTURES, name))), name);
}

const kinds = (a: ReturnType<typeof analyze>) => a.findings.map((f) => f.kind);

describe('findings on real captures', () => {
  test('SYN flood: 400 spoofed sources, one finding naming the target, no port scan', () => {
    const a = analyze('syn-flood-crafted.pcap');
    const floods = a.findings.filter((f) => f.kind === 'syn-flood');
    assert.equal(floods.length, 1);
    assert.equal(floods[0].target, '192.0.2.80:80');
    assert.ok((floods[0].halfOpen as number) >= 390, String(floods[0].halfOpen));
    assert.ok((floods[0].sources as number) >= 390);
    assert.ok(!kinds(a).includes('port-scan'));
    // the three real clients completed their handshakes among the flood
    assert.equal(a.connections.filter((c) => c.handshake === 'three-way').length, 3);
  });

  test('port scan: one source, ports 1-90, open ports named; no SYN flood, no reset per probe', () => {
    const a = analyze('port-scan-syn-hping3.pcap');
    const scans = a.findings.filter((f) => f.kind === 'port-scan');
    assert.equal(scans.length, 1);
    assert.equal((scans[0].ports as number[]).length, 90);
    assert.deepEqual(scans[0].openPorts, [22, 80]);
    assert.ok(!kinds(a).includes('syn-flood'));
    assert.ok(!kinds(a).includes('reset'));
  });

  test('CLOSE_WAIT left open names the server that never closed', () => {
    const a = analyze('close-wait-server-never-closes.pcap');
    const f = a.findings.find((x) => x.kind === 'close-wait');
    assert.ok(f, JSON.stringify(a.findings));
    assert.match(f.message, /^server 192\.0\.2\.2:80 received the peer's FIN/);
    assert.deepEqual(connectionJson(a, a.connections[0]).finalState, { client: 'FIN_WAIT_2', server: 'CLOSE_WAIT' });
  });

  test('an unanswered SYN and its retransmissions: one finding, client SYN_SENT, server CLOSED', () => {
    const a = analyze('syn-unanswered-retransmit.pcap');
    assert.deepEqual(kinds(a), ['syn-unanswered']);
    assert.equal(a.findings[0].packets.length, 7);
    assert.deepEqual(connectionJson(a, a.connections[0]).finalState, { client: 'SYN_SENT', server: 'CLOSED' });
  });

  test('a reset in the middle of a transfer', () => {
    const a = analyze('reset-mid-data.pcap');
    assert.deepEqual(kinds(a), ['reset']);
    assert.match(a.findings[0].message, /^Client 192\.0\.2\.1:\d+ reset the connection/);
    assert.deepEqual(connectionJson(a, a.connections[0]).finalState, { client: 'CLOSED', server: 'CLOSED' });
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
