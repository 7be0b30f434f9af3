/**
 * The extension shows a pcap as tcpdump text; reading that text back must
 * give the same model as the capture itself: packets, connections, states
 * and events. Checked on every capture fixture, including the damaged ones.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeBytes, analyzeText } from '../../src/core/analyze';
import { renderCaptureText } from '../../src/core/render/captureText';
import { captureFixtures, fixtureBytes } from './helpers/captureFixtures';
import { connectionJson } from '../../src/core/json/analysisJson';
import { flagsText } from '../../src/core/packets';

describe('the text view of a capture analyses like the capture', () => {
  for (const file of captureFixtures(true).filter((f) => !/broken-(empty|random)/.test(f))) {
    test(file, () => {
      const bytes = fixtureBytes(file);
      const binary = analyzeBytes(bytes, file);
      const text = analyzeText(renderCaptureText(bytes).text, file);
      const bp = binary.packets;
      const tp = text.packets;
      assert.equal(text.packetCount, binary.packetCount, 'TCP packet count');
      for (let i = 0; i < binary.packetCount; i++) {
        const where = `packet ${i} (frame ${bp.frame[i]})`;
        assert.equal(tp.frame[i], bp.frame[i], `${where}: n`);
        assert.equal(tp.line[i], bp.line[i], `${where}: line`);
        assert.equal(flagsText(tp.flags[i]), flagsText(bp.flags[i]), `${where}: flags`);
        assert.equal(tp.seq[i], bp.seq[i], `${where}: seq`);
        assert.equal(tp.ack[i], bp.ack[i], `${where}: ack`);
        assert.equal(tp.len[i], bp.len[i], `${where}: len`);
        assert.equal(tp.win[i], bp.win[i], `${where}: win`);
        assert.equal(tp.conn[i], bp.conn[i], `${where}: conn`);
        assert.equal(tp.dir[i], bp.dir[i], `${where}: dir`);
        assert.equal(tp.srcState[i], bp.srcState[i], `${where}: srcState`);
        assert.equal(tp.dstState[i], bp.dstState[i], `${where}: dstState`);
        assert.equal(tp.events[i], bp.events[i], `${where}: events`);
        assert.ok(Math.abs(tp.time[i] - bp.time[i]) < 2e-6, `${where}: time`);
      }
      // The text shows microseconds; nanosecond captures differ below that.
      const roughly = (a: typeof binary) =>
        a.connections.map((c) => {
          const j = connectionJson(c);
          const zeek = `${c.zeekState} ${c.zeekHistory}`;
          return { ...j, zeek, start: Math.round(j.start * 1e5), end: Math.round(j.end * 1e5), rtt: j.rtt === null ? null : Math.round(j.rtt * 1e5) };
        });
      assert.deepEqual(roughly(text), roughly(binary));
      assert.deepEqual(text.findings, binary.findings);
    });
  }
});
