/**
 * `mermaidText` keeps any string inert in every place the diagram puts one:
 * Mermaid's own parser reads one participant, one message and one note
 * whose texts show the string itself, and no directive, link or other
 * statement. A naive escaper fails the same check.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mermaidText } from '../../src/core/diagram/mermaidText';
import { arrows, notes, parseMermaid, shownText } from './helpers/mermaidParser';

const HOSTILE = [
  '%%{init: {"theme": "dark", "securityLevel": "loose"}}%%',
  '%%{init}%%',
  'x %% comment',
  'a\nclick P0 call alert(1)',
  'a;click P0 href "javascript:alert(1)"',
  'a\nlink P0: evil @ javascript:alert(1)',
  'a\nlinks P0: {"x": "javascript:alert(1)"}',
  'a\nproperties P0: {"class": "x"}',
  'a\nend\nend',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<br/>line<br>break',
  'javascript:alert(1)',
  '"quoted" \'single\' `back`',
  '#35;#59; &amp; &#60; #lt;',
  '\uFB02\u00B0\u00B060\u00B6\u00DF',
  'a:b,c@d{e}',
  'P0->>P1: forged',
  'P0-xP1',
  'Note over P0: forged',
  'participant P9 as forged',
  'right\u202eto left \u2066isolate\u2069 zero\u200bwidth',
  'line\u2028separator\u2029paragraph\r\nwindows\ttab\u0000nul\u0085next',
  'wrap:text',
  'nowrap:',
  'as',
  'end',
  '@{ "type": "database" }',
  '客户端：服务器；结束',
  'emoji 👍🏽 family 👨‍👩‍👧',
  '\ud800 lone surrogate',
  '',
  '   ',
];

/** What the diagram should show for a string: invisible characters as U+FFFD. */
function expectedShown(text: string): string {
  return [...text].map((ch) => (/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(ch) ? '\uFFFD' : ch)).join('');
}

/** Mermaid trims each text; the escaped text has no other blank than the space at its ends. */
const trimmed = (text: string) => text.replace(/^ +| +$/g, '');

/** One participant, one message and two notes, each carrying the escaped string. */
function diagramWith(escape: (s: string) => string, text: string): string {
  const t = escape(text);
  return [
    'sequenceDiagram',
    `    participant P0 as A ${t}`,
    '    participant P1 as B',
    `    P0->>P1: #35;1 ${t}`,
    '    rect rgba(0, 0, 0, 0.1)',
    `        Note over P0,P1: ${t}`,
    '    end',
    `    Note over P1: ${t}`,
    '',
  ].join('\n');
}

/** Throws unless Mermaid reads exactly the statements written, each showing `text`. */
async function assertInert(escape: (s: string) => string, text: string): Promise<void> {
  const parsed = await parseMermaid(diagramWith(escape, text), { config: true });
  assert.deepEqual(parsed.config, {}, 'a directive got through');
  assert.deepEqual(
    parsed.actors.map((a) => a.name),
    ['P0', 'P1'],
  );
  for (const actor of parsed.actors) {
    assert.deepEqual(actor.links, {}, 'a link got through');
    assert.deepEqual(actor.properties, {}, 'properties got through');
  }
  const shown = expectedShown(text);
  assert.equal(shownText(parsed.actors[0].description), trimmed(`A ${shown}`));
  const lt = parsed.lineType;
  assert.deepEqual(
    parsed.statements.map((s) => s.type),
    [lt.SOLID, lt.RECT_START, lt.NOTE, lt.RECT_END, lt.NOTE],
  );
  assert.equal(shownText(arrows(parsed)[0].message), trimmed(`#1 ${shown}`));
  for (const note of notes(parsed)) assert.equal(shownText(note.message), trimmed(shown));
}

describe('mermaidText', () => {
  for (const text of HOSTILE) {
    it(`${JSON.stringify(text)} stays one text, shown as itself`, async () => {
      await assertInert(mermaidText, text);
    });
  }

  it('writes only plain characters and entity codes: no newline, ;, #, %, :, <, >, quote or backtick of its own', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const out = mermaidText(text);
        assert.match(out, /^(?:[A-Za-z0-9 ._\-()+=/[\]]|#\d+;|[^\x00-\x7f])*$/u);
        assert.doesNotMatch(out.replace(/#\d+;/g, ''), /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\uFB02\u00B0\u00B6\u00DF]/u);
      }),
      { numRuns: 3000 },
    );
  });

  it('any string: Mermaid reads the statements written and shows the string', async () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
      fc.string({ unit: fc.constantFrom(...'%{}:;#\n<>"\'`@,-x)(>>+end click link as wrap Note over ﬂ°¶ß\u202e'.split('')), maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        await assertInert(mermaidText, text);
      }),
      { numRuns: 300 },
    );
  });

  it('the check catches an escaper that lets statements through', async () => {
    const naive = (s: string) => s.replace(/[<>]/g, '');
    const caught: string[] = [];
    for (const text of HOSTILE) {
      try {
        await assertInert(naive, text);
      } catch {
        caught.push(text);
      }
    }
    const attacks = [
      '%%{init}%%',
      'a\nclick P0 call alert(1)',
      'a;click P0 href "javascript:alert(1)"',
      'a\nlink P0: evil @ javascript:alert(1)',
      '<img src=x onerror=alert(1)>',
      'P0->>P1: forged',
      '#35;#59; &amp; &#60; #lt;',
      'right\u202eto left \u2066isolate\u2069 zero\u200bwidth',
    ];
    for (const attack of attacks) {
      assert.ok(caught.includes(attack), `${JSON.stringify(attack)} not caught`);
    }
  });
});
