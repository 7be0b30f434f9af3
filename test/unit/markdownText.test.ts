/**
 * Text from a capture shown in a hover must render as itself: checked with
 * markdown-it (CommonMark with GFM autolinks, as VS Code's renderer reads
 * Markdown) on hostile names and on arbitrary strings.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeMarkdown, plainNotificationText } from '../../src/extension/markdownText';

interface MarkdownRenderer {
  render(source: string): string;
}
// markdown-it ships no types; a renderer with HTML off and autolinks on, like a hover's.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const markdownIt = require('markdown-it') as (options: object) => MarkdownRenderer;
const markdown = markdownIt({ html: false, linkify: true });

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&', '&nbsp;': ' ' };

/** The text a browser shows for the rendered HTML, and the tags it holds. */
function rendered(source: string): { text: string; tags: string[] } {
  const html = markdown.render(source);
  const tags = html.match(/<[^>]*>/g) ?? [];
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:lt|gt|quot|amp|nbsp);/g, (entity) => ENTITIES[entity])
    .replace(/\u00a0/g, ' ')
    .replace(/\n$/, '');
  return { text, tags };
}

/** What the text should read as: control characters as spaces. */
function shown(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ');
}

const HOSTILE = [
  '[x](command:evil)',
  '[x](command:tcpLens.revealConnection?%5B%5D)',
  '<img src=x onerror=alert(1)>',
  '<a href="command:evil">click</a>',
  '`code` and ``more``',
  '**bold** __bold__ *em* _em_ ~~gone~~',
  'www.evil.example.com',
  'http://evil.example/path',
  'mailto:someone@evil.example',
  'someone@evil.example',
  '&lt;script&gt; &amp; &#60;',
  '$(alert) $(zap~spin)',
  '# heading',
  '- item',
  '1. item',
  '> quote',
  '| a | b |',
  '![img](http://evil.example/x.png)',
  '[ref]: http://evil.example',
  'line\nbreak\n\n# heading',
  '    four spaces make code',
  'a\\b\\\\c',
  'right\u202eto left',
  '===',
  'host.name.http',
];

describe('escapeMarkdown', () => {
  for (const name of HOSTILE) {
    it(`${JSON.stringify(name)} renders as itself, in one paragraph, without links, images, code or emphasis`, () => {
      const { text, tags } = rendered(escapeMarkdown(name));
      assert.equal(text, shown(name).replace(/ +$/, '')); // a paragraph drops its trailing blanks
      assert.deepEqual(tags, ['<p>', '</p>']);
    });
  }

  it('keeps letters, digits and non-ASCII text as they are', () => {
    assert.equal(escapeMarkdown('客户端 10 abc'), '客户端 10 abc');
  });

  it('keeps the Markdown around it working: bold labels and list items stay what they are', () => {
    const { text, tags } = rendered(`**client** ${escapeMarkdown('*x* [y](z)')}\n\n- ${escapeMarkdown('<b>')}`);
    assert.deepEqual(text.split('\n').filter(Boolean), ['client *x* [y](z)', '<b>']);
    assert.deepEqual(tags, ['<p>', '<strong>', '</strong>', '</p>', '<ul>', '<li>', '</li>', '</ul>']);
  });

  it('any string renders as itself and as nothing else', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
      fc.string({ unit: fc.constantFrom(...'[]()<>`*_~!#|\\&;:/.@ $-=+x\n\t'.split('')), maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    fc.assert(
      fc.property(anyText, (text) => {
        const result = rendered(`x ${escapeMarkdown(text)} y`);
        assert.equal(result.text, `x ${shown(text)} y`);
        assert.deepEqual(result.tags, ['<p>', '</p>']);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('plainNotificationText', () => {
  it('leaves no link or icon syntax in names from a capture', () => {
    const hostile = 'evil[click](command:workbench.action.terminal.new) $(zap) [x](https://example.com)';
    const plain = plainNotificationText(hostile);
    assert.doesNotMatch(plain, /\]\(|\$\(/);
    assert.equal(plain.replace(/\u200b/g, ''), hostile);
  });
});
