/**
 * TCP Lens's script for VS Code's Markdown preview (dist/markdownPreview/mermaid.js) in Chromium, in
 * a page made as the preview makes it: the Markdown rendered by markdown-it (which writes a ```mermaid
 * fence as `<pre><code class="language-mermaid">`), inside `.markdown-body`, under the preview's
 * strict Content Security Policy, the script loaded `async` with the page's nonce, the theme as
 * VS Code's webview host sets it. The end-to-end suite shows it in the real preview; here are the
 * themes, the re-rendering and the hostile diagram text.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setup, suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import type { Browser, Page } from 'playwright-core';
import { diagramMarkdown } from '../../src/core/diagram/diagramMarkdown';
import { connectBrowser, initScript, UI_TIMEOUT_MS } from './harness';
import { DARK_HIGH_CONTRAST, DARK_MODERN, LIGHT_HIGH_CONTRAST, LIGHT_MODERN, type WebviewTheme } from './themes';
import { fixtureModel, windowOf } from './views';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

interface MarkdownRenderer {
  render(source: string): string;
}
// markdown-it ships no types; HTML on, as in VS Code's preview.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const markdownIt = require('markdown-it') as (options: object) => MarkdownRenderer;
const markdown = markdownIt({ html: true, linkify: true });

const model = fixtureModel('capture/http-clean-client-close.pcap');
const EXPORTED = diagramMarkdown(model, windowOf(model, { scope: 0 }));

const FLOWCHART = '```mermaid\ngraph TD\n    A-->B\n```\n';
/** Diagram text that asks for Mermaid's `loose` level and holds markup and a javascript: link. */
const HOSTILE = [
  '```mermaid',
  '%%{init: {"securityLevel": "loose", "themeVariables": {"actorBkg": "#ff0000"}}}%%',
  'sequenceDiagram',
  '    participant A',
  '    participant B',
  '    links A: {"Dashboard": "javascript:alert(1)"}',
  '    A->>B: <img src=x onerror=alert(2)><b>bold</b>',
  '```',
  '',
].join('\n');
/** What VS Code's own Mermaid (where there is one) makes of a fence: left to it. */
const BUILT_IN_BLOCK = '<pre class="mermaid" style="all: unset;">sequenceDiagram\n    A->>B: drawn by VS Code</pre>';

/** The preview's policy when its security setting is Strict (the default). */
function previewCsp(origin: string, nonce: string): string {
  return `default-src 'none'; img-src 'self' ${origin} https: data:; media-src 'self' ${origin} https: data:; script-src 'nonce-${nonce}'; style-src 'self' ${origin} 'unsafe-inline' https: data:; font-src 'self' ${origin} https: data:;`;
}

function previewPage(origin: string, body: string): string {
  const nonce = randomBytes(16).toString('base64');
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${previewCsp(origin, nonce)}">
<link rel="stylesheet" type="text/css" href="${origin}/media/markdownPreview.css">
</head>
<body class="vscode-body">
<div class="markdown-body">${body}</div>
<script async src="${origin}/dist/markdownPreview/mermaid.js" nonce="${nonce}" charset="UTF-8"></script>
</body>
</html>`;
}

const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/dist/markdownPreview/mermaid.js': { file: 'dist/markdownPreview/mermaid.js', type: 'text/javascript' },
  '/media/markdownPreview.css': { file: 'media/markdownPreview.css', type: 'text/css' },
};

interface Drawing {
  /** Per `pre > code.language-mermaid`: whether it holds a drawing, and its message labels. */
  readonly blocks: { drawn: boolean; labels: string[] }[];
  readonly actorFill: string;
  readonly builtInBlockUntouched: boolean;
}

function drawing(page: Page): Promise<Drawing> {
  return page.evaluate(() => {
    const blocks = [...document.querySelectorAll('.markdown-body pre > code.language-mermaid')].map((code) => {
      const svg = code.querySelector(':scope > svg');
      return { drawn: svg !== null && code.parentElement?.classList.contains('tcp-lens-mermaid') === true, labels: [...(svg?.querySelectorAll('text.messageText') ?? [])].map((text) => text.textContent ?? '') };
    });
    const actor = document.querySelector('.markdown-body svg rect.actor');
    const builtIn = document.querySelector('.markdown-body pre.mermaid');
    return {
      blocks,
      actorFill: actor ? getComputedStyle(actor).fill : '',
      builtInBlockUntouched: builtIn !== null && builtIn.children.length === 0 && !builtIn.hasAttribute('data-processed'),
    };
  });
}

async function waitForDrawing(page: Page, accept: (drawn: Drawing) => boolean, what: string): Promise<Drawing> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  let drawn = await drawing(page);
  while (!accept(drawn)) {
    if (Date.now() > deadline) assert.fail(`${what}: ${JSON.stringify(drawn).slice(0, 600)}`);
    await page.waitForTimeout(100);
    drawn = await drawing(page);
  }
  return drawn;
}

const rgb = (hex: string): string => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
};

/** The labels Mermaid shows for the messages of a mermaid block's text (its `#code;` entities decoded). */
function labelsOf(source: string): string[] {
  return [...source.matchAll(/^\s*P\d+\s*-[-x)>]+\s*P\d+\s*:\s*(.*)$/gm)].map((match) => match[1].replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))).trim());
}

