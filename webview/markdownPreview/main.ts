/**
 * Draws the ```mermaid sequence diagrams of VS Code's built-in Markdown preview (what "Export
 * Sequence Diagram…" writes as Markdown) where VS Code has no Mermaid of its own and shows them as
 * code (recent versions bundle one, mermaid-markdown-features: it turns the fences into `.mermaid`
 * elements, which this leaves alone). Contributed as a `markdown.previewScripts` entry: the preview
 * loads it with its own nonce, in the desktop and the web workbench alike, without activating the
 * extension (the Markdown extension reads the contributions of the extensions of its extension host).
 *
 * The preview renders a fence as `<pre><code class="language-mermaid">`; the drawing replaces the
 * code's text (the <code> keeps its `data-line`, which the preview's scroll sync reads). On an edit
 * the preview morphs its DOM into the new HTML, which puts the text back, and then fires
 * `vscode.markdown.updateContent`: every block is drawn again, from the SVG of the last pass when its
 * text and the theme are the same. Other kinds of Mermaid diagrams are left as code (only sequence
 * diagrams are bundled).
 */
import mermaid from 'mermaid';
import { parseSvg, renderMermaid } from '../diagram/render';
import { currentTheme, watchTheme, type DiagramTheme } from '../diagram/theme';

const DRAWN_CLASS = 'tcp-lens-mermaid';

/** The text of each code element drawn (its text content is the SVG's then). */
const sources = new WeakMap<HTMLElement, string>();
/** Counts the passes: a render finished after a newer pass started on its block is dropped. */
const latestPass = new WeakMap<HTMLElement, number>();
let passes = 0;
/** The SVG text of the last pass by theme and diagram text. */
let drawnBefore = new Map<string, string>();

// At once, before the page's `load`: Mermaid would otherwise draw every `.mermaid` element of the page on
// its own then (VS Code's built-in Mermaid, where there is one, makes those), and it knows the kinds of
// diagram (`detectType`) only once initialized. Each render sets the whole configuration again.
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

function isSequenceDiagram(text: string): boolean {
  try {
    return mermaid.detectType(text) === 'sequence';
  } catch {
    return false;
  }
}

function show(code: HTMLElement, source: string, svgText: string): void {
  code.replaceChildren(document.importNode(parseSvg(svgText), true));
  sources.set(code, source);
  code.parentElement?.classList.add(DRAWN_CLASS);
}

/** The mermaid blocks of the page and their diagram text (code elements already drawn included). */
function mermaidBlocks(): { code: HTMLElement; source: string }[] {
  const blocks: { code: HTMLElement; source: string }[] = [];
  for (const code of document.querySelectorAll<HTMLElement>('pre > code.language-mermaid')) {
    const drawn = code.parentElement?.classList.contains(DRAWN_CLASS) ? sources.get(code) : undefined;
    const source = drawn ?? code.textContent ?? '';
    if (isSequenceDiagram(source)) blocks.push({ code, source });
  }
  return blocks;
}

async function drawAll(): Promise<void> {
  const pass = ++passes;
  const theme: DiagramTheme = currentTheme();
  const themeKey = JSON.stringify(theme);
  const previous = drawnBefore;
  const drawn = new Map<string, string>();
  drawnBefore = drawn;
  const pending: Promise<void>[] = [];
  for (const { code, source } of mermaidBlocks()) {
    latestPass.set(code, pass);
    const key = `${themeKey}\n${source}`;
    const known = drawn.get(key) ?? previous.get(key);
    if (known !== undefined) {
      // At once: the preview has just put the text back, and the reader should not see it.
      drawn.set(key, known);
      show(code, source, known);
      continue;
    }
    const stillWanted = (): boolean => latestPass.get(code) === pass && code.isConnected;
    pending.push(
      renderMermaid(source, theme, stillWanted).then(
        (svgText) => {
          drawn.set(key, svgText);
          if (stillWanted()) show(code, source, svgText);
        },
        (error: unknown) => {
          // The block stays as code; Mermaid's reason goes to the preview's developer tools.
          if (stillWanted()) console.warn(`TCP Lens: a mermaid block could not be drawn: ${error instanceof Error ? error.message : String(error)}`);
        },
      ),
    );
  }
  await Promise.all(pending);
}

function start(): void {
  void drawAll();
  window.addEventListener('vscode.markdown.updateContent', () => void drawAll());
  watchTheme(() => void drawAll());
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
