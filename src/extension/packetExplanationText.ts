/**
 * The packet hover's explanation as plain text, for the sequence diagram's tooltip (the webview shows
 * it as text only). Same content as the hover (packetExplanation.ts), without its links.
 */
import type { CaptureModel } from '../core/model/captureModel';
import { plainText } from './markdownText';
import { explainPacket, type ExplanationLine, type ExplanationPart, type NumbersShown, type Span } from './packetExplanation';

export function packetExplanationText(model: CaptureModel, packet: number, shown: NumbersShown): string {
  const explanation = explainPacket(model, packet, shown);
  return [...explanation.sections.map((section) => section.map(partText).join('\n')), lineText(explanation.where)].join('\n\n');
}

function partText(part: ExplanationPart): string {
  switch (part.kind) {
    case 'lines':
    case 'paragraphs':
      return part.lines.map(lineText).join('\n');
    case 'list':
      return part.items.map((item) => `• ${lineText(item)}`).join('\n');
  }
}

function lineText(line: ExplanationLine): string {
  return line.map(spanText).join('');
}

function spanText(span: Span): string {
  switch (span.kind) {
    case 'text':
    case 'label':
    case 'term':
      return plainText(span.text);
    case 'separator':
      return span.text;
    case 'gap':
      return '  ';
  }
}
