import * as vscode from 'vscode';
import { describePacket, type EndpointDescription, type PacketDescription } from '../core/explain/describePacket';
import type { Message } from '../core/explain/message';
import type { Role } from '../core/model/captureModel';
import { messageText } from './connectionText';
import { REVEAL_CONNECTION_COMMAND, type RevealConnectionArgs } from './connectionsTree';
import { escapeMarkdown } from './markdownText';
import { packetRange, type PacketAtLine, type PacketLookup } from './packetLookup';

/** `tcpLens.numbers`: which of a sequence or acknowledgement number's two forms comes first. */
export type NumbersShown = 'relative' | 'raw';

export function numbersShown(scope: vscode.ConfigurationScope | undefined): NumbersShown {
  return vscode.workspace.getConfiguration('tcpLens', scope).get<NumbersShown>('numbers') === 'raw' ? 'raw' : 'relative';
}

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
export function packetMarkdown(document: vscode.TextDocument, { model, packet }: PacketAtLine): vscode.MarkdownString {
  const description = describePacket(model, packet);
  const markdown = new vscode.MarkdownString('', false);
  markdown.supportHtml = false;
  markdown.isTrusted = { enabledCommands: [REVEAL_CONNECTION_COMMAND] };
  const blocks = [
    lines([...endpointLines(description), ...noteLines(description)]),
    description.steps.map(say).join('\n\n'),
    [lines(fieldLines(description, numbersShown(document))), optionList(description)].filter(Boolean).join('\n\n'),
    eventsAndFindings(description),
    footer(document, description),
  ].filter((block) => block !== '');
  markdown.appendMarkdown(blocks.join('\n\n---\n\n'));
  return markdown;
}

/** A catalogue message in the display language, as plain text (arguments from the capture included). */
function say(m: Message): string {
  return escapeMarkdown(messageText(m));
}

/** Lines of one paragraph. */
function lines(parts: readonly string[]): string {
  return parts.join('  \n');
}

function roleName(role: Role): string {
  return role === 'client' ? vscode.l10n.t('client') : vscode.l10n.t('server');
}

/** RFC 793 names and event tags are the model's own vocabulary (never the capture's text): shown as code. */
function code(term: string): string {
  return /^[A-Za-z0-9_-]+$/.test(term) ? `\`${term}\`` : escapeMarkdown(term);
}

/** `**client** 10.0.0.1:34567  SYN_SENT → ESTABLISHED`, the sender first. */
function endpointLines(description: PacketDescription): string[] {
  return [description.sender, description.receiver].map((side) => {
    const states =
      side.before === side.after
        ? `${code(side.after)} ${escapeMarkdown(vscode.l10n.t('(unchanged)'))}`
        : `${code(side.before)} → ${code(side.after)}`;
    return `**${escapeMarkdown(roleName(side.role))}** ${escapeMarkdown(side.endpoint)}&nbsp;&nbsp;${states}`;
  });
}

/** Why a state is what it is where the capture cannot show it; each note names its endpoint. */
function noteLines(description: PacketDescription): string[] {
  return [description.sender, description.receiver].flatMap((side: EndpointDescription) => side.notes.map(say));
}

function fieldLines(description: PacketDescription, shown: NumbersShown): string[] {
  const label = (text: string) => `**${escapeMarkdown(text)}**`;
  const { seq, ack, window } = description;
  const direction = `${escapeMarkdown(roleName(description.sender.role))} → ${escapeMarkdown(roleName(description.receiver.role))}`;
  const fields = [
    `${label(vscode.l10n.t('Flags'))} ${escapeMarkdown(`[${description.flags.letters}]`)} ${escapeMarkdown(description.flags.names.join(', '))} · ${direction}`,
  ];
  // The number itself (relative or raw first, as set), then the sentence with the arithmetic behind it.
  const seqShown = seq.source === 'unknown' ? [] : [numberPair(seq.relative, seq.raw, shown)];
  fields.push(`${label(vscode.l10n.t('seq'))} ${[...seqShown, say(seq.explanation)].join(' — ')}`);
  if (ack) {
    const ackShown = ack.shown ? [numberPair(ack.relative, ack.raw, shown)] : [];
    fields.push(`${label(vscode.l10n.t('ack'))} ${[...ackShown, say(ack.explanation)].join(' — ')}`);
  }
  fields.push(`${label(vscode.l10n.t('Length'))} ${escapeMarkdown(vscode.l10n.t('{count} bytes', { count: description.payloadLength }))}`);
  fields.push(`${label(vscode.l10n.t('Window'))} ${escapeMarkdown(vscode.l10n.t('{count} bytes', { count: window.scaled }))} — ${say(window.explanation)}`);
  return fields;
}

function optionList(description: PacketDescription): string {
  if (description.options.length === 0) return '';
  return `**${escapeMarkdown(vscode.l10n.t('Options'))}**\n\n${description.options.map((option) => `- ${say(option)}`).join('\n')}`;
}

function numberPair(relative: number, raw: number, shown: NumbersShown): string {
  return escapeMarkdown(
    shown === 'raw'
      ? vscode.l10n.t('{raw} (relative {relative})', { raw, relative })
      : vscode.l10n.t('{relative} (raw {raw})', { relative, raw }),
  );
}

function eventsAndFindings(description: PacketDescription): string {
  const sections: string[] = [];
  if (description.events.length > 0) {
    sections.push(`**${escapeMarkdown(vscode.l10n.t('Analysis events'))}**`);
    sections.push(description.events.map((event) => `- ${code(event.tag)}: ${say(event.explanation)}`).join('\n'));
  }
  if (description.findings.length > 0) {
    sections.push(`**${escapeMarkdown(vscode.l10n.t('Findings'))}**`);
    sections.push(description.findings.map((finding) => `- ${say(finding.summary)} — ${say(finding.meaning)}`).join('\n'));
  }
  return sections.join('\n\n');
}

function footer(document: vscode.TextDocument, description: PacketDescription): string {
  const where = escapeMarkdown(vscode.l10n.t('Frame {frame} · connection {connection}', { frame: description.frame, connection: description.connection }));
  const args: RevealConnectionArgs = { uri: document.uri.toString(), connection: description.connection };
  return `${where} · [${escapeMarkdown(vscode.l10n.t('Reveal connection'))}](${commandLink(REVEAL_CONNECTION_COMMAND, [args])})`;
}

/** A `command:` link target; every character that could end or break a Markdown link destination is encoded. */
export function commandLink(command: string, args: readonly unknown[]): string {
  const encoded = encodeURIComponent(JSON.stringify(args)).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${encoded}`;
}
