/**
 * What TCP Lens says about one packet, in the display language, laid out as sections of lines: the
 * editor's hover renders it as Markdown (packetHover.ts), the diagram's tooltip as plain text
 * (packetExplanationText.ts). Every fact comes from the core's `describePacket`; only the wording and
 * the layout are made here.
 */
import * as vscode from 'vscode';
import { describePacket, type EndpointDescription, type PacketDescription } from '../core/explain/describePacket';
import type { Message } from '../core/explain/message';
import { outerLayersOfLine } from '../core/explain/outerLayers';
import type { CaptureModel, Role } from '../core/model/captureModel';
import { messageText } from './connectionText';

/** `tcpLens.numbers`: which of a sequence or acknowledgement number's two forms comes first. */
export type NumbersShown = 'relative' | 'raw';

export function numbersShown(scope: vscode.ConfigurationScope | undefined): NumbersShown {
  return vscode.workspace.getConfiguration('tcpLens', scope).get<NumbersShown>('numbers') === 'raw' ? 'raw' : 'relative';
}

/** Separators of our own between the pieces of a line (never text from the capture). */
export type Separator = ' ' | ' · ' | ' → ' | ' — ' | ': ';

/**
 * A piece of a line: `text` is plain text (a sentence of the catalogues, names from the capture);
 * a `label` names a field; a `term` is a word of the model's own vocabulary (an RFC 793 state, an
 * event tag); a `separator` is one of ours; a `gap` sets two parts of a line apart.
 */
export type Span =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'label'; readonly text: string }
  | { readonly kind: 'term'; readonly text: string }
  | { readonly kind: 'separator'; readonly text: Separator }
  | { readonly kind: 'gap' };

export type ExplanationLine = readonly Span[];

export type ExplanationPart =
  /** Lines of one paragraph. */
  | { readonly kind: 'lines'; readonly lines: readonly ExplanationLine[] }
  /** One paragraph per line. */
  | { readonly kind: 'paragraphs'; readonly lines: readonly ExplanationLine[] }
  | { readonly kind: 'list'; readonly items: readonly ExplanationLine[] };

/** Sections are set apart by a rule in the hover; a section has at least one part. */
export type ExplanationSection = readonly ExplanationPart[];

export interface PacketExplanation {
  readonly sections: readonly ExplanationSection[];
  /** "Frame 3 · connection 0": the last line. */
  readonly where: ExplanationLine;
  readonly frame: number;
  readonly connection: number;
}

const text = (value: string): Span => ({ kind: 'text', text: value });
const label = (value: string): Span => ({ kind: 'label', text: value });
const term = (value: string): Span => ({ kind: 'term', text: value });
const separator = (value: Separator): Span => ({ kind: 'separator', text: value });
const GAP: Span = { kind: 'gap' };

/**
 * Everything the model says about a packet, in the display language; with the packet's line of text
 * (`lineText`), also the outer layers it was inside of (tunnels, PPPoE, MPLS).
 */
export function explainPacket(model: CaptureModel, packet: number, shown: NumbersShown, lineText?: string): PacketExplanation {
  const description = describePacket(model, packet);
  const layers = lineText === undefined ? [] : outerLayersOfLine(lineText);
  const sections: ExplanationSection[] = [
    [{ kind: 'lines', lines: [...endpointLines(description), ...noteLines(description)] }],
    layers.length > 0
      ? [
          { kind: 'lines', lines: [[label(vscode.l10n.t('Outer layers'))]] },
          { kind: 'list', items: layers.map((layer) => [say(layer)]) },
        ]
      : [],
    description.steps.length > 0 ? [{ kind: 'paragraphs', lines: description.steps.map((step) => [say(step)]) }] : [],
    [{ kind: 'lines', lines: fieldLines(description, shown) }, ...optionParts(description)],
    eventAndFindingParts(description),
  ];
  return {
    sections: sections.filter((section) => section.length > 0),
    where: [text(vscode.l10n.t('Frame {frame} · connection {connection}', { frame: description.frame, connection: description.connection }))],
    frame: description.frame,
    connection: description.connection,
  };
}

