/**
 * Plain text inside Markdown. Everything a hover or tooltip shows from a
 * capture (host and service names, garbage lines) and every sentence of the
 * catalogues is plain text: it must render as itself, never as emphasis, a
 * link, an image, an autolink, a theme icon, HTML or an entity. No `vscode`
 * import, so the unit tests check it against a real Markdown renderer.
 */

import { LAYOUT_BREAKING } from '../core/markdownText';

export { escapeMarkdown } from '../core/markdownText';

/**
 * Notifications are not Markdown, but they turn `[label](target)` into a
 * link and `$(name)` into an icon: a zero-width space after the `]` or `$`
 * keeps names and text from a capture as the text they are.
 */
export function plainNotificationText(text: string): string {
  return text.replace(LAYOUT_BREAKING, ' ').replace(/\](?=\()/g, ']\u200b').replace(/\$(?=\()/g, '$\u200b');
}

/**
 * Text shown as text (a webview's `textContent`) on one line: a line break from a capture would
 * break the layout, a bidirectional override would show it in another order than it has.
 */
export function plainText(text: string): string {
  return text.replace(LAYOUT_BREAKING, ' ');
}
