/**
 * Plain text inside Markdown: everything a hover, a tooltip or an exported
 * document shows from a capture (host and service names, garbage lines) and
 * every sentence of the catalogues must render as itself, never as emphasis,
 * a link, an image, an autolink, a theme icon, HTML or an entity.
 */

/**
 * CommonMark lets a backslash escape any ASCII punctuation, which then
 * renders as itself; escaping all of it (not only the characters that start
 * a construct today) also defeats the GFM autolinks (`www.`, `http://`,
 * `a@b.c`), entities (`&lt;`), theme icons (`$(…)`) and raw HTML.
 */
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/**
 * Line breaks, tabs and other control characters would end a paragraph or
 * start a block (a list, a heading, a code block) inside the layout; the
 * bidirectional overrides would show the text in another order than it has.
 */
export const LAYOUT_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Leading spaces (four make a code block) and runs of spaces (HTML collapses them). */
const SIGNIFICANT_SPACE = /(?<=^|[ ])[ ]/g;

/** `text` as Markdown that renders exactly as `text`, on one line (control characters shown as spaces). */
export function escapeMarkdown(text: string): string {
  return text.replace(LAYOUT_BREAKING, ' ').replace(ASCII_PUNCTUATION, '\\$&').replace(SIGNIFICANT_SPACE, '&nbsp;');
}
