/**
 * Encapsulations (test/fixtures/capture/encapsulation, made by
 * makeEncapsulations.py): each capture is read down to its inner TCP as
 * tshark reads it (per tunnel: identical inner flows of two tunnels are two
 * connections), tcpdump's renderings of it give the same packets, and the
 * text view renders the outer layers as tcpdump does.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeBytes, analyzeText, type CaptureModel } from '../../src/core/analyze';
import { writeAnalysisJson } from '../../src/core/json/analysisJson';
import { renderCaptureText } from '../../src/core/render/captureText';
import { outerLayersOfLine } from '../../src/core/explain/outerLayers';
import { formatMessage } from '../../src/core/explain/message';

const DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'capture', 'encapsulation');
const CAPTURES = readdirSync(DIR).filter((f) => f.endsWith('.pcap') && !f.startsWith('skipped-')).sort();
/** tcpdump 4.99 prints `gre-proto-0x88be` for ERSPAN: its text holds no TCP. */
const TCPDUMP_OPENS = (file: string) => !file.startsWith('encap-erspan');
const PACKET_FIELDS = ['n', 'src', 'dst', 'sport', 'dport', 'flags', 'seq', 'ack', 'seqRaw', 'ackRaw', 'len', 'win', 'conn', 'dir', 'events'] as const;
const CONNECTION_FIELDS = ['id', 'client', 'server', 'firstN', 'lastN', 'packets', 'bytes', 'handshake', 'close', 'completeness'] as const;

type Json = Record<string, unknown>;

function json(model: CaptureModel): { packets: Json[]; connections: Json[]; problems: Json[] } {
  let text = '';
  writeAnalysisJson(model, (chunk) => (text += chunk));
  return JSON.parse(text);
}

function oracle(file: string): { frames: number; packets: Json[]; connections: Json[]; renderings: Record<string, { file: string; frameLines: number[] }> } {
  return JSON.parse(readFileSync(join(DIR, file.replace(/\.pcap$/, '.oracle.json')), 'utf8'));
}

function pick(record: Json, fields: readonly string[]): Json {
  return Object.fromEntries(fields.map((f) => [f, record[f]]));
}

function text(file: string): string {
  return readFileSync(join(DIR, file), 'utf8');
}

describe('encapsulated captures against tshark', () => {
  for (const file of CAPTURES) {
    it(file, () => {
      const expected = oracle(file);
      const got = json(analyzeBytes(new Uint8Array(readFileSync(join(DIR, file))), file));
      assert.deepEqual(got.problems, []);
      assert.equal(got.packets.length, expected.packets.length, 'TCP packets');
      got.packets.forEach((p, i) => assert.deepEqual(pick(p, PACKET_FIELDS), pick(expected.packets[i], PACKET_FIELDS), `packet ${i}`));
      assert.equal(got.connections.length, expected.connections.length, 'connections');
      got.connections.forEach((c, i) => assert.deepEqual(pick(c, CONNECTION_FIELDS), pick(expected.connections[i], CONNECTION_FIELDS), `connection ${i}`));
    });
  }

  it('keeps identical inner flows of two tunnels apart (GRE key, VXLAN VNI, Geneve VNI)', () => {
    for (const file of CAPTURES.filter((f) => f.includes('two-tunnels'))) {
      const got = json(analyzeBytes(new Uint8Array(readFileSync(join(DIR, file))), file));
      assert.equal(got.connections.length, 2, file);
      assert.deepEqual(got.connections[0].client, got.connections[1].client, file);
      assert.ok(got.packets.every((p) => (p.events as string[]).length === 0), `${file}: no port reuse, no retransmission`);
    }
  });
});