/** A catalogue message in the display language (arguments from the capture included). */
function say(m: Message): Span {
  return text(messageText(m));
}

function roleName(role: Role): string {
  return role === 'client' ? vscode.l10n.t('client') : vscode.l10n.t('server');
}

/** `client 10.0.0.1:34567  SYN_SENT → ESTABLISHED`, the sender first. */
function endpointLines(description: PacketDescription): ExplanationLine[] {
  return [description.sender, description.receiver].map((side): ExplanationLine => {
    const states: Span[] =
      side.before === side.after
        ? [term(side.after), separator(' '), text(vscode.l10n.t('(unchanged)'))]
        : [term(side.before), separator(' → '), term(side.after)];
    return [label(roleName(side.role)), separator(' '), text(side.endpoint), GAP, ...states];
  });
}

/** Why a state is what it is where the capture cannot show it; each note names its endpoint. */
function noteLines(description: PacketDescription): ExplanationLine[] {
  return [description.sender, description.receiver].flatMap((side: EndpointDescription) => side.notes.map((note) => [say(note)]));
}

function fieldLines(description: PacketDescription, shown: NumbersShown): ExplanationLine[] {
  const { seq, ack, window } = description;
  const field = (name: string, ...rest: Span[]): ExplanationLine => [label(name), separator(' '), ...rest];
  const withSentence = (number: Span[], sentence: Message): Span[] => (number.length > 0 ? [...number, separator(' — '), say(sentence)] : [say(sentence)]);
  const lines: ExplanationLine[] = [
    field(
      vscode.l10n.t('Flags'),
      text(`[${description.flags.letters}]`),
      separator(' '),
      text(description.flags.names.join(', ')),
      separator(' · '),
      text(roleName(description.sender.role)),
      separator(' → '),
      text(roleName(description.receiver.role)),
    ),
  ];
  // The number itself (relative or raw first, as set), then the sentence with the arithmetic behind it.
  const seqShown = seq.source === 'unknown' ? [] : [numberPair(seq.relative, seq.raw, shown)];
  lines.push(field(vscode.l10n.t('seq'), ...withSentence(seqShown, seq.explanation)));
  if (ack) {
    const ackShown = ack.shown ? [numberPair(ack.relative, ack.raw, shown)] : [];
    lines.push(field(vscode.l10n.t('ack'), ...withSentence(ackShown, ack.explanation)));
  }
  lines.push(field(vscode.l10n.t('Length'), text(vscode.l10n.t('{count} bytes', { count: description.payloadLength }))));
  lines.push(field(vscode.l10n.t('Window'), text(vscode.l10n.t('{count} bytes', { count: window.scaled })), separator(' — '), say(window.explanation)));
  return lines;
}

function optionParts(description: PacketDescription): ExplanationPart[] {
  if (description.options.length === 0) return [];
  return [
    { kind: 'lines', lines: [[label(vscode.l10n.t('Options'))]] },
    { kind: 'list', items: description.options.map((option) => [say(option)]) },
  ];
}

function numberPair(relative: number, raw: number, shown: NumbersShown): Span {
  return text(
    shown === 'raw'
      ? vscode.l10n.t('{raw} (relative {relative})', { raw, relative })
      : vscode.l10n.t('{relative} (raw {raw})', { relative, raw }),
  );
}

function eventAndFindingParts(description: PacketDescription): ExplanationPart[] {
  const parts: ExplanationPart[] = [];
  if (description.events.length > 0) {
    parts.push({ kind: 'lines', lines: [[label(vscode.l10n.t('Analysis events'))]] });
    parts.push({ kind: 'list', items: description.events.map((event) => [term(event.tag), separator(': '), say(event.explanation)]) });
  }
  if (description.findings.length > 0) {
    parts.push({ kind: 'lines', lines: [[label(vscode.l10n.t('Findings'))]] });
    parts.push({ kind: 'list', items: description.findings.map((finding) => [say(finding.summary), separator(' — '), say(finding.meaning)]) });
  }
  return parts;
}
