/**
 * A sentence as data: a key into the English catalogue (`messages.ts`) and
 * its arguments. Presenters turn it into text: the CLI with `formatMessage`,
 * the extension through `vscode.l10n.t(MESSAGES[key], args)` so that the
 * translation bundles (keyed by the English template) localise it.
 * Arguments that come from a capture (host and service names, garbage text)
 * are untrusted: a presenter escapes them for its medium.
 */
import { MESSAGES } from './messages';

export type MessageKey = keyof typeof MESSAGES;
export type MessageArgs = Readonly<Record<string, string | number>>;

export interface Message {
  readonly key: MessageKey;
  readonly args: MessageArgs;
}

export function message(key: MessageKey, args: MessageArgs = {}): Message {
  return { key, args };
}

/** The English sentence: `{name}` placeholders replaced by the arguments, as `vscode.l10n.t` does. */
export function formatMessage(m: Message, escape: (arg: string) => string = (s) => s): string {
  return MESSAGES[m.key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = m.args[name];
    return value === undefined ? whole : escape(String(value));
  });
}
