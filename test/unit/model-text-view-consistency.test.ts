/**
 * The extension shows a pcap as tcpdump text; reading that text back must
 * give the same model as the capture itself: packets, connections, states
 * and events. Checked on every capture fixture, including the damaged ones.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeBytes, analyzeText } from '../../src/core/analyze';
import { renderCaptureText } from '../../src/core/render/captureText';
import { captureFixtures, fixtureBytes } from './helpers/capture-fixtures';
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
      assert.equal(tp.length, bp.length, 'TCP packet count');
      for (let i = 0; i < bp.length; i++) {
        const where = `packet ${i} (frame ${bp.frame[i]})`;
        assert.equal(tp.frame[i], bp.frame[i], `${where}: n`);
        assert.equal(tp.line[i], bp.line[i], `${where}: line`);
        assert.equal(flagsText(tp.flags[i]), flagsText(bp.flags[i]), `${where}: flags`);
        assert.equal(text.seqRel[i], binary.seqRel[i], `${where}: seq`);
        assert.equal(text.ackRel[i], binary.ackRel[i], `${where}: ack`);
        assert.equal(tp.len[i], bp.len[i], `${where}: len`);
        assert.equal(tp.win[i], bp.win[i], `${where}: win`);
        assert.equal(text.conn[i], binary.conn[i], `${where}: conn`);
        assert.equal(text.dir[i], binary.dir[i], `${where}: dir`);
        assert.equal(text.srcState[i], binary.srcState[i], `${where}: srcState`);
        assert.equal(text.dstState[i], binary.dstState[i], `${where}: dstState`);
        assert.equal(text.events[i], binary.events[i], `${where}: events`);
        assert.ok(Math.abs(tp.time[i] - bp.time[i]) < 2e-6, `${where}: time`);
      }
      // The text shows microseconds; nanosecond captures differ below that.
      const roughly = (a: typeof binary) =>
        a.connections.map((c) => {
          const j = connectionJson(a, c);
          return { ...j, start: Math.round(j.start * 1e5), end: Math.round(j.end * 1e5), rtt: j.rtt === null ? null : Math.round(j.rtt * 1e5) };
        });
      assert.deepEqual(roughly(text), roughly(binary));
      assert.deepEqual(text.findings, binary.findings);
    });
  }
});