describe("tcpdump's renderings of encapsulated captures", () => {
  for (const file of CAPTURES.filter(TCPDUMP_OPENS)) {
    it(file, () => {
      const expected = oracle(file);
      for (const [variant, rendering] of Object.entries(expected.renderings)) {
        const got = json(analyzeText(text(rendering.file), rendering.file));
        const where = `${rendering.file}`;
        assert.deepEqual(got.problems, [], where);
        assert.equal(got.packets.length, expected.packets.length, `${where}: TCP packets`);
        const fields = PACKET_FIELDS.filter((f) => f !== 'n' && (variant !== 'plain' || !['src', 'dst', 'sport', 'dport'].includes(f)));
        got.packets.forEach((p, i) => {
          const e = expected.packets[i];
          assert.deepEqual(pick(p, fields), pick(e, fields), `${where} packet ${i}`);
          assert.equal(p.line, rendering.frameLines[(e.n as number) - 1], `${where} packet ${i}: line`);
        });
        assert.equal(got.connections.length, expected.connections.length, `${where}: connections`);
      }
    });
  }

  it('-# numbered lines read as the plain ones', () => {
    for (const file of CAPTURES.filter(TCPDUMP_OPENS)) {
      const plain = json(analyzeText(text(file.replace('.pcap', '.n.txt')), 'n.txt'));
      const numbered = json(analyzeText(text(file.replace('.pcap', '.num.txt')), 'num.txt'));
      assert.deepEqual(numbered.problems, [], file);
      assert.deepEqual(
        numbered.packets.map((p) => pick(p, PACKET_FIELDS)),
        plain.packets.map((p) => pick(p, PACKET_FIELDS)),
        file,
      );
    }
  });

  it('-q lines are segments of unknown flags, said once', () => {
    // tcpdump -q does not open UDP tunnels (VXLAN, Geneve): their lines say `UDP, length 52`.
    for (const file of CAPTURES.filter((f) => TCPDUMP_OPENS(f) && !/vxlan|geneve/.test(f))) {
      const expected = oracle(file);
      const got = json(analyzeText(text(file.replace('.pcap', '.q.txt')), 'q.txt'));
      assert.equal(got.problems.length, 1, `${file}: ${JSON.stringify(got.problems)}`);
      assert.match(String(got.problems[0].message), /^\d+ lines of tcpdump -q output .* the first is line 1$/);
      const keep = ['src', 'dst', 'sport', 'dport', 'len', 'conn'];
      assert.deepEqual(
        got.packets.map((p) => pick(p, keep)),
        expected.packets.map((p) => pick(p, keep)),
        file,
      );
      assert.ok(got.packets.every((p) => p.flags === 'none' && (p.events as string[]).length === 0), file);
    }
  });

  it('ERSPAN, which tcpdump leaves unopened, is said once per protocol', () => {
    for (const file of CAPTURES.filter((f) => !TCPDUMP_OPENS(f))) {
      const got = json(analyzeText(text(file.replace('.pcap', '.n.txt')), 'n.txt'));
      assert.equal(got.packets.length, 0);
      assert.equal(got.problems.length, 1, file);
      assert.match(String(got.problems[0].message), /^10 frames of GRE carrying protocol 0x(88be|22eb), which tcpdump does not print, the first is line 1$/);
    }
  });

  it('a continuation line starting with one space (` [|llc]`) belongs to the packet above', () => {
    const lines = text('encap-qinq.n.txt').split('\n');
    lines.splice(1, 0, ' [|llc]');
    const got = json(analyzeText(lines.join('\n'), 'llc.txt'));
    assert.deepEqual(got.problems, []);
    assert.equal(got.packets.length, 10);
    assert.equal(got.packets[1].line, 3);
  });
});

describe('the text view of an encapsulated capture', () => {
  for (const file of CAPTURES) {
    it(file, () => {
      const bytes = new Uint8Array(readFileSync(join(DIR, file)));
      const view = renderCaptureText(bytes);
      assert.deepEqual(view.problems, []);
      // tcpdump -tttt, with VXLAN's inner frame kept on its frame's line; ERSPAN (which tcpdump does not open) apart.
      const tcpdump = text(file.replace('.pcap', '.tttt.txt')).replace(/(vni \d+)\n/g, '$1: ');
      if (TCPDUMP_OPENS(file)) assert.equal(view.text, tcpdump);
      else assert.equal(view.text.replace(/ERSPAN type I+(, session \d+)?: IP .*/g, ''), tcpdump.replace(/gre-proto-0x[0-9a-f]+/g, ''));
      const fromView = json(analyzeText(view.text, file));
      const fromCapture = json(analyzeBytes(bytes, file));
      assert.deepEqual(fromView.packets.map((p) => pick(p, PACKET_FIELDS)), fromCapture.packets.map((p) => pick(p, PACKET_FIELDS)));
      assert.deepEqual(fromView.connections.length, fromCapture.connections.length);
    });
  }
});

