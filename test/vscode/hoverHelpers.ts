import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fillTemplate, renderMessage, type Message } from '../../src/core/explain/message';
import { escapeMarkdown } from '../../src/extension/markdownText';

/** The hovers every provider gives at a position, as their Markdown (the tcpdump language has only TCP Lens's). */
export async function hoversAt(document: vscode.TextDocument, line: number, character = 20): Promise<vscode.Hover[]> {
  return (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, character))) ?? [];
}

/** The one hover of a packet line, as Markdown; fails when there is none or more than one. */
export async function hoverMarkdown(document: vscode.TextDocument, line: number, character = 20): Promise<vscode.MarkdownString> {
  const hovers = await hoversAt(document, line, character);
  assert.equal(hovers.length, 1, `expected one hover on line ${line + 1} (${document.lineAt(line).text}), got ${hovers.length}`);
  assert.equal(hovers[0].contents.length, 1);
  const content = hovers[0].contents[0];
  assert.ok(content instanceof vscode.MarkdownString, 'the hover is not Markdown');
  return content;
}

/** The 0-based number of the first line containing `text`. */
export function lineContaining(document: vscode.TextDocument, text: string, from = 0): number {
  for (let line = from; line < document.lineCount; line++) if (document.lineAt(line).text.includes(text)) return line;
  throw new Error(`no line contains ${JSON.stringify(text)}`);
}

/** A catalogue message as the hover shows it: translated through `bundle` (the English templates when absent), escaped. */
export function shownMessage(m: Message, bundle: Readonly<Record<string, string>> = {}): string {
  return escapeMarkdown(renderMessage(m, (template, args) => fillTemplate(bundle[template] ?? template, args)));
}

interface MarkdownRenderer {
  render(source: string): string;
}
// markdown-it ships no types: a CommonMark renderer with GFM autolinks and HTML off, like a hover's.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const markdownIt = require('markdown-it') as (options: object) => MarkdownRenderer;
const renderer = markdownIt({ html: false, linkify: true });

/** The HTML a Markdown renderer makes of the hover. */
export function renderedHtml(markdown: vscode.MarkdownString): string {
  return renderer.render(markdown.value);
}

const ENTITIES: Readonly<Record<string, string>> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&', '&nbsp;': ' ', '&#39;': "'" };

/** What a reader sees of the hover: its rendered text, one entry per line, blank lines dropped. */
export function shownLines(markdown: vscode.MarkdownString): string[] {
  return renderedHtml(markdown)
    .replace(/<hr>/g, '\n---\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:lt|gt|quot|amp|nbsp|#39);/g, (entity) => ENTITIES[entity])
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
}
