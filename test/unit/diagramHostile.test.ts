/**
 * Names that try to inject Mermaid, HTML and links (test/fixtures/text/
 * hostile-names.txt) stay text: in the diagram, as Mermaid reads it, and in
 * the Markdown export, as a Markdown renderer (markdown-it, GFM tables and
 * autolinks, raw HTML allowed: the worst case) renders it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DIAGRAM_LABELS, diagramMarkdown, diagramWindow } from '../../src/core/diagram/diagramWindow';
import { formatMessage, type Message } from '../../src/core/explain/message';
import type { CaptureModel } from '../../src/core/model/captureModel';
import { endpointText } from '../../src/core/query';
import { diagramInputs, diagramModel, HOSTILE_NAMES, sayZh, scopesOf } from './helpers/diagramFixtures';
import { arrows, parseMermaid, shownText } from './helpers/mermaidParser';

interface MarkdownRenderer {
  render(source: string): string;
}
// markdown-it ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const markdownIt = require('markdown-it') as (options: object) => MarkdownRenderer;
const markdown = markdownIt({ html: true, linkify: true });

const SAYINGS: [string, (m: Message) => string][] = [
  ['English', (m) => formatMessage(m)],
  ['Chinese', sayZh],
];

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&', '&#39;': "'", '&nbsp;': '\u00a0' };
const decode = (html: string) => html.replace(/&(?:lt|gt|quot|amp|nbsp|#39);/g, (e) => ENTITIES[e]);

/** Names as the export shows them: layout-breaking characters as spaces (escapeMarkdown). */
const visibleInMarkdown = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ');

describe('hostile names in the diagram', () => {
  const model = diagramModel(HOSTILE_NAMES);

  for (const [language, say] of SAYINGS) {
    for (const scope of scopesOf(model)) {
      it(`${language}, scope ${scope}: no directive, statement, HTML or link; Mermaid reads the names as text`, async () => {
        const w = diagramWindow(model, { scope, page: 0, pageSize: 200, labels: DEFAULT_DIAGRAM_LABELS }, say);
        assert.doesNotMatch(w.text, /%%|<|javascript:|["'`]/i);
        assert.doesNotMatch(w.text, /[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/);
        // "click", "end", "Note" and "participant" are host names here: they may only appear inside a text.
        for (const line of w.text.trimEnd().split('\n').slice(1)) {
          assert.match(line.trim(), /^(participant P\d+ as |P\d+(->>|-x|--x|--\))P\d+: #35;\d+ |Note over P\d+(,P\d+)?: |rect rgba\(|end$)/);
        }
        const parsed = await parseMermaid(w.text, { config: true });
        assert.deepEqual(parsed.config, {});
        assert.equal(arrows(parsed).length, w.messagePackets.length);
        const aliases = parsed.actors.map((a) => shownText(a.description));
        for (const c of scope === 'all' ? model.connections : [model.connections[scope]]) {
          for (const endpoint of [c.client, c.server]) {
            const name = endpointText(endpoint).replace(/\u202e/g, '\uFFFD');
            assert.ok(aliases.some((alias) => alias.startsWith(name)), `${name} among ${aliases.join(' | ')}`);
          }
        }
        for (const actor of parsed.actors) assert.deepEqual([actor.links, actor.properties], [{}, {}]);
      });
    }
  }
});

describe('the Markdown export renders as text', () => {
  for (const path of diagramInputs()) {
    it(`${path}: the mermaid block is the diagram, the table cells are the names and words as they are`, () => {
      const model = diagramModel(path);
      for (const [language, say] of SAYINGS) {
        const w = diagramWindow(model, { scope: 'all', page: 0, pageSize: 200, labels: DEFAULT_DIAGRAM_LABELS }, say);
        assertInertMarkdown(model, diagramMarkdown(model, w, say), w.text, language);
      }
    });
  }
});

function assertInertMarkdown(model: CaptureModel, source: string, diagram: string, language: string): void {
  const html = markdown.render(source);
  const tags = [...new Set((html.match(/<\/?([a-z]+)/g) ?? []).map((t) => t.replace(/[</]/g, '')))].sort();
  const allowed = ['code', 'p', 'pre', 'table', 'tbody', 'td', 'th', 'thead', 'tr'];
  assert.deepEqual(
    tags.filter((t) => !allowed.includes(t)),
    [],
    `${language}: unexpected HTML`,
  );
  const block = /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/.exec(html);
  assert.ok(block, 'a mermaid code block');
  assert.equal(decode(block[1]), diagram);
  const sourceRows = source
    .split('\n')
    .filter((l) => l.startsWith('| '))
    .map((l) => l.slice(2, -2).split(/ (?<!\\)\| /));
  const renderedRows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1].matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map((cell) => decode(cell[1])));
  assert.equal(renderedRows.length, sourceRows.length - 1, 'every row but the delimiter row');
  const ids = sourceRows.slice(2).map((cells) => Number(cells[0].slice(1)));
  renderedRows.forEach((cells, k) => {
    assert.equal(cells.length, 8, `${language}: row ${k} has ${cells.length} cells`);
    if (k === 0) {
      // The header: TCP Lens's words, rendered as written.
      assert.deepEqual(cells, sourceRows[0]);
      return;
    }
    const c = model.connections[ids[k - 1]];
    assert.equal(cells[1], visibleInMarkdown(endpointText(c.client)));
    assert.equal(cells[2], visibleInMarkdown(endpointText(c.server)));
    for (const i of [0, 3, 4, 5, 6, 7]) assert.equal(cells[i], sourceRows[k + 1][i], `${language}: cell ${i} is not text`);
  });
}
