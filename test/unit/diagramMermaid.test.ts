/**
 * Mermaid's own parser (mermaid 12, the version the webview bundles) reads
 * every diagram TCP Lens writes as TCP Lens meant it: every page of every
 * scope of every fixture, each label option, hostile names and random ones.
 * Each arrow Mermaid reads is the packet `messagePackets` says, between the
 * participants of its sender and its receiver.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeText } from '../../src/core/analyze';
import { DEFAULT_DIAGRAM_LABELS, diagramWindow, type DiagramLabelOptions, type DiagramScope, type DiagramWindow } from '../../src/core/diagram/diagramWindow';
import { endpointText } from '../../src/core/endpointText';
import type { CaptureModel, Endpoint } from '../../src/core/model/captureModel';
import { diagramInputs, diagramModel, HOSTILE_NAMES, sayZh, scopesOf } from './helpers/diagramFixtures';
import { arrows, parseMermaid, shownText } from './helpers/mermaidParser';

const LABEL_CHOICES: DiagramLabelOptions[] = [DEFAULT_DIAGRAM_LABELS, { numbers: 'raw', window: true, time: true }];

/** Mermaid reads the window as written: no directive, no link, the participants and arrows the model has. */
async function assertMermaidReads(model: CaptureModel, w: DiagramWindow, options: { config?: boolean } = {}): Promise<void> {
  // A directive or a comment needs `%%`; where the text has none, the second parse that reads directives is skipped.
  if (!options.config) assert.ok(!w.text.includes('%%'));
  const parsed = await parseMermaid(w.text, options);
  assert.equal(parsed.diagramType, 'sequence');
  if (options.config) assert.deepEqual(parsed.config, {});
  for (const actor of parsed.actors) assert.deepEqual([actor.links, actor.properties], [{}, {}]);
  const shownAlias = new Map(parsed.actors.map((a) => [a.name, shownText(a.description)]));
  const drawn = arrows(parsed);
  assert.equal(drawn.length, w.messagePackets.length, 'one arrow per packet');
  drawn.forEach((arrow, k) => {
    const i = w.messagePackets[k];
    const c = model.connections[model.packets.conn[i]];
    const [sender, receiver] = model.packets.dir[i] === 0 ? [c.client, c.server] : [c.server, c.client];
    assert.ok(shownText(arrow.message).startsWith(`#${model.packets.frame[i]} [`), `arrow ${k}: ${arrow.message}`);
    assert.ok(isAliasOf(shownAlias.get(arrow.from as string), sender), `sender of frame ${model.packets.frame[i]}`);
    assert.ok(isAliasOf(shownAlias.get(arrow.to as string), receiver), `receiver of frame ${model.packets.frame[i]}`);
  });
}

/** "address:port (role)" in any language, invisible characters of the name shown as U+FFFD. */
function isAliasOf(alias: string | undefined, endpoint: Endpoint): boolean {
  const name = endpointText(endpoint).replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu, '\uFFFD');
  return alias !== undefined && alias.startsWith(name) && /^ ?[(（]/.test(alias.slice(name.length));
}

function pagesOf(model: CaptureModel, scope: DiagramScope, pageSize: number, labels: DiagramLabelOptions): DiagramWindow[] {
  const first = diagramWindow(model, { scope, page: 0, pageSize, labels });
  return Array.from({ length: first.pageCount }, (_, page) => diagramWindow(model, { scope, page, pageSize, labels }));
}

