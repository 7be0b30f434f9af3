/**
 * Mermaid, configured for untrusted diagram text and one render at a time: its configuration is
 * global, so each render sets it and runs to the end before the next one starts.
 */
import mermaid, { type MermaidConfig } from 'mermaid';
import type { DiagramTheme } from './theme';

/**
 * Above Mermaid's default (50,000 characters): a window is at most MAX_DIAGRAM_PAGE_SIZE messages,
 * whose labels and notes can pass it; the window, not this limit, keeps the drawing small.
 */
const MAX_TEXT_SIZE = 1_000_000;

/** Keys a `%%{init}%%` directive or front matter in the text may not change (Mermaid drops them). */
const SECURE_KEYS = [
  'secure', 'securityLevel', 'startOnLoad', 'maxTextSize', 'maxEdges', 'suppressErrorRendering', 'dompurifyConfig',
  'theme', 'themeVariables', 'themeCSS', 'fontFamily', 'altFontFamily', 'look', 'htmlLabels', 'sequence', 'elk', 'layout',
];

function configFor(theme: DiagramTheme): MermaidConfig {
  return {
    startOnLoad: false,
    // Labels are text: no HTML, no click bindings, no links.
    securityLevel: 'strict',
    // A failure is shown and reported as text by the webview, not drawn by Mermaid into the page.
    suppressErrorRendering: true,
    maxTextSize: MAX_TEXT_SIZE,
    theme: theme.mermaidTheme,
    themeVariables: { ...theme.themeVariables },
    // The SVG at its natural size (width and height attributes); zoom is the pan-zoom layer's job.
    sequence: { useMaxWidth: false },
    secure: SECURE_KEYS,
  };
}

/** Thrown instead of rendering when the render is no longer wanted by the time its turn comes. */
export class RenderCancelled extends Error {
  constructor() {
    super('render cancelled');
  }
}

let queue: Promise<unknown> = Promise.resolve();
let renders = 0;

/** Lets the page handle the messages waiting for it (a newer `show`) before going on. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The SVG (as text, sanitised by Mermaid) of a diagram. `wanted` is asked when the render's turn
 * comes and again when it is done: a render overtaken by a newer request is skipped, or dropped,
 * rather than drawn for nothing. Mermaid's render keeps the thread from start to end (its awaits
 * resolve at once), so messages that arrive meanwhile are only seen in the task after it.
 */
export function renderMermaid(text: string, theme: DiagramTheme, wanted: () => boolean = () => true): Promise<string> {
  const run = async (): Promise<string> => {
    await nextTask();
    if (!wanted()) throw new RenderCancelled();
    mermaid.initialize(configFor(theme));
    const { svg } = await mermaid.render(`tcp-lens-diagram-${++renders}`, text);
    await nextTask();
    if (!wanted()) throw new RenderCancelled();
    return svg;
  };
  const result = queue.then(run);
  queue = result.catch(() => undefined);
  return result;
}

/** The <svg> element of Mermaid's SVG text, parsed in an inert document (nothing in it loads or runs). */
export function parseSvg(svgText: string): SVGSVGElement {
  const parsed = new DOMParser().parseFromString(svgText, 'text/html');
  const svg = parsed.querySelector('svg');
  if (!svg) throw new Error('Mermaid returned no SVG');
  return svg;
}

/** Width and height attributes from the viewBox, so that the SVG has its natural size wherever it goes. */
export function setNaturalSize(svg: SVGSVGElement): { width: number; height: number } {
  const viewBox = (svg.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  const width = viewBox.length === 4 && viewBox[2] > 0 ? viewBox[2] : Number.parseFloat(svg.getAttribute('width') ?? '') || 0;
  const height = viewBox.length === 4 && viewBox[3] > 0 ? viewBox[3] : Number.parseFloat(svg.getAttribute('height') ?? '') || 0;
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.style.removeProperty('max-width');
  return { width, height };
}
