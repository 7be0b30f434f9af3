/**
 * The diagram as a file for docs: a self-contained SVG (its own <style>, namespace, size and a
 * background), or a PNG at twice its size drawn from that SVG through an <img> (a blob: URL, hence
 * `img-src blob:` in the CSP) onto a canvas.
 */
import { parseSvg, setNaturalSize } from './render';

const SVG_NS = 'http://www.w3.org/2000/svg';
const PNG_SCALE = 2;
/** Chromium's canvas limits (per side, and in pixels): a taller diagram is drawn smaller than 2×. */
const MAX_CANVAS_SIDE = 32_767;
const MAX_CANVAS_AREA = 268_435_456;

export interface StandaloneSvg {
  readonly text: string;
  readonly width: number;
  readonly height: number;
}

/** Mermaid's SVG text made to stand alone: XML, sized, on an opaque background. */
export function standaloneSvg(mermaidSvg: string, background: string): StandaloneSvg {
  const svg = parseSvg(mermaidSvg);
  const { width, height } = setNaturalSize(svg);
  const [x, y] = (svg.getAttribute('viewBox') ?? '0 0').split(/[\s,]+/).map(Number);
  const rect = svg.ownerDocument.createElementNS(SVG_NS, 'rect');
  rect.setAttribute('class', 'tcp-lens-background');
  rect.setAttribute('x', String(x || 0));
  rect.setAttribute('y', String(y || 0));
  rect.setAttribute('width', String(width));
  rect.setAttribute('height', String(height));
  rect.setAttribute('fill', background);
  svg.prepend(rect);
  if (!svg.getAttribute('style')) svg.removeAttribute('style');
  // Parsed as HTML (Mermaid serialises it so), written as XML: a file any SVG reader takes.
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
  return { text, width, height };
}

/** The PNG (as base64, without a data: prefix) of a standalone SVG. */
export async function pngOf(svg: StandaloneSvg): Promise<string> {
  const scale = Math.min(
    PNG_SCALE,
    MAX_CANVAS_SIDE / Math.max(1, svg.width),
    MAX_CANVAS_SIDE / Math.max(1, svg.height),
    Math.sqrt(MAX_CANVAS_AREA / Math.max(1, svg.width * svg.height)),
  );
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(svg.width * scale));
    canvas.height = Math.max(1, Math.round(svg.height * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const dataUrl = canvas.toDataURL('image/png');
    if (!dataUrl.startsWith('data:image/png;base64,')) throw new Error('the canvas made no PNG');
    return dataUrl.slice(dataUrl.indexOf(',') + 1);
  } finally {
    URL.revokeObjectURL(url);
  }
}