describe('the outer layers of a packet, for its explanation', () => {
  const LAYERS: Record<string, string[]> = {
    'encap-pppoe-session': ['PPPoE session 0x1234'],
    'encap-mpls-label-stack': ['MPLS label 100', 'MPLS label 200, bottom of the stack'],
    'encap-gre-two-tunnels': ['GRE tunnel 192.0.2.1 → 192.0.2.2, key 0x1'],
    'encap-erspan-type2': ['GRE tunnel 192.0.2.1 → 192.0.2.2', 'ERSPAN type II mirrored copy, session 5'],
    'encap-erspan-type1': ['GRE tunnel 192.0.2.1 → 192.0.2.2', 'ERSPAN type I mirrored copy'],
    'encap-ipip': ['IP-in-IP tunnel 192.0.2.1 → 192.0.2.2'],
    'encap-ipv6-in-ipv4': ['IP-in-IP tunnel 192.0.2.1 → 192.0.2.2'],
    'encap-vxlan-two-tunnels': ['VXLAN tunnel 192.0.2.1.50100 → 192.0.2.2.4789, VNI 100'],
    'encap-geneve-two-tunnels': ['Geneve tunnel 192.0.2.1.51100 → 192.0.2.2.6081, VNI 100'],
    'encap-qinq': [],
    'linktype-ppp': [],
  };
  for (const [name, expected] of Object.entries(LAYERS)) {
    it(`${name}: from the text view's line and from tcpdump's`, () => {
      const view = renderCaptureText(new Uint8Array(readFileSync(join(DIR, name + '.pcap')))).text.split('\n')[0];
      assert.deepEqual(outerLayersOfLine(view).map((m) => formatMessage(m)), expected, view);
      if (TCPDUMP_OPENS(name)) {
        for (const variant of ['n', 'tttt', 'plain', 'num']) {
          const line = text(`${name}.${variant}.txt`).split('\n')[0];
          assert.deepEqual(outerLayersOfLine(line).map((m) => formatMessage(m)), expected, line);
        }
      }
    });
  }
});

describe('frames passed over among the packets (skipped-frames-mixed.pcap)', () => {
  it('binary: the packets as tshark reads them, and each kind of skipped frame said once, at the first of them', () => {
    const file = 'skipped-frames-mixed.pcap';
    const expected = oracle(file);
    const got = json(analyzeBytes(new Uint8Array(readFileSync(join(DIR, file))), file));
    assert.deepEqual(got.packets.map((p) => pick(p, PACKET_FIELDS)), expected.packets.map((p) => pick(p, PACKET_FIELDS)));
    assert.deepEqual(
      got.problems.map((p) => p.message),
      [
        '2 frames of GRE carrying protocol 0x880b not decoded, the first is frame 4',
        '2 frames of IP protocol ESP (50) not decoded (TCP inside them cannot be read), the first is frame 5',
        '2 frames with TCP in a later IP fragment skipped (fragments are not reassembled), the first is frame 6',
      ],
    );
  });

  it("tcpdump's text: the same packets, and the GRE payload tcpdump does not print said once", () => {
    const got = json(analyzeText(text('skipped-frames-mixed.n.txt'), 'n.txt'));
    assert.equal(got.packets.length, 10);
    assert.deepEqual(got.problems.map((p) => p.message), ['2 frames of GRE carrying protocol 0x880b, which tcpdump does not print, the first is line 4']);
  });
});

describe('an ICMP error inside a tunnel (icmp-in-gre-tunnel.pcap)', () => {
  it('closes the connection of its own tunnel only, from the capture and from its tcpdump text', () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, 'icmp-in-gre-tunnel.pcap')));
    for (const model of [analyzeBytes(bytes, 'icmp.pcap'), analyzeText(text('icmp-in-gre-tunnel.n.txt'), 'icmp.txt'), analyzeText(text('icmp-in-gre-tunnel.v.txt'), 'icmp-v.txt')]) {
      const got = json(model);
      assert.deepEqual(got.connections.map((c) => (c.finalState as Json).client), ['SYN_SENT', 'CLOSED']);
      const refused = model.findings.filter((f) => f.kind === 'icmp-unreachable');
      assert.deepEqual(refused.map((f) => f.connections), [[1]]);
    }
  });
});
