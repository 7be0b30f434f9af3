/**
 * The HTML of the sequence diagram's webview. A pure function (no `vscode` import) so that the
 * browser tests serve exactly this page, with its Content Security Policy, to Chromium.
 */

export interface DiagramHtmlOptions {
  /** `webview.cspSource`: where the extension's own files are served from. */
  readonly cspSource: string;
  /** A fresh random nonce per page: the only script that runs is the one carrying it. */
  readonly nonce: string;
  /** The bundle dist/webview/diagram.js, as a webview URI. */
  readonly scriptUri: string;
  /** media/diagram.css, as a webview URI. */
  readonly styleUri: string;
  /** The capture's file name. */
  readonly title: string;
  /** The display language (`vscode.env.language`). */
  readonly lang: string;
}

/**
 * The policy, directive by directive:
 * - `default-src 'none'`: nothing (fetch, frames, fonts, media, workers…) unless allowed below.
 * - `script-src 'nonce-…'`: the bundle only; no inline script, no event handler attribute, no eval.
 * - `style-src-elem ${cspSource} 'unsafe-inline'`: media/diagram.css, and the <style> element that
 *   Mermaid writes into every SVG it draws (its theme's CSS, made per render, so no hash or nonce
 *   can name it; without it the diagram loses its colours and fonts).
 * - `style-src-attr 'unsafe-inline'`: the `style` attributes Mermaid writes on the SVG's elements
 *   (text-anchor, font size, dashes of retransmitted segments, max-width). The controls from
 *   @vscode-elements/elements need neither: they style themselves with constructable stylesheets
 *   and the CSSOM, which the CSP does not govern.
 * - `img-src blob:`: the PNG export draws the SVG through an <img> from a blob: URL onto a canvas.
 *   Nothing else is an image: the diagram is inline SVG, the controls have no icon fonts.
 * - `base-uri 'none'; form-action 'none'`: not covered by default-src; the page needs neither.
 */
export function diagramContentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src-elem ${cspSource} 'unsafe-inline'`,
    "style-src-attr 'unsafe-inline'",
    'img-src blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

export function diagramHtml(options: DiagramHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUri, title, lang } = options;
  const attribute = escapeHtml;
  return `<!DOCTYPE html>
<html lang="${attribute(lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(diagramContentSecurityPolicy(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(styleUri)}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<header id="toolbar" class="toolbar"></header>
<main id="viewport" class="viewport" tabindex="0"><div id="canvas" class="canvas"></div></main>
<div id="notice" class="notice" role="status" hidden></div>
<div id="tooltip" class="tooltip" role="tooltip" aria-live="polite" hidden></div>
<script nonce="${attribute(nonce)}" src="${attribute(scriptUri)}"></script>
</body>
</html>
`;
}
