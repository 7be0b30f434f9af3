/**
 * Text that Mermaid can only ever read as text. Every string of the diagram
 * that TCP Lens does not spell itself (host and service names from the
 * capture, and the sentences of the translation bundles) goes through
 * `mermaidText`.
 *
 * Why it holds, reading Mermaid 12's sequence grammar: a statement ends only
 * at a newline or `;`; `#` starts a comment and `%%` a directive or comment;
 * a participant's alias stops at `<`, `>`, `:`, `,`, `;` or `@`; `link`,
 * `links`, `properties` and `details` are statements of their own, so they
 * can only follow a statement's end. The output here holds letters, digits,
 * space and `._-()+=/[]` as they are, other printable characters outside
 * ASCII as they are, and everything else as Mermaid's entity code `#NN;`.
 * Mermaid turns every `#NN;` into a placeholder made of characters outside
 * ASCII before it reads the statements, and into the HTML character
 * reference `&#NN;` in the SVG it writes, where a browser shows it as the
 * character (never as markup). So after that step the text holds no
 * newline, `;`, `#`, `%`, `:`, `<`, `>`, `,`, `@`, quote or backtick: nothing
 * that could end the statement, start another or leave the alias.
 * The placeholder's own characters are encoded too, so a name cannot forge
 * one. Control, format (bidirectional overrides, zero-width characters) and
 * line-separator characters would still act once decoded: they become
 * U+FFFD, shown as a visible "�".
 */

const REPLACEMENT = '\uFFFD';

/** ASCII shown as it is: none of it means anything to Mermaid's lexer inside a text. */
const PLAIN_ASCII = /[A-Za-z0-9 ._\-()+=/[\]]/;

/** Characters that act without being seen: controls, formats (bidi, zero width), separators, surrogates, private and unassigned. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;

/** Printable characters beyond ASCII, none of which Mermaid's lexer looks for. */
const PLAIN_BEYOND_ASCII = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** The characters of Mermaid's entity placeholders (ﬂ°°NN¶ß). */
const PLACEHOLDER_CHARACTERS = new Set(['\uFB02', '\u00B0', '\u00B6', '\u00DF']);

/** `text` as inert Mermaid text: it shows as `text` (invisible characters as "�") and can do nothing else. */
export function mermaidText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x80) {
      if (PLAIN_ASCII.test(ch)) out += ch;
      else if (code < 0x20 || code === 0x7f) out += REPLACEMENT;
      else out += `#${code};`;
    } else if (INVISIBLE.test(ch)) {
      out += REPLACEMENT;
    } else if (PLAIN_BEYOND_ASCII.test(ch) && !PLACEHOLDER_CHARACTERS.has(ch)) {
      out += ch;
    } else {
      out += `#${code};`;
    }
  }
  return out;
}