suite('Markdown preview script in Chromium', () => {
  let browser: Browser;
  let server: http.Server;
  let origin: string;
  let body = '';
  let page: Page;

  suiteSetup(async () => {
    browser = await connectBrowser();
    server = http.createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const served = FILES[url.pathname];
      if (served) {
        response.writeHead(200, { 'content-type': served.type, 'cache-control': 'no-store' });
        response.end(readFileSync(path.join(repoRoot, served.file)));
      } else if (url.pathname === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        response.end(previewPage(`http://${request.headers.host}`, body));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  suiteTeardown(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  async function open(source: string, theme: WebviewTheme = LIGHT_MODERN, extraHtml = ''): Promise<void> {
    body = markdown.render(source) + extraHtml;
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.addInitScript(initScript, theme);
    await page.goto(origin);
  }

  setup(() => {
    body = '';
  });

  teardown(async function () {
    if (!page) return;
    const { violations, errors, ran } = await page.evaluate(() => window.tcpLens);
    await page.context().close();
    if (this.currentTest?.state === 'failed') return;
    // Mermaid draws into the page while it measures and sanitises afterwards: an inline handler it wrote
    // for a moment (the hostile diagram's popup) is refused by the policy. Nothing else is.
    assert.deepEqual(violations.filter((violation) => violation.directive !== 'script-src-attr'), [], 'Content Security Policy violations');
    assert.deepEqual(errors, [], 'uncaught errors in the page');
    assert.deepEqual(ran, [], 'script run from the diagram');
  });

  test('draws the exported diagram in the theme’s colours, and leaves other kinds of diagram and VS Code’s own blocks alone', async () => {
    await open(`# Capture\n\n${EXPORTED}\n${FLOWCHART}`, LIGHT_MODERN, BUILT_IN_BLOCK);
    const drawn = await waitForDrawing(page, (d) => d.blocks[0]?.drawn === true, 'the exported diagram is not drawn');
    assert.deepEqual(drawn.blocks, [
      { drawn: true, labels: labelsOf(EXPORTED) },
      { drawn: false, labels: [] },
    ]);
    assert.ok(drawn.blocks[0].labels.length >= 10);
    assert.equal(drawn.actorFill, rgb(LIGHT_MODERN.variables['--vscode-editorWidget-background']));
    assert.equal(drawn.builtInBlockUntouched, true);
    assert.match(await page.locator('.markdown-body pre > code.language-mermaid').nth(1).innerText(), /graph TD/);
  });

  test('a page whose mermaid blocks VS Code’s own Mermaid draws: nothing drawn a second time when the page has loaded', async () => {
    await open(FLOWCHART, LIGHT_MODERN, BUILT_IN_BLOCK);
    // Mermaid left to itself draws every `.mermaid` element once the page has loaded (and it has).
    await page.waitForTimeout(1000);
    const drawn = await drawing(page);
    assert.equal(drawn.builtInBlockUntouched, true, 'the bundled Mermaid drew the built-in\'s block on load');
    assert.deepEqual(drawn.blocks, [{ drawn: false, labels: [] }]);
  });

  test('follows the theme: drawn again in each theme’s colours, high contrast light and dark included', async () => {
    await open(EXPORTED);
    await waitForDrawing(page, (d) => d.actorFill === rgb(LIGHT_MODERN.variables['--vscode-editorWidget-background']), 'not drawn in the light theme');
    for (const theme of [DARK_MODERN, DARK_HIGH_CONTRAST, LIGHT_HIGH_CONTRAST, LIGHT_MODERN]) {
      await page.evaluate((next) => window.applyTheme(next), theme);
      const drawn = await waitForDrawing(page, (d) => d.actorFill === rgb(theme.variables['--vscode-editorWidget-background']) && d.blocks.length === 1 && d.blocks[0].drawn, `not drawn in ${theme.kind}`);
      assert.deepEqual(drawn.blocks[0].labels, labelsOf(EXPORTED), theme.kind);
      const border = await page.evaluate(() => {
        const actor = document.querySelector('.markdown-body svg rect.actor');
        return actor ? getComputedStyle(actor).stroke : '';
      });
      assert.equal(border, rgb(theme.variables['--vscode-contrastBorder'] ?? theme.variables['--vscode-editorWidget-border']), theme.kind);
    }
  });

  test('when the preview puts new content in (vscode.markdown.updateContent), the new text is drawn', async () => {
    await open(EXPORTED);
    await waitForDrawing(page, (d) => d.blocks[0]?.drawn === true, 'not drawn');
    const edited = EXPORTED.replace('[FIN, ACK]', '[FIN, ACK] edited');
    assert.notEqual(edited, EXPORTED);
    // As the preview does on an edit: the new HTML in place of the old, then the event.
    await page.evaluate((html) => {
      const root = document.querySelector('.markdown-body');
      if (!root) throw new Error('no .markdown-body');
      root.innerHTML = html;
      window.dispatchEvent(new CustomEvent('vscode.markdown.updateContent'));
    }, markdown.render(`${edited}\n${EXPORTED}`));
    const drawn = await waitForDrawing(page, (d) => d.blocks.length === 2 && d.blocks.every((block) => block.drawn), 'the new content is not drawn');
    assert.deepEqual(drawn.blocks.map((block) => block.labels), [labelsOf(edited), labelsOf(EXPORTED)]);
    assert.ok(drawn.blocks[0].labels.some((label) => label.includes('[FIN, ACK] edited')));
  });

  test('diagram text asking for Mermaid’s loose level gets strict: no handler, link or markup from it', async () => {
    await open(HOSTILE);
    await waitForDrawing(page, (d) => d.blocks[0]?.drawn === true, 'the diagram is not drawn');
    const found = await page.evaluate(() => {
      const everything = [...document.querySelectorAll('.markdown-body svg *')];
      return {
        handlers: everything.flatMap((element) => [...element.attributes].filter((attribute) => /^on/i.test(attribute.name)).map((attribute) => `${element.localName} ${attribute.name}`)),
        links: everything.flatMap((element) => [...element.attributes].filter((attribute) => /href$/i.test(attribute.name)).map((attribute) => `${element.localName} ${attribute.name}=${attribute.value}`)),
        markup: everything.filter((element) => ['img', 'b', 'script', 'iframe', 'foreignobject'].includes(element.localName.toLowerCase())).map((element) => element.localName),
        actorFill: getComputedStyle(document.querySelector('.markdown-body svg rect.actor') as Element).fill,
      };
    });
    assert.deepEqual(found.handlers, []);
    assert.deepEqual(found.links, []);
    assert.deepEqual(found.markup, []);
    assert.equal(found.actorFill, rgb(LIGHT_MODERN.variables['--vscode-editorWidget-background']));
  });
});
