/**
 * A sentence as data: a key into the English catalogue (`messages.ts`) and
 * its arguments. Presenters turn it into text: the CLI with `formatMessage`,
 * the extension with `renderMessage` over `vscode.l10n.t`, so that the
 * translation bundles (keyed by the English template) localise it.
 * An argument is text, a number, another Message (a reason, a note: it is
 * translated too) or a list of Messages (joined by the catalogue's
 * separator, translated like any other template).
 * Text arguments that come from a capture (host and service names, garbage
 * text) are untrusted: a presenter escapes them for its medium.
 */
import { MESSAGES } from './messages';

export type MessageKey = keyof typeof MESSAGES;
export type MessageArg = string | number | Message | readonly Message[];
export type MessageArgs = Readonly<Record<string, MessageArg>>;

export interface Message {
  readonly key: MessageKey;
  readonly args: MessageArgs;
}

export function message(key: MessageKey, args: MessageArgs = {}): Message {
  return { key, args };
}

/** Fills a template's `{name}` placeholders, as `vscode.l10n.t` does: one pass, an unknown name left as it is. */
export function fillTemplate(template: string, args: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => args[name] ?? whole);
}

/** Turns one template and its arguments (already text) into a sentence: a translation lookup, or the English `fillTemplate`. */
export type TemplateRenderer = (template: string, args: Readonly<Record<string, string>>) => string;

/**
 * The sentence of a message: its arguments made text first (nested messages
 * and lists rendered the same way, text from the input through `escape`),
 * then its own template rendered with them.
 */
export function renderMessage(m: Message, render: TemplateRenderer, escape: (arg: string) => string = (s) => s): string {
  const args: Record<string, string> = {};
  for (const [name, value] of Object.entries(m.args)) args[name] = argText(value, render, escape);
  return render(MESSAGES[m.key], args);
}

function argText(value: MessageArg, render: TemplateRenderer, escape: (arg: string) => string): string {
  if (typeof value === 'string' || typeof value === 'number') return escape(String(value));
  if (isMessageList(value)) return value.map((item) => renderMessage(item, render, escape)).join(render(MESSAGES.listSeparator, {}));
  return renderMessage(value, render, escape);
}

function isMessageList(value: Message | readonly Message[]): value is readonly Message[] {
  return Array.isArray(value);
}

/** The English sentence: `{name}` placeholders replaced by the arguments, as `vscode.l10n.t` does. */
export function formatMessage(m: Message, escape: (arg: string) => string = (s) => s): string {
  return renderMessage(m, fillTemplate, escape);
}