describe("Mermaid's parser", () => {
  for (const path of diagramInputs()) {
    it(`reads every page of every scope of ${path}`, async () => {
      const model = diagramModel(path);
      const config = path === HOSTILE_NAMES;
      for (const scope of scopesOf(model)) {
        for (const w of pagesOf(model, scope, 7, DEFAULT_DIAGRAM_LABELS)) await assertMermaidReads(model, w, { config });
        for (const labels of LABEL_CHOICES) {
          await assertMermaidReads(model, diagramWindow(model, { scope, page: 0, pageSize: 200, labels }), { config });
        }
      }
    });
  }

  it('reads the diagram worded in Chinese', async () => {
    for (const path of ['samples/http-clean-client-close.pcap', HOSTILE_NAMES, 'test/fixtures/capture/port-reuse.pcap']) {
      const model = diagramModel(path);
      for (const w of pagesOf(model, 'all', 10, DEFAULT_DIAGRAM_LABELS)) {
        const zh = diagramWindow(model, { scope: 'all', page: w.page, pageSize: 10, labels: DEFAULT_DIAGRAM_LABELS }, sayZh);
        await assertMermaidReads(model, zh, { config: true });
      }
    }
  });

  it('reads a page of the largest size', async () => {
    const lines = ['10:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 7, win 65535, length 0'];
    for (let k = 1; k <= 1200; k++) {
      const time = `10:00:${String(1 + Math.floor(k / 1000)).padStart(2, '0')}.${String(k % 1000).padStart(3, '0')}000`;
      lines.push(
        k % 2
          ? `${time} IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq ${k * 50}:${k * 50 + 100}, ack 1, win 502, length 100`
          : `${time} IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [.], ack ${k * 50 + 50}, win 510, length 0`,
      );
    }
    const model = analyzeText(lines.join('\n') + '\n', 'long.txt');
    const w = diagramWindow(model, { scope: 'all', page: 0, pageSize: 1000, labels: LABEL_CHOICES[1] });
    assert.equal(w.messagePackets.length, 1000);
    await assertMermaidReads(model, w);
  });

  it('rejects a broken diagram (so the checks above can fail)', async () => {
    const w = diagramWindow(diagramModel('samples/http-clean-client-close.pcap'), { scope: 0, page: 0, pageSize: 200, labels: DEFAULT_DIAGRAM_LABELS });
    await parseMermaid(w.text);
    await assert.rejects(parseMermaid(w.text.replace(/\n\s*end\n/, '\n')), /Parse error/);
    await assert.rejects(parseMermaid(w.text.replace('Note over P0,P1: three-way handshake', 'Note over P0,P1: three-way; handshake')), /Parse error/);
  });

  it('reads diagrams of random host and service names', async () => {
    // What tcpdump can print as a name: a host of letters, digits, '-', '_' and '.', a service of anything but blanks, ':' and '.'.
    const host = fc.stringMatching(/^[a-z][a-zA-Z0-9_-]{0,8}(\.[a-zA-Z0-9_-]{1,6}){0,2}$/);
    const service = fc
      .string({ unit: fc.oneof(fc.constantFrom(...'%{}#;<>"\'`&@,()[]|\\/=+-*!?~^$x'.split('')), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 12 })
      .map((s) => s.replace(/[\s:.\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/g, 'x'))
      .filter((s) => !/^\d+$/.test(s));
    await fc.assert(
      fc.asyncProperty(host, service, host, service, async (clientHost, clientService, serverHost, serverService) => {
        const client = `${clientHost}.${clientService}`;
        const server = `${serverHost}.${serverService}`;
        const text = [
          `10:00:00.000001 IP ${client} > ${server}: Flags [S], seq 100, win 64240, length 0`,
          `10:00:00.010001 IP ${server} > ${client}: Flags [S.], seq 500, ack 101, win 65160, length 0`,
          `10:00:00.010101 IP ${client} > ${server}: Flags [.], ack 1, win 502, length 0`,
          `10:00:00.020101 IP ${client} > ${server}: Flags [R.], seq 1, ack 1, win 0, length 0`,
        ].join('\n');
        const model = analyzeText(text + '\n', 'random.txt');
        fc.pre(model.packetCount === 4 && model.connections.length === 1);
        await assertMermaidReads(model, diagramWindow(model, { scope: 'all', page: 0, pageSize: 200, labels: DEFAULT_DIAGRAM_LABELS }), { config: true });
      }),
      { numRuns: 100 },
    );
  });
});
