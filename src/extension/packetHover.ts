import * as vscode from 'vscode';
import { REVEAL_CONNECTION_COMMAND, type RevealConnectionArgs } from './connectionsTree';
import { SHOW_SEQUENCE_DIAGRAM_COMMAND, type ShowSequenceDiagramArgs } from './diagramCommandIds';
import { escapeMarkdown } from './markdownText';
import {
  explainPacket,
  numbersShown,
  type ExplanationLine,
  type ExplanationPart,
  type ExplanationSection,
  type PacketExplanation,
  type Span,
} from './packetExplanation';
import { packetRange, type PacketAtLine, type PacketLookup } from './packetLookup';

export function registerPacketHover(packets: PacketLookup): vscode.Disposable {
  return vscode.languages.registerHoverProvider(
    { language: 'tcpdump' },
    {
      async provideHover(document, position, token) {
        const found = await packets.at(document, position.line, token);
        if (!found || token.isCancellationRequested) return undefined;
        return new vscode.Hover(packetMarkdown(document, found), hoverRange(document, position.line, found));
      },
    },
  );
}

/** The packet's lines (continuation lines included); only the hovered line when the model is of an older text. */
function hoverRange(document: vscode.TextDocument, line: number, { model, packet, current }: PacketAtLine): vscode.Range {
  return current ? packetRange(document, model, packet) : document.lineAt(line).range;
}

/** Everything the model says about a packet, laid out for reading; text from the capture is always escaped. */
export function packetMarkdown(document: vscode.TextDocument, { model, packet, current }: PacketAtLine): vscode.MarkdownString {
  const line = model.packets.line[packet] - 1;
  const lineText = current && line >= 0 && line < document.lineCount ? document.lineAt(line).text : undefined;
  const explanation = explainPacket(model, packet, numbersShown(document), lineText);
  const markdown = new vscode.MarkdownString('', false);
  markdown.supportHtml = false;
  markdown.isTrusted = { enabledCommands: [REVEAL_CONNECTION_COMMAND, SHOW_SEQUENCE_DIAGRAM_COMMAND] };
  const sections = [...explanation.sections.map(sectionMarkdown), footer(document, explanation, packet)];
  markdown.appendMarkdown(sections.join('\n\n---\n\n'));
  return markdown;
}

function sectionMarkdown(section: ExplanationSection): string {
  return section.map(partMarkdown).join('\n\n');
}

function partMarkdown(part: ExplanationPart): string {
  switch (part.kind) {
    case 'lines':
      return part.lines.map(lineMarkdown).join('  \n');
    case 'paragraphs':
      return part.lines.map(lineMarkdown).join('\n\n');
    case 'list':
      return part.items.map((item) => `- ${lineMarkdown(item)}`).join('\n');
  }
}

function lineMarkdown(line: ExplanationLine): string {
  return line.map(spanMarkdown).join('');
}

function spanMarkdown(span: Span): string {
  switch (span.kind) {
    case 'text':
      return escapeMarkdown(span.text);
    case 'label':
      return `**${escapeMarkdown(span.text)}**`;
    case 'term':
      return code(span.text);
    case 'separator':
      return span.text;
    case 'gap':
      return '&nbsp;&nbsp;';
  }
}

/** RFC 793 names and event tags are the model's own vocabulary (never the capture's text): shown as code. */
function code(term: string): string {
  return /^[A-Za-z0-9_-]+$/.test(term) ? `\`${term}\`` : escapeMarkdown(term);
}

function footer(document: vscode.TextDocument, explanation: PacketExplanation, packet: number): string {
  const uri = document.uri.toString();
  const reveal: RevealConnectionArgs = { uri, connection: explanation.connection };
  const diagram: ShowSequenceDiagramArgs = { uri, connection: explanation.connection, packet };
  return [
    lineMarkdown(explanation.where),
    `[${escapeMarkdown(vscode.l10n.t('Reveal connection'))}](${commandLink(REVEAL_CONNECTION_COMMAND, [reveal])})`,
    `[${escapeMarkdown(vscode.l10n.t('Show in sequence diagram'))}](${commandLink(SHOW_SEQUENCE_DIAGRAM_COMMAND, [diagram])})`,
  ].join(' · ');
}

/** A `command:` link target; every character that could end or break a Markdown link destination is encoded. */
export function commandLink(command: string, args: readonly unknown[]): string {
  const encoded = encodeURIComponent(JSON.stringify(args)).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${encoded}`;
}
